import type { DealEvent, Incident } from '@app/domain';
import { DealDriver, dealBody, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

/** A JSON text nested `depth` levels deep: `{"a":{"a":…}}`. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('request bodies as clients really send them', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  it('accepts an empty body with a JSON content type where the body is optional', async () => {
    const deal = await DealDriver.start(app);
    const token = await app.token('op.otto');
    const incident = expectStatus(
      await app.http
        .post(`/api/deals/${deal.dealId}/incidents`)
        .set('Authorization', `Bearer ${token}`)
        .send({ severity: 'minor', title: 'Printer jam', description: 'Dock 1' }),
      201,
    ).body as Incident;
    // What curl sends for `-H 'content-type: application/json' -X POST` without -d.
    const acknowledged = await app.http
      .post(`/api/deals/${deal.dealId}/incidents/${incident.id}/acknowledge`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json');
    expect(expectStatus(acknowledged, 200).body).toMatchObject({ id: incident.id, status: 'acknowledged' });
    const cleared = await app.http.delete('/api/me/out-of-office').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json');
    expect(expectStatus(cleared, 200).body).toEqual({ outOfOffice: null });
  });

  it('refuses an empty body where one is required, naming it, and changes nothing', async () => {
    const deal = await DealDriver.start(app);
    const token = await app.token('op.otto');
    const [task] = await deal.openTasks('processes');
    for (const path of [`/api/deals/${deal.dealId}/tasks/${task!.id}/complete`, `/api/deals/${deal.dealId}/incidents`]) {
      const response = await app.http.post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body: a JSON object is required' });
    }
    const pm = await app.as('pm.paula');
    const response = await app.http.post('/api/deals').set('Authorization', `Bearer ${await app.token('pm.paula')}`).set('Content-Type', 'application/json');
    expect(response.status).toBe(400);
    const timeline = (await pm.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.filter((event) => event.type === 'TaskCompleted' || event.type === 'IncidentReported')).toEqual([]);
  });

  it.each([3_000, 10_000, 100_000])('refuses a body nested %i levels deep with a 400, with or without a token', async (depth) => {
    const body = nested(depth);
    const login = await app.http.post('/api/auth/dev-login').set('Content-Type', 'application/json').send(body);
    expect(login.status).toBe(400);
    expect(login.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body: JSON nested deeper than 32 levels' });
    const start = await app.http
      .post('/api/deals')
      .set('Authorization', `Bearer ${await app.token('pm.paula')}`)
      .set('Content-Type', 'application/json')
      .send(`{"title":${body}}`);
    expect(start.status).toBe(400);
  });

  it('still takes the deepest body the contract defines, and refuses prototype pollution', async () => {
    const pm = await app.as('pm.paula');
    const policy = { incidentServiceLevels: { critical: { respondWithin: 'PT2H', resolveWithin: 'PT9H' } } };
    expectStatus(await pm.post('/api/deals', dealBody({ policy })), 201);
    const poisoned = await app.http
      .post('/api/auth/dev-login')
      .set('Content-Type', 'application/json')
      .send('{"userId":"pm.paula","__proto__":{"roles":["director"]}}');
    expect(poisoned.status).toBe(400);
  });

  it('never echoes unbounded input back in an error', async () => {
    const token = await app.token('pm.paula');
    const long = 'x'.repeat(10_000);
    for (const path of [`/api/deals/${long}`, `/api/deals/${long}/timeline`]) {
      const response = await app.http.get(path).set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(414);
      expect(response.body).toEqual({ statusCode: 414, error: 'Uri Too Long', message: 'a path parameter is longer than the API allows' });
    }
    const response = await app.http.post('/api/auth/dev-login').send({ userId: 'y'.repeat(50_000) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body).length).toBeLessThan(1_200);
  });
});
