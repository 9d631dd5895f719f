import { checkBandwidth } from './bandwidth';
import { addWorkingTime, checkWorkingDurations } from './calendar';
import { CLOSED_STAGES, isOnDeal, peopleOnDeal, type DealStage, type StartDealCommand } from './deal';
import { addDuration, isIsoInstant } from './durations';
import { incidentDeadlines, taskLadder, type TaskLadder } from './escalation';
import { conflict, forbidden, invalidInput, notFound } from './errors';
import type { DealChanges, DealHead, RecordedDealEvent } from './deal-record';
import type { DealEventData, DealEventType } from './events';
import { SYSTEM_ACTOR, hasRole, type Actor, type Level, type UserId } from './people';
import { incidentId, incidentSequenceOf, validateIncidentReport, type Incident } from './incidents';
import { LIMITS } from './limits';
import { isAway, type OutOfOffice } from './out-of-office';
import { serviceLevelDurations, type ServiceLevel } from './policy';
import { recommend, type Finding, type Recommendation } from './recommendation';
import type { DeliveredSignal, InboxSignal } from './signals';
import { validateTaskResult } from './task-results';
import {
  ELEMENTS,
  MAX_TASK_COMMENTS,
  isElement,
  taskId,
  type ContractTerms,
  type Element,
  type FindingResult,
  type GoNoGoResult,
  type RatificationResult,
  type Task,
  type TaskKind,
  type TaskResult,
} from './tasks';

export interface GoNoGoDecision extends GoNoGoResult {
  decidedBy: UserId;
  decidedAt: string;
  recommendation: Recommendation;
}

export interface ContractRecord {
  version: number;
  terms: ContractTerms;
  flags: string[];
  draftedBy: UserId;
  draftedAt: string;
}

export interface Ratification extends RatificationResult {
  director: UserId;
  contractVersion: number;
  at: string;
}

/** The deal as users read it (GET /api/deals/{id}) and as continue-as-new carries it. */
export interface DealState extends StartDealCommand {
  stage: DealStage;
  startedAt: string;
  explorationDeadline: string;
  tasks: Task[];
  findings: Finding[];
  recommendation: Recommendation | null;
  decision: GoNoGoDecision | null;
  contract: ContractRecord | null;
  ratifications: Ratification[];
  incidents: Incident[];
  /** When the next periodic review of a live relationship opens. */
  nextReviewAt: string | null;
  closedAt: string | null;
  closedReason: string | null;
}

/**
 * What continue-as-new carries: the state the process still needs and its counters. The timeline,
 * resolved incidents and everything users read live in the durable record, so this stays small.
 */
export interface DealSnapshot {
  state: DealState;
  /** Events recorded so far: the next one is number eventSequence + 1. */
  eventSequence: number;
  taskSequence: number;
  incidentSequence: number;
  signalSequence: number;
  /** Effects not yet done when the run ended; the next run does them first. */
  pendingEffects: DealEffect[];
}

export interface CompleteTaskCommand {
  taskId: string;
  actor: Actor;
  result: unknown;
}

export interface ReassignTaskCommand {
  taskId: string;
  actor: Actor;
  assignee: UserId;
  reason: string;
}

export interface CommentOnTaskCommand {
  taskId: string;
  actor: Actor;
  text: string;
}

export interface EndDealCommand {
  actor: Actor;
  reason: string;
}

export interface MoveDueDateCommand {
  taskId: string;
  actor: Actor;
  dueAt: string;
  reason: string;
}

export interface ReportIncidentCommand {
  actor: Actor;
  incident: unknown;
}

export interface AcknowledgeIncidentCommand {
  actor: Actor;
  incidentId: string;
}

export interface ResolveIncidentCommand {
  actor: Actor;
  incidentId: string;
  resolution: string;
}

/** What an incident's own workflow needs: its clocks, and who is told when they run out. */
export interface IncidentTimerInput {
  dealId: string;
  dealTitle: string;
  incident: Pick<Incident, 'id' | 'severity' | 'title' | 'reportedAt'>;
  serviceLevel: ServiceLevel;
  calendar?: StartDealCommand['calendar'];
  tactical: UserId[];
  strategic: UserId[];
}

/** Sent back by an incident's workflow when one of its clocks ran out. */
export interface IncidentEscalation {
  incidentId: string;
  level: 'tactical' | 'strategic';
  reason: 'not-acknowledged' | 'not-resolved';
  notified: UserId[];
}

