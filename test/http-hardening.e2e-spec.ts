import { PassThrough } from 'node:stream';
import { DealDriver, dealBody, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

/** A secret the logs, the errors and the OpenAPI document must never show. */
const SIGNING_SECRET = 'hardening-signing-secret-7f3a9c';

describe('HTTP hardening and request logs', () => {
  let app: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().split('\n').filter(Boolean)));
    app = await TestApp.start(
      { LOG_LEVEL: 'info', RATE_LIMIT_USER_PER_MINUTE: '40', HTTP_BODY_LIMIT_BYTES: '65536', WEBHOOK_SIGNING_SECRET: SIGNING_SECRET },
      { logStream },
    );
  });

  afterAll(async () => {
    await app.close();
  });

  it('sends secure headers and no CORS headers by default', async () => {
    const response = await app.http.get('/api/health').set('Origin', 'https://elsewhere.example').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a body over the size limit with 413', async () => {
    const pm = await app.as('pm.paula');
    const response = await pm.post('/api/deals', { ...dealBody(), padding: 'x'.repeat(70_000) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('logs one structured line per request with user, deal and workflow, and never the token', async () => {
    const deal = await DealDriver.start(app);
    const token = await app.token('op.otto');
    await app.http.get(`/api/deals/${deal.dealId}?secret=hidden`).set('Authorization', `Bearer ${token}`).expect(200);
    const line = logLines.map((raw) => JSON.parse(raw) as Record<string, unknown>).find((entry) => entry.path === `/api/deals/${deal.dealId}` && entry.userId === 'op.otto');
    expect(line).toMatchObject({ msg: 'request', method: 'GET', status: 200, dealId: deal.dealId, workflowId: `deal:${deal.dealId}`, route: '/api/deals/:dealId' });
    expect(typeof line?.requestId).toBe('string');
    expect(logLines.join('\n')).not.toContain(token);
    expect(logLines.join('\n')).not.toContain('hidden');
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a loopback, link-local or private address'],
    ['http://[::1]:8080/hook', '::1 is a loopback, link-local or private address'],
    ['http://10.1.2.3/hook', '10.1.2.3 is a loopback, link-local or private address'],
    ['http://localhost:8080/hook', 'localhost resolves to'],
  ])('refuses a webhook %s inside the network (no request forgery), naming the field, and keeps the preferences', async (url, message) => {
    const dana = await app.as('dir.dana');
    const before = (await dana.get('/api/me/notifications').expect(200)).body as unknown;
    const refusal = expectStatus(await dana.put('/api/me/notifications', { email: null, webhook: { url, flavour: 'json' } }), 400);
    expect(String(refusal.body.message)).toContain(`webhook.url: ${message}`);
    expect((await dana.get('/api/me/notifications').expect(200)).body).toEqual(before);
  });

  it('never shows a configured secret in the logs, the error answers or the OpenAPI document', async () => {
    const docs = await app.http.get('/api/docs-json').expect(200);
    const pm = await app.as('pm.paula');
    const errors = [await pm.post('/api/deals', { nonsense: true }), await pm.get('/api/deals/no-such-deal'), await app.http.get('/api/deals').set('Authorization', 'Bearer forged')];
    expect(errors.map((response) => response.status)).toEqual([400, 404, 401]);
    for (const text of [docs.text, ...errors.map((response) => response.text), logLines.join('\n')]) expect(text).not.toContain(SIGNING_SECRET);
  });

  it('limits requests per user with 429, without holding back other users', async () => {
    const mia = await app.as('mm.mia');
    let refused: number | undefined;
    for (let attempt = 0; attempt < 60 && refused === undefined; attempt += 1) {
      const response = await mia.get('/api/tasks?assignee=me');
      if (response.status === 429) refused = attempt;
      else expect(response.status).toBe(200);
    }
    expect(refused).toBeDefined();
    const response = await mia.get('/api/tasks?assignee=me');
    expect(response.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expectStatus(await (await app.as('mm.mark')).get('/api/tasks?assignee=me'), 200);
  });
});

describe('CORS for configured origins', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ CORS_ORIGINS: 'https://groundwork.example' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers only the configured origin', async () => {
    const allowed = await app.http.get('/api/health').set('Origin', 'https://groundwork.example').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://groundwork.example');
    const other = await app.http.get('/api/health').set('Origin', 'https://elsewhere.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit per client address', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_IP_PER_MINUTE: '15' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 429 to an address past its budget, even without a token', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt += 1) statuses.push((await app.http.get('/api/auth/settings')).status);
    expect(statuses.slice(0, 15).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(15)).toEqual([429, 429, 429, 429, 429]);
    // Probes and scrapes are never throttled: an orchestrator must not take a busy instance for a dead one.
    await app.http.get('/api/health/live').expect(200);
    await app.http.get('/metrics').expect(200);
  });
});
