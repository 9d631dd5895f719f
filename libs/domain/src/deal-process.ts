import { addWorkingTime } from './calendar';
import type { StartDealCommand } from './deal';
import { IncidentDesk } from './deal-incidents';
import { DealJournal, type DealRunOptions } from './deal-journal';
import type { DealChanges, OpenedAssignment, RecordedDealEvent } from './deal-record';
import { DealStages } from './deal-stages';
import {
  assertVisibleTo,
  dealParticipants,
  isClosed,
  type AcknowledgeIncidentCommand,
  type CommentOnTaskCommand,
  type CompleteTaskCommand,
  type DealEffect,
  type DealSnapshot,
  type DealState,
  type DealVisibility,
  type EndDealCommand,
  type GiveAdviceCommand,
  type IncidentEscalation,
  type MoveDueDateCommand,
  type ReassignTaskCommand,
  type ReportIncidentCommand,
  type ResolveIncidentCommand,
} from './deal-state';
import { TaskBoard } from './deal-tasks';
import type { Incident } from './incidents';
import type { Advice } from './recommendation';
import type { OutOfOffice } from './out-of-office';
import type { Actor, UserId } from './people';
import type { Task, TaskResult } from './tasks';

export * from './deal-state';
export type { DealRunOptions } from './deal-journal';

/**
 * The bottom-up deal process as a deterministic state machine: every method takes the time from its
 * caller, so the workflow (with Temporal's clock) and unit tests drive it alike.
 * `check*` methods throw a DomainError and change nothing; the matching command re-checks and applies.
 * The concerns live apart — stages, tasks and their ladders, incidents, and the journal of events
 * and notices — and this root is the one surface the workflow and the API see.
 */
export class DealProcess {
  private readonly journal: DealJournal;
  private readonly tasks: TaskBoard;
  private readonly incidents: IncidentDesk;
  private readonly stages: DealStages;

  private constructor(data: Omit<DealSnapshot, 'pendingEffects'>, effects: DealEffect[], options: DealRunOptions) {
    this.journal = new DealJournal(data, effects, options);
    this.tasks = new TaskBoard(this.journal);
    this.incidents = new IncidentDesk(this.journal);
    this.stages = new DealStages(this.journal, this.tasks, this.incidents);
  }

  /**
   * `bothFloors`: the customer's counterparts co-sign or contest each finding (when the deal names
   * any); the workflow passes whether the code that started the deal knew this. The run options
   * (DealRunOptions) come from the workflow's patches; left out, the run works as before 1.7.
   */
  static start(command: StartDealCommand, now: string, { bothFloors = true, ...run }: { bothFloors?: boolean } & Partial<DealRunOptions> = {}): DealProcess {
    const { guidance, ...started } = command;
    const customer = command.customerSide;
    const countersigning = bothFloors && customer !== undefined && customer.operationalStaff.length + customer.tacticalLeads.length > 0;
    const explorationDeadline = command.explorationDeadline ?? addWorkingTime(now, command.policy.taskDue.exploration, command.calendar);
    const state: DealState = {
      ...started,
      explorationDeadline,
      stage: 'strategic-contact',
      startedAt: now,
      tasks: [],
      findings: [],
      recommendation: null,
      decision: null,
      contract: null,
      ratifications: [],
      incidents: [],
      nextReviewAt: null,
      closedAt: null,
      closedReason: null,
      ...(countersigning ? { countersigning } : {}),
    };
    const process = new DealProcess({ state, eventSequence: 0, taskSequence: 0, incidentSequence: 0, signalSequence: 0 }, [], runOptions(run));
    process.journal.record('DealStarted', now, command.programmeManager, {
      title: command.title,
      customer: command.customer,
      supplier: command.supplier,
      valueProposition: command.valueProposition,
      directors: command.directors,
      tacticalLeads: command.tacticalLeads,
      operationalStaff: command.operationalStaff,
      explorationDeadline,
    });
    process.stages.openExploration(now, guidance);
    return process;
  }

  static restore(snapshot: DealSnapshot, run: Partial<DealRunOptions> = {}): DealProcess {
    const { pendingEffects, ...data } = snapshot;
    return new DealProcess(data, [...pendingEffects], runOptions(run));
  }

  get state(): DealState {
    return this.journal.state;
  }

  /** The deal's version: the sequence number of its latest event. */
  get version(): number {
    return this.journal.data.eventSequence;
  }

  get isClosed(): boolean {
    return isClosed(this.state);
  }

  /** Events not yet handed to the durable record, oldest first. */
  get unrecordedEvents(): RecordedDealEvent[] {
    return this.journal.unrecordedEvents;
  }

  get hasUnrecordedChanges(): boolean {
    return this.journal.hasUnrecordedChanges;
  }

  /** What changed since the last call, for the durable record; see DealJournal.takeChanges. */
  takeChanges(): DealChanges | null {
    return this.journal.takeChanges();
  }

  /** Forgets the past reviews of a live relationship once recorded; see DealJournal.forgetPastReviews. */
  forgetPastReviews(): void {
    this.journal.forgetPastReviews();
  }

  /** The process as continue-as-new carries it; changes not yet recorded are not part of it. */
  snapshot(): DealSnapshot {
    return { ...this.journal.data, pendingEffects: [...this.journal.effects] };
  }

  /** The snapshot with the effects still to do, for a next run that takes over mid-work. */
  handOver(): DealSnapshot {
    if (this.journal.hasUnrecordedChanges) throw new Error('record the changes before handing the deal over');
    return { ...this.journal.data, pendingEffects: this.takeEffects() };
  }

  /** Hands over the pending effects (the oldest `count` of them, if given); each is handed over once. */
  takeEffects(count?: number): DealEffect[] {
    return this.journal.effects.splice(0, count ?? this.journal.effects.length);
  }