/** Work the workflow must do outside the process after a transition, in order. */
export type DealEffect =
  | {
      /** The in-app signals are part of the deal's changes; e-mail and webhook go out after them. */
      type: 'send-externally';
      /** Stable across activity retries and runs, so each (notification, channel) goes out once. */
      deliveryId: string;
      recipients: UserId[];
      signal: InboxSignal;
    }
  | { type: 'start-incident-timers'; input: IncidentTimerInput }
  | { type: 'tell-incident'; incidentId: string; change: 'acknowledged' | 'resolved' | 'closed' }
  /** New tasks whose assignees may be out of office: the workflow looks them up, then calls delegateTasks. */
  | { type: 'delegate-tasks'; taskIds: string[] };


/** What visibility (search attributes and memo) shows of a deal, so lists need no query per deal. */
export interface DealVisibility {
  stage: DealStage;
  customer: string;
  programmeManager: UserId;
  openTaskAssignees: UserId[];
  participants: UserId[];
  openTasks: Pick<Task, 'id' | 'kind' | 'assignee' | 'owner' | 'dueAt' | 'level'>[];
}

/**
 * The bottom-up deal process as a deterministic state machine: every method takes the time from its
 * caller, so the workflow (with Temporal's clock) and unit tests drive it alike.
 * `check*` methods throw a DomainError and change nothing; the matching command re-checks and applies.
 */
export class DealProcess {
  private effects: DealEffect[];
  private readonly changes = new PendingChanges();

  private constructor(private readonly snapshotData: Omit<DealSnapshot, 'pendingEffects'>, effects: DealEffect[]) {
    this.effects = effects;
  }

  static start(command: StartDealCommand, now: string): DealProcess {
    const explorationDeadline =
      command.explorationDeadline ?? addWorkingTime(now, command.policy.taskDue.exploration, command.calendar);
    const process = new DealProcess({
      state: {
        ...command,
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
      },
      eventSequence: 0,
      taskSequence: 0,
      incidentSequence: 0,
      signalSequence: 0,
    }, []);
    process.record('DealStarted', now, command.programmeManager, {
      title: command.title,
      customer: command.customer,
      supplier: command.supplier,
      valueProposition: command.valueProposition,
      directors: command.directors,
      tacticalLeads: command.tacticalLeads,
      operationalStaff: command.operationalStaff,
      explorationDeadline,
    });
    process.openExploration(now);
    return process;
  }

  static restore(snapshot: DealSnapshot): DealProcess {
    const { pendingEffects, ...data } = snapshot;
    return new DealProcess(data, [...pendingEffects]);
  }

  get state(): DealState {
    return this.snapshotData.state;
  }

  /** The deal's version: the sequence number of its latest event. */
  get version(): number {
    return this.snapshotData.eventSequence;
  }

  /** Events not yet handed to the durable record, oldest first. */
  get unrecordedEvents(): RecordedDealEvent[] {
    return this.changes.events;
  }

