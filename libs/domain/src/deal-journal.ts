import type { DealChanges, DealHead, OpenedAssignment, RecordedDealEvent } from './deal-record';
import { dealParticipants, type DealEffect, type DealSnapshot, type DealState } from './deal-state';
import type { DealEventData, DealEventType } from './events';
import { invalidInput } from './errors';
import { LIMITS } from './limits';
import type { UserId } from './people';
import type { DeliveredSignal, InboxSignal } from './signals';
import type { Task } from './tasks';

/** What one deal process holds: its state and counters (the snapshot without the effects). */
export type DealData = Omit<DealSnapshot, 'pendingEffects'>;

/** How this run of the process works, as the workflow's patches decided it for the run. */
export interface DealRunOptions {
  /**
   * A new task's assignee is told with the task's opening, and the out-of-office check, made with its
   * record, only hands it on (1.7). Before, the notice waited for that check and a record of its own.
   */
  assignmentsNoticedAtOpening: boolean;
}

/** A notice before the deal stamps it with its ID, title and the time. */
export type Notice = DistributiveOmit<InboxSignal, 'dealId' | 'dealTitle' | 'at'>;

/**
 * What every concern of the process writes to: the timeline (numbered events), the changes the
 * durable record has not heard of yet, the notices to people and the effects for the workflow.
 */
export class DealJournal {
  private readonly changes = new PendingChanges();

  constructor(
    readonly data: DealData,
    readonly effects: DealEffect[],
    readonly options: DealRunOptions,
  ) {}

  get state(): DealState {
    return this.data.state;
  }

  get unrecordedEvents(): RecordedDealEvent[] {
    return this.changes.events;
  }

  get hasUnrecordedChanges(): boolean {
    return !this.changes.isEmpty;
  }

  record<K extends DealEventType>(type: K, at: string, actor: UserId, data: DealEventData[K]): void {
    this.data.eventSequence += 1;
    this.changes.events.push({ sequence: this.data.eventSequence, type, at, actor, data } as RecordedDealEvent);
    // Every change to a task or an incident comes with an event that names it.
    const subject = data as { taskId?: string; incidentId?: string };
    if (subject.taskId !== undefined) this.changes.tasks.add(subject.taskId);
    if (subject.incidentId !== undefined) this.touchIncident(subject.incidentId);
  }

  /** An incident changed without an event of its own (closed with its deal). */
  touchIncident(incidentId: string): void {
    this.changes.incidents.add(incidentId);
  }

  /** A task opened and told to its assignee, for the record to check whether they are away. */
  assignmentOpened(assignment: OpenedAssignment): void {
    this.changes.assignments.push(assignment);
  }

  /** Tells people: in-app with the deal's changes, then by e-mail and webhook as each prefers. Returns the delivery ID. */
  notify(recipients: UserId[], now: string, notice: Notice): string | undefined {
    if (recipients.length === 0) return undefined;
    this.data.signalSequence += 1;
    // Numbered per deal and replayed identically: a stable delivery ID across retries and runs.
    const deliveryId = `${this.state.dealId}:signal-${this.data.signalSequence}`;
    const signal = { ...notice, dealId: this.state.dealId, dealTitle: this.state.title, at: now };
    const unique = [...new Set(recipients)];
    for (const recipient of unique) this.changes.signals.push({ ...signal, id: deliveryId, recipient });
    this.effects.push({ type: 'send-externally', deliveryId, recipients: unique, signal });
    return deliveryId;
  }

  /**
   * Hands over what changed since the last call, for the durable record, and forgets the incidents
   * that are over: their record is complete, and the workflow carries only what is still running.
   */
  takeChanges(): DealChanges | null {
    if (this.changes.isEmpty) return null;
    const head = dealHead(this.state);
    const headJson = JSON.stringify(head);
    const changes: DealChanges = {
      dealId: this.state.dealId,
      version: this.data.eventSequence,
      updatedAt: this.changes.events.at(-1)?.at ?? this.state.startedAt,
      head: headJson === this.changes.lastHead ? null : head,
      tasks: this.state.tasks.filter((task) => this.changes.tasks.has(task.id)),
      incidents: this.state.incidents.filter((incident) => this.changes.incidents.has(incident.id)),
      events: this.changes.events,
      signals: this.changes.signals,
      ...(this.changes.assignments.length > 0 ? { assignments: this.changes.assignments } : {}),
    };
    this.changes.clear(headJson);
    this.state.incidents = this.state.incidents.filter((incident) => incident.status !== 'resolved' && incident.status !== 'closed');
    return changes;
  }

  /** Forgets the closed reviews before the newest closed one: recorded in full, and one opens every quarter for years. */
  forgetPastReviews(): void {
    if (this.changes.tasks.size > 0) throw new Error('record the changes before forgetting past reviews');
    this.state.tasks = withoutPastReviews(this.state.tasks);
  }
}

/** What changed since the durable record last heard from the deal. */
class PendingChanges {
  events: RecordedDealEvent[] = [];
  signals: DeliveredSignal[] = [];
  assignments: OpenedAssignment[] = [];
  readonly tasks = new Set<string>();
  readonly incidents = new Set<string>();
  /** The head as last handed over (JSON), so an unchanged head is not written again. */
  lastHead: string | undefined;

  get isEmpty(): boolean {
    return this.events.length === 0 && this.signals.length === 0 && this.tasks.size === 0 && this.incidents.size === 0;
  }

  clear(head: string): void {
    this.events = [];
    this.signals = [];
    this.assignments = [];
    this.tasks.clear();
    this.incidents.clear();
    this.lastHead = head;
  }
}

/** The deal without its tasks and incidents, and who may read it. */
function dealHead(state: DealState): DealHead {
  const { tasks, incidents, ...head } = state;
  return { ...head, participants: dealParticipants(state) };
}

/** Text every client must send, whatever checked it before: required, within its limit. */
export function requireText(value: unknown, field: string, limit: number = LIMITS.text): void {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(`${field} is required`);
  if (value.length > limit) throw invalidInput(`${field} must be at most ${limit} characters`);
}

/** Omit over each member of a union, keeping it a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The tasks without the closed reviews before the newest closed one, which stays to be discussed. */
function withoutPastReviews(tasks: Task[]): Task[] {
  const lastClosedReview = tasks.findLast((task) => task.kind === 'review' && task.status !== 'open');
  return tasks.filter((task) => task.kind !== 'review' || task.status === 'open' || task === lastClosedReview);
}
