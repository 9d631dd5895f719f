import { describe, it, expect, jest } from '@jest/globals';
import { act, renderHook } from '@testing-library/react';
import { countdown, label, relativeTime, useNow } from './format';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const MINUTE = 60_000;

describe('times as the pages show them', () => {
  it('say how far off a due time is in its largest whole unit', () => {
    expect(relativeTime(at(3 * 60 * MINUTE + 5 * MINUTE), NOW)).toBe('in 3 hours');
    expect(relativeTime(at(-2 * 24 * 60 * MINUTE), NOW)).toBe('2 days ago');
    expect(relativeTime(at(30_000), NOW)).toBe('this minute');
    expect(relativeTime(at(24 * 60 * MINUTE), NOW)).toBe('tomorrow');
  });

  it('count a service-level clock down to the minute, and past it as overdue', () => {
    expect(countdown(at(125 * MINUTE), NOW)).toBe('2 h 05 min left');
    expect(countdown(at(59 * MINUTE + 59_000), NOW)).toBe('59 min left');
    expect(countdown(at(-12 * MINUTE), NOW)).toBe('overdue by 12 min');
    expect(countdown(at((2 * 24 + 3) * 60 * MINUTE), NOW)).toBe('2 d 3 h left');
  });

  it("put the API's kebab-case names into words", () => {
    expect(label('go-no-go')).toBe('go/no-go');
    expect(label('not-feasible')).toBe('not feasible');
    expect(label('mid-market')).toBe('mid market');
  });

  it('tick the current time on the interval asked for, and stop when the page is left', () => {
    jest.useFakeTimers({ now: NOW });
    try {
      const { result, unmount } = renderHook(() => useNow(1_000));
      expect(result.current).toBe(NOW);
      act(() => jest.advanceTimersByTime(3_000));
      expect(result.current).toBe(NOW + 3_000);
      unmount();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
