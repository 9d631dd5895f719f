import type { DealEvent } from '@app/domain';
import { DealDriver, FEASIBLE, expectStatus } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

interface ListedTask {
  id: string;
  dealId: string;
  kind: string;
  assignee: string;
  dueAt: string;
}

describe('lists from Temporal visibility, and reassignment', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  it("lists a user's open tasks across deals, soonest due first, and drops them once done", async () => {
    const later = await DealDriver.start(app, { explorationDeadline: new Date(Date.now() + 20 * 86_400_000).toISOString() });
    const sooner = await DealDriver.start(app, { explorationDeadline: new Date(Date.now() + 10 * 86_400_000).toISOString() });
    const otto = await app.as('op.otto');
    // Every page, by the cursor the API hands out: other specs leave open tasks of op.otto in the shared store.
    const mine = async () => {
      const tasks: ListedTask[] = [];
      let cursor: string | undefined;
      do {
        const response = await otto.get(`/api/tasks?assignee=me&limit=200${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        tasks.push(...(response.body as ListedTask[]));
        cursor = response.headers['x-next-cursor'];
      } while (cursor);
      return tasks.filter((task) => [later.dealId, sooner.dealId].includes(task.dealId));
    };

    const listed = await mine();
    expect(listed.map((task) => [task.dealId, task.kind])).toEqual([
      [sooner.dealId, 'processes'],
      [sooner.dealId, 'systems'],
      [later.dealId, 'processes'],
      [later.dealId, 'systems'],
    ]);
    expect(listed.every((task) => task.assignee === 'op.otto')).toBe(true);

    const [processes] = await sooner.openTasks('processes');
    expectStatus(await sooner.complete(processes!, FEASIBLE), 200);
    await eventually(async () => {
      expect((await mine()).map((task) => [task.dealId, task.kind])).toEqual([
        [sooner.dealId, 'systems'],
        [later.dealId, 'processes'],
        [later.dealId, 'systems'],
      ]);
    });
  });

  it('lets a programme manager read the tasks of another user, but nobody else', async () => {
    const olga = await app.as('op.olga');
    await olga.get('/api/tasks?assignee=op.otto').expect(403);
    const pm = await app.as('pm.paula');
    await pm.get('/api/tasks?assignee=op.otto').expect(200);
  });

  it('lists deals by stage and customer', async () => {
    const customer = `Listed customer ${Date.now()}`;
    const exploring = await DealDriver.start(app, { customer: { name: customer, segment: 'smb' } });
    const abandoned = await DealDriver.start(app, { customer: { name: customer, segment: 'smb' } });
    const pm = await app.as('pm.paula');
    expectStatus(await pm.post(`/api/deals/${abandoned.dealId}/cancel`, { reason: 'The customer went elsewhere.' }), 200);

    const query = (filter: string) => pm.get(`/api/deals?customer=${encodeURIComponent(customer)}${filter}`).expect(200);
    await eventually(async () => {
      const all = (await query('')).body as { dealId: string; stage: string }[];
      expect(all.map((deal) => [deal.dealId, deal.stage]).sort()).toEqual(
        [
          [exploring.dealId, 'exploration'],
          [abandoned.dealId, 'abandoned'],
        ].sort(),
      );
      const onlyAbandoned = (await query('&stage=abandoned')).body as { dealId: string }[];
      expect(onlyAbandoned.map((deal) => deal.dealId)).toEqual([abandoned.dealId]);
    });
    expect((await pm.get('/api/deals?stage=sleeping').expect(400)).body.message).toContain('stage must be one of');
  });

  it('lets the owner reassign a task with a reason; the new assignee completes it and the timeline shows it', async () => {
    const deal = await DealDriver.start(app);
    const [processes] = await deal.openTasks('processes');
    expect(processes).toMatchObject({ assignee: 'op.otto', owner: 'mm.mark' });

    const mark = await app.as('mm.mark');
    const reassigned = expectStatus(
      await mark.post(`/api/deals/${deal.dealId}/tasks/${processes!.id}/reassign`, { assignee: 'op.olga', reason: 'Otto is on leave this month' }),
      200,
    );
    expect(reassigned.body).toMatchObject({ id: processes!.id, assignee: 'op.olga', status: 'open' });
    expectStatus(await deal.complete(processes!, FEASIBLE, 'op.otto'), 403);
    expectStatus(await deal.complete(processes!, FEASIBLE, 'op.olga'), 200);

    const timeline = (await mark.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.find((event) => event.type === 'TaskReassigned')).toMatchObject({
      actor: 'mm.mark',
      data: { taskId: processes!.id, from: 'op.otto', to: 'op.olga', reason: 'Otto is on leave this month' },
    });
    expect(timeline.find((event) => event.type === 'TaskCompleted')?.actor).toBe('op.olga');
  });

  it('ends a live relationship when a sponsoring director terminates it, and a rejected contract given up as rejected', async () => {
    const live = await DealDriver.start(app);
    await live.explore();
    await live.decide('go');
    await live.draftContract();
    const pm = await app.as('pm.paula');
    expectStatus(await pm.post(`/api/deals/${live.dealId}/terminate`, { reason: 'too early' }), 403);
    await live.ratifyAll();
    expectStatus(await pm.post(`/api/deals/${live.dealId}/cancel`, { reason: 'changed my mind' }), 409);
    const dana = await app.as('dir.dana');
    expect(expectStatus(await dana.post(`/api/deals/${live.dealId}/terminate`, { reason: 'The customer was acquired.' }), 200).body.stage).toBe('terminated');
    expect((await live.state()).closedReason).toBe('The customer was acquired.');

    const refused = await DealDriver.start(app);
    await refused.explore();
    await refused.decide('go');
    await refused.draftContract();
    const [ratification] = await refused.openTasks('ratification');
    expectStatus(await refused.complete(ratification!, { decision: 'reject', reason: 'The service levels do not fit us.' }), 200);
    expectStatus(await refused.complete(ratification!, { decision: 'reject' }), 409);
    expect(expectStatus(await pm.post(`/api/deals/${refused.dealId}/cancel`, { reason: 'No agreement possible.' }), 200).body.stage).toBe('rejected');
  });

  it('serves its OpenAPI description', async () => {
    const spec = (await app.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/deals', '/api/deals/{dealId}', '/api/deals/{dealId}/tasks/{taskId}/complete', '/api/tasks', '/api/signals']),
    );
    expect((await app.http.get('/api/docs').expect(200)).text).toContain('swagger');
  });
});