  get hasUnrecordedChanges(): boolean {
    return !this.changes.isEmpty;
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
      version: this.version,
      updatedAt: this.changes.events.at(-1)?.at ?? this.state.startedAt,
      head: headJson === this.changes.lastHead ? null : head,
      tasks: this.state.tasks.filter((task) => this.changes.tasks.has(task.id)),
      incidents: this.state.incidents.filter((incident) => this.changes.incidents.has(incident.id)),
      events: this.changes.events,
      signals: this.changes.signals,
    };
    this.changes.clear(headJson);
    this.state.incidents = this.state.incidents.filter((incident) => incident.status !== 'resolved' && incident.status !== 'closed');
    return changes;
  }

  get isClosed(): boolean {
    return CLOSED_STAGES.includes(this.state.stage);
  }

  /** The process as continue-as-new carries it; changes not yet recorded are not part of it. */
  snapshot(): DealSnapshot {
    return { ...this.snapshotData, pendingEffects: [...this.effects] };
  }

  /** The snapshot with the effects still to do, for a next run that takes over mid-work. */
  handOver(): DealSnapshot {
    if (!this.changes.isEmpty) throw new Error('record the changes before handing the deal over');
    return { ...this.snapshotData, pendingEffects: this.takeEffects() };
  }

  /** Hands over the pending effects; each is handed over once. */
  takeEffects(): DealEffect[] {
    const effects = this.effects;
    this.effects = [];
    return effects;
  }

  /** Gives back effects taken but not done, ahead of any that arrived since. */
  returnEffects(effects: DealEffect[]): void {
    this.effects = [...effects, ...this.effects];
  }

  get hasEffects(): boolean {
    return this.effects.length > 0;
  }

  visibility(): DealVisibility {
    const open = this.state.tasks.filter((task) => task.status === 'open');
    return {
      stage: this.state.stage,
      customer: this.state.customer.name,
      programmeManager: this.state.programmeManager,
      openTaskAssignees: [...new Set(open.map((task) => task.assignee))],
      participants: [...new Set([...peopleOnDeal(this.state), ...this.state.tasks.map((task) => task.assignee)])],
      openTasks: open.map(({ id, kind, assignee, owner, dueAt, level }) => ({ id, kind, assignee, owner, dueAt, level })),
    };
  }

  task(id: string): Task {
    const task = this.state.tasks.find((candidate) => candidate.id === id);
    if (!task) throw notFound(`task ${id} does not exist on deal ${this.state.dealId}`);
    return task;
  }

  incident(id: string): Incident {
    const incident = this.state.incidents.find((candidate) => candidate.id === id);
    if (incident) return incident;
    // Resolved and closed incidents live on in the durable record only.
    const sequence = incidentSequenceOf(id);
    if (sequence !== null && sequence <= this.snapshotData.incidentSequence) throw conflict(`incident ${id} is already over (resolved or closed)`);
    throw notFound(`incident ${id} does not exist on deal ${this.state.dealId}`);
  }

  /** To anyone not on the deal (nor a programme manager) the deal does not exist: 404, not 403. */
  assertVisibleTo(actor: Actor): void {
    if (!canSeeDeal(this.state, actor)) throw notFound(`deal ${this.state.dealId} does not exist`);
  }

  checkCompleteTask(command: CompleteTaskCommand): { task: Task; result: TaskResult; flags: string[] } {
    this.assertVisibleTo(command.actor);
    const task = this.requireOpenTask(command.taskId);
    if (command.actor.userId !== task.assignee) {
      throw forbidden(`task ${task.id} is assigned to ${task.assignee}; only the assignee can complete it`);
    }
    const result = validateTaskResult(task.kind, command.result);
    if (task.kind !== 'contract') return { task, result, flags: [] };
    checkWorkingDurations(serviceLevelDurations((result as ContractTerms).serviceLevels, 'serviceLevels'), this.state.calendar);
    const verdict = checkBandwidth(this.state.valueProposition, this.state.customer.segment, result as ContractTerms);
    if (verdict.violations.length > 0) {
      throw invalidInput(verdict.violations.map((violation) => violation.message).join('; '));
    }
    return { task, result, flags: verdict.flags };
  }

  completeTask(command: CompleteTaskCommand, now: string): Task {
    const { task, result, flags } = this.checkCompleteTask(command);
    const actor = command.actor.userId;
    Object.assign(task, { status: 'done', completedAt: now, completedBy: actor, result });
    this.record('TaskCompleted', now, actor, { taskId: task.id, kind: task.kind });
    if (isElement(task.kind)) this.recordFinding(task, task.kind, result as FindingResult, now);
    else if (task.kind === 'go-no-go') this.decide(result as GoNoGoResult, actor, now);
    else if (task.kind === 'contract') this.draftContract(result as ContractTerms, flags, actor, now);
    else if (task.kind === 'ratification') this.ratify(result as RatificationResult, actor, now);
    return task;
  }

  checkReassignTask(command: ReassignTaskCommand): Task {
    this.assertVisibleTo(command.actor);
    const task = this.requireOpenTask(command.taskId);
    const { actor } = command;
    if (actor.userId !== task.owner && !hasRole(actor, 'programme-manager')) {
      throw forbidden(`only the task's owner (${task.owner}) or a programme manager can reassign task ${task.id}`);
    }
    if (task.kind === 'ratification') throw invalidInput('a ratification belongs to its sponsoring director and cannot be reassigned');
    requireText(command.assignee, 'assignee', LIMITS.userId);
    requireText(command.reason, 'reason');
    if (command.assignee === task.assignee) throw invalidInput(`assignee: task ${task.id} is already assigned to ${task.assignee}`);
    return task;
  }

  reassignTask(command: ReassignTaskCommand, now: string): Task {
    const task = this.checkReassignTask(command);
    const from = task.assignee;
    task.assignee = command.assignee;
    this.record('TaskReassigned', now, command.actor.userId, { taskId: task.id, from, to: command.assignee, reason: command.reason });
    // The old assignee's pending reminder and escalations are cancelled; the new assignee gets a fresh ladder.
    task.ladder = this.restartedLadder(task, now);
    this.noticeAssignment(task, now);
    return task;
  }

  checkCancel(command: EndDealCommand): void {
    if (!hasRole(command.actor, 'programme-manager')) throw forbidden('only a programme manager can cancel a deal');
    requireText(command.reason, 'reason');
    this.assertOpen();
    if (this.state.stage === 'live') {
      throw conflict('the deal is live: a sponsoring director ends the relationship with terminate');
    }
  }

  /** Cancels the deal: abandoned, or rejected when the directors sent the contract back. */
  cancel(command: EndDealCommand, now: string): void {
    this.checkCancel(command);
    const actor = command.actor.userId;
    const rejectedByDirectors = this.state.stage === 'contract' && this.state.ratifications.some((r) => r.decision === 'reject');
    if (rejectedByDirectors) {
      this.close('rejected', command.reason, actor, now);
      this.record('DealRejected', now, actor, { reason: command.reason });
    } else {
      this.close('abandoned', command.reason, actor, now);
      this.record('DealAbandoned', now, actor, { reason: command.reason });
    }
  }

  checkTerminate(command: EndDealCommand): void {
    this.assertVisibleTo(command.actor);
    if (!this.state.directors.includes(command.actor.userId)) {
      throw forbidden('only a sponsoring director of this deal can terminate the relationship');
    }
    requireText(command.reason, 'reason');
    this.assertOpen();
    if (this.state.stage !== 'live') throw conflict(`only a live relationship can be terminated; the deal is in ${this.state.stage}`);
  }

  terminate(command: EndDealCommand, now: string): void {
    this.checkTerminate(command);
    this.close('terminated', command.reason, command.actor.userId, now);
    this.record('RelationshipTerminated', now, command.actor.userId, { reason: command.reason });
  }

  /** The earliest pending timer of the deal (reminders, escalations, the next review), if any. */
  nextTimerAt(): string | null {
    const moments: string[] = [];
    for (const task of this.openTasks()) {
      if (!task.ladder.reminded) moments.push(task.ladder.remindAt);
      const step = task.ladder.steps.find((candidate) => !candidate.reached);
      if (step) moments.push(step.at);
    }
    if (this.state.nextReviewAt) moments.push(this.state.nextReviewAt);
    return moments.length === 0 ? null : moments.reduce((earliest, at) => (at < earliest ? at : earliest));
  }

  /** Applies every timer that is due at `now`: reminders, escalations one level at a time, reviews. */
  fireTimers(now: string): void {
    for (const task of this.openTasks()) {
      const { ladder } = task;
      if (!ladder.reminded && ladder.remindAt <= now) {
        ladder.reminded = true;
        this.record('TaskReminded', now, SYSTEM_ACTOR, { taskId: task.id, assignee: task.assignee, dueAt: task.dueAt });
        this.notify([task.assignee], now, { type: 'reminder', taskId: task.id, kind: task.kind, assignee: task.assignee, dueAt: task.dueAt });
      }
      for (const step of ladder.steps.filter((candidate) => !candidate.reached && candidate.at <= now)) {
        step.reached = true;
        task.level = step.level;
        const notified = step.notify === 'owner' ? [task.owner] : [...this.state.directors];
        this.record('TaskEscalated', now, SYSTEM_ACTOR, { taskId: task.id, level: step.level, notified, dueAt: task.dueAt });
        this.notify(notified, now, {
          type: 'escalation',
          subject: 'task',
          level: step.level,
          taskId: task.id,
          kind: task.kind,
          assignee: task.assignee,
          dueAt: task.dueAt,
        });
      }
    }
    if (this.state.stage === 'live' && this.state.nextReviewAt && this.state.nextReviewAt <= now) {
      const review = this.openTask('review', { assignee: this.leadTacticalLead, owner: this.leadDirector, level: 'tactical', now });
      this.state.nextReviewAt = addDuration(this.state.nextReviewAt, this.state.policy.reviewEvery);
      this.record('ReviewScheduled', now, SYSTEM_ACTOR, { taskId: review.id, nextReviewAt: this.state.nextReviewAt });
    }
  }

  checkCommentOnTask(command: CommentOnTaskCommand): Task {
    this.assertVisibleTo(command.actor);
    const task = this.task(command.taskId);
    requireText(command.text, 'text');
    if ((task.comments?.length ?? 0) >= MAX_TASK_COMMENTS) throw conflict(`task ${task.id} has reached ${MAX_TASK_COMMENTS} comments`);
    return task;
  }

  /**
   * Hands the still-open tasks among `taskIds` whose assignee is away to that person's delegate. The
   * owner, and so the escalation ladder, stays as it was.
   */
  delegateTasks(taskIds: string[], away: Record<UserId, OutOfOffice>, now: string): void {
    for (const task of this.openTasks().filter((candidate) => taskIds.includes(candidate.id))) {
      const period = away[task.assignee];
      if (isAway(period, now) && period.delegate !== task.assignee) {
        const from = task.assignee;
        Object.assign(task, { assignee: period.delegate, delegatedFrom: from });
        this.record('TaskDelegated', now, SYSTEM_ACTOR, { taskId: task.id, from, to: period.delegate, until: period.until });
      }
      this.noticeAssignment(task, now);
    }
  }

  /** The person a task ends up with is told it is theirs. */
  private noticeAssignment(task: Task, now: string): void {
    this.notify([task.assignee], now, {
      type: 'task-assigned',
      taskId: task.id,
      kind: task.kind,
      assignee: task.assignee,
      owner: task.owner,
      dueAt: task.dueAt,
    });
  }

  /** Anyone on the deal may discuss any of its tasks, open or done. */
  commentOnTask(command: CommentOnTaskCommand, now: string): Task {
    const task = this.checkCommentOnTask(command);
    task.comments = [...(task.comments ?? []), { author: command.actor.userId, at: now, text: command.text }];
    this.record('TaskCommented', now, command.actor.userId, { taskId: task.id, text: command.text });
    return task;
  }

  checkMoveDueDate(command: MoveDueDateCommand, now: string): Task {
    this.assertVisibleTo(command.actor);
    const task = this.requireOpenTask(command.taskId);
    if (command.actor.userId !== task.owner && !hasRole(command.actor, 'programme-manager')) {
      throw forbidden(`only the task's owner (${task.owner}) or a programme manager can move the due date of task ${task.id}`);
    }
    requireText(command.reason, 'reason');
    if (!isIsoInstant(command.dueAt)) throw invalidInput('dueAt must be an ISO 8601 date-time');
    if (command.dueAt <= now) throw invalidInput('dueAt must lie in the future');
    if (command.dueAt > addDuration(now, MAX_PLANNING_HORIZON)) throw invalidInput(`dueAt must lie within ${MAX_PLANNING_HORIZON} from now`);
    return task;
  }

  /** Moves a task's due date; its ladder is recomputed from now, the steps already reached stay reached. */
  moveDueDate(command: MoveDueDateCommand, now: string): Task {
    const task = this.checkMoveDueDate(command, now);
    const from = task.dueAt;
    task.dueAt = command.dueAt;
    task.ladder = this.restartedLadder(task, now);
    this.record('TaskDueDateMoved', now, command.actor.userId, { taskId: task.id, from, to: command.dueAt, reason: command.reason });
    return task;
  }

  checkReportIncident(command: ReportIncidentCommand): Incident['severity'] {
    this.assertVisibleTo(command.actor);
    this.assertOpen();
    if (this.state.stage === 'strategic-contact') throw conflict('incidents can be reported from exploration on');
    return validateIncidentReport(command.incident).severity;
  }

  /** Records an incident and hands its clocks to a workflow of its own. */
  reportIncident(command: ReportIncidentCommand, now: string): Incident {
    this.checkReportIncident(command);
    const report = validateIncidentReport(command.incident);
    this.snapshotData.incidentSequence += 1;
    const serviceLevel = this.serviceLevelFor(report.severity);
    const deadlines = incidentDeadlines(now, serviceLevel, this.state.calendar);
    const incident: Incident = {
      ...report,
      id: incidentId(this.snapshotData.incidentSequence),
      status: 'reported',
      level: 'operational',
      reportedAt: now,
      reportedBy: command.actor.userId,
      respondBy: deadlines.respondBy,
      resolveBy: deadlines.resolveBy,
    };
    this.state.incidents.push(incident);
    this.record('IncidentReported', now, command.actor.userId, {
      incidentId: incident.id,
      severity: incident.severity,
      title: incident.title,
      respondBy: incident.respondBy,
      resolveBy: incident.resolveBy,
    });
    this.notify([...this.state.tacticalLeads], now, {
      type: 'incident-reported',
      incidentId: incident.id,
      severity: incident.severity,
      title: incident.title,
      reportedBy: incident.reportedBy,
      respondBy: incident.respondBy,
      resolveBy: incident.resolveBy,
    });
    this.effects.push({
      type: 'start-incident-timers',
      input: {
        dealId: this.state.dealId,
        dealTitle: this.state.title,
        incident: { id: incident.id, severity: incident.severity, title: incident.title, reportedAt: now },
        serviceLevel,
        ...(this.state.calendar ? { calendar: this.state.calendar } : {}),
        tactical: [...this.state.tacticalLeads],
        strategic: [...this.state.directors],
      },
    });
    return incident;
  }

  checkAcknowledgeIncident(command: AcknowledgeIncidentCommand): Incident {
    const incident = this.openIncident(command.actor, command.incidentId);
    if (incident.status !== 'reported') throw conflict(`incident ${incident.id} is already ${incident.status}`);
    return incident;
  }

  acknowledgeIncident(command: AcknowledgeIncidentCommand, now: string): Incident {
    const incident = this.checkAcknowledgeIncident(command);
    Object.assign(incident, { status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: command.actor.userId });
    this.record('IncidentAcknowledged', now, command.actor.userId, { incidentId: incident.id });
    this.effects.push({ type: 'tell-incident', incidentId: incident.id, change: 'acknowledged' });
    return incident;
  }

  checkResolveIncident(command: ResolveIncidentCommand): Incident {
    const incident = this.openIncident(command.actor, command.incidentId);
    requireText(command.resolution, 'resolution');
    return incident;
  }

  resolveIncident(command: ResolveIncidentCommand, now: string): Incident {
    const incident = this.checkResolveIncident(command);
    Object.assign(incident, { status: 'resolved', resolvedAt: now, resolvedBy: command.actor.userId, resolution: command.resolution });
    this.record('IncidentResolved', now, command.actor.userId, { incidentId: incident.id, resolution: command.resolution });
    this.effects.push({ type: 'tell-incident', incidentId: incident.id, change: 'resolved' });
    return incident;
  }

  /** An incident's clock ran out in its own workflow: it climbs a level here too, and that level is told. */
  recordIncidentEscalation(escalation: IncidentEscalation, now: string): void {
    const incident = this.state.incidents.find((candidate) => candidate.id === escalation.incidentId);
    if (!incident || incident.status === 'resolved' || incident.status === 'closed') return;
    incident.level = escalation.level;
    this.record('IncidentEscalated', now, SYSTEM_ACTOR, {
      incidentId: incident.id,
      level: escalation.level,
      reason: escalation.reason,
      notified: escalation.notified,
    });
    this.notify(escalation.notified, now, {
      type: 'escalation',
      subject: 'incident',
      level: escalation.level,
      reason: escalation.reason,
      incidentId: incident.id,
      severity: incident.severity,
      title: incident.title,
    });
  }

  private openExploration(now: string): void {
    const { operationalStaff, tacticalLeads } = this.state;
    this.changeStage('exploration', now);
    ELEMENTS.forEach((element, index) => {
      const operational = operationalStaff[index % Math.max(operationalStaff.length, 1)];
      const lead = tacticalLeads[index % tacticalLeads.length]!;
      this.openTask(element, {
        assignee: operational ?? lead,
        owner: lead,
        level: operational ? 'operational' : 'tactical',
        dueAt: this.state.explorationDeadline,
        now,
      });
    });
  }

  private recordFinding(task: Task, element: Element, result: FindingResult, now: string): void {
    const actor = task.completedBy!;
    this.state.findings.push({ element, ...result, recordedBy: actor, recordedAt: now });
    this.record('FindingRecorded', now, actor, {
      taskId: task.id,
      element,
      assessment: result.assessment,
      conditions: result.conditions ?? [],
    });
    const explored = new Set(this.state.findings.map((finding) => finding.element));
    if (ELEMENTS.every((candidate) => explored.has(candidate))) {
      this.state.recommendation = recommend(this.state.findings);
      this.changeStage('go-no-go', now);
      this.openTask('go-no-go', { assignee: this.leadTacticalLead, owner: this.leadDirector, level: 'tactical', now });
    }
  }

  private decide(result: GoNoGoResult, actor: UserId, now: string): void {
    const recommendation = this.state.recommendation!;
    this.state.decision = { ...result, decidedBy: actor, decidedAt: now, recommendation };
    this.record('GoNoGoDecided', now, actor, { ...result, recommendation });
    this.notify([...this.state.directors], now, {
        type: 'go-no-go',
        decision: result.decision,
        decidedBy: actor,
        substantiation: result.substantiation,
        recommendation,
        findings: this.state.findings.map(({ element, assessment, substantiation, conditions }) => ({
          element,
          assessment,
          substantiation,
          conditions: conditions ?? [],
        })),
        openIncidents: this.state.incidents
          .filter((incident) => incident.status === 'reported' || incident.status === 'acknowledged')
          .map(({ id, severity, title, status, level }) => ({ id, severity, title, status, level })),
    });
    this.record('DirectorsSignalled', now, SYSTEM_ACTOR, { signal: 'go-no-go', decision: result.decision, recipients: [...this.state.directors] });
    if (result.decision === 'no-go') {
      const reason = `no-go: ${result.substantiation}`;
      this.close('abandoned', reason, actor, now);
      this.record('DealAbandoned', now, actor, { reason });
      return;
    }
    this.changeStage('contract', now);
    this.openTask('contract', { assignee: this.leadTacticalLead, owner: this.leadDirector, level: 'tactical', now });
  }

  private draftContract(terms: ContractTerms, flags: string[], actor: UserId, now: string): void {
    const version = (this.state.contract?.version ?? 0) + 1;
    this.state.contract = { version, terms, flags, draftedBy: actor, draftedAt: now };
    this.record('ContractDrafted', now, actor, { version, flags, discountPct: terms.discountPct });
    this.changeStage('ratification', now);
    for (const director of this.state.directors) {
      this.openTask('ratification', { assignee: director, owner: this.state.programmeManager, level: 'strategic', now });
    }
  }

  private ratify(result: RatificationResult, director: UserId, now: string): void {
    const version = this.state.contract!.version;
    this.state.ratifications.push({ ...result, director, contractVersion: version, at: now });
    const awaiting = this.state.tasks.filter((task) => task.kind === 'ratification' && task.status === 'open');
    if (result.decision === 'reject') {
      const reason = result.reason!;
      this.record('ContractRejected', now, director, { version, director, reason });
      for (const task of awaiting) this.cancelTask(task, `contract version ${version} was rejected by ${director}`, now);
      this.changeStage('contract', now);
      this.openTask('contract', {
        assignee: this.leadTacticalLead,
        owner: this.leadDirector,
        level: 'tactical',
        note: `Contract version ${version} rejected by ${director}: ${reason}`,
        now,
      });
      return;
    }
    this.record('ContractRatified', now, director, { version, director, awaiting: awaiting.map((task) => task.assignee) });
    if (awaiting.length === 0) {
      this.changeStage('live', now);
      this.state.nextReviewAt = addDuration(now, this.state.policy.reviewEvery);
      this.record('RelationshipStarted', now, SYSTEM_ACTOR, { contractVersion: version });
    }
  }

  private get leadTacticalLead(): UserId {
    return this.state.tacticalLeads[0]!;
  }

  private get leadDirector(): UserId {
    return this.state.directors[0]!;
  }

  private openTasks(): Task[] {
    return this.state.tasks.filter((task) => task.status === 'open');
  }

  /** Tells people: in-app with the deal's changes, then by e-mail and webhook as each prefers. */
  private notify(recipients: UserId[], now: string, notice: DistributiveOmit<InboxSignal, 'dealId' | 'dealTitle' | 'at'>): void {
    if (recipients.length === 0) return;
    this.snapshotData.signalSequence += 1;
    // Numbered per deal and replayed identically: a stable delivery ID across retries and runs.
    const deliveryId = `${this.state.dealId}:signal-${this.snapshotData.signalSequence}`;
    const signal = { ...notice, dealId: this.state.dealId, dealTitle: this.state.title, at: now };
    for (const recipient of new Set(recipients)) this.changes.signals.push({ ...signal, id: deliveryId, recipient });
    this.effects.push({ type: 'send-externally', deliveryId, recipients: [...new Set(recipients)], signal });
  }

  private serviceLevelFor(severity: Incident['severity']): ServiceLevel {
    // The contract's service levels apply once the directors ratified it; before that, the deal's policy.
    const contract = this.state.stage === 'live' ? this.state.contract : null;
    return contract ? contract.terms.serviceLevels[severity] : this.state.policy.incidentServiceLevels[severity];
  }

  private openIncident(actor: Actor, id: string): Incident {
    this.assertVisibleTo(actor);
    const incident = this.incident(id);
    if (incident.status === 'resolved' || incident.status === 'closed') throw conflict(`incident ${id} is already ${incident.status}`);
    return incident;
  }

  /** The ladder from `now` to the task's due time; levels the task already climbed are not climbed again. */
  private restartedLadder(task: Task, now: string): TaskLadder {
    const ladder = this.ladderFor(now, task.dueAt, task.level, task.assignee, task.owner);
    return { ...ladder, steps: ladder.steps.filter((step) => step.level !== task.level || step.notify === 'directors') };
  }

  /** When the assignee owns the task (a lead exploring alone), overdue goes straight to the directors. */
  private ladderFor(from: string, dueAt: string, level: Level, assignee: UserId, owner: UserId): TaskLadder {
    const ladder = taskLadder(from, dueAt, this.state.policy.reminderAt, level, this.state.calendar);
    if (assignee !== owner) return ladder;
    return { ...ladder, steps: [{ at: dueAt, level: 'strategic', notify: 'directors', reached: false }] };
  }

  private requireOpenTask(id: string): Task {
    const task = this.task(id);
    if (task.status !== 'open') throw conflict(`task ${task.id} is ${task.status}, no longer open`);
    return task;
  }

  private openTask(
    kind: TaskKind,
    spec: { assignee: UserId; owner: UserId; level: Level; now: string; dueAt?: string; note?: string },
  ): Task {
    this.snapshotData.taskSequence += 1;
    const { policy, calendar } = this.state;
    const dueAt = spec.dueAt ?? addWorkingTime(spec.now, policy.taskDue[isElement(kind) ? 'exploration' : kind], calendar);
    const task: Task = {
      id: taskId(kind, this.snapshotData.taskSequence),
      kind,
      assignee: spec.assignee,
      owner: spec.owner,
      openedAt: spec.now,
      dueAt,
      status: 'open',
      level: spec.level,
      ladder: this.ladderFor(spec.now, dueAt, spec.level, spec.assignee, spec.owner),
      ...(spec.note === undefined ? {} : { note: spec.note }),
    };
    this.state.tasks.push(task);
    // The assignee may be away: the workflow asks the store, delegates, then tells whoever has it.
    const pending = this.effects.at(-1);
    if (pending?.type === 'delegate-tasks') pending.taskIds.push(task.id);
    else this.effects.push({ type: 'delegate-tasks', taskIds: [task.id] });
    this.record('TaskOpened', spec.now, SYSTEM_ACTOR, {
      taskId: task.id,
      kind,
      assignee: task.assignee,
      owner: task.owner,
      dueAt,
      level: task.level,
    });
    return task;
  }

  private cancelTask(task: Task, reason: string, now: string): void {
    task.status = 'cancelled';
    this.record('TaskCancelled', now, SYSTEM_ACTOR, { taskId: task.id, kind: task.kind, reason });
  }

  private close(stage: 'abandoned' | 'rejected' | 'terminated', reason: string, actor: UserId, now: string): void {
    for (const task of this.state.tasks.filter((candidate) => candidate.status === 'open')) {
      this.cancelTask(task, `deal ${stage}`, now);
    }
    for (const incident of this.state.incidents.filter((candidate) => candidate.status === 'reported' || candidate.status === 'acknowledged')) {
      incident.status = 'closed';
      this.changes.incidents.add(incident.id);
      this.effects.push({ type: 'tell-incident', incidentId: incident.id, change: 'closed' });
    }
    this.changeStage(stage, now, actor);
    this.state.closedAt = now;
    this.state.closedReason = reason;
    this.state.nextReviewAt = null;
  }

  private assertOpen(): void {
    if (this.isClosed) throw conflict(`the deal is already ${this.state.stage}`);
  }

  private changeStage(to: DealStage, now: string, actor: UserId = SYSTEM_ACTOR): void {
    const from = this.state.stage;
    this.state.stage = to;
    this.record('StageChanged', now, actor, { from, to });
  }

  private record<K extends DealEventType>(type: K, at: string, actor: UserId, data: DealEventData[K]): void {
    this.snapshotData.eventSequence += 1;
    this.changes.events.push({ sequence: this.snapshotData.eventSequence, type, at, actor, data } as RecordedDealEvent);
    // Every change to a task or an incident comes with an event that names it.
    const subject = data as { taskId?: string; incidentId?: string };
    if (subject.taskId !== undefined) this.changes.tasks.add(subject.taskId);
    if (subject.incidentId !== undefined) this.changes.incidents.add(subject.incidentId);
  }
}

