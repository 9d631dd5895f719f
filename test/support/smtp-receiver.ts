import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback, without TLS, that keeps every message it accepts. `refuseOnce`
 * turns the first message it matches away with a 451 ("try again later"), as a busy server would.
 */
export class SmtpReceiver {
  readonly mails: ParsedMail[] = [];
  /** How many messages were turned away. */
  refusals = 0;
  private readonly server: SMTPServer;

  private constructor(refuseOnce?: (mail: ParsedMail) => boolean) {
    this.server = new SMTPServer({
      logger: false,
      // Close without waiting the default 30 s for pooled client connections to leave.
      closeTimeout: 200,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            if (this.refusals === 0 && refuseOnce?.(mail)) {
              this.refusals += 1;
              callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
              return;
            }
            this.mails.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
  }

  static async start(options: { refuseOnce?: (mail: ParsedMail) => boolean } = {}): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver(options.refuseOnce);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
