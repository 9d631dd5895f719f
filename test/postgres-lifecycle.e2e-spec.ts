import type { DealEvent, DealState, Incident } from '@app/domain';
import { DIRECTORS_DIGEST_SCHEDULE_ID } from '@app/workflows';
import { DealDriver, expectStatus } from './support/deal-driver';
import { startPostgres, type RunningPostgres } from './support/postgres-server';
import { signalsOf } from './support/signals';
import { TestApp, eventually } from './support/test-app';

/**
 * DATABASE_URL=postgres://… puts the durable record on PostgreSQL: a whole lifecycle through the API
 * on a real server that the spec starts and stops. Its own task queue keeps the shared worker away.
 */
describe('the product on PostgreSQL', () => {
  let postgres: RunningPostgres;
  let app: TestApp;

  beforeAll(async () => {
    postgres = await startPostgres();
    app = await TestApp.start({ DATABASE_URL: postgres.url, TEMPORAL_TASK_QUEUE: 'groundwork-postgres' });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await postgres?.stop();
  });

  it('runs a deal from strategic contact to live, with an incident, and reads it all back', async () => {
    const deal = await DealDriver.start(app);
    await deal.explore();
    await deal.decide('go');
    await deal.draftContract();
    await deal.ratifyAll();
    const otto = await app.as('op.otto');
    const incident = expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Late pallet', description: 'Dock 2' }), 201)
      .body as Incident;
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/${incident.id}/resolve`, { resolution: 'Carrier replaced.' }), 200);

    const state = await deal.state();
    expect(state.stage).toBe('live');
    expect(state.incidents).toEqual([expect.objectContaining({ id: incident.id, status: 'resolved' })]);
    const timeline = (await otto.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as (DealEvent & { sequence: number })[];
    expect(timeline.map((event) => event.sequence)).toEqual(timeline.map((_event, index) => index + 1));
    expect(timeline.map((event) => event.type)).toEqual(expect.arrayContaining(['RelationshipStarted', 'IncidentReported', 'IncidentResolved']));
    expect((await signalsOf(app, 'dir.dana', deal.dealId)).map((signal) => signal.type)).toContain('go-no-go');
    const listed = (await (await app.as('pm.paula')).get('/api/deals?stage=live').expect(200)).body as DealState[];
    expect(listed.map((summary) => summary.dealId)).toContain(deal.dealId);
  });

  it('moves the directors\' digest Schedule to the task queue its worker polls', async () => {
    const schedule = app.temporal.schedule.getHandle(DIRECTORS_DIGEST_SCHEDULE_ID);
    await eventually(async () => {
      const { action } = await schedule.describe();
      if (action.type !== 'startWorkflow' || action.taskQueue !== 'groundwork-postgres') throw new Error(`the Schedule starts its runs on ${JSON.stringify(action)}`);
    });
  });

  it('answers 503 with a clear message while PostgreSQL is down, loses nothing acknowledged, and recovers by itself', async () => {
    const deal = await DealDriver.start(app);
    const otto = await app.as('op.otto');
    const report = () =>
      otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Reported in the outage', description: 'Dock 4' }).set('Idempotency-Key', `outage-${deal.dealId}`);
    await postgres.restart(async () => {
      const read = await otto.get(`/api/deals/${deal.dealId}`);
      expect(read.status).toBe(503);
      expect(read.headers['retry-after']).toBe('5');
      expect(read.body).toMatchObject({ statusCode: 503, message: expect.stringContaining('The durable record is unavailable for now: PostgreSQL cannot be reached') });
      // A command in the outage is either taken and answered, or answered 503 to be sent again with its key.
      expect([201, 503]).toContain((await report()).status);
      // Readiness takes the instance out of a load balancer; liveness does not restart it for an outage it cannot mend.
      const ready = await app.http.get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.message).toContain('store: the durable record is unavailable: PostgreSQL cannot be reached');
      await app.http.get('/api/health/live').expect(200);
    });
    await eventually(async () => expect((await app.http.get('/api/health/ready')).body).toMatchObject({ status: 'ok', info: { store: { status: 'up', dialect: 'postgres' } } }));
    // Back up: the same command with the same key lands once, and reads work again without a restart of the API.
    expectStatus(await report(), 201);
    await eventually(async () => expect((await deal.state()).incidents.filter((incident) => incident.title === 'Reported in the outage')).toHaveLength(1));
    const timeline = (await otto.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.filter((event) => event.type === 'IncidentReported')).toHaveLength(1);
  });
});
