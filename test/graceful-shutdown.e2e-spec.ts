import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '@app/worker';
import { dealWorkflowId } from '@app/workflows';
import { DealDriver, FEASIBLE, expectStatus } from './support/deal-driver';
import { ownWorld, type OwnWorld } from './support/own-world';
import { TestApp, eventually } from './support/test-app';
import { testEnv } from './support/test-env';

const DRAIN_MS = 2_000;
/** How long the webhook receiver holds a delivery: inside the worker's 3 s grace for running activities. */
const SLOW_RECEIVER_MS = 1_500;

/**
 * What a SIGTERM does (the shutdown sequence Nest runs for the signal). An API instance: readiness
 * answers 503 "shutting down" at once so a load balancer stops sending work, the command already in
 * flight still finishes with its 2xx, and the port closes after the drain. A worker: the activity
 * under way (a slow webhook delivery) finishes and is reported before the worker goes.
 */
describe('a graceful stop', () => {
  let own: OwnWorld;
  let app: TestApp;
  let worker: INestApplicationContext | undefined;
  let receiver: Server;
  const deliveries: string[] = [];
  let deliveryArrived: () => void = () => undefined;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      deliveries.push(String(request.headers['x-groundwork-delivery']));
      deliveryArrived();
      request.resume();
      setTimeout(() => response.writeHead(200).end('ok'), SLOW_RECEIVER_MS);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // A server and a store of their own: this spec stops workers and sets a webhook that answers slowly.
    own = await ownWorld('shutdown');
    app = await TestApp.start({
      ...own.env,
      GROUNDWORK_DIGEST_SCHEDULE: 'off',
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      TEMPORAL_WAIT_MS: '20000',
      WEBHOOK_SIGNING_SECRET: 'webhook-signing-secret-for-tests',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.stopWorker();
    await own?.stop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const newWorker = () => createWorkerApp(app.config, { workflowBundle: { codePath: testEnv('workflowBundle') } });

  it('lets the worker finish the activity under way before it stops', async () => {
    const dana = await app.as('dir.dana');
    expectStatus(await dana.put('/api/me/notifications', { webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, flavour: 'json' } }), 200);
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    await deal.explore();
    const arrived = new Promise<void>((resolve) => (deliveryArrived = resolve));
    // The go/no-go report goes to Dana by webhook; the worker is told to stop while the receiver holds it.
    await deal.decide('no-go', 'The floors could not agree on the night shift.');
    await arrived;
    await app.stopWorker();

    // Stopped: the delivery was answered and reported to Temporal before the worker went, so no
    // other worker will send it again.
    const history = await app.temporal.workflow.getHandle(dealWorkflowId(deal.dealId)).fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'sendExternally').map((event) => String(event.eventId));
    const completed = events.filter((event) => scheduled.includes(String(event.activityTaskCompletedEventAttributes?.scheduledEventId)));
    expect(scheduled.length).toBeGreaterThan(0);
    expect(completed).toHaveLength(scheduled.length);
    expect(deliveries).toHaveLength(1);

    worker = await newWorker();
    await eventually(async () => expect((await deal.state()).stage).toBe('abandoned'));
    expect(deliveries).toHaveLength(1);
  });

  it('drains the command in flight on SIGTERM while readiness turns away new work, then closes', async () => {
    await worker?.close();
    worker = undefined;
    const base = await app.listen();
    await app.startWorker();
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
    const http = app.api.getHttpServer();
    await eventually(() => expect(new Promise<number>((resolve, reject) => http.getConnections((error, count) => (error ? reject(error) : resolve(count))))).resolves.toBeGreaterThan(0));

    const signalled = Date.now();
    // What Nest's SIGTERM handler runs (enableShutdownHooks): close with the signal, which terminus drains on.
    const stopped = (app.api as unknown as { close(signal: string): Promise<void> }).close('SIGTERM');
    await eventually(async () => {
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { message: string }).message).toMatch(/shutting down: draining in-flight work/);
    });
    // The new release's worker comes up during the drain and takes the command.
    worker = await newWorker();
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
