import type { Response } from 'supertest';
import { DealDriver, FEASIBLE } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

const ON_DEAL = ['pm.paula', 'dir.dana', 'mm.mark', 'op.otto'];
const OUTSIDERS = ['dir.diego', 'mm.mia', 'op.olga'];

/**
 * Every endpoint against every role: people on the deal get what their role allows; a director,
 * middle manager or operational user who is not on the deal gets 404, and never sees it listed.
 */
describe('per-deal authorization', () => {
  let app: TestApp;
  let deal: DealDriver;

  beforeAll(async () => {
    app = await TestApp.start();
    deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
  });

  afterAll(async () => {
    await app.close();
  });

  async function statuses(users: string[], request: (user: Awaited<ReturnType<TestApp['as']>>) => Promise<Response>) {
    const result: Record<string, number> = {};
    for (const userId of users) result[userId] = (await request(await app.as(userId))).status;
    return result;
  }
  const path = (suffix = '') => `/api/deals/${deal.dealId}${suffix}`;
  const all = (status: number, users: string[]) => Object.fromEntries(users.map((user) => [user, status]));

  it('reads: state and timeline for the people on the deal, 404 for everyone else', async () => {
    expect(await statuses([...ON_DEAL, ...OUTSIDERS], (user) => user.get(path()))).toEqual({ ...all(200, ON_DEAL), ...all(404, OUTSIDERS) });
    expect(await statuses([...ON_DEAL, ...OUTSIDERS], (user) => user.get(path('/timeline')))).toEqual({ ...all(200, ON_DEAL), ...all(404, OUTSIDERS) });
  });

  it('lists the deal only to the people on it', async () => {
    const listedTo = async (userId: string) => {
      const summaries = (await (await app.as(userId)).get('/api/deals').expect(200)).body as { dealId: string }[];
      return summaries.some((summary) => summary.dealId === deal.dealId);
    };
    await eventually(async () => {
      for (const userId of ON_DEAL) expect(await listedTo(userId)).toBe(true);
    });
    for (const userId of OUTSIDERS) expect(await listedTo(userId)).toBe(false);
    for (const outsider of OUTSIDERS) {
      const user = await app.as(outsider);
      const tasks = (await user.get('/api/tasks?assignee=me').expect(200)).body as { dealId: string }[];
      expect(tasks.filter((task) => task.dealId === deal.dealId)).toEqual([]);
    }
  });

  it('task commands: the assignee completes, the owner or a programme manager reassigns and moves due dates', async () => {
    const [processes, organisation, systems] = await deal.openTasks();
    const complete = (user: Awaited<ReturnType<TestApp['as']>>) => user.post(path(`/tasks/${processes!.id}/complete`), FEASIBLE);
    expect(await statuses(['pm.paula', 'dir.dana', 'mm.mark', ...OUTSIDERS], complete)).toEqual({
      ...all(403, ['pm.paula', 'dir.dana', 'mm.mark']),
      ...all(404, OUTSIDERS),
    });
    expect(await statuses(['op.otto'], complete)).toEqual({ 'op.otto': 200 });

    const reassign = (user: Awaited<ReturnType<TestApp['as']>>) =>
      user.post(path(`/tasks/${organisation!.id}/reassign`), { assignee: 'mm.mark', reason: 'Otto is on leave' });
    expect(await statuses(['dir.dana', 'op.otto', ...OUTSIDERS], reassign)).toEqual({ ...all(403, ['dir.dana', 'op.otto']), ...all(404, OUTSIDERS) });
    expect(await statuses(['mm.mark'], reassign)).toEqual({ 'mm.mark': 200 });

    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const move = (user: Awaited<ReturnType<TestApp['as']>>) => user.post(path(`/tasks/${systems!.id}/due-date`), { dueAt, reason: 'Visit moved' });
    expect(await statuses(['dir.dana', 'op.otto', ...OUTSIDERS], move)).toEqual({ ...all(403, ['dir.dana', 'op.otto']), ...all(404, OUTSIDERS) });
    expect(await statuses(['pm.paula'], move)).toEqual({ 'pm.paula': 200 });
  });

  it('incidents: anyone on the deal reports and handles them; outsiders get 404', async () => {
    const report = (user: Awaited<ReturnType<TestApp['as']>>) =>
      user.post(path('/incidents'), { severity: 'minor', title: 'Late pallet', description: 'Truck 4 was late.' });
    expect(await statuses([...OUTSIDERS], report)).toEqual(all(404, OUTSIDERS));
    expect(await statuses(ON_DEAL, report)).toEqual(all(201, ON_DEAL));
    const acknowledge = (user: Awaited<ReturnType<TestApp['as']>>) => user.post(path('/incidents/incident-1/acknowledge'));
    expect(await statuses(OUTSIDERS, acknowledge)).toEqual(all(404, OUTSIDERS));
    expect(await statuses(['op.otto'], acknowledge)).toEqual({ 'op.otto': 200 });
    const resolve = (user: Awaited<ReturnType<TestApp['as']>>) => user.post(path('/incidents/incident-1/resolve'), { resolution: 'Carrier briefed.' });
    expect(await statuses(OUTSIDERS, resolve)).toEqual(all(404, OUTSIDERS));
    expect(await statuses(['mm.mark'], resolve)).toEqual({ 'mm.mark': 200 });
  });

  it('deal commands: only programme managers cancel, only its directors terminate (and only when live)', async () => {
    const cancel = (user: Awaited<ReturnType<TestApp['as']>>) => user.post(path('/cancel'), { reason: 'No budget' });
    expect(await statuses(['dir.dana', 'mm.mark', 'op.otto', ...OUTSIDERS], cancel)).toEqual(all(403, ['dir.dana', 'mm.mark', 'op.otto', ...OUTSIDERS]));
    const terminate = (user: Awaited<ReturnType<TestApp['as']>>) => user.post(path('/terminate'), { reason: 'Acquired' });
    expect(await statuses(['pm.paula', 'mm.mark', 'op.otto', 'mm.mia', 'op.olga'], terminate)).toEqual(
      all(403, ['pm.paula', 'mm.mark', 'op.otto', 'mm.mia', 'op.olga']),
    );
    expect(await statuses(['dir.diego', 'dir.dana'], terminate)).toEqual({ 'dir.diego': 404, 'dir.dana': 409 });
    // Advice is for advisors, and only those named on the deal: this one names none.
    const advise = (user: Awaited<ReturnType<TestApp['as']>>) => user.post(path('/advice'), { text: 'Pilot the night shift first.' });
    expect(await statuses([...ON_DEAL, ...OUTSIDERS, 'adv.ada'], advise)).toEqual({ ...all(403, [...ON_DEAL, ...OUTSIDERS]), 'adv.ada': 404 });
    expect((await deal.state()).stage).toBe('exploration');
    expect((await deal.state()).advice).toBeUndefined();
  });
});
