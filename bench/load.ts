import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TimedRun {
  /** Operations started inside the window that succeeded. */
  completed: number;
  errors: number;
  /** From the first start until the last of them ended. */
  elapsedMs: number;
  firstErrors: string[];
}

const ERRORS_KEPT = 5;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `op` from `concurrency` loops for `durationMs`; each loop starts its next operation when the last
 * one ends. Operations still running at the end are awaited and counted, and the run lasts until
 * they end: cutting them off would undercount, and a window shorter than one operation count none.
 */
export async function runFor(options: { concurrency: number; durationMs: number; op: (loop: number) => Promise<unknown> }): Promise<TimedRun> {
  const start = performance.now();
  const end = start + options.durationMs;
  let completed = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, loop) => {
      while (performance.now() < end) {
        try {
          await options.op(loop);
          completed += 1;
        } catch (error) {
          errors += 1;
          if (firstErrors.length < ERRORS_KEPT) firstErrors.push(describe(error));
        }
      }
    }),
  );
  return { completed, errors, elapsedMs: performance.now() - start, firstErrors };
}

/** Runs `count` operations from `concurrency` loops; the first failure fails the whole run. */
export async function runCount<T>(options: { concurrency: number; count: number; op: (index: number) => Promise<T> }): Promise<T[]> {
  const results: T[] = new Array<T>(options.count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.count) }, async () => {
      while (next < options.count) {
        const index = next++;
        results[index] = await options.op(index);
      }
    }),
  );
  return results;
}

/** Milliseconds each of `count` sequential operations took. */
export async function sampleLatencies(count: number, op: (index: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = performance.now();
    await op(index);
    latencies.push(performance.now() - start);
  }
  return latencies;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export function elapsedSince(start: number): number {
  return performance.now() - start;
}

/**
 * Retries a setup step (a query to a busy worker may time out) a few times; measured operations are
 * never retried.
 */
export async function withRetries<T>(step: () => Promise<T>, attempts = 5, backoffMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(backoffMs * attempt);
    }
  }
}
