import { patched } from '@temporalio/workflow';

/**
 * The changes to the workflows since the 1.0 history baseline. A run that started on older code
 * replays without them; the replay spec holds a history of each version. Up to 1.6 each change was
 * a `patched()` ID of its own, and runs started then recorded one marker per change.
 */
const CHANGE_MARKERS = {
  /** 1.1: who is away is read with the record of the tasks' opening, not by an activity of its own. */
  awayReadWithRecord: 'away-read-with-record',
  /** 1.2: a run counts as full only once recorded code saw it so (a refused Update's dropped task changed the path). */
  runFullLatched: 'run-full-latched',
  /**
   * 1.3: effects wait only for the record of the changes that made them, not for a moment with nothing
   * unrecorded (a steady stream of commands starved them, and a run carried hundreds); a backlog of
   * DealRunLimits.effectBacklog effects refuses new commands until it has caught up.
   */
  effectsAfterTheirRecord: 'effects-after-their-record',
  /**
   * 1.4: both floors explore: in deals started with customer-side counterparts, each finding waits for
   * the counterpart's co-signature (or goes back when contested). Decided once, at the deal's start.
   */
  bothFloorsExplore: 'both-floors-explore',
  /**
   * 1.6: a live relationship forgets its closed reviews but the latest once they are recorded, so what
   * continue-as-new carries stays the same size through years of quarterly reviews.
   */
  pastReviewsForgotten: 'past-reviews-forgotten',
} as const;

/**
 * Since 1.7 a run records one marker, its release's, which stands for every change up to it: the SDK
 * upserts `TemporalChangeVersion` with each marker, and seven markers cost seven visibility writes at
 * the start of every run. Newest release first, each with the changes it brought.
 */
const RELEASES = [
  {
    marker: 'release-1.7',
    changes: [
      /**
       * A new task's assignee is told with the record of its opening, which also reads who is away;
       * only a delegation needs a record of its own (before, every opening needed a second one).
       */
      'assignmentsNoticedAtOpening',
      /**
       * Search attributes are upserted only where they differ from the run's, and
       * `DealOpenTaskAssignees` is left out (cleared): it changed with every task, a visibility write each.
       */
      'searchAttributesOnChange',
    ],
  },
] as const;

export type WorkflowChange = keyof typeof CHANGE_MARKERS | (typeof RELEASES)[number]['changes'][number];

/**
 * Whether this run has `change`. Call it in the run's first activation only: outside replay every
 * `patched()` call records its marker, so a run on current code records the newest release's alone.
 */
export function hasChange(change: WorkflowChange): boolean {
  for (const release of RELEASES) {
    if (patched(release.marker)) return true;
    // Runs of older releases never had it.
    if ((release.changes as readonly string[]).includes(change)) return false;
  }
  return patched(CHANGE_MARKERS[change as keyof typeof CHANGE_MARKERS]);
}
