import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { DirectorsDigest } from '@app/domain';
import { createTransport, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { DeliveryError, PermanentDeliveryError } from './delivery.errors';
import type { EmailChannel, Notification } from './notification.types';
import { SmtpConfig } from './notifications.config';
import { renderDigestEmail, renderEmail, type RenderedEmail } from './render';

/** Bounds on one SMTP session, so a stuck server fails the activity attempt instead of hanging it. */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/** The domain of the sender's address: the right-hand side of every Message-ID we make. */
export function senderDomain(from: string): string {
  const [mailbox] = addressparser(from, { flatten: true });
  const domain = mailbox?.address.split('@')[1];
  if (!domain) throw new Error(`SmtpConfig: from must hold an e-mail address, got ${JSON.stringify(from)}`);
  return domain.toLowerCase();
}

/**
 * `<groundwork.<sha256 of the notification ID>@<sender domain>>`: the same notification always gets
 * the same Message-ID, so a retried send is recognisable as a duplicate. The ID is hashed because a
 * msg-id allows only dot-atom characters (no ":" as in "<deliveryId>:<recipient>").
 */
export function messageIdFor(notificationId: string, from: string): string {
  const hash = createHash('sha256').update(notificationId).digest('hex');
  return `<groundwork.${hash}@${senderDomain(from)}>`;
}

interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  permanent?: boolean;
}

/**
 * A recipient or message the server refuses for good (5xx on RCPT TO / DATA), or one nodemailer
 * refuses before sending (bad address, empty or oversized message), will never go through: permanent.
 * Connection, TLS, authentication, timeouts and 4xx replies are worth another attempt.
 */
function deliveryError(error: unknown, host: string): DeliveryError {
  const smtp = error as SmtpError;
  const message = `E-mail delivery via ${host} failed: ${smtp.message ?? String(error)}`;
  const details = { cause: error, ...(smtp.responseCode === undefined ? {} : { status: smtp.responseCode }) };
  const aboutThisMessage = smtp.code === 'EENVELOPE' || smtp.code === 'EMESSAGE';
  const refusedForGood =
    smtp.responseCode === undefined
      ? smtp.command === 'API' || smtp.command === 'MAIL FROM' // checked by nodemailer itself
      : (smtp.command === 'RCPT TO' || smtp.command === 'DATA') && smtp.permanent === true;
  return aboutThisMessage && refusedForGood ? new PermanentDeliveryError(message, details) : new DeliveryError(message, details);
}

/** Sends notifications as e-mail (text and HTML parts) over SMTP. */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private readonly transport: Transporter<SMTPSentMessageInfo>;

  constructor(@Inject(SmtpConfig) private readonly config: SmtpConfig) {
    senderDomain(config.from); // refuses a sender without an address now, not at the first send
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTls,
      ...(config.user === undefined ? {} : { auth: { user: config.user, pass: config.password ?? '' } }),
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    });
  }

  /** Resolves once the server accepted the message; throws a DeliveryError (maybe permanent) otherwise. */
  async send(notification: Notification, channel: EmailChannel): Promise<void> {
    await this.mail(notification.id, notification.recipient.name, channel, renderEmail(notification));
  }

  /** A director's weekly digest; `id` is stable for the digest and recipient, as a notification's is. */
  async sendDigest(id: string, digest: DirectorsDigest, channel: EmailChannel, links: { desk?: string } = {}): Promise<void> {
    await this.mail(id, undefined, channel, renderDigestEmail(digest, undefined, links.desk));
  }

  private async mail(id: string, recipientName: string | undefined, channel: EmailChannel, { subject, text, html }: RenderedEmail): Promise<void> {
    const name = recipientName?.trim();
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: name ? { name, address: channel.address } : channel.address,
        subject,
        text,
        html,
        messageId: messageIdFor(id, this.config.from),
        headers: {
          // RFC 3834: no out-of-office replies to a machine.
          'Auto-Submitted': 'auto-generated',
          'X-Groundwork-Delivery': id.replace(/[\r\n]+/g, ' '),
        },
      });
    } catch (error) {
      throw deliveryError(error, this.config.host);
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
