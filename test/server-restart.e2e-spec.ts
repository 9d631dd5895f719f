import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveredSignal, EscalationSignal, Incident, TaskReminderSignal } from '@app/domain';
import { findFreePort, startDevServer, type RunningDevServer } from '@app/temporal-cli';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';
import { DealDriver, dealBody } from './support/deal-driver';
import { signalArrives } from './support/signals';
import { TestApp } from './support/test-app';
import { testEnv } from './support/test-env';

type Delivered<T> = T & { id: string; recipient: string };

/** A Temporal server of this spec's own, on a database file, so it can be stopped and started again. */
describe('timers survive a restart of the Temporal server', () => {
  let dataDir: string;
  let port: number;
  let server: RunningDevServer;
  let app: TestApp;

  const startServer = () =>
    startDevServer({
      cliPath: testEnv('cliPath'),
      port,
      dbFile: join(dataDir, 'temporal.db'),
      namespace: 'default',
      searchAttributes: DEAL_SEARCH_ATTRIBUTES,
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'groundwork-restart-'));
    port = await findFreePort();
    server = await startServer();
    app = await TestApp.start({ TEMPORAL_ADDRESS: server.address, TEMPORAL_WAIT_MS: '1500' });
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fires a reminder and an incident escalation that fell due while the server was down', async () => {
    const deal = await DealDriver.start(app, {
      policy: { taskDue: { exploration: 'PT8S' }, reminderAt: 0.5, incidentServiceLevels: { major: { respondWithin: 'PT3S', resolveWithin: 'PT1H' } } },
    });
    const [processes] = await deal.openTasks('processes');
    const otto = await app.as('op.otto');
    const incident = (await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'major', title: 'Cold store alarm', description: 'Dock 2' }).expect(201))
      .body as Incident;

    await app.stopWorker();
    await server.stop();
    // Without a server commands answer 503 with Retry-After within the wait; reads come from the durable record.
    const pm = await app.as('pm.paula');
    for (const response of [await pm.post('/api/deals', dealBody()), await otto.post(`/api/deals/${deal.dealId}/incidents/${incident.id}/acknowledge`)]) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    expect((await pm.get(`/api/deals/${deal.dealId}`).expect(200)).body).toMatchObject({ dealId: deal.dealId, stage: 'exploration' });
    expect(((await pm.get('/api/deals').expect(200)).body as { dealId: string }[]).map((summary) => summary.dealId)).toContain(deal.dealId);
    // The scenario itself: both clocks run out while there is no server at all.
    const lastDue = Math.max(Date.parse(incident.respondBy), Date.parse(processes!.ladder.remindAt));
    await new Promise((resolve) => setTimeout(resolve, lastDue - Date.now() + 1_000));
    server = await startServer();
    await app.startWorker();

    await signalArrives(app, 'op.otto', deal.dealId, (signal: DeliveredSignal): signal is Delivered<TaskReminderSignal> =>
      signal.type === 'reminder' && signal.taskId === processes!.id,
    );
    await signalArrives(app, 'mm.mark', deal.dealId, (signal: DeliveredSignal): signal is Delivered<EscalationSignal> =>
      signal.type === 'escalation' && signal.subject === 'incident' && signal.incidentId === incident.id && signal.level === 'tactical',
    );
    expect((await deal.state()).incidents[0]).toMatchObject({ id: incident.id, level: 'tactical' });
  });
});
