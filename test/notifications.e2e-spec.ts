import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@app/notifications';
import { DealDriver, expectStatus } from './support/deal-driver';
import { signalsOf } from './support/signals';
import { SmtpReceiver } from './support/smtp-receiver';
import { TestApp, eventually } from './support/test-app';

const SIGNING_SECRET = 'webhook-signing-secret-for-tests';

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Notifications through real channels on loopback: an SMTP server and an HTTP receiver read what
 * arrived. The receiver fails its first delivery, so the activity is retried: nothing arrives twice.
 */
describe('notifications by e-mail and webhook', () => {
  const hooks: Hook[] = [];
  let failuresLeft = 1;
  let smtp: SmtpReceiver;
  let receiver: Server;
  let app: TestApp;

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          response.writeHead(503).end('busy');
          return;
        }
        hooks.push({ headers: request.headers, body });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    app = await TestApp.start({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: 'Groundwork <groundwork@groundwork.test>',
      WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
      // The receiver listens on loopback.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      PUBLIC_URL: 'https://groundwork.test',
    });
  });

  afterAll(async () => {
    await app?.close();
    await smtp.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('tells a director of a no-go by e-mail (text and HTML) and by a signed Slack webhook, once each', async () => {
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack`;
    const dana = await app.token('dir.dana');
    const set = await app.http
      .put('/api/me/notifications')
      .set('Authorization', `Bearer ${dana}`)
      .send({ email: 'dana@groundwork.test', webhook: { url: webhookUrl, flavour: 'slack' } });
    expect(expectStatus(set, 200).body).toEqual({ email: 'dana@groundwork.test', webhook: { url: webhookUrl, flavour: 'slack' } });
    const refused = await app.http.put('/api/me/notifications').set('Authorization', `Bearer ${dana}`).send({ email: 'not an address' });
    expect(expectStatus(refused, 400).body.message).toContain('email');

    const deal = await DealDriver.start(app, { directors: ['dir.dana'], title: 'Cold chain <pilot> & more' });
    await deal.explore({ people: { assessment: 'not-feasible', substantiation: 'No night shift to match the customer operating hours.' } });
    await deal.decide('no-go', 'Staffing cannot cover the customer operating hours.');

    const mail = await eventually(() => {
      const found = smtp.mails.find((candidate) => candidate.subject?.includes('Cold chain'));
      if (!found) throw new Error('no e-mail yet');
      return found;
    });
    expect(mail.to).toMatchObject({ text: 'dana@groundwork.test' });
    expect(mail.subject).toMatch(/no-go/i);
    expect(mail.text).toContain('No night shift to match the customer operating hours.');
    expect(mail.html).toContain('Cold chain &lt;pilot&gt; &amp; more');
    expect(mail.html).toContain(`https://groundwork.test/api/deals/${deal.dealId}`);

    const hook = await eventually(() => {
      const found = hooks.find((candidate) => candidate.body.includes(deal.dealId));
      if (!found) throw new Error('no webhook yet');
      return found;
    });
    expect(verifyWebhookSignature(SIGNING_SECRET, String(hook.headers['x-groundwork-timestamp']), hook.body, String(hook.headers['x-groundwork-signature']))).toBe(true);
    expect((JSON.parse(hook.body) as { text: string }).text).toMatch(/no-go/i);

    // The in-app feed has it too; then give any stray retry a moment and count: one of each.
    const signals = await signalsOf(app, 'dir.dana', deal.dealId);
    expect(signals.filter((signal) => signal.type === 'go-no-go')).toHaveLength(1);
    await eventually(async () => {
      const timeline = (await (await app.as('pm.paula')).get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as { type: string }[];
      if (!timeline.some((event) => event.type === 'DirectorsSignalled')) throw new Error('delivery activity not finished');
    });
    expect(smtp.mails.filter((candidate) => candidate.subject?.includes('Cold chain') && /no-go/i.test(candidate.subject))).toHaveLength(1);
    expect(hooks.filter((candidate) => candidate.body.includes(deal.dealId) && /no-go/i.test(candidate.body))).toHaveLength(1);
  });

  it('tells a new assignee of their task by e-mail', async () => {
    const otto = await app.token('op.otto');
    await app.http.put('/api/me/notifications').set('Authorization', `Bearer ${otto}`).send({ email: 'otto@groundwork.test' }).expect(200);
    const deal = await DealDriver.start(app, { operationalStaff: ['op.otto'], title: 'Assignment notice' });
    const mail = await eventually(() => {
      const found = smtp.mails.find((candidate) => candidate.subject?.includes('Assignment notice') && candidate.subject.includes('New task'));
      if (!found) throw new Error('no assignment e-mail yet');
      return found;
    });
    expect(mail.to).toMatchObject({ text: 'otto@groundwork.test' });
    expect(mail.text).toContain(deal.dealId);
  });
});
