import type { DealState } from './deal-state';
import type { DealEvent } from './events';
import type { Incident } from './incidents';
import type { UserId } from './people';
import type { DeliveredSignal } from './signals';
import type { Task } from './tasks';

/** A deal as the durable record keeps it beside its tasks and incidents, with everyone who may read it. */
export type DealHead = Omit<DealState, 'tasks' | 'incidents'> & { participants: UserId[] };

/** A timeline event with its place in the deal's append-only log (1, 2, 3, … per deal). */
export type RecordedDealEvent = DealEvent & { sequence: number };

/**
 * What changed in a deal since it was last recorded. Writing it twice changes nothing: events are
 * keyed by (deal, sequence), signals by (recipient, delivery), and rows are replaced only by a version
 * at least as new.
 */
export interface DealChanges {
  dealId: string;
  /** The sequence number of the deal's latest event after these changes. */
  version: number;
  updatedAt: string;
  /** The head, when it changed since the last changes of this run. */
  head: DealHead | null;
  tasks: Task[];
  incidents: Incident[];
  events: RecordedDealEvent[];
  signals: DeliveredSignal[];
  /**
   * Tasks opened in these changes whose assignee was told at once. The notice stands unless the
   * assignee is away and the task goes to their delegate (decided by `delegateOf` with the record).
   */
  assignments?: OpenedAssignment[];
}

/** A task opened with a notice to its assignee, pending the out-of-office check. */
export interface OpenedAssignment {
  taskId: string;
  assignee: UserId;
  /** The delivery ID of the assignee's notice. */
  noticeId: string;
}
