import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '@app/worker';
import { DealDriver, FEASIBLE } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';
import { testEnv } from './support/test-env';

const DRAIN_MS = 2_000;

/**
 * What a SIGTERM does to an API instance (the shutdown sequence Nest runs for the signal): readiness
 * answers 503 "shutting down" at once so a load balancer stops sending work, the command already in
 * flight still finishes with its 2xx, and the port closes after the drain, within a bounded time.
 */
describe('a graceful stop', () => {
  let app: TestApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    app = await TestApp.start({ SHUTDOWN_DRAIN_MS: String(DRAIN_MS), TEMPORAL_WAIT_MS: '20000' });
  });

  afterAll(async () => {
    await worker?.close();
    await app?.stopWorker();
  });

  it('drains the command in flight on SIGTERM while readiness turns away new work, then closes', async () => {
    const base = await app.listen();
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const token = await app.token('op.otto');
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    // A command that waits on the worker: in flight for as long as no worker takes it.
    await app.stopWorker();
    const command = fetch(`${base}/deals/${deal.dealId}/tasks/processes-1/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(FEASIBLE),
    });
    const server = app.api.getHttpServer();
    await eventually(() => expect(new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))))).resolves.toBeGreaterThan(0));

    const signalled = Date.now();
    // What Nest's SIGTERM handler runs (enableShutdownHooks): close with the signal, which terminus drains on.
    const stopped = (app.api as unknown as { close(signal: string): Promise<void> }).close('SIGTERM');
    await eventually(async () => {
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { message: string }).message).toMatch(/shutting down: draining in-flight work/);
    });
    // The new release's worker comes up during the drain and takes the command.
    worker = await createWorkerApp(app.config, { workflowBundle: { codePath: testEnv('workflowBundle') } });
    const answer = await command;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { status: string }).status).toBe('done');

    await stopped;
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(took).toBeLessThan(DRAIN_MS + 15_000);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
