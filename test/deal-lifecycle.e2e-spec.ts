import type { DealEvent, GoNoGoSignal } from '@app/domain';
import { dealCustomerKey, dealOpenTaskAssigneesKey, dealStageKey, dealWorkflowId } from '@app/workflows';
import { DealDriver, ENTERPRISE_TIER_TERMS, expectStatus } from './support/deal-driver';
import { signalsOf } from './support/signals';
import { TestApp } from './support/test-app';

describe('a deal from strategic contact to the live relationship', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  it('goes to live through exploration, go, contract and ratification, and back to contract on a rejection', async () => {
    const deal = await DealDriver.start(app);

    const explored = await deal.state();
    expect(explored.stage).toBe('exploration');
    expect(explored.tasks.map((task) => [task.kind, task.assignee, task.owner, task.level])).toEqual([
      ['processes', 'op.otto', 'mm.mark', 'operational'],
      ['organisation', 'op.olga', 'mm.mia', 'operational'],
      ['systems', 'op.otto', 'mm.mark', 'operational'],
      ['people', 'op.olga', 'mm.mia', 'operational'],
    ]);

    await deal.explore({
      systems: {
        assessment: 'conditional',
        substantiation: 'The order system needs an interface to the warehouse floor scanners.',
        conditions: ['EDI link to the warehouse system before go-live'],
      },
    });
    const deciding = await deal.state();
    expect(deciding.stage).toBe('go-no-go');
    expect(deciding.recommendation).toEqual({
      decision: 'go',
      conditions: ['EDI link to the warehouse system before go-live'],
      because: ['systems'],
    });
    const [decisionTask] = deciding.tasks.filter((task) => task.kind === 'go-no-go');
    expect(decisionTask).toMatchObject({ assignee: 'mm.mark', owner: 'dir.dana', status: 'open', level: 'tactical' });

    await deal.decide('go');
    expect((await deal.state()).stage).toBe('contract');

    await deal.draftContract();
    const ratifying = await deal.state();
    expect(ratifying.stage).toBe('ratification');
    expect(ratifying.contract).toMatchObject({ version: 1, flags: [] });
    expect((ratifying.contract as unknown as { document: string }).document).toContain('| critical | PT1H | PT8H |');

    const [danaTask, diegoTask] = await deal.openTasks('ratification');
    expectStatus(await deal.complete(danaTask!, { decision: 'ratify' }), 200);
    expectStatus(await deal.complete(diegoTask!, { decision: 'reject', reason: 'The discount must be lower for year one.' }), 200);

    const sentBack = await deal.state();
    expect(sentBack.stage).toBe('contract');
    const [redraft] = sentBack.tasks.filter((task) => task.kind === 'contract' && task.status === 'open');
    expect(redraft?.note).toContain('The discount must be lower for year one.');

    await deal.draftContract({ ...ENTERPRISE_TIER_TERMS, discountPct: 2 });
    await deal.ratifyAll();
    const live = await deal.state();
    expect(live.stage).toBe('live');
    expect(live.contract?.version).toBe(2);
    expect(live.ratifications.filter((r) => r.contractVersion === 2).map((r) => [r.director, r.decision])).toEqual([
      ['dir.dana', 'ratify'],
      ['dir.diego', 'ratify'],
    ]);

    const pm = await app.as('pm.paula');
    const timeline = (await pm.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    const types = timeline.map((event) => event.type);
    expect(types[0]).toBe('DealStarted');
    expect(types).toEqual(
      expect.arrayContaining(['FindingRecorded', 'GoNoGoDecided', 'ContractDrafted', 'ContractRejected', 'ContractRatified', 'RelationshipStarted']),
    );
    expect(timeline.find((event) => event.type === 'ContractRejected')?.actor).toBe('dir.diego');
    expect(timeline.map((event) => event.at)).toEqual([...timeline.map((event) => event.at)].sort());

    // Operators find the deal by its search attributes, upserted only when one changed: once per stage
    // after the start (go-no-go, contract, ratification, back to contract, ratification, live).
    const handle = app.temporal.workflow.getHandle(dealWorkflowId(deal.dealId));
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect([attributes.get(dealStageKey), attributes.get(dealCustomerKey), attributes.get(dealOpenTaskAssigneesKey)]).toEqual(['live', live.customer.name, undefined]);
    const events = (await handle.fetchHistory()).events ?? [];
    const upserted = events.map((event) => Object.keys(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {})).filter((keys) => keys.length > 0);
    expect(upserted.filter((keys) => keys.some((key) => key.startsWith('Deal')))).toEqual(Array(6).fill(['DealStage']));
    // One patch marker, the release's, and the SDK's one upsert of TemporalChangeVersion with it.
    expect(events.filter((event) => event.markerRecordedEventAttributes)).toHaveLength(1);
    expect(upserted.filter((keys) => keys.includes('TemporalChangeVersion'))).toHaveLength(1);
  });

  it('ends as abandoned on a no-go and signals every director with the substantiations', async () => {
    const deal = await DealDriver.start(app);
    const substantiation = 'The supplier has no night shift, and the customer ships around the clock.';
    await deal.explore({ people: { assessment: 'not-feasible', substantiation } });
    expect((await deal.state()).recommendation?.decision).toBe('no-go');

    await deal.decide('no-go', 'Staffing cannot cover the customer operating hours.');
    const ended = await deal.state();
    expect(ended.stage).toBe('abandoned');
    expect(ended.tasks.every((task) => task.status !== 'open')).toBe(true);

    // The signals landed with the decision: the next read shows them (read-your-writes).
    for (const director of ['dir.dana', 'dir.diego']) {
      const signal = (await signalsOf(app, director, deal.dealId)).find((candidate) => candidate.type === 'go-no-go') as GoNoGoSignal;
      expect(signal).toMatchObject({
        type: 'go-no-go',
        decision: 'no-go',
        substantiation: 'Staffing cannot cover the customer operating hours.',
        recommendation: { decision: 'no-go', because: ['people'] },
      });
      expect(signal.findings.find((finding) => finding.element === 'people')?.substantiation).toBe(substantiation);
    }
    const timeline = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.map((event) => event.type)).toEqual(expect.arrayContaining(['DealAbandoned', 'DirectorsSignalled']));
  });
});
