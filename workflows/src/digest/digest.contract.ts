import type { UserId } from '@app/domain';

/** The Schedule that starts the directors' digest; one per namespace. */
export const DIRECTORS_DIGEST_SCHEDULE_ID = 'directors-digest';

export interface DirectorsDigestInput {
  /** The end of the period (ISO time); by default the run's start. */
  until?: string;
  /** Continue-as-new carries on after this recipient (recipients go in ID order). */
  after?: UserId;
  /** Counted across continue-as-new. */
  sent?: DirectorsDigestResult;
}

export interface DirectorsDigestResult {
  until: string;
  /** Directors who got a digest in-app. */
  digests: number;
  /** Of them, those who were also sent it by e-mail (this run; a retried run does not send twice). */
  mailed: number;
}

export interface DigestRecipientsInput {
  /** Directors of the deals open at `until` or closed in the period before it. */
  until: string;
  after?: UserId;
  limit: number;
}

export interface SendDigestInput {
  recipient: UserId;
  until: string;
}

export interface DigestSent {
  /** The digest went out by e-mail in this attempt (false when empty, not wanted, or already sent). */
  mailed: boolean;
}

/** What the digest workflow asks of the world outside it; the worker's activities implement it. */
export interface DigestActivities {
  digestRecipients(input: DigestRecipientsInput): Promise<UserId[]>;
  /** Composes the recipient's digest from the durable record, keeps it (once per period) and e-mails it where chosen (once). */
  sendDigest(input: SendDigestInput): Promise<DigestSent>;
}
