import { DateTime } from 'luxon';
import { addWorkingMillis, addWorkingTime, validateCalendar, workingMillis, workingMillisBetween, type BusinessCalendar } from './calendar';
import { addDuration } from './durations';
import { DomainError } from './errors';

const HOUR = 3_600_000;
/** Monday to Friday, 09:00–17:00 in Amsterdam (CET = UTC+1 in winter, CEST = UTC+2 in summer). */
const AMSTERDAM = validateCalendar({ timeZone: 'Europe/Amsterdam' });
/** Monday to Friday, 09:00–17:00 in New York (EDT = UTC-4, EST = UTC-5 from 2026-11-01). */
const NEW_YORK = validateCalendar({ timeZone: 'America/New_York' });
/** Christmas 2026 in Amsterdam: Friday the 25th and Monday the 28th are holidays. */
const CHRISTMAS = validateCalendar({ timeZone: 'Europe/Amsterdam', holidays: ['2026-12-28', '2026-12-25'] });
/** Sundays 00:00–12:00 in Amsterdam, so the night the clocks change falls inside working hours. */
const SUNDAY_NIGHTS = validateCalendar({ timeZone: 'Europe/Amsterdam', workingDays: [7], workingHours: { start: '00:00', end: '12:00' } });

function refusal(input: unknown, path?: string): string {
  try {
    validateCalendar(input, path);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-input');
    return (error as Error).message;
  }
  throw new Error('the calendar was accepted');
}

describe('working time without a calendar is calendar time', () => {
  it('measures durations by the clock', () => {
    expect(workingMillis('P1D')).toBe(24 * HOUR);
    expect(workingMillis('PT2H30M')).toBe(2.5 * HOUR);
    expect(workingMillis('P1W')).toBe(7 * 24 * HOUR);
  });

  it('adds across nights and weekends', () => {
    expect(addWorkingMillis('2026-01-10T11:00:00Z', 2 * HOUR)).toBe('2026-01-10T13:00:00.000Z');
    expect(addWorkingTime('2026-01-09T15:00:00Z', 'P2D')).toBe('2026-01-11T15:00:00.000Z');
    expect(workingMillisBetween('2026-01-09T15:00:00Z', '2026-01-12T09:00:00Z')).toBe(66 * HOUR);
  });

  it('adds months as calendar months, exactly like addDuration', () => {
    expect(addWorkingTime('2026-01-31T10:00:00Z', 'P1M')).toBe('2026-02-28T10:00:00.000Z');
    expect(addWorkingTime('2026-01-31T10:00:00Z', 'P3M')).toBe(addDuration('2026-01-31T10:00:00Z', 'P3M'));
  });

  it('reads instants with offsets and answers in UTC', () => {
    expect(addWorkingMillis('2026-01-09T16:00:00+01:00', 0)).toBe('2026-01-09T15:00:00.000Z');
  });
});

