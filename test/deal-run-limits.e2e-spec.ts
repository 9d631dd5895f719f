import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { DealEvent, Incident } from '@app/domain';
import { workflowBundleOptions } from '@app/worker';
import { DEFAULT_DEAL_RUN_LIMITS, TEMPORAL_UPDATES_PER_RUN, dealWorkflowId, type DealWorkflowInput } from '@app/workflows';
import { DealDriver, expectStatus, retryWhileUnavailable } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

const UNLIMITED_RATE = { RATE_LIMIT_USER_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000' };

/** How many runs a workflow has had: each continue-as-new closes one and opens the next. */
async function runsOf(app: TestApp, workflowId: string): Promise<number> {
  const { count } = await app.temporal.workflow.count(`WorkflowId = '${workflowId}'`);
  return count;
}

/** Per run, oldest first: the events and bytes of its history, the bytes of input it started from and the effects that input carried. */
async function runFigures(app: TestApp, workflowId: string): Promise<{ events: number; historyBytes: number; inputBytes: number; carriedEffects: number }[]> {
  const runs: { startTime: Date; runId: string }[] = [];
  for await (const run of app.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  return Promise.all(
    runs.map(async ({ runId }) => {
      const handle = app.temporal.workflow.getHandle(workflowId, runId);
      const [{ historyLength, historySize }, history] = await Promise.all([handle.describe(), handle.fetchHistory()]);
      const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      const [input] = payloads.map((payload) => JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as DealWorkflowInput);
      return {
        events: historyLength,
        historyBytes: historySize ?? Number.NaN,
        inputBytes: payloads.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0),
        carriedEffects: input && 'resume' in input ? input.resume.pendingEffects.length : 0,
      };
    }),
  );
}

/**
 * Replays every run of a workflow against today's code, as a worker does when it lost its cache. A
 * path that depends on something the history does not hold (a refused Update's dropped task) fails here.
 */
async function replayFailures(app: TestApp, workflowId: string): Promise<string[]> {
  const runIds: string[] = [];
  for await (const run of app.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runIds.push(run.runId);
  const histories = await Promise.all(
    runIds.map(async (runId) => ({ workflowId: `${workflowId}/${runId}`, history: await app.temporal.workflow.getHandle(workflowId, runId).fetchHistory() })),
  );
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(false), logger: new DefaultLogger('ERROR') });
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return failures;
}

/** The relationship's incidents; GROUNDWORK_RELATIONSHIP_INCIDENTS=5000 gives the issue's long-run figures (about 20 minutes). */
const RELATIONSHIP_INCIDENTS = Number(process.env.GROUNDWORK_RELATIONSHIP_INCIDENTS ?? 834);

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

/** The whole timeline, a page at a time as a client reads it. */
async function timelineOf(deal: DealDriver): Promise<(DealEvent & { sequence: number })[]> {
  const pm = await deal.app.as('pm.paula');
  const events: (DealEvent & { sequence: number })[] = [];
  for (;;) {
    const page = (await pm.get(`/api/deals/${deal.dealId}/timeline?after=${events.at(-1)?.sequence ?? 0}`).expect(200)).body as (DealEvent & { sequence: number })[];
    if (page.length === 0) return events;
    events.push(...page);
  }
}

/** The bytes the current run of a workflow started with: what continue-as-new carried into it. */
async function carriedInputBytes(app: TestApp, workflowId: string): Promise<number> {
  const history = await app.temporal.workflow.getHandle(workflowId).fetchHistory();
  const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  return payloads.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
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
      const incidents = RELATIONSHIP_INCIDENTS;
      await handleIncidents(deal, incidents, 4);
      const updates = 8 + incidents * 3;
      expect(updates).toBeGreaterThan(2_500);

      const otto = await app.as('op.otto');
      const state = await deal.state();
      expect(state.incidents).toHaveLength(incidents);
      expect(state.incidents.every((incident) => incident.status === 'resolved')).toBe(true);
      const timeline = await timelineOf(deal);
      expect(timeline.map((event) => event.sequence)).toEqual(timeline.map((_event, index) => index + 1));
      expect(countOf(timeline, 'IncidentReported')).toBe(incidents);
      // What a run carries stays small and flat: the timeline and the resolved incidents live in the store.
      const carried = await carriedInputBytes(app, dealWorkflowId(deal.dealId));
      console.log(`after ${updates} Updates and ${timeline.length} events: the current run started from ${carried} bytes`);
      expect(carried).toBeLessThan(64 * 1024);
      const runs = await runFigures(app, dealWorkflowId(deal.dealId));
      console.log(
        `per run (events, history bytes, input bytes, carried effects):\n${runs.map((run, index) => `  run ${index + 1}: ${run.events}, ${run.historyBytes}, ${run.inputBytes}, ${run.carriedEffects}`).join('\n')}`,
      );
      // Flat: no run starts from or grows to more than a small bound, however many incidents came before.
      expect(Math.max(...runs.map((run) => run.inputBytes))).toBeLessThan(64 * 1024);
      // A backlog refuses new commands, so a run leaves at most the backlog and the round under way undone.
      expect(Math.max(...runs.map((run) => run.carriedEffects))).toBeLessThanOrEqual(2 * DEFAULT_DEAL_RUN_LIMITS.effectBacklog);
      expect(Math.max(...runs.map((run) => run.historyBytes))).toBeLessThan(8 * 1024 * 1024);
      // Every run replays: the runs ended on history length, with Updates refused meanwhile.
      expect(await replayFailures(app, dealWorkflowId(deal.dealId))).toEqual([]);
      expect(countOf(timeline, 'IncidentResolved')).toBe(incidents);
      // Still open for business: a further report and a termination go through.
      expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'major', title: 'One more', description: 'After 2,500 Updates.' }), 201);
      await eventually(async () => expect(await runsOf(app, dealWorkflowId(deal.dealId))).toBeGreaterThanOrEqual(3));
      const dana = await app.as('dir.dana');
      expect(expectStatus(await dana.post(`/api/deals/${deal.dealId}/terminate`, { reason: 'End of the pilot.' }), 200).body.stage).toBe('terminated');
    },
    Math.max(600_000, RELATIONSHIP_INCIDENTS * 400),
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
    const timeline = await timelineOf(deal);
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
    const timeline = await timelineOf(deal);
    expect(timeline.filter((event) => event.type === 'IncidentReported' && event.data.title === 'Cold store alarm')).toHaveLength(1);
  });
});

describe('with a backlog of one effect, commands sent while a deal is catching up', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ ...UNLIMITED_RATE, GROUNDWORK_DEAL_EFFECT_BACKLOG: '1' });
  });

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  it('are refused by the deal and sent again by the API: each lands once', async () => {
    const deal = await liveDeal(app);
    await handleIncidents(deal, 15, 6);
    const timeline = await timelineOf(deal);
    for (const type of ['IncidentReported', 'IncidentAcknowledged', 'IncidentResolved'] as const) expect(countOf(timeline, type)).toBe(15);
    expect(new Set((await deal.state()).incidents.map((incident) => incident.id)).size).toBe(15);
  });
});