  get pendingEffectCount(): number {
    return this.journal.effects.length;
  }

  /** Gives back effects taken but not done, ahead of any that arrived since. */
  returnEffects(effects: DealEffect[]): void {
    this.journal.effects.unshift(...effects);
  }

  get hasEffects(): boolean {
    return this.journal.effects.length > 0;
  }

  /** What Temporal's search attributes show of the deal, for operators. */
  visibility(): DealVisibility {
    return {
      stage: this.state.stage,
      customer: this.state.customer.name,
      programmeManager: this.state.programmeManager,
      openTaskAssignees: [...new Set(this.tasks.open().map((task) => task.assignee))],
      // Task owners are always people on the deal, so this is the same list the store keeps.
      participants: dealParticipants(this.state),
    };
  }

  task(id: string): Task {
    return this.tasks.task(id);
  }

  incident(id: string): Incident {
    return this.incidents.incident(id);
  }

  /** To anyone not on the deal (nor a programme manager) the deal does not exist: 404, not 403. */
  assertVisibleTo(actor: Actor): void {
    assertVisibleTo(this.state, actor);
  }

  checkCompleteTask(command: CompleteTaskCommand): { task: Task; result: TaskResult; flags: string[] } {
    return this.tasks.checkComplete(command);
  }

  completeTask(command: CompleteTaskCommand, now: string): Task {
    const { task, result, flags } = this.tasks.complete(command, now);
    this.stages.advance(task, result, flags, now);
    return task;
  }

  checkReassignTask(command: ReassignTaskCommand): Task {
    return this.tasks.checkReassign(command);
  }

  reassignTask(command: ReassignTaskCommand, now: string): Task {
    return this.tasks.reassign(command, now);
  }

  checkCommentOnTask(command: CommentOnTaskCommand): Task {
    return this.tasks.checkComment(command);
  }

  commentOnTask(command: CommentOnTaskCommand, now: string): Task {
    return this.tasks.comment(command, now);
  }

  checkMoveDueDate(command: MoveDueDateCommand, now: string): Task {
    return this.tasks.checkMoveDueDate(command, now);
  }

  moveDueDate(command: MoveDueDateCommand, now: string): Task {
    return this.tasks.moveDueDate(command, now);
  }

  /** The assignees of new tasks still waiting for delegation, for the workflow to ask who of them is away. */
  assigneesAwaitingDelegation(): UserId[] {
    const taskIds = new Set(this.journal.effects.flatMap((effect) => (effect.type === 'delegate-tasks' ? effect.taskIds : [])));
    return this.assigneesOf([...taskIds]);
  }

  /** The people these tasks are assigned to, each once. */
  assigneesOf(taskIds: string[]): UserId[] {
    return [...new Set(this.state.tasks.filter((task) => taskIds.includes(task.id)).map((task) => task.assignee))];
  }

  /** Hands new tasks whose assignee is away to that person's delegate, and tells whoever has them. */
  delegateTasks(taskIds: string[], away: Record<UserId, OutOfOffice>, now: string): void {
    this.tasks.delegate(taskIds, away, now);
  }

  /** Hands tasks told at opening on to the delegates of assignees who were away; see TaskBoard.settleAssignments. */
  settleAssignments(assignments: OpenedAssignment[], away: Record<UserId, OutOfOffice>, at: string, now: string): void {
    this.tasks.settleAssignments(assignments, away, at, now);
  }

  checkGiveAdvice(command: GiveAdviceCommand): void {
    this.stages.checkGiveAdvice(command);
  }

  giveAdvice(command: GiveAdviceCommand, now: string): Advice {
    return this.stages.giveAdvice(command, now);
  }

  checkCancel(command: EndDealCommand): void {
    this.stages.checkCancel(command);
  }

  cancel(command: EndDealCommand, now: string): void {
    this.stages.cancel(command, now);
  }

  checkTerminate(command: EndDealCommand): void {
    this.stages.checkTerminate(command);
  }

  terminate(command: EndDealCommand, now: string): void {
    this.stages.terminate(command, now);
  }

  checkReportIncident(command: ReportIncidentCommand): Incident['severity'] {
    return this.incidents.checkReport(command);
  }

  reportIncident(command: ReportIncidentCommand, now: string): Incident {
    return this.incidents.report(command, now);
  }

  checkAcknowledgeIncident(command: AcknowledgeIncidentCommand): Incident {
    return this.incidents.checkAcknowledge(command);
  }

  acknowledgeIncident(command: AcknowledgeIncidentCommand, now: string): Incident {
    return this.incidents.acknowledge(command, now);
  }

  checkResolveIncident(command: ResolveIncidentCommand): Incident {
    return this.incidents.checkResolve(command);
  }

  resolveIncident(command: ResolveIncidentCommand, now: string): Incident {
    return this.incidents.resolve(command, now);
  }

  recordIncidentEscalation(escalation: IncidentEscalation, now: string): void {
    this.incidents.recordEscalation(escalation, now);
  }

  /** The earliest pending timer of the deal (reminders, escalations, the next review), if any. */
  nextTimerAt(): string | null {
    const review = this.stages.nextReviewAt();
    const moments = [...this.tasks.pendingMoments(), ...(review ? [review] : [])];
    return moments.length === 0 ? null : moments.reduce((earliest, at) => (at < earliest ? at : earliest));
  }

  /** Applies every timer that is due at `now`: reminders, escalations one level at a time, reviews. */
  fireTimers(now: string): void {
    this.tasks.fireTimers(now);
    this.stages.fireReview(now);
  }
}

function runOptions(run: Partial<DealRunOptions>): DealRunOptions {
  return { assignmentsNoticedAtOpening: run.assignmentsNoticedAtOpening ?? false };
}