describe('working time with a business calendar', () => {
  it('adds within one working day', () => {
    // Tuesday 10:00 local + 3 h = 13:00 local.
    expect(addWorkingTime('2026-01-06T09:00:00Z', 'PT3H', AMSTERDAM)).toBe('2026-01-06T12:00:00.000Z');
  });

  it('carries over a weekend: Friday 16:00 + 2 h is Monday 10:00', () => {
    expect(addWorkingTime('2026-01-09T15:00:00Z', 'PT2H', AMSTERDAM)).toBe('2026-01-12T09:00:00.000Z');
  });

  it('ends at closing time when the working time runs out exactly then', () => {
    expect(addWorkingTime('2026-01-09T15:00:00Z', 'PT1H', AMSTERDAM)).toBe('2026-01-09T16:00:00.000Z');
  });

  it('starts a Saturday start on Monday at opening', () => {
    expect(addWorkingTime('2026-01-10T10:00:00Z', 'PT1H', AMSTERDAM)).toBe('2026-01-12T09:00:00.000Z');
    expect(addWorkingMillis('2026-01-10T10:00:00Z', 0, AMSTERDAM)).toBe('2026-01-12T08:00:00.000Z');
  });

  it('starts a start after working hours the next working morning', () => {
    // Tuesday 18:30 local + 1 h = Wednesday 10:00 local.
    expect(addWorkingTime('2026-01-06T17:30:00Z', 'PT1H', AMSTERDAM)).toBe('2026-01-07T09:00:00.000Z');
    // Exactly at closing time is outside working hours.
    expect(addWorkingMillis('2026-01-06T16:00:00Z', 0, AMSTERDAM)).toBe('2026-01-07T08:00:00.000Z');
  });

  it('starts a start before working hours at opening the same day', () => {
    expect(addWorkingTime('2026-01-06T06:00:00Z', 'PT1H', AMSTERDAM)).toBe('2026-01-06T09:00:00.000Z');
  });

  it('skips holidays: Christmas Eve 16:00 + 2 h is Tuesday 29 December 10:00', () => {
    expect(addWorkingTime('2026-12-24T15:00:00Z', 'PT2H', CHRISTMAS)).toBe('2026-12-29T09:00:00.000Z');
    expect(addWorkingMillis('2026-12-25T09:00:00Z', 0, CHRISTMAS)).toBe('2026-12-29T08:00:00.000Z');
    // Without the holidays the same start ends on Christmas Day.
    expect(addWorkingTime('2026-12-24T15:00:00Z', 'PT2H', AMSTERDAM)).toBe('2026-12-25T09:00:00.000Z');
  });

  it('counts a day as one working day: P1D is 8 h for 09:00–17:00', () => {
    expect(workingMillis('P1D', AMSTERDAM)).toBe(8 * HOUR);
    expect(workingMillis('P1DT2H', AMSTERDAM)).toBe(10 * HOUR);
    expect(workingMillis('P1D', validateCalendar({ timeZone: 'UTC', workingHours: { start: '08:30', end: '12:00' } }))).toBe(3.5 * HOUR);
    // Tuesday 10:00 + P1D = Wednesday 10:00; Friday 10:00 + P1D = Monday 10:00.
    expect(addWorkingTime('2026-01-06T09:00:00Z', 'P1D', AMSTERDAM)).toBe('2026-01-07T09:00:00.000Z');
    expect(addWorkingTime('2026-01-09T09:00:00Z', 'P1D', AMSTERDAM)).toBe('2026-01-12T09:00:00.000Z');
  });

  it('counts a week as the calendar’s working days: P1W is 5 working days', () => {
    expect(workingMillis('P1W', AMSTERDAM)).toBe(40 * HOUR);
    expect(workingMillis('P1W', validateCalendar({ timeZone: 'Europe/Amsterdam', workingDays: [1, 2, 3, 4] }))).toBe(32 * HOUR);
    // Monday 10:00 + P1W = next Monday 10:00; Monday 09:00 + P1W = Friday 17:00.
    expect(addWorkingTime('2026-01-05T09:00:00Z', 'P1W', AMSTERDAM)).toBe('2026-01-12T09:00:00.000Z');
    expect(addWorkingTime('2026-01-05T08:00:00Z', 'P1W', AMSTERDAM)).toBe('2026-01-09T16:00:00.000Z');
  });

  it('refuses months and years, which have no fixed working length', () => {
    expect(() => workingMillis('P1M', AMSTERDAM)).toThrow(RangeError);
    expect(() => workingMillis('P1Y', AMSTERDAM)).toThrow(/months and years have no fixed length/);
    expect(() => addWorkingTime('2026-01-05T09:00:00Z', 'P3M', AMSTERDAM)).toThrow(RangeError);
  });

  it('refuses what is not a non-negative duration or an instant', () => {
    expect(() => workingMillis('soon', AMSTERDAM)).toThrow(RangeError);
    expect(() => workingMillis('PT-1H')).toThrow(/must not be negative/);
    expect(() => addWorkingMillis('2026-01-05T09:00:00Z', -1, AMSTERDAM)).toThrow(RangeError);
    expect(() => addWorkingMillis('yesterday', HOUR, AMSTERDAM)).toThrow(/not an ISO 8601 instant/);
    expect(() => workingMillisBetween('2026-01-05', '2026-01-06T09:00:00Z')).toThrow(RangeError);
  });

  it('lands a working day after the Friday before spring forward on Monday 10:00 summer time', () => {
    // Friday 2027-03-26 10:00 CET (09:00Z); clocks go forward on Sunday the 28th; Monday 10:00 CEST is 08:00Z.
    expect(addWorkingTime('2027-03-26T09:00:00Z', 'P1D', AMSTERDAM)).toBe('2027-03-29T08:00:00.000Z');
    expect(workingMillisBetween('2027-03-26T09:00:00Z', '2027-03-29T08:00:00Z', AMSTERDAM)).toBe(8 * HOUR);
  });

  it('lands a working day after the Friday before fall back on Monday 10:00 winter time', () => {
    // Friday 2026-10-23 10:00 CEST (08:00Z); clocks go back on Sunday the 25th; Monday 10:00 CET is 09:00Z.
    expect(addWorkingTime('2026-10-23T08:00:00Z', 'P1D', AMSTERDAM)).toBe('2026-10-26T09:00:00.000Z');
    expect(workingMillisBetween('2026-10-23T08:00:00Z', '2026-10-26T09:00:00Z', AMSTERDAM)).toBe(8 * HOUR);
  });

  it('counts the real time of working hours in which the clocks change', () => {
    // Spring forward: Sunday 00:00 CET (23:00Z) to 12:00 CEST (10:00Z) is 11 real hours, not 12.
    expect(workingMillisBetween('2027-03-27T22:00:00Z', '2027-03-28T12:00:00Z', SUNDAY_NIGHTS)).toBe(11 * HOUR);
    expect(addWorkingMillis('2027-03-27T23:00:00Z', 11 * HOUR, SUNDAY_NIGHTS)).toBe('2027-03-28T10:00:00.000Z');
    // A nominal working day (12 h) therefore takes 1 h of the next Sunday: 01:00 CEST on 4 April.
    expect(workingMillis('P1D', SUNDAY_NIGHTS)).toBe(12 * HOUR);
    expect(addWorkingTime('2027-03-27T23:00:00Z', 'P1D', SUNDAY_NIGHTS)).toBe('2027-04-03T23:00:00.000Z');
    // Fall back: Sunday 00:00 CEST (22:00Z) to 12:00 CET (11:00Z) is 13 real hours.
    expect(workingMillisBetween('2026-10-24T20:00:00Z', '2026-10-25T12:00:00Z', SUNDAY_NIGHTS)).toBe(13 * HOUR);
    expect(addWorkingMillis('2026-10-24T22:00:00Z', 13 * HOUR, SUNDAY_NIGHTS)).toBe('2026-10-25T11:00:00.000Z');
  });

  it('works in a US zone across its own daylight-saving change', () => {
    // Friday 2026-10-30 16:00 EDT (20:00Z) + 2 h = Monday 2026-11-02 10:00 EST (15:00Z).
    expect(addWorkingTime('2026-10-30T20:00:00Z', 'PT2H', NEW_YORK)).toBe('2026-11-02T15:00:00.000Z');
    // Friday 10:00 EDT (14:00Z) + P1D = Monday 10:00 EST (15:00Z).
    expect(addWorkingTime('2026-10-30T14:00:00Z', 'P1D', NEW_YORK)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('moves an opening time the clocks skip on by the gap, and reads one they repeat as the first', () => {
    const earlyHours = validateCalendar({ timeZone: 'Europe/Amsterdam', workingDays: [7], workingHours: { start: '02:30', end: '04:00' } });
    // 2027-03-28: 02:30 does not exist; work opens at 03:30 CEST (01:30Z) and closes at 04:00 CEST (02:00Z).
    expect(addWorkingMillis('2027-03-27T12:00:00Z', 0, earlyHours)).toBe('2027-03-28T01:30:00.000Z');
    expect(workingMillisBetween('2027-03-27T12:00:00Z', '2027-03-28T12:00:00Z', earlyHours)).toBe(HOUR / 2);
    // 2026-10-25: 02:30 happens twice; work opens at the first (CEST, 00:30Z) and closes at 04:00 CET (03:00Z).
    expect(addWorkingMillis('2026-10-24T12:00:00Z', 0, earlyHours)).toBe('2026-10-25T00:30:00.000Z');
    expect(workingMillisBetween('2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z', earlyHours)).toBe(2.5 * HOUR);
  });

  it.each(['Europe/Amsterdam', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'])(
    'agrees with luxon’s local-time arithmetic on every day of a year in %s',
    (timeZone) => {
      const calendar = validateCalendar({ timeZone, workingDays: [1, 2, 3, 4, 5, 6, 7], workingHours: { start: '02:30', end: '17:00' } });
      for (let day = DateTime.fromISO('2026-03-01T12:00', { zone: timeZone }).startOf('day'); day.toISODate()! < '2027-03-01'; day = day.plus({ days: 1 }).startOf('day')) {
        const open = day.set({ hour: 2, minute: 30 }).toUTC().toISO()!;
        const close = day.set({ hour: 17, minute: 0 }).toUTC().toISO()!;
        const midnight = day.toUTC().toISO()!;
        const nextMidnight = day.plus({ days: 1 }).startOf('day').toUTC().toISO()!;
        expect([day.toISODate(), addWorkingMillis(midnight, 0, calendar)]).toEqual([day.toISODate(), open]);
        expect([day.toISODate(), workingMillisBetween(midnight, nextMidnight, calendar)]).toEqual([day.toISODate(), Date.parse(close) - Date.parse(open)]);
      }
    },
  );

  it('allows working hours to the end of the day', () => {
    const allDay = validateCalendar({ timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], workingHours: { start: '00:00', end: '24:00' } });
    expect(workingMillis('P1D', allDay)).toBe(24 * HOUR);
    expect(addWorkingTime('2026-01-09T15:00:00Z', 'P2D', allDay)).toBe('2026-01-11T15:00:00.000Z');
  });

  it('still finds working time after the longest holiday run a valid calendar allows', () => {
    // One working day a week and its next 366 occurrences all holidays: the 367th Monday, 2033-01-10.
    const mondays = Array.from({ length: 366 }, (_, week) =>
      DateTime.fromISO('2026-01-05', { zone: 'utc' }).plus({ weeks: week }).toISODate()!,
    );
    const calendar = validateCalendar({ timeZone: 'Europe/Amsterdam', workingDays: [1], holidays: mondays });
    expect(addWorkingMillis('2026-01-05T08:00:00Z', 0, calendar)).toBe('2033-01-10T08:00:00.000Z');
  });

  it('refuses an unvalidated calendar with a RangeError instead of looping', () => {
    const broken = { timeZone: 'Europe/Amsterdam', workingDays: [], workingHours: { start: '09:00', end: '17:00' }, holidays: [] };
    expect(() => addWorkingMillis('2026-01-05T08:00:00Z', HOUR, broken)).toThrow(/not a valid business calendar/);
  });

  it('refuses working time that lies more than a century away', () => {
    const mondays = validateCalendar({ timeZone: 'Europe/Amsterdam', workingDays: [1] });
    expect(() => addWorkingMillis('2026-01-05T08:00:00Z', 1e13, mondays)).toThrow(/more than a century/);
    expect(() => workingMillisBetween('2026-01-05T08:00:00Z', '2127-01-05T08:00:00Z', mondays)).toThrow(/more than a century/);
  });
});

describe('workingMillisBetween', () => {
  it('counts only working time between two instants', () => {
    // Friday 16:00 to Monday 10:00 local.
    expect(workingMillisBetween('2026-01-09T15:00:00Z', '2026-01-12T09:00:00Z', AMSTERDAM)).toBe(2 * HOUR);
    // Saturday to Monday 10:00: the hour from opening.
    expect(workingMillisBetween('2026-01-10T10:00:00Z', '2026-01-12T09:00:00Z', AMSTERDAM)).toBe(HOUR);
    // Christmas Eve 16:00 to Tuesday 29 December 10:00 around two holidays.
    expect(workingMillisBetween('2026-12-24T15:00:00Z', '2026-12-29T09:00:00Z', CHRISTMAS)).toBe(2 * HOUR);
  });

  it('is 0 when the end is not after the start', () => {
    expect(workingMillisBetween('2026-01-06T12:00:00Z', '2026-01-06T12:00:00Z', AMSTERDAM)).toBe(0);
    expect(workingMillisBetween('2026-01-06T12:00:00Z', '2026-01-06T10:00:00Z', AMSTERDAM)).toBe(0);
    expect(workingMillisBetween('2026-01-06T12:00:00Z', '2026-01-06T10:00:00Z')).toBe(0);
  });

  const starts: [string, string, BusinessCalendar][] = [
    ['Tuesday 10:00 in Amsterdam', '2026-01-06T09:00:00Z', AMSTERDAM],
    ['Friday 16:00 in Amsterdam', '2026-01-09T15:00:00Z', AMSTERDAM],
    ['Christmas Eve 16:00', '2026-12-24T15:00:00Z', CHRISTMAS],
    ['the Friday before spring forward', '2027-03-26T09:00:00Z', AMSTERDAM],
    ['the Friday before fall back in New York', '2026-10-30T14:00:00Z', NEW_YORK],
    ['a Sunday night of the clock change', '2027-03-27T23:30:00Z', SUNDAY_NIGHTS],
  ];
  it.each(starts)('inverts addWorkingMillis from %s', (_, start, calendar) => {
    for (const ms of [0, 1, HOUR, 8 * HOUR, 40 * HOUR, 123 * HOUR + 45 * 60_000]) {
      const end = addWorkingMillis(start, ms, calendar);
      expect(workingMillisBetween(start, end, calendar)).toBe(ms);
      expect(addWorkingMillis(start, workingMillisBetween(start, end, calendar), calendar)).toBe(end);
    }
  });
});

describe('validateCalendar', () => {
  it('fills in Monday to Friday, 09:00–17:00 and no holidays', () => {
    expect(validateCalendar({ timeZone: 'Europe/Amsterdam' })).toEqual({
      timeZone: 'Europe/Amsterdam',
      workingDays: [1, 2, 3, 4, 5],
      workingHours: { start: '09:00', end: '17:00' },
      holidays: [],
    });
  });

  it('returns a sorted copy', () => {
    const input = {
      timeZone: 'America/New_York',
      workingDays: [5, 1, 3],
      workingHours: { start: '08:00', end: '24:00' },
      holidays: ['2026-12-25', '2026-07-03'],
    };
    const calendar = validateCalendar(input);
    expect(calendar).toEqual({
      timeZone: 'America/New_York',
      workingDays: [1, 3, 5],
      workingHours: { start: '08:00', end: '24:00' },
      holidays: ['2026-07-03', '2026-12-25'],
    });
    expect(input.workingDays).toEqual([5, 1, 3]);
    expect(calendar.workingHours).not.toBe(input.workingHours);
  });

  const manyHolidays = Array.from({ length: 367 }, (_, day) => DateTime.fromISO('2026-01-01', { zone: 'utc' }).plus({ days: day }).toISODate());
  const zone = { timeZone: 'Europe/Amsterdam' };
  it.each<[string, unknown, string]>([
    ['no object', 'Europe/Amsterdam', 'calendar must be an object'],
    ['no time zone', {}, 'calendar.timeZone is required'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'calendar.timeZone must be an IANA time zone'],
    ['an offset for a time zone', { timeZone: '+02:00' }, 'calendar.timeZone must be an IANA time zone'],
    ['an unknown field', { ...zone, weekends: true }, 'calendar.weekends is not a calendar field'],
    ['weekday 0', { ...zone, workingDays: [0] }, 'calendar.workingDays[0] must be an ISO weekday from 1 (Monday) to 7 (Sunday)'],
    ['weekday 8', { ...zone, workingDays: [1, 8] }, 'calendar.workingDays[1] must be an ISO weekday'],
    ['a fractional weekday', { ...zone, workingDays: [2.5] }, 'calendar.workingDays[0] must be an ISO weekday'],
    ['a repeated weekday', { ...zone, workingDays: [1, 2, 1] }, 'calendar.workingDays[2] repeats day 1'],
    ['no working days', { ...zone, workingDays: [] }, 'calendar.workingDays must name at least one working day'],
    ['working days that are no list', { ...zone, workingDays: 'weekdays' }, 'calendar.workingDays must be a list'],
    ['working hours that are no object', { ...zone, workingHours: '9-5' }, 'calendar.workingHours must be an object'],
    ['hour 25', { ...zone, workingHours: { start: '25:00', end: '17:00' } }, 'calendar.workingHours.start must be HH:MM'],
    ['a one-digit hour', { ...zone, workingHours: { start: '9:00', end: '17:00' } }, 'calendar.workingHours.start must be HH:MM'],
    ['a start at 24:00', { ...zone, workingHours: { start: '24:00', end: '24:00' } }, 'calendar.workingHours.start must be HH:MM'],
    ['an end after 24:00', { ...zone, workingHours: { start: '09:00', end: '24:01' } }, 'calendar.workingHours.end must be HH:MM'],
    ['no end', { ...zone, workingHours: { start: '09:00' } }, 'calendar.workingHours.end must be HH:MM'],
    ['a start after the end', { ...zone, workingHours: { start: '17:00', end: '09:00' } }, 'calendar.workingHours.end must be later than calendar.workingHours.start'],
    ['a start equal to the end', { ...zone, workingHours: { start: '09:00', end: '09:00' } }, 'calendar.workingHours.end must be later'],
    ['an unknown working-hours field', { ...zone, workingHours: { start: '09:00', end: '17:00', lunch: '12:00' } }, 'calendar.workingHours.lunch is not a calendar field'],
    ['month 13', { ...zone, holidays: ['2026-13-01'] }, 'calendar.holidays[0] must be a date YYYY-MM-DD'],
    ['30 February', { ...zone, holidays: ['2026-12-25', '2026-02-30'] }, 'calendar.holidays[1] must be a date YYYY-MM-DD'],
    ['a holiday with a time', { ...zone, holidays: ['2026-12-25T00:00'] }, 'calendar.holidays[0] must be a date YYYY-MM-DD'],
    ['a repeated holiday', { ...zone, holidays: ['2026-12-25', '2026-12-25'] }, 'calendar.holidays[1] repeats 2026-12-25'],
    ['holidays that are no list', { ...zone, holidays: '2026-12-25' }, 'calendar.holidays must be a list'],
    ['too many holidays', { ...zone, holidays: manyHolidays }, 'calendar.holidays must have at most 366 dates'],
  ])('refuses %s, naming the field', (_, input, message) => {
    expect(refusal(input)).toContain(message);
  });

  it('names fields under the path it is given', () => {
    expect(refusal({ timeZone: 'Mars/Olympus' }, 'body.calendar')).toMatch(/^body\.calendar\.timeZone /);
  });
});
