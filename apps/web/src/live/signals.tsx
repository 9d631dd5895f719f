import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { useMe } from '../auth/session';

export type Signal = Schemas['SignalView'];

/** How often the feed asks for new signals, and how far it backs off while the API does not answer. */
export const POLL_MS = 4_000;
export const MAX_BACKOFF_MS = 60_000;

/** The next wait: the poll interval while answers come, doubling per failure up to the cap. */
export function nextPollDelay(failures: number): number {
  return failures === 0 ? POLL_MS : Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** failures);
}

interface SignalFeed {
  signals: Signal[];
  unread: number;
  /** The API did not answer the last poll; the feed keeps trying with backoff. */
  offline: boolean;
  markAllRead: () => void;
}

const FeedContext = createContext<SignalFeed | null>(null);
const PAGE = 200;

/**
 * The signed-in user's signals, kept up to date by polling `after=<last position>`. New signals
 * refresh the task and deal queries, so new tasks and escalations appear without a reload.
 */
export function SignalFeedProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const queries = useQueryClient();
  const seenKey = `groundwork.seen.${me.id}`;
  const [signals, setSignals] = useState<Signal[]>([]);
  const [seen, setSeen] = useState(() => Number(localStorage.getItem(seenKey) ?? 0));
  const [offline, setOffline] = useState(false);
  const last = useRef(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const fresh: Signal[] = [];
        for (;;) {
          const page = await ok(api.GET('/api/signals', { params: { query: { after: last.current, limit: PAGE } } }));
          if (stopped) return;
          fresh.push(...page);
          if (page.length > 0) last.current = page.at(-1)!.position;
          if (page.length < PAGE) break;
        }
        if (fresh.length > 0) {
          setSignals((current) => [...current, ...fresh]);
          await queries.invalidateQueries({ queryKey: ['tasks'] });
          await queries.invalidateQueries({ queryKey: ['deal'] });
          await queries.invalidateQueries({ queryKey: ['deals'] });
        }
        failures = 0;
        setOffline(false);
      } catch {
        failures += 1;
        setOffline(true);
      }
      if (!stopped) timer = setTimeout(() => void poll(), nextPollDelay(failures));
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [queries]);

  const markAllRead = useCallback(() => {
    const position = last.current;
    localStorage.setItem(seenKey, String(position));
    setSeen(position);
  }, [seenKey]);

  const unread = signals.filter((signal) => signal.position > seen).length;
  return <FeedContext.Provider value={{ signals, unread, offline, markAllRead }}>{children}</FeedContext.Provider>;
}

export function useSignalFeed(): SignalFeed {
  const feed = useContext(FeedContext);
  if (!feed) throw new Error('useSignalFeed outside SignalFeedProvider');
  return feed;
}

/** One line for a signal, as the feed and the desk show it. */
export function describeSignal(signal: Signal): string {
  switch (signal.type) {
    case 'task-assigned':
      return `New ${signal.kind ?? ''} task on ${signal.dealTitle}`;
    case 'reminder':
      return `Reminder: ${signal.kind ?? ''} task on ${signal.dealTitle} is due soon`;
    case 'escalation':
      return `Escalated to ${signal.level ?? ''}: ${signal.subject ?? 'task'} on ${signal.dealTitle}`;
    case 'incident-reported':
      return `Incident (${signal.severity ?? ''}) reported on ${signal.dealTitle}`;
    case 'go-no-go':
      return `Go/no-go report on ${signal.dealTitle}: ${signal.decision ?? ''}`;
  }
}
