import { condition } from '@temporalio/workflow';

/** Temporal replaces Date inside workflows with its deterministic, replay-safe clock. */
export const now = (): string => new Date().toISOString();

/**
 * Waits until `ready` holds or the instant `at` passes; true when ready. A moment already past
 * starts no timer at all.
 */
export async function readyBefore(ready: () => boolean, at: string): Promise<boolean> {
  const remaining = Date.parse(at) - Date.now();
  if (remaining <= 0) return ready();
  return condition(ready, remaining);
}
