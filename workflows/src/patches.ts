/**
 * The changes to the workflows since the 1.0 history baseline, each a `patched()` ID. A run that
 * started on older code replays without the change; the replay spec holds a history of each version.
 */
export const WORKFLOW_PATCHES = {
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
