import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeliveredSignal, NotificationPreferences, OutOfOffice, UserId } from '@app/domain';

/**
 * Each user has one long-lived inbox workflow: where go/no-go signals and escalations land durably,
 * and where the user's out-of-office period is kept.
 */
export const INBOX_WORKFLOW_TYPE = 'inboxWorkflow';

export function inboxWorkflowId(userId: UserId): string {
  return `inbox:${userId}`;
}

export interface InboxWorkflowInput {
  userId: UserId;
  /** The newest signals carried over by continue-as-new. */
  carried?: DeliveredSignal[];
  outOfOffice?: OutOfOffice | null;
  preferences?: NotificationPreferences;
  /** Keys of the e-mails and webhooks already sent, so a retried delivery sends each once. */
  sentExternally?: string[];
}

export const deliverSignalToInbox = defineSignal<[DeliveredSignal]>('deliverSignal');
export const inboxSignalsQuery = defineQuery<DeliveredSignal[]>('inboxSignals');
/** Sets (or with null clears) the user's out-of-office period. */
export const setOutOfOfficeUpdate = defineUpdate<OutOfOffice | null, [OutOfOffice | null]>('setOutOfOffice');
export const outOfOfficeQuery = defineQuery<OutOfOffice | null>('outOfOffice');

/** How many signals an inbox keeps when it continues as new; older ones remain in the deals' timelines. */
export const INBOX_RETAINED_SIGNALS = 500;

export const setPreferencesUpdate = defineUpdate<NotificationPreferences, [NotificationPreferences]>('setPreferences');
/** What the e-mail and webhook delivery needs: where to send, and what went out already. */
export const externalDeliveryQuery = defineQuery<{ preferences: NotificationPreferences; sent: string[] }>('externalDelivery');
export const recordSentExternallyUpdate = defineUpdate<void, [string]>('recordSentExternally');

/** How many sent keys an inbox remembers across continue-as-new; retries happen within minutes. */
export const INBOX_RETAINED_SENT_KEYS = 2_000;
