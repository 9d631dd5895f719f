import { DateTime, Duration, IANAZone, type Zone } from 'luxon';
import { DomainError, invalidInput } from './errors';

/**
 * When a deal works: durations are in working time where the deal has a business calendar,
 * otherwise in calendar time. Everything here is deterministic (workflow-safe): instants come in
 * and go out as ISO strings, local time is worked out by luxon in the calendar's zone.
 */
export interface BusinessCalendar {
  /** IANA zone, e.g. 'Europe/Amsterdam'. */
  timeZone: string;
  /** ISO weekdays 1 (Mon) .. 7 (Sun), distinct, ascending, at least one. */
  workingDays: number[];
  /** 'HH:MM' 24-hour local time, start < end (no overnight shifts); end may be '24:00'. */
  workingHours: { start: string; end: string };
  /** Local dates 'YYYY-MM-DD' in the calendar's zone, distinct, ascending, at most 366. */
  holidays: string[];
}

const FIELDS = ['timeZone', 'workingDays', 'workingHours', 'holidays'];
const HOURS_FIELDS = ['start', 'end'];
const MAX_HOLIDAYS = 366;
const MINUTES_PER_DAY = 24 * 60;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** IANA names ('Europe/Amsterdam', 'America/Argentina/Buenos_Aires', 'UTC'); refuses offsets like '+02:00'. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
/**
 * The longest run of days without working time a valid calendar can have is one working weekday
 * whose next 366 occurrences are all holidays (about 7 years); more than 10 years means something is wrong.
 */
const MAX_IDLE_DAYS = 10 * 366;
/** Working-time arithmetic walks day by day; this bounds every walk (a century of days). */
const MAX_SCAN_DAYS = 100 * 366;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function refuseUnknownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  const unknownKey = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknownKey !== undefined) throw invalidInput(`${path}.${unknownKey} is not a calendar field`);
}

function timeZoneAt(value: unknown, path: string): string {
  if (value === undefined) throw invalidInput(`${path} is required: an IANA time zone such as Europe/Amsterdam`);
  if (typeof value !== 'string' || value.length > 64 || !ZONE_NAME.test(value) || !IANAZone.isValidZone(value)) {
    throw invalidInput(`${path} must be an IANA time zone such as Europe/Amsterdam`);
  }
  return value;
}

function workingDaysAt(value: unknown, path: string): number[] {
  if (value === undefined) return [1, 2, 3, 4, 5];
  if (!Array.isArray(value)) throw invalidInput(`${path} must be a list of ISO weekdays (1 = Monday .. 7 = Sunday)`);
  if (value.length === 0) throw invalidInput(`${path} must name at least one working day`);
  const days: number[] = [];
  value.forEach((day: unknown, index) => {
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 7) {
      throw invalidInput(`${path}[${index}] must be an ISO weekday from 1 (Monday) to 7 (Sunday)`);
    }
    if (days.includes(day)) throw invalidInput(`${path}[${index}] repeats day ${day}`);
    days.push(day);
  });
  return days.sort((a, b) => a - b);
}

/** Minutes after local midnight of 'HH:MM' (or of '24:00' where allowed); null when malformed. */
function minutesOf(value: unknown, allowMidnightEnd: boolean): number | null {
  if (typeof value !== 'string') return null;
  if (allowMidnightEnd && value === '24:00') return MINUTES_PER_DAY;
  if (!HH_MM.test(value)) return null;
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}

function workingHoursAt(value: unknown, path: string): BusinessCalendar['workingHours'] {
  if (value === undefined) return { start: '09:00', end: '17:00' };
  if (!isRecord(value)) throw invalidInput(`${path} must be an object with start and end (HH:MM)`);
  refuseUnknownKeys(value, HOURS_FIELDS, path);
  const start = minutesOf(value.start, false);
  if (start === null) throw invalidInput(`${path}.start must be HH:MM (24-hour local time, 00:00 to 23:59)`);
  const end = minutesOf(value.end, true);
  if (end === null) throw invalidInput(`${path}.end must be HH:MM (24-hour local time, 00:01 to 24:00)`);
  if (end <= start) throw invalidInput(`${path}.end must be later than ${path}.start (overnight shifts are not supported)`);
  return { start: value.start as string, end: value.end as string };
}

function holidaysAt(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidInput(`${path} must be a list of dates (YYYY-MM-DD)`);
  if (value.length > MAX_HOLIDAYS) throw invalidInput(`${path} must have at most ${MAX_HOLIDAYS} dates`);
  const seen = new Set<string>();
  value.forEach((date: unknown, index) => {
    if (typeof date !== 'string' || !LOCAL_DATE.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) {
      throw invalidInput(`${path}[${index}] must be a date YYYY-MM-DD`);
    }
    if (seen.has(date)) throw invalidInput(`${path}[${index}] repeats ${date}`);
    seen.add(date);
  });
  return [...seen].sort();
}

