import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { NotificationsConfig } from '@app/config';
import type { InboxSignal, UserId } from '@app/domain';
import { EmailSender, PermanentDeliveryError, WebhookSender, type NotificationChannel, type Notification } from '@app/notifications';
import { externalDeliveryQuery, inboxWorkflowId, recordSentExternallyUpdate } from '@app/workflows';

/**
 * Sends a signal by e-mail and webhook as the recipient prefers. Each channel's send is recorded in
 * the recipient's inbox workflow before the activity completes, so a retried activity skips what
 * already went out; a permanent refusal (bad address, 404 webhook) is recorded too and not retried.
 */
@Injectable()
export class ExternalDeliveryService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
    @Optional() @Inject(EmailSender) private readonly email?: EmailSender,
    @Optional() @Inject(WebhookSender) private readonly webhook?: WebhookSender,
  ) {}

  async deliver(recipient: UserId, deliveryId: string, signal: InboxSignal): Promise<void> {
    if (!this.email && !this.webhook) return;
    const inbox = this.client.workflow.getHandle(inboxWorkflowId(recipient));
    const { preferences, sent } = await inbox.query(externalDeliveryQuery);
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
      const key = `${notification.id}:${channel.type}`;
      if (sent.includes(key)) continue;
      try {
        if (channel.type === 'email') await this.email!.send(notification, channel);
        else await this.webhook!.send(notification, channel);
      } catch (error) {
        if (!(error instanceof PermanentDeliveryError)) throw error;
        this.logger.warn(`${channel.type} to ${recipient} refused for good: ${error.message}`);
      }
      await inbox.executeUpdate(recordSentExternallyUpdate, { args: [key] });
    }
  }
}
