import { isIsoInstant, toUtcIso } from './durations';
import { invalidInput } from './errors';
import { LIMITS } from './limits';
import type { UserId } from './people';

/** While a user is away, tasks that arrive for them go to their delegate. */
export interface OutOfOffice {
  from: string;
  until: string;
  delegate: UserId;
}

/** Checks an out-of-office period for `userId`; throws an invalid-input DomainError naming the field. */
export function validateOutOfOffice(value: unknown, userId: UserId): OutOfOffice {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput('out-of-office must be an object');
  const { from, until, delegate } = value as Record<string, unknown>;
  if (!isIsoInstant(from)) throw invalidInput('from must be an ISO 8601 date-time');
  if (!isIsoInstant(until)) throw invalidInput('until must be an ISO 8601 date-time');
  if (toUtcIso(until) <= toUtcIso(from)) throw invalidInput('until must be later than from');
  if (typeof delegate !== 'string' || delegate.trim() === '' || delegate.length > LIMITS.userId) throw invalidInput('delegate is required');
  if (delegate === userId) throw invalidInput('delegate must be someone else');
  return { from: toUtcIso(from), until: toUtcIso(until), delegate };
}

export function isAway(period: OutOfOffice | null | undefined, at: string): period is OutOfOffice {
  return period !== null && period !== undefined && period.from <= at && at < period.until;
}

/** Who takes a task that arrives for `assignee` at `at`: their delegate while they are away, else nobody. */
export function delegateOf(period: OutOfOffice | null | undefined, assignee: UserId, at: string): UserId | null {
  return isAway(period, at) && period.delegate !== assignee ? period.delegate : null;
}
