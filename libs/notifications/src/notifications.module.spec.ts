import { Test } from '@nestjs/testing';
import { EmailSender } from './email.sender';
import { SmtpConfig, WebhookConfig } from './notifications.config';
import { NotificationsModule } from './notifications.module';
import { WebhookSender } from './webhook.sender';

describe('NotificationsModule', () => {
  it('provides both senders and their configuration from plain options', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        NotificationsModule.forRoot({
          smtp: { host: '127.0.0.1', port: 2525, secure: false, from: 'Groundwork <groundwork@example.com>' },
          webhook: { signingSecret: 'secret', timeoutMs: 5_000 },
        }),
      ],
    }).compile();
    try {
      expect(moduleRef.get(EmailSender)).toBeInstanceOf(EmailSender);
      expect(moduleRef.get(WebhookSender)).toBeInstanceOf(WebhookSender);
      expect(moduleRef.get(SmtpConfig)).toMatchObject({ host: '127.0.0.1', port: 2525, secure: false, user: undefined });
      expect(moduleRef.get(WebhookConfig)).toEqual(new WebhookConfig({ signingSecret: 'secret', timeoutMs: 5_000 }));
    } finally {
      await moduleRef.close();
    }
  });

  it('refuses configuration that cannot work', () => {
    expect(() => new WebhookConfig({ signingSecret: '', timeoutMs: 5_000 })).toThrow(/signingSecret/);
    expect(() => new WebhookConfig({ signingSecret: 'secret', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new SmtpConfig({ host: 'smtp.example.com', port: 0, secure: true, from: 'a@example.com' })).toThrow(/port/);
  });
});
