/** How many applied Update IDs a deal carries into its next run: enough for any client's retry window. */
export const CARRIED_UPDATE_IDS = 250;

/** What a carried Update ID remembers: the incident a report created; other commands name their target. */
export type AppliedUpdate = [updateId: string, incidentId: string | null];

/**
 * The Update IDs a deal applied lately, across runs. Temporal deduplicates an Update ID within one
 * run only; a client that retries with its Idempotency-Key after a continue-as-new reaches the new
 * run, which must answer from what was done rather than do it again.
 */
export class AppliedUpdates {
  private readonly applied: Map<string, string | null>;

  constructor(carried: AppliedUpdate[] = []) {
    this.applied = new Map(carried);
  }

  has(updateId: string | undefined): updateId is string {
    return updateId !== undefined && this.applied.has(updateId);
  }

  incidentOf(updateId: string): string | null {
    return this.applied.get(updateId) ?? null;
  }

  record(updateId: string | undefined, incidentId: string | null = null): void {
    if (updateId === undefined) return;
    this.applied.delete(updateId);
    this.applied.set(updateId, incidentId);
  }

  /** The newest IDs, oldest first, for the next run's input. */
  carried(): AppliedUpdate[] {
    return [...this.applied.entries()].slice(-CARRIED_UPDATE_IDS);
  }
}
