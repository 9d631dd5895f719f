import { DateTime, Duration } from 'luxon';

/** Parses an ISO 8601 duration (`PT4H`, `P2D`); null when it is not one or not positive. */
export function parsePositiveDuration(iso: string): Duration | null {
  if (typeof iso !== 'string') return null;
  const duration = Duration.fromISO(iso);
  return duration.isValid && duration.toMillis() > 0 ? duration : null;
}

export function durationMillis(iso: string): number {
  const duration = parsePositiveDuration(iso);
  if (!duration) throw new RangeError(`not a positive ISO 8601 duration: ${iso}`);
  return duration.toMillis();
}

/** Calendar-time addition in UTC; `at` and the result are ISO instants. */
export function addDuration(at: string, iso: string): string {
  const duration = parsePositiveDuration(iso);
  if (!duration) throw new RangeError(`not a positive ISO 8601 duration: ${iso}`);
  return DateTime.fromISO(at, { zone: 'utc' }).plus(duration).toUTC().toISO()!;
}

export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && DateTime.fromISO(value, { setZone: true }).isValid && /T/.test(value);
}

export function toUtcIso(value: string): string {
  return DateTime.fromISO(value, { setZone: true }).toUTC().toISO()!;
}