/**
 * Validates untrusted input (from the API or a workflow Update); throws invalidInput naming the
 * field path. Defaults: workingDays Monday to Friday, workingHours 09:00-17:00, no holidays;
 * timeZone is required. Unknown keys are refused. Returns a normalised copy (sorted days/holidays).
 */
export function validateCalendar(input: unknown, path = 'calendar'): BusinessCalendar {
  if (!isRecord(input)) throw invalidInput(`${path} must be an object`);
  refuseUnknownKeys(input, FIELDS, path);
  return {
    timeZone: timeZoneAt(input.timeZone, `${path}.timeZone`),
    workingDays: workingDaysAt(input.workingDays, `${path}.workingDays`),
    workingHours: workingHoursAt(input.workingHours, `${path}.workingHours`),
    holidays: holidaysAt(input.holidays, `${path}.holidays`),
  };
}

/** A calendar ready for arithmetic; local dates are epoch days (days since 1970-01-01). */
interface Schedule {
  zone: Zone;
  days: ReadonlySet<number>;
  startMinute: number;
  endMinute: number;
  holidays: ReadonlySet<number>;
}

/** Calendars reach the arithmetic already validated; one that is not is a programming error (RangeError). */
function scheduleOf(calendar: BusinessCalendar): Schedule {
  let valid: BusinessCalendar;
  try {
    valid = validateCalendar(calendar);
  } catch (error) {
    if (error instanceof DomainError) throw new RangeError(`not a valid business calendar: ${error.message}`);
    throw error;
  }
  return {
    zone: IANAZone.create(valid.timeZone),
    days: new Set(valid.workingDays),
    startMinute: minutesOf(valid.workingHours.start, false)!,
    endMinute: minutesOf(valid.workingHours.end, true)!,
    holidays: new Set(valid.holidays.map((date) => DateTime.fromISO(date, { zone: 'utc' }).toMillis() / DAY_MS)),
  };
}

/** The local date (epoch day) at an instant. */
const localDay = (instant: number, zone: Zone): number => Math.floor((instant + zone.offset(instant) * MINUTE_MS) / DAY_MS);

/**
 * The instant of a local wall time (given as if it were UTC) by luxon's own rule (fixOffset in
 * DateTime.set/plus), starting from the offset in force the day before: a time skipped when the
 * clocks go forward moves on by the gap; a time that occurs twice when they go back is the first one.
 */
function instantOf(wall: number, offsetBefore: number, zone: Zone): number {
  const guess = wall - offsetBefore * MINUTE_MS;
  const offset = zone.offset(guess);
  if (offset === offsetBefore) return guess;
  const corrected = wall - offset * MINUTE_MS;
  const check = zone.offset(corrected);
  return check === offset ? corrected : wall - Math.min(offset, check) * MINUTE_MS;
}

/**
 * The working window of a local date as real instants (epoch ms), or null when it has none.
 * Days are walked as plain dates and only working days consult the zone (luxon's IANAZone offsets):
 * building luxon DateTimes for every day made a long walk several times slower.
 * On a daylight-saving change day the window keeps its nominal local hours (e.g. 09:00–17:00 local)
 * and what counts is the real time elapsed between them, so working hours across the change are an
 * hour shorter or longer than nominal, while workingMillis still counts P1D as the nominal length.
 */
function windowOf(day: number, schedule: Schedule): { open: number; close: number } | null {
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (ISO 4)
  if (!schedule.days.has(weekday) || schedule.holidays.has(day)) return null;
  const midnight = day * DAY_MS;
  const offsetBefore = schedule.zone.offset(midnight - DAY_MS);
  const open = instantOf(midnight + schedule.startMinute * MINUTE_MS, offsetBefore, schedule.zone);
  const close = instantOf(midnight + schedule.endMinute * MINUTE_MS, offsetBefore, schedule.zone);
  return close > open ? { open, close } : null;
}

function instantAt(value: string, name: string): number {
  const parsed = typeof value === 'string' && value.includes('T') ? DateTime.fromISO(value, { zone: 'utc' }) : null;
  if (!parsed?.isValid) throw new RangeError(`${name} is not an ISO 8601 instant: ${String(value)}`);
  return parsed.toMillis();
}

const utcIso = (epochMillis: number): string => DateTime.fromMillis(epochMillis, { zone: 'utc' }).toISO()!;

function parseDuration(durationIso: string): Duration {
  const duration = typeof durationIso === 'string' ? Duration.fromISO(durationIso) : null;
  if (!duration?.isValid) throw new RangeError(`not an ISO 8601 duration: ${String(durationIso)}`);
  if (Object.values(duration.toObject()).some((amount) => (amount ?? 0) < 0)) {
    throw new RangeError(`durations must not be negative: ${durationIso}`);
  }
  return duration;
}

