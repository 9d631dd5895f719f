import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { EmailSender } from './email.sender';
import { SmtpConfig, WebhookConfig } from './notifications.config';
import { WebhookSender } from './webhook.sender';

export interface NotificationsOptions {
  /** An SmtpConfig, or the same fields as a plain object; absent: no e-mail channel. */
  smtp?: SmtpConfig | ConstructorParameters<typeof SmtpConfig>[0] | null;
  /** A WebhookConfig, or the same fields as a plain object; absent: no webhook channel. */
  webhook?: WebhookConfig | ConstructorParameters<typeof WebhookConfig>[0] | null;
}

/**
 * The e-mail and webhook channels that are configured; import it where the activity that delivers
 * notifications lives, and inject the senders as optional.
 */
@Module({})
export class NotificationsModule {
  static forRoot(options: NotificationsOptions): DynamicModule {
    const providers: Provider[] = [];
    if (options.smtp) {
      const smtp = options.smtp instanceof SmtpConfig ? options.smtp : new SmtpConfig(options.smtp);
      providers.push({ provide: SmtpConfig, useValue: smtp }, EmailSender);
    }
    if (options.webhook) {
      const webhook = options.webhook instanceof WebhookConfig ? options.webhook : new WebhookConfig(options.webhook);
      providers.push({ provide: WebhookConfig, useValue: webhook }, WebhookSender);
    }
    return { module: NotificationsModule, global: true, providers, exports: providers };
  }
}
