import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { DealEvent, DirectorsDigest, Incident, LevelStay, PortfolioHealth, RelationshipHealth } from '@app/domain';
import { DIRECTORS_DIGEST_SCHEDULE_ID } from '@app/workflows';
import { DealDriver, expectStatus } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

/** Seconds instead of hours: a critical incident climbs to tactical after 2 s and to strategic after 4 s. */
const FAST_CRITICAL = { incidentServiceLevels: { critical: { respondWithin: 'PT2S', resolveWithin: 'PT4S' } } };

describe('the relationship’s health per level, from the durable record', () => {
  let app: TestApp;
  let deal: DealDriver;
  let timeline: DealEvent[];

  beforeAll(async () => {
    app = await TestApp.start();
    deal = await DealDriver.start(app, { policy: FAST_CRITICAL, directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const otto = await app.as('op.otto');
    const report = async (severity: string, title: string) =>
      (expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity, title, description: 'Seen on the floor.' }), 201).body as Incident).id;

    // Handled at once, inside its service level.
    const handled = await report('minor', 'Label printer jams');
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/${handled}/acknowledge`), 200);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/${handled}/resolve`, { resolution: 'Replaced the roller.' }), 200);
    // Left alone until it climbed to the strategic level, then handled late.
    const climbed = await report('critical', 'Scanner link down');
    await eventually(async () => expect((await deal.state()).incidents.find((incident) => incident.id === climbed)?.level).toBe('strategic'), { timeoutMs: 30_000 });
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/${climbed}/acknowledge`), 200);
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/${climbed}/resolve`, { resolution: 'New access point.' }), 200);
    // Still open.
    await report('major', 'Cold store door sticks');
    timeline = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
  }, 120_000);

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  it('counts opened, acknowledged and resolved incidents against their service levels, and how many climbed', async () => {
    const health = (await (await app.as('dir.dana')).get(`/api/deals/${deal.dealId}/health`).expect(200)).body as RelationshipHealth;
    expect(health.overall).toMatchObject({
      opened: 3,
      acknowledged: 2,
      acknowledgedInTime: 1,
      resolved: 2,
      resolvedInTime: 1,
      stillOpen: 1,
      reachedTactical: 1,
      reachedStrategic: 1,
    });
    expect(health.overall.medianMinutesToAcknowledge).toBeGreaterThan(0);
    // Eight weekly periods by default, ending now; this week's holds all three.
    expect(health.periodDays).toBe(7);
    expect(health.trend).toHaveLength(8);
    expect(health.trend.at(-1)).toMatchObject({ opened: 3, reachedStrategic: 1 });
    expect(health.trend.slice(0, -1).every((period) => period.opened === 0)).toBe(true);
  });

  it('measures how long the climbing incident stayed at the tactical level, as the timeline shows it', async () => {
    const health = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/health?periodDays=1&periods=2`).expect(200)).body as RelationshipHealth;
    const [toTactical, toStrategic] = timeline.filter((event) => event.type === 'IncidentEscalated').map((event) => Date.parse(event.at));
    const tactical = health.levels.find((stay) => stay.level === 'tactical') as LevelStay;
    expect(tactical.incidents).toBe(1);
    expect(tactical.totalMinutes).toBeCloseTo((toStrategic! - toTactical!) / 60_000, 1);
    expect(health.levels.map((stay) => [stay.level, stay.incidents])).toEqual([
      ['operational', 3],
      ['tactical', 1],
      ['strategic', 1],
    ]);
    expect(health.trend).toHaveLength(2);
  });

  it('refuses a window it cannot give, naming the field, and shows the deal only to the people on it', async () => {
    const dana = await app.as('dir.dana');
    expect(expectStatus(await dana.get(`/api/deals/${deal.dealId}/health?periodDays=0`), 400).body.message).toBe('periodDays must not be less than 1');
    expect(expectStatus(await dana.get(`/api/deals/${deal.dealId}/health?periods=many`), 400).body.message).toMatch(/^periods must /);
    expectStatus(await (await app.as('op.olga')).get(`/api/deals/${deal.dealId}/health`), 404);
    expectStatus(await dana.get('/api/deals/no-such-deal/health'), 404);
  });

  it('gives directors their deals and programme managers every deal across the portfolio; others may not ask', async () => {
    const rowOf = async (userId: string) => {
      const portfolio = (await (await app.as(userId)).get('/api/relationship-health').expect(200)).body as PortfolioHealth;
      return { portfolio, row: portfolio.deals.find((row) => row.dealId === deal.dealId) };
    };
    const dana = await rowOf('dir.dana');
    expect(dana.row).toMatchObject({ title: (await deal.state()).title, overall: { opened: 3, stillOpen: 1, reachedStrategic: 1 } });
    expect(dana.portfolio.overall.opened).toBeGreaterThanOrEqual(3);
    expect((await rowOf('pm.paula')).row?.overall.opened).toBe(3);
    expect((await rowOf('dir.diego')).row).toBeUndefined();
    for (const userId of ['mm.mark', 'op.otto']) expectStatus(await (await app.as(userId)).get('/api/relationship-health'), 403);
  });

  it('has a weekly Schedule whose run leaves each director their digest on the desk, with this relationship’s fall and its strategic escalation', async () => {
    const schedule = app.temporal.schedule.getHandle(DIRECTORS_DIGEST_SCHEDULE_ID);
    // Whichever worker started before (another spec's on its own task queue), this worker's start took the Schedule along.
    const description = await eventually(async () => {
      const described = await schedule.describe();
      if (described.action.type !== 'startWorkflow' || described.action.taskQueue !== app.config.temporal.taskQueue) throw new Error('the Schedule starts its runs elsewhere');
      return described;
    });
    // Mondays 07:00 UTC by default: the next runs are a week apart, on a Monday at seven.
    const [next, after] = description.info.nextActionTimes;
    expect(next!.getUTCDay()).toBe(1);
    expect(next!.getUTCHours()).toBe(7);
    expect(after!.getTime() - next!.getTime()).toBe(7 * 24 * 3_600_000);
    expect(description.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);

    const dana = await app.as('dir.dana');
    const before = ((await dana.get('/api/me/digests?limit=1').expect(200)).body as DirectorsDigest[]).at(0)?.until;
    await schedule.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    const digest = await eventually(async () => {
      const [latest] = (await dana.get('/api/me/digests?limit=1').expect(200)).body as DirectorsDigest[];
      if (latest === undefined || latest.until === before) throw new Error('no new digest yet');
      return latest;
    }, { timeoutMs: 30_000 });
    expect(digest.recipient).toBe('dir.dana');
    expect(digest.strategicEscalations.items).toEqual(expect.arrayContaining([expect.objectContaining({ dealId: deal.dealId, subject: 'incident', title: 'Scanner link down' })]));
    expect(digest.healthFell.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ dealId: deal.dealId, current: expect.objectContaining({ reachedStrategic: 1 }), previous: expect.objectContaining({ opened: 0 }) })]),
    );
    // Only one's own digests; a bad limit names the field.
    const diego = (await (await app.as('dir.diego')).get('/api/me/digests').expect(200)).body as DirectorsDigest[];
    expect(diego.every((own) => own.recipient === 'dir.diego')).toBe(true);
    expect(expectStatus(await dana.get('/api/me/digests?limit=0'), 400).body.message).toBe('limit must not be less than 1');
  });
});
