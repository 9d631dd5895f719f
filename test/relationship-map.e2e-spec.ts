import type { DealEvent, DeliveredSignal } from '@app/domain';
import { DealDriver, ENTERPRISE_TIER_TERMS, dealBody, expectStatus } from './support/deal-driver';
import { signalArrives, signalsOf } from './support/signals';
import { TestApp, eventually } from './support/test-app';

/** A critical incident climbs to tactical after 2 s and to strategic after 4 s. */
const FAST_CRITICAL = { critical: { respondWithin: 'PT2S', resolveWithin: 'PT4S' } };
const climbedTo = (level: string) => (signal: DeliveredSignal): signal is DeliveredSignal => signal.type === 'escalation' && signal.subject === 'incident' && signal.level === level;

const BOTH_SIDES = {
  directors: ['dir.dana'],
  tacticalLeads: ['mm.mark'],
  operationalStaff: ['op.otto'],
  customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
  advisors: ['adv.ada'],
};

describe('a deal between two organisations, at every level', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  it('names the customer’s and the supplier’s people per level and the advisors, who all read it', async () => {
    const deal = await DealDriver.start(app, BOTH_SIDES);
    const state = (await (await app.as('mm.carla')).get(`/api/deals/${deal.dealId}`).expect(200)).body as { relationshipMap: unknown; customerSide: unknown; advisors: unknown };
    expect(state.relationshipMap).toEqual({
      levels: [
        { level: 'strategic', customer: ['dir.diego'], supplier: ['dir.dana'] },
        { level: 'tactical', customer: ['mm.carla'], supplier: ['mm.mark'] },
        { level: 'operational', customer: ['op.cas'], supplier: ['op.otto'] },
      ],
      advisors: ['adv.ada'],
    });
    expect(state).toMatchObject({ customerSide: BOTH_SIDES.customerSide, advisors: ['adv.ada'] });
    for (const userId of ['op.cas', 'adv.ada']) expectStatus(await (await app.as(userId)).get(`/api/deals/${deal.dealId}`), 200);
    const listed = (await (await app.as('adv.ada')).get('/api/deals').expect(200)).body as { dealId: string }[];
    expect(listed.map((summary) => summary.dealId)).toContain(deal.dealId);
    // The customer's floor reports an incident on the deal it shares.
    expectStatus(await (await app.as('op.cas')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Late pallet', description: 'Truck 4 was late.' }), 201);
    // Someone on neither side still does not see it.
    expectStatus(await (await app.as('op.olga')).get(`/api/deals/${deal.dealId}`), 404);
  });

  it('escalates an incident from the customer’s floor to both sides: tactical leads, then sponsors, as the timeline shows', async () => {
    const deal = await DealDriver.start(app, { ...BOTH_SIDES, policy: { incidentServiceLevels: FAST_CRITICAL } });
    const cas = await app.as('op.cas');
    expectStatus(await cas.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2 is warming up.' }), 201);
    for (const userId of ['mm.mark', 'mm.carla']) await signalArrives(app, userId, deal.dealId, climbedTo('tactical'));
    for (const userId of ['dir.dana', 'dir.diego']) await signalArrives(app, userId, deal.dealId, climbedTo('strategic'));
    const timeline = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    await eventually(async () => expect((await deal.state()).incidents[0]?.level).toBe('strategic'));
    expect(timeline.filter((event) => event.type === 'IncidentEscalated').map((event) => event.data)).toEqual([
      { incidentId: 'incident-1', level: 'tactical', reason: 'not-acknowledged', notified: ['mm.mark', 'mm.carla'] },
      { incidentId: 'incident-1', level: 'strategic', reason: 'not-resolved', notified: ['dir.dana', 'dir.diego'] },
    ]);
  });

  it('runs a two-sided deal to a live relationship: both floors explore, the advisor advises, an incident climbs to both sponsors', async () => {
    // Customer intimacy lets the contract agree fast service levels (flagged), so the live incident climbs within seconds.
    const deal = await DealDriver.start(app, { ...BOTH_SIDES, valueProposition: 'customer-intimacy' });
    await deal.explore();
    const countersigns = await deal.openTasks('countersign');
    expect(countersigns.map((task) => [task.element, task.assignee])).toEqual([
      ['processes', 'op.cas'],
      ['organisation', 'op.cas'],
      ['systems', 'op.cas'],
      ['people', 'op.cas'],
    ]);
    const reason = 'The scanners on our floor are older than the finding assumes.';
    for (const task of countersigns) {
      const result = task.element === 'systems' ? { decision: 'contest', substantiation: reason } : { decision: 'co-sign', substantiation: 'Seen and agreed on the customer floor.' };
      expectStatus(await deal.complete(task, result), 200);
    }
    const [reopened] = await deal.openTasks('systems');
    expect(reopened).toMatchObject({ assignee: 'op.otto', note: `Contested by op.cas: ${reason}` });
    expect((await deal.state()).stage).toBe('exploration');

    const advisor = await app.as('adv.ada');
    const advice = { text: 'Budget a scanner upgrade before you commit to fixed bandwidths.', element: 'systems' };
    const advised = expectStatus(await advisor.post(`/api/deals/${deal.dealId}/advice`, advice), 200).body as { advice: unknown[] };
    expect(advised.advice).toEqual([{ ...advice, by: 'adv.ada', at: expect.any(String) }]);
    expect(String(expectStatus(await advisor.post(`/api/deals/${deal.dealId}/advice`, { text: 'x', element: 'finance' }), 400).body.message)).toContain('element');
    expectStatus(await (await app.as('mm.mark')).post(`/api/deals/${deal.dealId}/advice`, { text: 'Not mine to give' }), 403);

    await deal.explore();
    await deal.coSignAll();
    expect((await deal.state()).stage).toBe('go-no-go');
    await deal.decide('go');
    const report = await signalArrives(app, 'dir.dana', deal.dealId, (signal): signal is Extract<DeliveredSignal, { type: 'go-no-go' }> => signal.type === 'go-no-go');
    expect(report.advice).toEqual([{ ...advice, by: 'adv.ada', at: expect.any(String) }]);
    expect(report.findings.map((finding) => finding.coSignedBy)).toEqual(['op.cas', 'op.cas', 'op.cas', 'op.cas']);
    await deal.draftContract({ ...ENTERPRISE_TIER_TERMS, serviceLevels: { ...ENTERPRISE_TIER_TERMS.serviceLevels, ...FAST_CRITICAL } });
    await deal.ratifyAll();
    expect((await deal.state()).stage).toBe('live');

    expectStatus(await (await app.as('op.cas')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2 is warming up.' }), 201);
    for (const userId of ['dir.dana', 'dir.diego']) await signalArrives(app, userId, deal.dealId, climbedTo('strategic'));
    const timeline = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline?limit=500`).expect(200)).body as DealEvent[];
    const types = timeline.map((event) => event.type);
    expect(types.filter((type) => type === 'FindingCoSigned')).toHaveLength(4);
    expect(types.filter((type) => type === 'FindingContested')).toHaveLength(1);
    expect(types).toContain('AdviceGiven');
  });

  it('tells only the sides the deal’s ladder names at a step', async () => {
    const deal = await DealDriver.start(app, { ...BOTH_SIDES, policy: { incidentServiceLevels: FAST_CRITICAL, incidentEscalation: { tactical: ['supplier'] } } });
    expectStatus(await (await app.as('op.otto')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Scanner down', description: 'Dock 3.' }), 201);
    await signalArrives(app, 'dir.diego', deal.dealId, climbedTo('strategic'));
    expect((await signalsOf(app, 'mm.mark', deal.dealId)).filter(climbedTo('tactical'))).toHaveLength(1);
    expect((await signalsOf(app, 'mm.carla', deal.dealId)).filter(climbedTo('tactical'))).toEqual([]);
  });

  it('follows the ladders a deal declares, step by step: level, sides told and after how long, as the timeline shows', async () => {
    const ladders = {
      tasks: [{ level: 'tactical', sides: ['supplier', 'customer'], after: 1 }],
      incidents: [{ level: 'strategic', sides: ['supplier', 'customer'], after: { clock: 'respondWithin', times: 2 } }],
    };
    const deal = await DealDriver.start(app, { ...BOTH_SIDES, policy: { taskDue: { exploration: 'PT4S' }, incidentServiceLevels: FAST_CRITICAL, ladders } });
    expect((await deal.state()).policy.ladders).toEqual(ladders);
    expectStatus(await (await app.as('op.cas')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2.' }), 201);
    const [processes] = await deal.openTasks('processes');
    const taskClimbed = (signal: DeliveredSignal): signal is DeliveredSignal => signal.type === 'escalation' && signal.subject === 'task' && signal.taskId === processes!.id;
    await signalArrives(app, 'mm.carla', deal.dealId, taskClimbed);
    await signalArrives(app, 'dir.diego', deal.dealId, climbedTo('strategic'));

    const timeline = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline?limit=500`).expect(200)).body as DealEvent[];
    // The incident skipped tactical: its one step goes to both sponsors once twice "respond within" has run.
    expect(timeline.filter((event) => event.type === 'IncidentEscalated').map((event) => event.data)).toEqual([
      { incidentId: 'incident-1', level: 'strategic', reason: 'not-acknowledged', notified: ['dir.dana', 'dir.diego'] },
    ]);
    // The overdue task went to its owner and the customer's tactical counterpart, and no further.
    const taskClimbs = timeline.filter((event) => event.type === 'TaskEscalated' && event.data.taskId === processes!.id).map((event) => event.data);
    expect(taskClimbs).toEqual([expect.objectContaining({ level: 'tactical', notified: ['mm.mark', 'mm.carla'] })]);
    expect((await signalsOf(app, 'mm.mark', deal.dealId)).filter(climbedTo('tactical'))).toEqual([]);
  });

  it('refuses a ladder step that names no side, naming the field, and starts nothing', async () => {
    const pm = await app.as('pm.paula');
    const dealId = `refused-${Date.now()}-${Math.round(Math.random() * 1e6)}`;
    const ladders = { incidents: [{ level: 'strategic', sides: [], after: { clock: 'resolveWithin', times: 2 } }] };
    const refusal = expectStatus(await pm.post('/api/deals', dealBody({ dealId, ...BOTH_SIDES, policy: { ladders } })), 400);
    expect(String(refusal.body.message)).toContain('policy.ladders.incidents[0].sides must name one or both sides');
    expectStatus(await pm.get(`/api/deals/${dealId}`), 404);
  });

  it('keeps existing start bodies working: their people are the supplier’s side', async () => {
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const state = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}`).expect(200)).body as { relationshipMap: { levels: { customer: string[]; supplier: string[] }[] } };
    expect(state.relationshipMap.levels.map((row) => [row.customer, row.supplier])).toEqual([
      [[], ['dir.dana']],
      [[], ['mm.mark']],
      [[], ['op.otto']],
    ]);
  });

  it.each([
    [{ customerSide: { directors: ['mm.carla'] } }, 'customerSide.directors[0]: mm.carla is not a director'],
    [{ customerSide: { operationalStaff: ['op.otto'] } }, "customerSide.operationalStaff[0]: op.otto is named on the supplier's side too"],
    [{ customerSide: { tacticalLeads: ['nobody'] } }, 'customerSide.tacticalLeads[0]: nobody is not a known user'],
    [{ advisors: ['dir.diego'] }, 'advisors[0]: dir.diego is not an advisor'],
    [{ customerSide: { directors: 'dir.diego' } }, 'customerSide.directors must be an array'],
  ])('refuses %j, naming the field, and starts nothing', async (people, message) => {
    const pm = await app.as('pm.paula');
    const dealId = `refused-${Date.now()}-${Math.round(Math.random() * 1e6)}`;
    const refusal = expectStatus(await pm.post('/api/deals', dealBody({ dealId, directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'], ...people })), 400);
    expect(String(refusal.body.message)).toContain(message);
    expectStatus(await pm.get(`/api/deals/${dealId}`), 404);
  });

  it('tells each user their organisation', async () => {
    expect((await (await app.as('mm.carla')).get('/api/me').expect(200)).body).toMatchObject({ id: 'mm.carla', roles: ['middle-manager'], organisation: 'Acme' });
    const users = (await app.http.get('/api/auth/dev-users').expect(200)).body as { id: string; organisation: string }[];
    expect(Object.fromEntries(users.map((user) => [user.id, user.organisation]))).toMatchObject({ 'dir.dana': 'Groundwork Services', 'dir.diego': 'Acme', 'adv.ada': 'Bottom-Up Advies' });
  });
});
