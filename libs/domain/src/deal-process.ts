import { checkBandwidth } from './bandwidth';
import { CLOSED_STAGES, peopleOnDeal, type DealStage, type StartDealCommand } from './deal';
import { addDuration } from './durations';
import { conflict, forbidden, invalidInput, notFound } from './errors';
import type { DealEvent, DealEventData, DealEventType } from './events';
import { SYSTEM_ACTOR, hasRole, type Actor, type Level, type UserId } from './people';
import { recommend, type Finding, type Recommendation } from './recommendation';
import type { GoNoGoSignal } from './signals';
import { validateTaskResult } from './task-results';
import {
  ELEMENTS,
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
  incidents: never[];
  closedAt: string | null;
  closedReason: string | null;
}

export interface DealSnapshot {
  state: DealState;
  timeline: DealEvent[];
  taskSequence: number;
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

export interface EndDealCommand {
  actor: Actor;
  reason: string;
}

/** Work the workflow must do outside the process (through activities) after a transition. */
export interface DealEffect {
  type: 'signal-directors';
  /** Stable across activity retries, so each recipient receives the signal once. */
  deliveryId: string;
  recipients: UserId[];
  signal: GoNoGoSignal;
}

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
  private effects: DealEffect[] = [];

  private constructor(private readonly snapshotData: DealSnapshot) {}

  static start(command: StartDealCommand, now: string): DealProcess {
    const explorationDeadline = command.explorationDeadline ?? addDuration(now, command.policy.taskDue.exploration);
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
        closedAt: null,
        closedReason: null,
      },
      timeline: [],
      taskSequence: 0,
    });
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
    return new DealProcess(snapshot);
  }

  get state(): DealState {
    return this.snapshotData.state;
  }

  get timeline(): DealEvent[] {
    return this.snapshotData.timeline;
  }

  get isClosed(): boolean {
    return CLOSED_STAGES.includes(this.state.stage);
  }

  snapshot(): DealSnapshot {
    return this.snapshotData;
  }

  /** Hands over the pending effects; each is handed over once. */
  takeEffects(): DealEffect[] {
    const effects = this.effects;
    this.effects = [];
    return effects;
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

  checkCompleteTask(command: CompleteTaskCommand): { task: Task; result: TaskResult; flags: string[] } {
    const task = this.requireOpenTask(command.taskId);
    if (command.actor.userId !== task.assignee) {
      throw forbidden(`task ${task.id} is assigned to ${task.assignee}; only the assignee can complete it`);
    }
    const result = validateTaskResult(task.kind, command.result);
    if (task.kind !== 'contract') return { task, result, flags: [] };
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
    else if (task.kind === 'go-no-go') this.decide(task, result as GoNoGoResult, actor, now);
    else if (task.kind === 'contract') this.draftContract(result as ContractTerms, flags, actor, now);
    else if (task.kind === 'ratification') this.ratify(result as RatificationResult, actor, now);
    return task;
  }

  checkReassignTask(command: ReassignTaskCommand): Task {
    const task = this.requireOpenTask(command.taskId);
    const { actor } = command;
    if (actor.userId !== task.owner && !hasRole(actor, 'programme-manager')) {
      throw forbidden(`only the task's owner (${task.owner}) or a programme manager can reassign task ${task.id}`);
    }
    if (command.assignee === task.assignee) throw invalidInput(`assignee: task ${task.id} is already assigned to ${task.assignee}`);
    return task;
  }

  reassignTask(command: ReassignTaskCommand, now: string): Task {
    const task = this.checkReassignTask(command);
    const from = task.assignee;
    task.assignee = command.assignee;
    this.record('TaskReassigned', now, command.actor.userId, { taskId: task.id, from, to: command.assignee, reason: command.reason });
    return task;
  }

  checkCancel(command: EndDealCommand): void {
    if (!hasRole(command.actor, 'programme-manager')) throw forbidden('only a programme manager can cancel a deal');
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
    if (!this.state.directors.includes(command.actor.userId)) {
      throw forbidden('only a sponsoring director of this deal can terminate the relationship');
    }
    this.assertOpen();
    if (this.state.stage !== 'live') throw conflict(`only a live relationship can be terminated; the deal is in ${this.state.stage}`);
  }

  terminate(command: EndDealCommand, now: string): void {
    this.checkTerminate(command);
    this.close('terminated', command.reason, command.actor.userId, now);
    this.record('RelationshipTerminated', now, command.actor.userId, { reason: command.reason });
  }

  /** Called by the workflow once the signal-directors effect has been delivered. */
  recordDirectorsSignalled(effect: DealEffect, now: string): void {
    this.record('DirectorsSignalled', now, SYSTEM_ACTOR, {
      signal: effect.signal.type,
      decision: effect.signal.decision,
      recipients: effect.recipients,
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

  private decide(task: Task, result: GoNoGoResult, actor: UserId, now: string): void {
    const recommendation = this.state.recommendation!;
    this.state.decision = { ...result, decidedBy: actor, decidedAt: now, recommendation };
    this.record('GoNoGoDecided', now, actor, { ...result, recommendation });
    this.effects.push({
      type: 'signal-directors',
      deliveryId: `${this.state.dealId}:${task.id}`,
      recipients: [...this.state.directors],
      signal: {
        type: 'go-no-go',
        dealId: this.state.dealId,
        dealTitle: this.state.title,
        at: now,
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
        openIncidents: [],
      },
    });
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
      this.record('RelationshipStarted', now, SYSTEM_ACTOR, { contractVersion: version });
    }
  }

  private get leadTacticalLead(): UserId {
    return this.state.tacticalLeads[0]!;
  }

  private get leadDirector(): UserId {
    return this.state.directors[0]!;
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
    const dueAt = spec.dueAt ?? addDuration(spec.now, this.state.policy.taskDue[isElement(kind) ? 'exploration' : kind]);
    const task: Task = {
      id: taskId(kind, this.snapshotData.taskSequence),
      kind,
      assignee: spec.assignee,
      owner: spec.owner,
      openedAt: spec.now,
      dueAt,
      status: 'open',
      level: spec.level,
      ...(spec.note === undefined ? {} : { note: spec.note }),
    };
    this.state.tasks.push(task);
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
    this.changeStage(stage, now, actor);
    this.state.closedAt = now;
    this.state.closedReason = reason;
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
    this.snapshotData.timeline.push({ type, at, actor, data } as DealEvent);
  }
}