/** What changed since the durable record last heard from the deal. */
class PendingChanges {
  events: RecordedDealEvent[] = [];
  signals: DeliveredSignal[] = [];
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
    this.tasks.clear();
    this.incidents.clear();
    this.lastHead = head;
  }
}

/** The deal without its tasks and incidents, and who may read it. */
function dealHead(state: DealState): DealHead {
  const participants = [...new Set([...peopleOnDeal(state), ...state.tasks.flatMap((task) => [task.assignee, task.owner])])];
  const { tasks, incidents, ...head } = state;
  return { ...head, participants };
}

/** Programme managers see every deal; anyone else only the deals they are named on or hold a task of. */
export function canSeeDeal(state: DealState, actor: Actor): boolean {
  return (
    hasRole(actor, 'programme-manager') ||
    isOnDeal(state, actor) ||
    state.tasks.some((task) => task.assignee === actor.userId || task.owner === actor.userId)
  );
}

/** Text every client must send, whatever checked it before: required, within its limit. */
function requireText(value: unknown, field: string, limit: number = LIMITS.text): void {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(`${field} is required`);
  if (value.length > limit) throw invalidInput(`${field} must be at most ${limit} characters`);
}

/** How far ahead a due date may be set: beyond it, timers and working-time sums stop making sense. */
export const MAX_PLANNING_HORIZON = 'P5Y';

/** Omit over each member of a union, keeping it a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
