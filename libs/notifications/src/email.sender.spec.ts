import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { DeliveryError, PermanentDeliveryError } from './delivery.errors';
import { EmailSender, messageIdFor } from './email.sender';
import { goNoGoSignal, notificationOf, reminderSignal } from './notification.fixtures';
import { SmtpConfig } from './notifications.config';

interface Received {
  envelope: { from: string | false; to: string[] };
  user: string | undefined;
  mail: ParsedMail;
}

/** A real SMTP server on loopback that keeps what it receives; recipients named "reject-*" are refused. */
async function startSmtpServer(): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    closeTimeout: 200,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'groundwork' && auth.password === 's3cret') callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address.startsWith('reject-permanent')) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      if (address.address.startsWith('reject-later')) return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            envelope: { from: session.envelope.mailFrom && session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
            user: session.user as string | undefined,
            mail,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

function addresses(field: AddressObject | AddressObject[] | undefined): { name: string; address: string | undefined }[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((object) => object.value.map(({ name, address }) => ({ name, address })));
}

describe('EmailSender', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sender: EmailSender;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    sender = new EmailSender(
      new SmtpConfig({ host: '127.0.0.1', port: smtp.port, secure: false, user: 'groundwork', password: 's3cret', from: 'Groundwork <groundwork@example.com>' }),
    );
  });

  afterAll(async () => {
    sender.onModuleDestroy();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  beforeEach(() => {
    smtp.received.length = 0;
  });

  it('delivers a text and an HTML part with a Message-ID derived from the notification ID', async () => {
    const notification = notificationOf(goNoGoSignal, { id: 'delivery-42:dir.dana' });

    await sender.send(notification, { type: 'email', address: 'dana@example.com' });

    expect(smtp.received).toHaveLength(1);
    const [{ envelope, user, mail }] = smtp.received as [Received];
    expect(user).toBe('groundwork');
    expect(envelope).toEqual({ from: 'groundwork@example.com', to: ['dana@example.com'] });
    expect(addresses(mail.from)).toEqual([{ name: 'Groundwork', address: 'groundwork@example.com' }]);
    expect(addresses(mail.to)).toEqual([{ name: 'Dana Director', address: 'dana@example.com' }]);
    expect(mail.subject).toBe('[Groundwork] Go/no-go: GO for Warehouse logistics for Acme');
    expect(mail.text).toContain('mm.mark decided GO for the deal “Warehouse logistics for Acme”, as recommended.');
    expect(mail.text).toContain('Systems: conditional');
    expect(mail.html).toEqual(expect.stringContaining('<h1 style="font-size:20px;margin:0 0 16px">Go/no-go decided: GO</h1>'));
    expect(mail.html).toEqual(expect.stringContaining('<strong>Systems: conditional</strong>'));
    expect(mail.messageId).toBe(messageIdFor('delivery-42:dir.dana', 'groundwork@example.com'));
    expect(mail.messageId).toMatch(/^<groundwork\.[0-9a-f]{64}@example\.com>$/);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-groundwork-delivery')).toBe('delivery-42:dir.dana');
  });

  it('gives a retried notification the same Message-ID and another notification a different one', async () => {
    const notification = notificationOf(reminderSignal, { id: 'delivery-7:op.otto', recipient: { userId: 'op.otto' } });

    await sender.send(notification, { type: 'email', address: 'otto@example.com' });
    await sender.send(notification, { type: 'email', address: 'otto@example.com' });

    const ids = smtp.received.map(({ mail }) => mail.messageId);
    expect(ids).toEqual([messageIdFor('delivery-7:op.otto', 'groundwork@example.com'), ids[0]]);
    expect(messageIdFor('delivery-8:op.otto', 'groundwork@example.com')).not.toBe(ids[0]);
    expect(addresses(smtp.received[0]?.mail.to)).toEqual([{ name: '', address: 'otto@example.com' }]);
  });

  it('fails permanently when the server refuses the recipient for good', async () => {
    const attempt = sender.send(notificationOf(reminderSignal), { type: 'email', address: 'reject-permanent@example.com' });

    await expect(attempt).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toMatchObject({ name: 'PermanentDeliveryError', status: 550, message: expect.stringContaining('No such mailbox') });
  });

  it('fails retryably on a temporary refusal', async () => {
    const attempt = sender.send(notificationOf(reminderSignal), { type: 'email', address: 'reject-later@example.com' });

    await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
    await expect(attempt).rejects.not.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toMatchObject({ name: 'DeliveryError', status: 451, nonRetryable: false });
  });

  it('fails retryably when the credentials are wrong, so fixed configuration lets a retry through', async () => {
    const wrong = new EmailSender(
      new SmtpConfig({ host: '127.0.0.1', port: smtp.port, secure: false, user: 'groundwork', password: 'wrong', from: 'groundwork@example.com' }),
    );
    try {
      const attempt = wrong.send(notificationOf(reminderSignal), { type: 'email', address: 'dana@example.com' });
      await expect(attempt).rejects.toMatchObject({ name: 'DeliveryError', status: 535 });
    } finally {
      wrong.onModuleDestroy();
    }
    expect(smtp.received).toHaveLength(0);
  });

  it('never sends in the clear when TLS is required: a server without STARTTLS gets no credentials and no mail', async () => {
    const strict = new EmailSender(
      new SmtpConfig({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: true, user: 'groundwork', password: 's3cret', from: 'groundwork@example.com' }),
    );
    try {
      const attempt = strict.send(notificationOf(reminderSignal), { type: 'email', address: 'dana@example.com' });
      await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
      await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(/STARTTLS|TLS/) });
    } finally {
      strict.onModuleDestroy();
    }
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a sender without an address when it is built', () => {
    expect(() => new EmailSender(new SmtpConfig({ host: '127.0.0.1', port: 25, secure: false, from: 'Groundwork' }))).toThrow(/from must hold an e-mail address/);
  });
});
