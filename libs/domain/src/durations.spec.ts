import { addDuration, durationMillis, isIsoInstant, parsePositiveDuration, toUtcIso } from './durations';

const HOUR = 3_600_000;

describe('ISO 8601 durations', () => {
  it.each([
    ['PT4H', 4 * HOUR],
    ['PT30M', 0.5 * HOUR],
    ['P2D', 48 * HOUR],
    ['P1DT12H', 36 * HOUR],
    ['P1W', 7 * 24 * HOUR],
    ['PT0.5S', 500],
  ])('parses %s as %d ms', (iso, millis) => {
    expect(parsePositiveDuration(iso)?.toMillis()).toBe(millis);
    expect(durationMillis(iso)).toBe(millis);
  });

  it.each([
    ['zero', 'PT0S'],
    ['zero days', 'P0D'],
    ['negative', 'P-1D'],
    ['free text', '4 hours'],
    ['a bare number', '4'],
    ['an empty string', ''],
    ['a lower-case designator', 'pt4h'],
    ['a time part without T', 'P4H'],
  ])('refuses a %s duration', (_label, iso) => {
    expect(parsePositiveDuration(iso)).toBeNull();
    expect(() => durationMillis(iso)).toThrow(RangeError);
    expect(() => durationMillis(iso)).toThrow(iso === '' ? 'not a positive ISO 8601 duration' : iso);
  });

  it('refuses values that are not strings at all', () => {
    for (const value of [4, null, undefined, { hours: 4 }]) {
      expect(parsePositiveDuration(value as unknown as string)).toBeNull();
    }
  });
});

describe('adding a duration in calendar time', () => {
  it('adds hours and days in UTC', () => {
    expect(addDuration('2026-03-02T09:00:00.000Z', 'PT4H')).toBe('2026-03-02T13:00:00.000Z');
    expect(addDuration('2026-03-02T09:00:00.000Z', 'P30D')).toBe('2026-04-01T09:00:00.000Z');
  });

  it('does not shift by an hour across a daylight-saving change, since it counts in UTC', () => {
    // Europe switched to summer time on 2026-03-29; UTC did not.
    expect(addDuration('2026-03-28T12:00:00.000Z', 'P1D')).toBe('2026-03-29T12:00:00.000Z');
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addDuration('2026-01-31T10:00:00.000Z', 'P1M')).toBe('2026-02-28T10:00:00.000Z');
    expect(addDuration('2026-01-15T10:00:00.000Z', 'P3M')).toBe('2026-04-15T10:00:00.000Z');
  });

  it('reads an instant with an offset and answers in UTC', () => {
    expect(addDuration('2026-03-02T10:00:00+01:00', 'PT1H')).toBe('2026-03-02T10:00:00.000Z');
  });

  it('refuses a duration that is not positive', () => {
    expect(() => addDuration('2026-03-02T09:00:00.000Z', 'PT0S')).toThrow(RangeError);
    expect(() => addDuration('2026-03-02T09:00:00.000Z', 'soon')).toThrow('not a positive ISO 8601 duration: soon');
  });
});

describe('ISO instants', () => {
  it.each(['2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00+01:00', '2026-03-02T09:00'])(
    'accepts %s',
    (value) => expect(isIsoInstant(value)).toBe(true),
  );

  it.each([
    ['a date without a time', '2026-03-02'],
    ['an impossible date', '2026-02-30T09:00:00Z'],
    ['an impossible hour', '2026-03-02T25:00:00Z'],
    ['free text', 'tomorrow at nine'],
    ['an empty string', ''],
    ['a number', 1_772_441_600_000],
    ['null', null],
  ])('refuses %s', (_label, value) => {
    expect(isIsoInstant(value)).toBe(false);
  });

  it('normalises an instant to UTC with milliseconds', () => {
    expect(toUtcIso('2026-03-02T10:00:00+01:00')).toBe('2026-03-02T09:00:00.000Z');
    expect(toUtcIso('2026-03-02T09:00:00Z')).toBe('2026-03-02T09:00:00.000Z');
    expect(toUtcIso('2026-07-01T02:30:00-04:00')).toBe('2026-07-01T06:30:00.000Z');
  });
});
