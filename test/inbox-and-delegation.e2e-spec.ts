import type { DealEvent, Task } from '@app/domain';
import { DealDriver, expectStatus } from './support/deal-driver';
import { signalsOf } from './support/signals';
import { TestApp, eventually } from './support/test-app';

interface ListedTask {
  id: string;
  dealId: string;
  kind: string;
  level: string;
  dueAt: string;
}

describe('task inbox, out-of-office delegation and comments', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  it('filters the inbox by deal, kind, level and overdue, sorted by due time and paged', async () => {
    const overdueSoon = await DealDriver.start(app, { policy: { taskDue: { exploration: 'PT2S' } }, operationalStaff: ['op.olga'] });
    const later = await DealDriver.start(app, { operationalStaff: ['op.olga'] });
    const olga = await app.as('op.olga');
    const inbox = async (query: string) => {
      const response = await olga.get(`/api/tasks?assignee=me&${query}`).expect(200);
      return { total: Number(response.headers['x-total-count']), tasks: response.body as ListedTask[] };
    };
    const mine = (tasks: ListedTask[]) => tasks.filter((task) => [overdueSoon.dealId, later.dealId].includes(task.dealId));

    const ofLater = await inbox(`dealId=${later.dealId}`);
    expect(ofLater.total).toBe(4);
    expect(ofLater.tasks.map((task) => task.kind)).toEqual(['processes', 'organisation', 'systems', 'people']);
    expect((await inbox(`dealId=${later.dealId}&kind=systems`)).tasks.map((task) => task.id)).toEqual(['systems-3']);
    const paged = await inbox(`dealId=${later.dealId}&limit=2&offset=1`);
    expect(paged).toMatchObject({ total: 4 });
    expect(paged.tasks.map((task) => task.kind)).toEqual(['organisation', 'systems']);

    await eventually(async () => {
      const overdue = mine((await inbox('overdue=true')).tasks);
      expect(overdue.map((task) => task.dealId)).toEqual([overdueSoon.dealId, overdueSoon.dealId, overdueSoon.dealId, overdueSoon.dealId]);
    });
    expect(mine((await inbox('overdue=false')).tasks).every((task) => task.dealId === later.dealId)).toBe(true);
    await eventually(async () => {
      const escalated = mine((await inbox('level=tactical')).tasks);
      expect(escalated.map((task) => task.dealId)).toEqual(Array(4).fill(overdueSoon.dealId));
    });
    const all = mine((await inbox('')).tasks);
    expect(all.map((task) => task.dueAt)).toEqual([...all.map((task) => task.dueAt)].sort());
    await olga.get('/api/tasks?level=galactic').expect(400);
    await olga.get('/api/tasks?limit=0').expect(400);
  });

  it("sends new tasks to a delegate while their assignee is away, leaving the owner's escalation ladder as it was", async () => {
    const otto = await app.as('op.otto');
    const from = new Date(Date.now() - 60_000).toISOString();
    const until = new Date(Date.now() + 86_400_000).toISOString();
    // The period is set with PUT; POST is a method this path does not serve.
    expect(expectStatus(await otto.post('/api/me/out-of-office', {}), 405).headers.allow).toBe('DELETE, GET, HEAD, PUT');
    const set = await app.http.put('/api/me/out-of-office').set('Authorization', `Bearer ${await app.token('op.otto')}`).send({ from, until, delegate: 'op.olga' });
    expect(expectStatus(set, 200).body).toEqual({ outOfOffice: { from, until, delegate: 'op.olga' } });
    const refused = await app.http.put('/api/me/out-of-office').set('Authorization', `Bearer ${await app.token('op.otto')}`).send({ from: until, until: from, delegate: 'op.olga' });
    expect(expectStatus(refused, 400).body.message).toContain('until must be later than from');

    const deal = await DealDriver.start(app, { operationalStaff: ['op.otto'], tacticalLeads: ['mm.mark'] });
    await eventually(async () => {
      const tasks = (await deal.state()).tasks;
      expect(tasks.map((task) => [task.assignee, task.delegatedFrom, task.owner])).toEqual(Array(4).fill(['op.olga', 'op.otto', 'mm.mark']));
    });
    const timeline = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.filter((event) => event.type === 'TaskDelegated')).toHaveLength(4);
    // Told once, whoever has the task: the delegate; the notices to Otto at opening were dropped.
    const assignedTo = async (userId: string, dealId: string) => (await signalsOf(app, userId, dealId)).filter((signal) => signal.type === 'task-assigned').length;
    await eventually(async () => expect(await assignedTo('op.olga', deal.dealId)).toBe(4));
    expect(await assignedTo('op.otto', deal.dealId)).toBe(0);

    await app.http.delete('/api/me/out-of-office').set('Authorization', `Bearer ${await app.token('op.otto')}`).expect(200);
    expect((await otto.get('/api/me/out-of-office').expect(200)).body).toEqual({ outOfOffice: null });
    const back = await DealDriver.start(app, { operationalStaff: ['op.otto'], tacticalLeads: ['mm.mark'] });
    expect((await back.state()).tasks.every((task) => task.assignee === 'op.otto')).toBe(true);
    expect(await assignedTo('op.otto', back.dealId)).toBe(4);
  });

  it('keeps a comment thread per task for the people on the deal', async () => {
    const deal = await DealDriver.start(app, { tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const mark = await app.as('mm.mark');
    const otto = await app.as('op.otto');
    expectStatus(await mark.post(`/api/deals/${deal.dealId}/tasks/processes-1/comments`, { text: 'Start with the night shift.' }), 201);
    const answered = expectStatus(await otto.post(`/api/deals/${deal.dealId}/tasks/processes-1/comments`, { text: 'Booked for Tuesday.' }), 201).body as Task;
    expect(answered.comments?.map((comment) => [comment.author, comment.text])).toEqual([
      ['mm.mark', 'Start with the night shift.'],
      ['op.otto', 'Booked for Tuesday.'],
    ]);
    expectStatus(await (await app.as('mm.mia')).post(`/api/deals/${deal.dealId}/tasks/processes-1/comments`, { text: 'Hi' }), 404);
    expectStatus(await mark.post(`/api/deals/${deal.dealId}/tasks/processes-1/comments`, { text: '' }), 400);
  });
});
