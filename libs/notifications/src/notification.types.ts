import type { InboxSignal, UserId } from '@app/domain';

/** One signal for one person, ready to go out over a channel other than the in-app inbox. */
export interface Notification {
  /**
   * Stable across retries, e.g. `"<deliveryId>:<recipient>"`: the e-mail Message-ID and the webhook
   * `X-Groundwork-Delivery` header derive from it, so receivers can drop a duplicate.
   */
  id: string;
  recipient: { userId: UserId; name?: string };
  signal: InboxSignal;
  /** Absolute http(s) links into the product; anything else is left out of what is rendered. */
  links?: { deal?: string };
}

export interface EmailChannel {
  type: 'email';
  address: string;
}

export type WebhookFlavour = 'slack' | 'teams' | 'json';

export interface WebhookChannel {
  type: 'webhook';
  url: string;
  flavour: WebhookFlavour;
}

export type NotificationChannel = EmailChannel | WebhookChannel;
