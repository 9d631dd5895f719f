import { setTimeout as delay } from 'node:timers/promises';

/** Asks `holds` every `intervalMs` until it says yes or `boundMs` has passed; says which. */
export async function until(holds: () => Promise<boolean>, { boundMs, intervalMs }: { boundMs: number; intervalMs: number }): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    if (await holds()) return true;
    if (Date.now() > deadline) return false;
    await delay(intervalMs);
  }
}
