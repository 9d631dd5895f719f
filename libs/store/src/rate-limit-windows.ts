import { sql } from 'kysely';
import type { Store } from './store';

/** How often expired windows are deleted, at most, by each instance. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Fixed-window request counters in the durable record, so every API instance counts against one
 * budget. A hit is one atomic upsert: it opens a new window once the last has ended, else counts on.
 */
export class RateLimitWindows {
  private lastSweep = 0;

  constructor(private readonly store: Store) {}

  async hit(key: string, windowMs: number, now = Date.now()): Promise<{ hits: number; windowEndsAt: number }> {
    const { db, dialect } = this.store;
    const ended = sql<boolean>`rate_limit_windows.window_ends_at <= ${now}`;
    const upsert = (executor: typeof db) =>
      executor
        .insertInto('rate_limit_windows')
        .values({ key, hits: 1, window_ends_at: now + windowMs })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            hits: sql<number>`case when ${ended} then 1 else rate_limit_windows.hits + 1 end`,
            window_ends_at: sql<number>`case when ${ended} then ${now + windowMs} else rate_limit_windows.window_ends_at end`,
          }),
        )
        .returning(['hits', 'window_ends_at'])
        .executeTakeFirstOrThrow();
    // A counter is not worth a disk flush per request: PostgreSQL may acknowledge it before its WAL is on disk.
    const row =
      dialect === 'postgres'
        ? await db.transaction().execute(async (trx) => {
            await sql`set local synchronous_commit = off`.execute(trx);
            return upsert(trx);
          })
        : await upsert(db);
    if (now - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = now;
      await db.deleteFrom('rate_limit_windows').where('window_ends_at', '<', now).execute();
    }
    return { hits: Number(row.hits), windowEndsAt: Number(row.window_ends_at) };
  }
}
