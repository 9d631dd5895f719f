import type { DealEvent, Incident } from '@app/domain';
import { TEMPORAL_UPDATES_PER_RUN, dealWorkflowId, inboxWorkflowId } from '@app/workflows';
import { DealDriver, expectStatus, retryWhileUnavailable } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

const UNLIMITED_RATE = { RATE_LIMIT_USER_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000' };

/** How many runs a workflow has had: each continue-as-new closes one and opens the next. */
async function runsOf(app: TestApp, workflowId: string): Promise<number> {
  const { count } = await app.temporal.workflow.count(`WorkflowId = '${workflowId}'`);
  return count;
}

async function liveDeal(app: TestApp): Promise<DealDriver> {
  const deal = await DealDriver.start(app, { operationalStaff: ['op.otto'] });
  await deal.explore();
  await deal.decide('go');
  await deal.draftContract();
  await deal.ratifyAll();
  expect((await deal.state()).stage).toBe('live');
  return deal;
}

/**
 * Reports, acknowledges and resolves `count` incidents, `lanes` at a time; three Updates each. Like
 * a well-behaved client, each command carries an Idempotency-Key and is sent again after a 503.
 */
async function handleIncidents(deal: DealDriver, count: number, lanes: number, title = 'Scanner link down'): Promise<void> {
  const otto = await deal.app.as('op.otto');
  const base = `/api/deals/${deal.dealId}/incidents`;
  let next = 0;
  const send = (key: string, path: string, body?: object) => retryWhileUnavailable(() => otto.post(path, body).set('Idempotency-Key', key));
  const lane = async () => {
    while (next < count) {
      next += 1;
      const n = next;
      const reported = expectStatus(await send(`report-${n}`, base, { severity: 'minor', title, description: 'Dock 3 cannot scan.' }), 201).body as Incident;
      expectStatus(await send(`ack-${n}`, `${base}/${reported.id}/acknowledge`), 200);
      expectStatus(await send(`resolve-${n}`, `${base}/${reported.id}/resolve`, { resolution: 'Replaced the access point.' }), 200);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

function countOf(timeline: DealEvent[], type: DealEvent['type']): number {
  return timeline.filter((event) => event.type === type).length;
}

describe('a live relationship keeps taking commands past Temporal’s limits per run', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(UNLIMITED_RATE);
  });

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  it(
    `takes more than 2,500 Updates with the default limits, past the ${TEMPORAL_UPDATES_PER_RUN} Temporal allows in one run`,
    async () => {
      const deal = await liveDeal(app);
      // Eight lifecycle Updates (4 findings, go/no-go, contract, 2 ratifications) and three per incident.
      const incidents = 834;
      await handleIncidents(deal, incidents, 4);
      const updates = 8 + incidents * 3;
      expect(updates).toBeGreaterThan(2_500);

      const otto = await app.as('op.otto');
      const state = await deal.state();
      expect(state.incidents).toHaveLength(incidents);
      expect(state.incidents.every((incident) => incident.status === 'resolved')).toBe(true);
      const timeline = (await otto.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
      expect(countOf(timeline, 'IncidentReported')).toBe(incidents);
      expect(countOf(timeline, 'IncidentResolved')).toBe(incidents);
      // Still open for business: a further report and a termination go through.
      expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'major', title: 'One more', description: 'After 2,500 Updates.' }), 201);
      await eventually(async () => expect(await runsOf(app, dealWorkflowId(deal.dealId))).toBeGreaterThanOrEqual(3));
      const dana = await app.as('dir.dana');
      expect(expectStatus(await dana.post(`/api/deals/${deal.dealId}/terminate`, { reason: 'End of the pilot.' }), 200).body.stage).toBe('terminated');
    },
    600_000,
  );
});

describe('with a lowered limit, Updates sent during the switch to a new run', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ ...UNLIMITED_RATE, GROUNDWORK_DEAL_UPDATES_PER_RUN: '10' });
  });

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  it('land in the new run: none fails, none is applied twice', async () => {
    const deal = await liveDeal(app);
    await handleIncidents(deal, 20, 8);
    const timeline = (await (await app.as('op.otto')).get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(countOf(timeline, 'IncidentReported')).toBe(20);
    expect(countOf(timeline, 'IncidentAcknowledged')).toBe(20);
    expect(countOf(timeline, 'IncidentResolved')).toBe(20);
    expect(new Set((await deal.state()).incidents.map((incident) => incident.id)).size).toBe(20);
    // 68 Updates at 10 a run: the deal started afresh (a run waits briefly for the effect under way first).
    await eventually(async () => expect(await runsOf(app, dealWorkflowId(deal.dealId))).toBeGreaterThanOrEqual(2));
  });

  it('answer a retried Idempotency-Key from an earlier run with the first outcome', async () => {
    const deal = await liveDeal(app);
    const otto = await app.as('op.otto');
    const report = () =>
      otto
        .post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2 is warming up.' })
        .set('Idempotency-Key', 'cold-store-alarm');
    const first = expectStatus(await report(), 201).body as Incident;
    const runsBefore = await runsOf(app, dealWorkflowId(deal.dealId));
    await handleIncidents(deal, 5, 1, 'Filler');
    await eventually(async () => expect(await runsOf(app, dealWorkflowId(deal.dealId))).toBeGreaterThan(runsBefore));

    const again = expectStatus(await report(), 201).body as Incident;
    expect(again.id).toBe(first.id);
    const timeline = (await otto.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.filter((event) => event.type === 'IncidentReported' && event.data.title === 'Cold store alarm')).toHaveLength(1);
  });
});

describe('a user’s inbox workflow', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(UNLIMITED_RATE);
  });

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  it('starts afresh before its Updates reach the limit, keeping the settings', async () => {
    const olga = await app.as('op.olga');
    for (let change = 1; change <= 520; change += 1) {
      const email = `olga+${change}@example.com`;
      const response = await app.http.put('/api/me/notifications').set('Authorization', `Bearer ${await app.token('op.olga')}`).send({ email });
      expectStatus(response, 200);
    }
    await eventually(async () => expect(await runsOf(app, inboxWorkflowId('op.olga'))).toBeGreaterThanOrEqual(2));
    expect((await olga.get('/api/me/notifications').expect(200)).body).toEqual({ email: 'olga+520@example.com', webhook: null });
  }, 180_000);
});