/**
 * Length of an ISO 8601 duration in working time. Without a calendar: its calendar length in ms
 * (luxon Duration.toMillis). With one: a day is one working day (the length of the working hours),
 * a week is workingDays.length working days, hours/minutes/seconds count as they are. Months and
 * years have no fixed working length and are refused with a RangeError, as are negative durations.
 */
export function workingMillis(durationIso: string, calendar?: BusinessCalendar): number {
  const duration = parseDuration(durationIso);
  if (!calendar) return duration.toMillis();
  const schedule = scheduleOf(calendar);
  const { years = 0, quarters = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0, milliseconds = 0 } =
    duration.toObject();
  if (years !== 0 || quarters !== 0 || months !== 0) {
    throw new RangeError(`${durationIso}: months and years have no fixed length in working time; use weeks, days or hours`);
  }
  const workingDayMillis = (schedule.endMinute - schedule.startMinute) * MINUTE_MS;
  const workingWeekMillis = schedule.days.size * workingDayMillis;
  return Math.round(
    weeks * workingWeekMillis + days * workingDayMillis + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + milliseconds,
  );
}

/**
 * The instant `ms` of working time after `startIso` (ISO instants in; out in UTC with 'Z'). Without
 * a calendar: plain addition. With one: only time inside working hours on working days that are not
 * holidays counts, in the calendar's zone; a start outside working hours begins at the next working
 * moment, and ms = 0 returns exactly that moment. Working time that runs out exactly at closing
 * time ends there (Friday 17:00), not at the next opening.
 */
export function addWorkingMillis(startIso: string, ms: number, calendar?: BusinessCalendar): string {
  const start = instantAt(startIso, 'start');
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new RangeError(`working time must be a non-negative number of ms: ${ms}`);
  let remaining = Math.round(ms);
  if (!calendar) return utcIso(start + remaining);
  const schedule = scheduleOf(calendar);
  const firstDay = localDay(start, schedule.zone);
  let idleDays = 0;
  for (let day = firstDay; day - firstDay < MAX_SCAN_DAYS; day++) {
    const window = windowOf(day, schedule);
    if (window === null || start >= window.close) {
      if (++idleDays > MAX_IDLE_DAYS) throw new RangeError(`the calendar has no working time for ${MAX_IDLE_DAYS} days after ${startIso}`);
      continue;
    }
    idleDays = 0;
    const from = Math.max(start, window.open);
    const available = window.close - from;
    if (remaining <= available) return utcIso(from + remaining);
    remaining -= available;
  }
  throw new RangeError(`${ms} ms of working time after ${startIso} lies more than a century away`);
}

/** Working time between two instants (0 if end <= start); the inverse of addWorkingMillis for in-hours starts. */
export function workingMillisBetween(startIso: string, endIso: string, calendar?: BusinessCalendar): number {
  const start = instantAt(startIso, 'start');
  const end = instantAt(endIso, 'end');
  if (end <= start) return 0;
  if (!calendar) return end - start;
  const schedule = scheduleOf(calendar);
  const firstDay = localDay(start, schedule.zone);
  const lastDay = localDay(end, schedule.zone);
  if (lastDay - firstDay >= MAX_SCAN_DAYS) throw new RangeError(`${startIso} to ${endIso} spans more than a century`);
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const window = windowOf(day, schedule);
    if (window !== null) total += Math.max(0, Math.min(end, window.close) - Math.max(start, window.open));
  }
  return total;
}

/**
 * `durationIso` after `startIso` in the deal's time: with a calendar, addWorkingMillis(start,
 * workingMillis(duration, calendar), calendar). Without one, calendar-time addition in UTC exactly
 * like addDuration, so P1M is one calendar month (not luxon's 30-day approximation of toMillis).
 */
export function addWorkingTime(startIso: string, durationIso: string, calendar?: BusinessCalendar): string {
  if (calendar) return addWorkingMillis(startIso, workingMillis(durationIso, calendar), calendar);
  const duration = parseDuration(durationIso);
  return utcIso(DateTime.fromMillis(instantAt(startIso, 'start'), { zone: 'utc' }).plus(duration).toMillis());
}

/**
 * With a calendar every clock counts working time, so each duration needs a working length: months
 * and years are refused here, at the edge, rather than failing a workflow later.
 */
export function checkWorkingDurations(durations: Record<string, string>, calendar: BusinessCalendar | undefined): void {
  if (!calendar) return;
  for (const [field, duration] of Object.entries(durations)) {
    try {
      workingMillis(duration, calendar);
    } catch (error) {
      if (error instanceof RangeError) throw invalidInput(`${field}: ${error.message}`);
      throw error;
    }
  }
}
