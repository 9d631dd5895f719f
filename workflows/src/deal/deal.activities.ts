import type { DealChanges, InboxSignal, OutOfOffice, UserId } from '@app/domain';

export interface RecordDealInput {
  changes: DealChanges;
  /** The user and Idempotency-Key of the start request, written with the deal's first record. */
  startKey?: string;
  /** Who of the new tasks' assignees is away, read with the record of their opening (saves an activity). */
  lookUpAway?: AwayUsersInput;
}

export interface RecordedDeal {
  /** The notices of these changes that someone wants by e-mail or webhook (and this worker can send). */
  sendExternally: string[];
  /** Of `lookUpAway`'s users, the ones out of office, with their periods. */
  away?: Record<UserId, OutOfOffice>;
}

export interface AwayUsersInput {
  userIds: UserId[];
  at: string;
}

export interface SendExternallyInput {
  /** Stable across retries and runs: with the channel it keys the store's sent-notification record. */
  deliveryId: string;
  recipients: UserId[];
  signal: InboxSignal;
}

/**
 * What the deal workflow asks of the world outside it. The contract is the workflow's: the worker's
 * activities implement it, and workflow code imports these types only.
 */
export interface DealActivities {
  /** Writes the deal's changes to the durable record; idempotent, keyed by deal and sequence. */
  recordDeal(input: RecordDealInput): Promise<RecordedDeal>;
  /** Of these users, the ones out of office at `at`, with their periods. */
  awayUsers(input: AwayUsersInput): Promise<Record<UserId, OutOfOffice>>;
  /** Sends a notice by e-mail and webhook as each recipient prefers, once per (notice, channel). */
  sendExternally(input: SendExternallyInput): Promise<void>;
}
