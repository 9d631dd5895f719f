import { useEffect, useState } from 'react';

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const dateTimeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 3 hours", "2 days ago": the largest whole unit between `iso` and now. */
export function relativeTime(iso: string, now: number): string {
  const delta = new Date(iso).getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === 'minute') return relativeFormat.format(Math.trunc(delta / ms), unit);
  }
  return relativeFormat.format(0, 'minute');
}

/** "2 h 05 min left" or "overdue by 12 min", for service-level clocks. */
export function countdown(iso: string, now: number): string {
  const delta = new Date(iso).getTime() - now;
  const minutes = Math.floor(Math.abs(delta) / 60_000);
  const text = minutes >= 60 * 24 ? `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h` : minutes >= 60 ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min` : `${minutes} min`;
  return delta >= 0 ? `${text} left` : `overdue by ${text}`;
}

export function dateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** Words for the API's kebab-case names: "go-no-go" → "go/no-go", "mid-market" → "mid market". */
export function label(name: string): string {
  return name === 'go-no-go' ? 'go/no-go' : name.replaceAll('-', ' ');
}

/** The current time, ticking every `everyMs`, for countdowns. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
