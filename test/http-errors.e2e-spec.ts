import type { DealEvent } from '@app/domain';
import { DealDriver, FEASIBLE, dealBody, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

describe('the HTTP contract refuses bad requests with clear 4xx errors and changes nothing', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  async function timelineLength(deal: DealDriver): Promise<number> {
    const pm = await app.as('pm.paula');
    return ((await pm.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[]).length;
  }

  describe('401 without a valid identity', () => {
    it('refuses a request without a token, with the error shape of the contract', async () => {
      const response = await app.http.get('/api/deals').expect(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('bearer token') });
    });

    it('refuses a tampered token and an unknown demo user', async () => {
      const token = await app.token('pm.paula');
      const [header, payload, signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['director'] })).toString('base64url');
      await app.http.get('/api/deals').set('Authorization', `Bearer ${header}.${forged}.${signature}`).expect(401);
      await app.http.post('/api/auth/dev-login').send({ userId: 'mallory' }).expect(401);
    });

    it('lets anyone read health', async () => {
      expect((await app.http.get('/api/health').expect(200)).body).toMatchObject({ status: 'ok' });
    });
  });

  describe('400 for invalid input, naming the field', () => {
    it('refuses a start body beyond the text limits, with unknown fields or a broken policy, and starts nothing', async () => {
      const pm = await app.as('pm.paula');
      const body = dealBody();
      const cases: [Record<string, unknown>, string][] = [
        [{ ...body, title: 'x'.repeat(201) }, 'title must be shorter than or equal to 200 characters'],
        [{ ...body, customer: { name: 'Acme', segment: 'galactic' } }, 'customer.segment must be one of the following values'],
        [{ ...body, directors: [] }, 'directors must contain at least 1 elements'],
        [{ ...body, directors: ['op.otto'] }, 'directors[0]: op.otto is not a director'],
        [{ ...body, discount: 5 }, 'property discount should not exist'],
        [{ ...body, policy: { taskDue: { contract: 'ten days' } } }, 'policy.taskDue.contract must be a positive ISO 8601 duration'],
        [{ ...body, explorationDeadline: '2001-01-01T00:00:00Z' }, 'explorationDeadline must lie in the future'],
        [{ ...body, explorationDeadline: '2999-01-01T00:00:00Z' }, 'explorationDeadline must lie within P5Y'],
        [{ ...body, calendar: { timeZone: 'Mars/Olympus' } }, 'calendar.timeZone must be an IANA time zone'],
        [{ ...body, calendar: { timeZone: 'Europe/Amsterdam', workingHours: { start: '17:00', end: '09:00' } } }, 'calendar.workingHours.end must be later'],
        [
          { ...body, calendar: { timeZone: 'Europe/Amsterdam' }, policy: { taskDue: { contract: 'P1M' } } },
          'policy.taskDue.contract: P1M: months and years have no fixed length in working time',
        ],
        [{ ...body, policy: { reminderAt: 1.5 } }, 'policy.reminderAt must be a number between 0 and 1'],
        [{ ...body, operationalStaff: Array.from({ length: 51 }, (_, i) => `op.${i}`) }, 'operationalStaff must contain no more than 50 elements'],
      ];
      for (const [invalid, message] of cases) {
        const response = expectStatus(await pm.post('/api/deals', invalid), 400);
        expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(message) });
      }
      await pm.get(`/api/deals/${body.dealId as string}`).expect(404);
    });

    it('refuses malformed JSON', async () => {
      const response = await app.http
        .post('/api/deals')
        .set('Authorization', `Bearer ${await app.token('pm.paula')}`)
        .set('Content-Type', 'application/json')
        .send('{"title": ');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('refuses a list cursor it did not hand out, and a sort it does not know', async () => {
      const pm = await app.as('pm.paula');
      expect((await pm.get('/api/deals?cursor=not-a-cursor').expect(400)).body.message).toContain('cursor');
      expect((await pm.get('/api/deals?sort=random').expect(400)).body.message).toContain('sort');
    });

    it('refuses an invalid task result and leaves the deal as it was', async () => {
      const deal = await DealDriver.start(app);
      const [task] = await deal.openTasks('processes');
      const before = await deal.state();
      const length = await timelineLength(deal);
      const cases: [object, string][] = [
        [{ assessment: 'feasible', substantiation: 'too short' }, 'substantiation must be longer than or equal to 20 characters'],
        [{ assessment: 'feasible', substantiation: 'x'.repeat(10_001) }, 'substantiation must be shorter than or equal to 10000 characters'],
        [{ assessment: 'maybe', substantiation: FEASIBLE.substantiation }, 'assessment must be one of the following values'],
        [{ assessment: 'conditional', substantiation: FEASIBLE.substantiation }, 'conditions must name at least one condition'],
        [{ ...FEASIBLE, verdict: 'yes' }, 'property verdict should not exist'],
      ];
      for (const [result, message] of cases) {
        expect(expectStatus(await deal.complete(task!, result), 400).body.message).toContain(message);
      }
      expect(await deal.state()).toEqual(before);
      expect(await timelineLength(deal)).toBe(length);
    });
  });

  describe('403 for a forbidden action', () => {
    it('lets only programme managers start and cancel deals', async () => {
      const operational = await app.as('op.otto');
      expect(expectStatus(await operational.post('/api/deals', dealBody()), 403).body.message).toContain('programme-manager');
      const deal = await DealDriver.start(app);
      const manager = await app.as('mm.mark');
      expectStatus(await manager.post(`/api/deals/${deal.dealId}/cancel`, { reason: 'I would rather not' }), 403);
      expect((await deal.state()).stage).toBe('exploration');
    });

    it("refuses to complete someone else's task and to reassign a task one does not own", async () => {
      const deal = await DealDriver.start(app);
      const [task] = await deal.openTasks('processes');
      expect(expectStatus(await deal.complete(task!, FEASIBLE, 'op.olga'), 403).body.message).toContain('only the assignee');
      const olga = await app.as('op.olga');
      const reassign = await olga.post(`/api/deals/${deal.dealId}/tasks/${task!.id}/reassign`, { assignee: 'op.olga', reason: 'mine now' });
      expectStatus(reassign, 403);
      expect((await deal.openTasks('processes'))[0]?.assignee).toBe('op.otto');
    });

    it('lets only a director terminate', async () => {
      const deal = await DealDriver.start(app, { directors: ['dir.dana'] });
      const lead = await app.as('mm.mark');
      expect(expectStatus(await lead.post(`/api/deals/${deal.dealId}/terminate`, { reason: 'not mine' }), 403).body.message).toContain('director');
    });
  });

  describe('404 for an unknown deal or task', () => {
    it('does not know a deal that was never started, nor tasks that do not exist', async () => {
      const pm = await app.as('pm.paula');
      await pm.get('/api/deals/no-such-deal').expect(404);
      await pm.get('/api/deals/no-such-deal/timeline').expect(404);
      const deal = await DealDriver.start(app);
      const otto = await app.as('op.otto');
      await otto.post(`/api/deals/${deal.dealId}/tasks/processes-99/complete`, FEASIBLE).expect(404);
      await otto.post(`/api/deals/${deal.dealId}/tasks/not-a-task/complete`, FEASIBLE).expect(404);
      await otto.post(`/api/deals/no-such-deal/tasks/processes-1/complete`, FEASIBLE).expect(404);
    });

    it('hides a deal from users who are not on it', async () => {
      const deal = await DealDriver.start(app, { operationalStaff: ['op.otto'] });
      const olga = await app.as('op.olga');
      await olga.get(`/api/deals/${deal.dealId}`).expect(404);
      await olga.get(`/api/deals/${deal.dealId}/timeline`).expect(404);
    });
  });

  describe('409 for a conflict', () => {
    it('refuses a second deal with the same ID', async () => {
      const pm = await app.as('pm.paula');
      const body = dealBody();
      await pm.post('/api/deals', body).expect(201);
      const again = expectStatus(await pm.post('/api/deals', { ...body, title: 'A second deal' }), 409);
      expect(again.body.message).toContain('already exists');
      expect((await pm.get(`/api/deals/${body.dealId as string}`).expect(200)).body.title).toBe(body.title);
    });

    it('refuses to complete a task twice, and any change to a deal that has ended', async () => {
      const deal = await DealDriver.start(app);
      const [task] = await deal.openTasks('processes');
      expectStatus(await deal.complete(task!, FEASIBLE), 200);
      expect(expectStatus(await deal.complete(task!, FEASIBLE), 409).body.message).toContain('no longer open');

      const pm = await app.as('pm.paula');
      expectStatus(await pm.post(`/api/deals/${deal.dealId}/cancel`, { reason: 'The customer chose another supplier.' }), 200);
      const ended = await deal.state();
      expect(ended.stage).toBe('abandoned');
      expectStatus(await pm.post(`/api/deals/${deal.dealId}/cancel`, { reason: 'again' }), 409);
      const [organisation] = ended.tasks.filter((candidate) => candidate.kind === 'organisation');
      expectStatus(await deal.complete(organisation!, FEASIBLE), 409);
    });
  });
});
