import type { WhatIfReport } from '@app/domain';
import { DealDriver, expectStatus } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

/** A critical incident climbs to tactical after 2 s and to strategic after 8 s. */
const FAST_CRITICAL = { critical: { respondWithin: 'PT2S', resolveWithin: 'PT4S' } };

describe('what-if for escalation policies, over the durable record', () => {
  let app: TestApp;
  let deal: DealDriver;

  beforeAll(async () => {
    app = await TestApp.start();
    deal = await DealDriver.start(app, {
      directors: ['dir.dana'],
      tacticalLeads: ['mm.mark'],
      operationalStaff: ['op.otto'],
      customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
      policy: { incidentServiceLevels: FAST_CRITICAL },
    });
    const cas = await app.as('op.cas');
    expectStatus(await cas.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2 is warming up.' }), 201);
    expectStatus(await cas.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Door sensor', description: 'Dock 1 door shows open.' }), 201);
    const otto = await app.as('op.otto');
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-2/acknowledge`), 200);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-2/resolve`, { resolution: 'Sensor cleaned.' }), 200);
    await eventually(async () => expect((await deal.state()).incidents.find((incident) => incident.id === 'incident-1')?.level).toBe('strategic'), { timeoutMs: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  const ask = async (body: object, as = 'pm.paula') => (await app.as(as)).post('/api/what-if/escalation', { dealIds: [deal.dealId], ...body });
  const incidentItems = (report: WhatIfReport) => report.deals.flatMap((row) => row.items).filter((item) => item.subject === 'incident');

  it('replays each deal under its own policy to exactly what the incident workflows did', async () => {
    const report = expectStatus(await ask({}), 200).body as WhatIfReport;
    expect([report.incidents, report.changed]).toEqual([2, 0]);
    expect(report.actual).toEqual({ tactical: 1, strategic: 1 });
    expect(report.proposed).toEqual(report.actual);
    const [climbed] = incidentItems(report);
    expect(climbed).toMatchObject({ id: 'incident-1', what: 'Cold store alarm', changed: false });
    expect(climbed!.actual.map((climb) => [climb.level, climb.notified])).toEqual([
      ['tactical', ['mm.mark', 'mm.carla']],
      ['strategic', ['dir.dana', 'dir.diego']],
    ]);
    expect(incidentItems(report).map((item) => item.id)).toEqual(['incident-1']);
  });

  it('shows what looser service levels would not have escalated, and whom a one-sided ladder tells', async () => {
    const looser = expectStatus(await ask({ policy: { incidentServiceLevels: { critical: { respondWithin: 'PT1H', resolveWithin: 'PT8H' } } } }), 200).body as WhatIfReport;
    expect([looser.changed, looser.proposed]).toEqual([1, { tactical: 0, strategic: 0 }]);
    expect(incidentItems(looser)[0]!.proposed).toEqual([]);

    const oneSided = expectStatus(await ask({ policy: { incidentEscalation: { strategic: ['supplier'] } } }), 200).body as WhatIfReport;
    const [item] = incidentItems(oneSided);
    expect(item!.changed).toBe(true);
    expect(item!.proposed.map((climb) => [climb.level, climb.notified])).toEqual([
      ['tactical', ['mm.mark', 'mm.carla']],
      ['strategic', ['dir.dana']],
    ]);
    // A declared ladder: one step, to the customer's sponsor alone, once "resolve within" has run.
    const declared = { ladders: { incidents: [{ level: 'strategic', sides: ['customer'], after: { clock: 'resolveWithin', times: 1 } }] } };
    const stepwise = expectStatus(await ask({ policy: declared }), 200).body as WhatIfReport;
    expect(incidentItems(stepwise)[0]!.proposed.map((climb) => [climb.level, climb.notified])).toEqual([['strategic', ['dir.diego']]]);
    expect(stepwise.proposed).toEqual({ tactical: 0, strategic: 1 });
    // Asking changes nothing on the deal.
    expect((await deal.state()).policy.ladders?.incidents.map((step) => step.sides)).toEqual([
      ['supplier', 'customer'],
      ['supplier', 'customer'],
      ['supplier', 'customer'],
    ]);
  });

  it.each([
    [{ policy: { reviewEvery: 'P1M' } }, 'policy.reviewEvery is not part of an escalation policy'],
    [{ policy: { incidentServiceLevels: { critical: { respondWithin: 'soon' } } } }, 'policy.incidentServiceLevels.critical.respondWithin'],
    [{ calendar: { timeZone: 'Mars/Olympus' } }, 'calendar'],
    [{ dealIds: ['no spaces allowed'] }, 'dealIds'],
    [{ dealIds: null }, 'dealIds'],
    [{ since: null }, 'since'],
    [{ policy: null }, 'policy'],
  ])('refuses %j with a 400 naming the field', async (body, message) => {
    expect(String(expectStatus(await ask(body), 400).body.message)).toContain(message);
  });

  it('is for programme managers only', async () => {
    for (const userId of ['dir.dana', 'mm.mark', 'op.otto', 'adv.ada']) expectStatus(await ask({}, userId), 403);
  });
});
