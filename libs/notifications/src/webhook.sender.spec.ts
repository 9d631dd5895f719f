import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, PermanentDeliveryError } from './delivery.errors';
import { goNoGoSignal, notificationOf, reminderSignal } from './notification.fixtures';
import { WebhookConfig } from './notifications.config';
import { renderWebhookPayload } from './render';
import { WebhookSender } from './webhook.sender';
import { verifyWebhookSignature } from './webhook.signature';

const SECRET = 'webhook-test-secret';
/** The receivers here listen on loopback, which only a configured private network may reach. */
const LOOPBACK_ALLOWED = { allowedHosts: [], allowPrivateNetworks: true };

interface Request {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback; the path picks how it answers. */
async function startReceiver(): Promise<{ server: Server; base: string; requests: Request[] }> {
  const requests: Request[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      switch (new URL(req.url ?? '/', 'http://receiver').pathname) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        case '/accepted':
          res.writeHead(202).end();
          return;
        case '/broken':
          res.writeHead(500, { 'content-type': 'text/plain' }).end('database on fire');
          return;
        case '/gone':
          res.writeHead(404, { 'content-type': 'text/plain' }).end('no_service');
          return;
        case '/busy':
          res.writeHead(429, { 'retry-after': '7' }).end();
          return;
        case '/slow-to-answer':
          res.writeHead(408).end();
          return;
        case '/moved':
          res.writeHead(301, { location: '/ok' }).end();
          return;
        case '/hang':
          return; // never answers
        default:
          res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('WebhookSender', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const sender = new WebhookSender(new WebhookConfig({ signingSecret: SECRET, timeoutMs: 2_000, targets: LOOPBACK_ALLOWED }));

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await sender.onModuleDestroy();
    receiver.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => receiver.server.close((error) => (error ? reject(error) : resolve())));
  });

  beforeEach(() => {
    receiver.requests.length = 0;
  });

