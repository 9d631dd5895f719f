import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeliveredSignal, UserId } from '@app/domain';

/** Each user has one long-lived inbox workflow; it is where go/no-go signals and escalations land durably. */
export const INBOX_WORKFLOW_TYPE = 'inboxWorkflow';

export function inboxWorkflowId(userId: UserId): string {
  return `inbox:${userId}`;
}

export interface InboxWorkflowInput {
  userId: UserId;
  /** The newest signals carried over by continue-as-new. */
  carried?: DeliveredSignal[];
}

export const deliverSignalToInbox = defineSignal<[DeliveredSignal]>('deliverSignal');
export const inboxSignalsQuery = defineQuery<DeliveredSignal[]>('inboxSignals');

/** How many signals an inbox keeps when it continues as new; older ones remain in the deals' timelines. */
export const INBOX_RETAINED_SIGNALS = 500;
