import { describe, it, expect, jest, beforeEach, afterEach } from '@jest/globals';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MAX_BACKOFF_MS, POLL_MS, SignalFeedProvider, describeSignal, nextPollDelay, useSignalFeed, type Signal } from './signals';

/** The API as the feed sees it: each GET /api/signals answers the next scripted page, or fails. */
const answers: (Signal[] | Error)[] = [];
const asked: number[] = [];
jest.mock('../api/client', () => ({
  api: {
    GET: (_path: string, { params }: { params: { query: { after: number } } }) => {
      asked.push(params.query.after);
      const next = answers.shift() ?? [];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  },
  ok: (call: Promise<unknown>) => call,
}));
jest.mock('../auth/session', () => ({ useMe: () => ({ id: 'op.otto' }) }));

const signal = (position: number, fields: Partial<Signal> = {}): Signal => ({ id: `s${position}`, position, type: 'task-assigned', dealId: 'north', dealTitle: 'North', at: '2026-12-05T12:00:00Z', kind: 'processes', ...fields }) as Signal;

describe('the live signal feed', () => {
  let queries: QueryClient;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queries}>
      <SignalFeedProvider>{children}</SignalFeedProvider>
    </QueryClientProvider>
  );
  /** Lets the feed's pending answers land, then moves the clock on. */
  const after = async (ms: number) => {
    await act(async () => {
      await jest.advanceTimersByTimeAsync(ms);
    });
  };

  beforeEach(() => {
    jest.useFakeTimers();
    localStorage.clear();
    answers.length = 0;
    asked.length = 0;
    queries = new QueryClient();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('polls every few seconds and backs off, doubling up to a minute, while the API does not answer', () => {
    expect([0, 1, 2, 3, 4, 5].map(nextPollDelay)).toEqual([POLL_MS, 8_000, 16_000, 32_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });

  it('asks only for what came after the last signal it has, counts what is unread and refreshes tasks and deals', async () => {
    answers.push([signal(1), signal(2)]);
    const refreshed = jest.spyOn(queries, 'invalidateQueries');
    const { result } = renderHook(() => useSignalFeed(), { wrapper });
    await after(0);
    expect(result.current.signals.map((each) => each.position)).toEqual([1, 2]);
    expect(result.current.unread).toBe(2);
    expect(refreshed.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([['tasks'], ['deal'], ['deals']]);

    await after(POLL_MS);
    expect(asked).toEqual([0, 2]);
    refreshed.mockClear();
    answers.push([signal(3, { type: 'escalation', level: 'tactical', subject: 'incident' })]);
    await after(POLL_MS);
    expect(result.current.unread).toBe(3);
    act(() => result.current.markAllRead());
    expect(result.current.unread).toBe(0);
    expect(localStorage.getItem('groundwork.seen.op.otto')).toBe('3');
    expect(refreshed).toHaveBeenCalledTimes(3);
  });

  it('reads every page of a long absence before it counts, so nothing is left out', async () => {
    answers.push(
      Array.from({ length: 200 }, (_, index) => signal(index + 1)),
      [signal(201)],
    );
    const { result } = renderHook(() => useSignalFeed(), { wrapper });
    await after(0);
    expect(asked).toEqual([0, 200]);
    expect(result.current.unread).toBe(201);
  });

  it('says it is offline while the API does not answer, waits longer each time, and catches up when it is back', async () => {
    answers.push(new Error('503'), new Error('503'), [signal(7)]);
    const { result } = renderHook(() => useSignalFeed(), { wrapper });
    await after(0);
    expect(result.current.offline).toBe(true);
    await after(nextPollDelay(1) - 1);
    expect(asked).toHaveLength(1);
    await after(1);
    expect(asked).toHaveLength(2);
    await after(nextPollDelay(2));
    expect(result.current.offline).toBe(false);
    expect(result.current.signals.map((each) => each.position)).toEqual([7]);
  });

  it('keeps what was read across a reload', async () => {
    localStorage.setItem('groundwork.seen.op.otto', '5');
    answers.push([signal(4), signal(5), signal(6)]);
    const { result } = renderHook(() => useSignalFeed(), { wrapper });
    await after(0);
    expect(result.current.unread).toBe(1);
  });

  it('describes each signal in one line', () => {
    expect(describeSignal(signal(1))).toBe('New processes task on North');
    expect(describeSignal(signal(2, { type: 'escalation', level: 'strategic', subject: 'incident' }))).toBe('Escalated to strategic: incident on North');
    expect(describeSignal(signal(3, { type: 'go-no-go', decision: 'no-go' }))).toBe('Go/no-go report on North: no-go');
  });
});