  it('posts the payload as JSON with the delivery ID, a timestamp and a valid signature', async () => {
    const notification = notificationOf(goNoGoSignal, { id: 'delivery-9:dir.dana' });
    const before = Math.floor(Date.now() / 1000);

    await sender.send(notification, { type: 'webhook', url: `${receiver.base}/ok`, flavour: 'json' });

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests as [Request];
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-groundwork-delivery']).toBe('delivery-9:dir.dana');
    const timestamp = Number(request.headers['x-groundwork-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(request.headers['x-groundwork-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(request.body)).toEqual({ id: 'delivery-9:dir.dana', type: 'go-no-go', recipient: notification.recipient, signal: goNoGoSignal });

    const signature = request.headers['x-groundwork-signature'] as string;
    expect(verifyWebhookSignature(SECRET, request.headers['x-groundwork-timestamp'] as string, request.body, signature)).toBe(true);
    expect(verifyWebhookSignature(SECRET, timestamp, Buffer.from(request.body), signature)).toBe(true);
    expect(verifyWebhookSignature('another-secret', timestamp, request.body, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp + 1, request.body, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, `${request.body} `, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, request.body, signature.slice(0, -2))).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, request.body, undefined)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, request.body, signature, { nowSeconds: timestamp + 301 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, request.body, signature, { nowSeconds: timestamp + 301, toleranceSeconds: Infinity })).toBe(true);
  });

  it('posts the Slack and Teams flavours as rendered', async () => {
    const notification = notificationOf(reminderSignal);

    await sender.send(notification, { type: 'webhook', url: `${receiver.base}/ok`, flavour: 'slack' });
    await sender.send(notification, { type: 'webhook', url: `${receiver.base}/accepted`, flavour: 'teams' });

    expect(receiver.requests.map((request) => JSON.parse(request.body) as unknown)).toEqual([
      renderWebhookPayload(notification, 'slack'),
      renderWebhookPayload(notification, 'teams'),
    ]);
  });

  it('fails retryably on a 5xx, naming the status but not the full URL', async () => {
    const attempt = sender.send(notificationOf(reminderSignal), { type: 'webhook', url: `${receiver.base}/broken?token=secret-path`, flavour: 'json' });

    await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
    await expect(attempt).rejects.not.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toMatchObject({
      name: 'DeliveryError',
      status: 500,
      nonRetryable: false,
      message: `Webhook delivery to ${receiver.base} failed with HTTP 500 Internal Server Error: database on fire`,
    });
  });

  it('fails permanently on a 404', async () => {
    const attempt = sender.send(notificationOf(reminderSignal), { type: 'webhook', url: `${receiver.base}/gone`, flavour: 'slack' });

    await expect(attempt).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toMatchObject({ name: 'PermanentDeliveryError', status: 404, nonRetryable: true, message: expect.stringContaining('HTTP 404') });
  });

  it('fails retryably on 408 and 429, passing on Retry-After', async () => {
    const busy = sender.send(notificationOf(reminderSignal), { type: 'webhook', url: `${receiver.base}/busy`, flavour: 'json' });
    await expect(busy).rejects.toMatchObject({ name: 'DeliveryError', status: 429, retryAfterMs: 7_000 });

    const slow = sender.send(notificationOf(reminderSignal), { type: 'webhook', url: `${receiver.base}/slow-to-answer`, flavour: 'json' });
    await expect(slow).rejects.toMatchObject({ name: 'DeliveryError', status: 408 });
  });

  it('does not follow a redirect', async () => {
    const attempt = sender.send(notificationOf(reminderSignal), { type: 'webhook', url: `${receiver.base}/moved`, flavour: 'json' });

    await expect(attempt).rejects.toMatchObject({ name: 'DeliveryError', status: 301 });
    expect(receiver.requests.map((request) => request.url)).toEqual(['/moved']);
  });

  it('times out on a receiver that never answers', async () => {
    const impatient = new WebhookSender(new WebhookConfig({ signingSecret: SECRET, timeoutMs: 150, targets: LOOPBACK_ALLOWED }));
    const started = Date.now();

    const attempt = impatient.send(notificationOf(reminderSignal), { type: 'webhook', url: `${receiver.base}/hang`, flavour: 'json' });

    await expect(attempt).rejects.toMatchObject({ name: 'DeliveryError', message: `Webhook delivery to ${receiver.base} timed out after 150 ms` });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('fails retryably when nobody listens, and permanently on a URL it cannot use', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    await expect(
      sender.send(notificationOf(reminderSignal), { type: 'webhook', url: `http://127.0.0.1:${port}/ok`, flavour: 'json' }),
    ).rejects.toMatchObject({ name: 'DeliveryError', message: expect.stringContaining(`Webhook delivery to http://127.0.0.1:${port} failed`) });
    await expect(sender.send(notificationOf(reminderSignal), { type: 'webhook', url: 'not a url', flavour: 'json' })).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    await expect(
      sender.send(notificationOf(reminderSignal), { type: 'webhook', url: 'ftp://127.0.0.1/ok', flavour: 'json' }),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('WebhookSender under the target rules (no request forgery)', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let port: number;
  const publicOnly = new WebhookSender(new WebhookConfig({ signingSecret: SECRET, timeoutMs: 2_000 }));
  const allowListed = new WebhookSender(new WebhookConfig({ signingSecret: SECRET, timeoutMs: 2_000, targets: { allowedHosts: ['*.slack.com'], allowPrivateNetworks: true } }));
  const send = (sender: WebhookSender, url: string) => sender.send(notificationOf(reminderSignal), { type: 'webhook', url, flavour: 'json' });

  beforeAll(async () => {
    receiver = await startReceiver();
    port = Number(new URL(receiver.base).port);
  });

  afterAll(async () => {
    await Promise.all([publicOnly.onModuleDestroy(), allowListed.onModuleDestroy()]);
    receiver.server.closeAllConnections();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  });

  it.each(['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '169.254.169.254', '10.0.0.7', '192.168.1.1', '0.0.0.0'])('refuses %s, written in the URL, for good and before connecting', async (host) => {
    const attempt = send(publicOnly, `http://${host}:${port}/ok`);
    await expect(attempt).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining('a loopback, link-local or private address') });
    expect(receiver.requests).toEqual([]);
  });

  it('refuses a name that resolves inside the network, on the connection itself', async () => {
    const attempt = send(publicOnly, `http://localhost:${port}/ok`);
    await expect(attempt).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), a loopback/) });
    expect(receiver.requests).toEqual([]);
  });

  it('sends only to the allowed hosts when a list is configured', async () => {
    await expect(send(allowListed, `http://127.0.0.1:${port}/ok`)).rejects.toMatchObject({
      name: 'PermanentDeliveryError',
      message: expect.stringContaining('127.0.0.1 is not among the allowed webhook hosts'),
    });
    expect(receiver.requests).toEqual([]);
  });
});

