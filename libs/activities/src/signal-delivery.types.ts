import type { InboxSignal, UserId } from '@app/domain';

export interface DeliverSignalInput {
  /** Stable across retries: the inbox drops a signal whose ID it already holds. */
  deliveryId: string;
  recipients: UserId[];
  signal: InboxSignal;
}

/** The activities the deal workflow calls; workflows import this type only. */
export interface SignalDeliveryActivities {
  deliverSignal(input: DeliverSignalInput): Promise<void>;
}
