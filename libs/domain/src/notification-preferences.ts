import { invalidInput } from './errors';

export const WEBHOOK_FLAVOURS = ['slack', 'teams', 'json'] as const;
export type WebhookFlavour = (typeof WEBHOOK_FLAVOURS)[number];

/** Where a user wants to be told, besides the in-app signals feed (which always gets everything). */
export interface NotificationPreferences {
  email: string | null;
  webhook: { url: string; flavour: WebhookFlavour } | null;
}

export const NO_EXTERNAL_CHANNELS: NotificationPreferences = { email: null, webhook: null };

// A pragmatic address check: one @, no spaces, a dot in the domain; the SMTP server has the last word.
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks preferences from any client; throws an invalid-input DomainError naming the field. */
export function validatePreferences(value: unknown): NotificationPreferences {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput('preferences must be an object');
  const { email = null, webhook = null, ...rest } = value as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined) throw invalidInput(`${unknownKey} is not a preference`);
  if (email !== null && (typeof email !== 'string' || email.length > 254 || !EMAIL_ADDRESS.test(email))) {
    throw invalidInput('email must be an e-mail address');
  }
  if (webhook === null) return { email, webhook: null };
  if (typeof webhook !== 'object' || Array.isArray(webhook)) throw invalidInput('webhook must be an object with url and flavour');
  const { url, flavour } = webhook as Record<string, unknown>;
  if (typeof url !== 'string' || url.length > 2000 || !/^https?:\/\/[^\s]+$/.test(url)) throw invalidInput('webhook.url must be an http(s) URL');
  if (typeof flavour !== 'string' || !(WEBHOOK_FLAVOURS as readonly string[]).includes(flavour)) {
    throw invalidInput(`webhook.flavour must be one of: ${WEBHOOK_FLAVOURS.join(', ')}`);
  }
  return { email, webhook: { url, flavour: flavour as WebhookFlavour } };
}
