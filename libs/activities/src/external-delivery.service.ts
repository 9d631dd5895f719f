import { Inject, Injectable, Optional } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { NotificationsConfig } from '@app/config';
import type { UserId } from '@app/domain';
import { EmailSender, PermanentDeliveryError, WebhookSender, type NotificationChannel, type Notification } from '@app/notifications';
import { UserRecords } from '@app/store';
import type { SendExternallyInput } from '@app/workflows';

/**
 * Sends a notice by e-mail and webhook as each recipient prefers. The store's (notification, channel)
 * record is the guard: a retried activity skips what already went out, and a send that went out but
 * was not recorded goes again under the same Message-ID / X-Groundwork-Delivery, so receivers drop it.
 * A permanent refusal (bad address, 404 webhook) is recorded too and not retried.
 */
@Injectable()
export class ExternalDeliveryService {
  constructor(
    @Inject(UserRecords) private readonly users: UserRecords,
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
    @Optional() @Inject(EmailSender) private readonly email?: EmailSender,
    @Optional() @Inject(WebhookSender) private readonly webhook?: WebhookSender,
  ) {}

  async sendExternally({ deliveryId, recipients, signal }: SendExternallyInput): Promise<void> {
    if (!this.email && !this.webhook) return;
    for (const recipient of recipients) await this.deliver(recipient, deliveryId, signal);
  }

  private async deliver(recipient: UserId, deliveryId: string, signal: SendExternallyInput['signal']): Promise<void> {
    const preferences = await this.users.preferences(recipient);
    const notification: Notification = {
      id: `${deliveryId}:${recipient}`,
      recipient: { userId: recipient },
      signal,
      links: { deal: `${this.config.publicUrl}/api/deals/${encodeURIComponent(signal.dealId)}` },
    };
    const channels: NotificationChannel[] = [
      ...(preferences.email && this.email ? [{ type: 'email' as const, address: preferences.email }] : []),
      ...(preferences.webhook && this.webhook ? [{ type: 'webhook' as const, ...preferences.webhook }] : []),
    ];
    for (const channel of channels) {
      await this.deliverOnce(notification.id, recipient, channel.type, () =>
        channel.type === 'email' ? this.email!.send(notification, channel) : this.webhook!.send(notification, channel),
      );
    }
  }

  /**
   * Sends once per (ID, channel): skips what the store says went out, records what went out or was
   * refused for good, and lets any other failure fail the attempt so Temporal retries it.
   */
  async deliverOnce(id: string, recipient: UserId, channel: NotificationChannel['type'], send: () => Promise<void>): Promise<boolean> {
    if (await this.users.wasSent(id, channel)) return false;
    let outcome: 'sent' | 'refused' = 'sent';
    try {
      await send();
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError)) throw error;
      outcome = 'refused';
      // The activity's log: the line carries the workflow and run IDs (and the trace ID) of the notice.
      log.warn(`${channel} to ${recipient} refused for good: ${error.message}`, { channel, recipient, notificationId: id });
    }
    await this.users.recordSent({ notificationId: id, channel, recipient, outcome, at: new Date().toISOString() });
    return outcome === 'sent';
  }
}
