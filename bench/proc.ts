import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds of a process (all its threads), or null off Linux or once it has gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it start with the state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/**
 * Waits until the given processes together use less than `idleCores` of CPU over a window, so one
 * measurement does not run on the backlog of the one before. Bounded by `maxMs`; returns how long it took.
 */
export async function settle(pids: number[], { maxMs, idleCores = 0.25, windowMs = 400 }: { maxMs: number; idleCores?: number; windowMs?: number }): Promise<{ waitedMs: number; settled: boolean }> {
  const start = Date.now();
  const unique = [...new Set(pids)];
  const total = () => unique.reduce<number | null>((sum, pid) => {
    const seconds = cpuSeconds(pid);
    return sum === null || seconds === null ? null : sum + seconds;
  }, 0);
  let before = total();
  if (before === null) {
    await sleep(Math.min(maxMs, 1_000));
    return { waitedMs: Date.now() - start, settled: false };
  }
  while (Date.now() - start < maxMs) {
    await sleep(windowMs);
    const after = total();
    if (after === null) break;
    if ((after - before) / (windowMs / 1000) < idleCores) return { waitedMs: Date.now() - start, settled: true };
    before = after;
  }
  return { waitedMs: Date.now() - start, settled: false };
}
