import type { DealStage } from './deal';
import type { IncidentDesk } from './deal-incidents';
import type { DealJournal } from './deal-journal';
import { requireText } from './deal-journal';
import { assertDealOpen, assertVisibleTo, type EndDealCommand, type GiveAdviceCommand } from './deal-state';
import type { TaskBoard } from './deal-tasks';
import { addDuration } from './durations';
import { conflict, forbidden, invalidInput } from './errors';
import { LIMITS } from './limits';
import { SYSTEM_ACTOR, hasRole, type UserId } from './people';
import { recommend, type Advice } from './recommendation';
import {
  ELEMENTS,
  isElement,
  type ContractTerms,
  type CountersignResult,
  type Element,
  type ExplorationGuidance,
  type FindingResult,
  type GoNoGoResult,
  type RatificationResult,
  type Task,
  type TaskKind,
  type TaskResult,
} from './tasks';

/**
 * The bottom-up stages: exploration of the four elements, the substantiated go/no-go, the contract
 * inside the bandwidth, ratification by every sponsoring director, the live relationship with its
 * periodic reviews, and the ways a deal ends.
 */
export class DealStages {
  constructor(
    private readonly journal: DealJournal,
    private readonly tasks: TaskBoard,
    private readonly incidents: IncidentDesk,
  ) {}

  private get state() {
    return this.journal.state;
  }

  /** One task per element, for the operational staff (or the leads, when a deal has no staff). */
  openExploration(now: string, guidance?: ExplorationGuidance): void {
    const { operationalStaff, tacticalLeads } = this.state;
    this.changeStage('exploration', now);
    ELEMENTS.forEach((element, index) => {
      const operational = operationalStaff[index % Math.max(operationalStaff.length, 1)];
      const lead = tacticalLeads[index % tacticalLeads.length]!;
      this.tasks.openTask(element, {
        assignee: operational ?? lead,
        owner: lead,
        level: operational ? 'operational' : 'tactical',
        dueAt: this.state.explorationDeadline,
        now,
        ...(guidance ? { questions: guidance[element] } : {}),
      });
    });
  }

  /** What a completed task's result means for the deal, by its kind. */
  advance(task: Task, result: TaskResult, flags: string[], now: string): void {
    const actor = task.completedBy!;
    if (isElement(task.kind)) this.recordFinding(task, task.kind, result as FindingResult, now);
    else if (task.kind === 'countersign') this.countersign(task, result as CountersignResult, now);
    else if (task.kind === 'go-no-go') this.decide(result as GoNoGoResult, actor, now);
    else if (task.kind === 'contract') this.draftContract(result as ContractTerms, flags, actor, now);
    else if (task.kind === 'ratification') this.ratify(result as RatificationResult, actor, now);
  }

  /** A live relationship opens its periodic review when it falls due. */
  nextReviewAt(): string | null {
    return this.state.nextReviewAt;
  }

  fireReview(now: string): void {
    if (this.state.stage !== 'live' || !this.state.nextReviewAt || this.state.nextReviewAt > now) return;
    const review = this.tasks.openTask('review', { assignee: this.leadTacticalLead, owner: this.leadDirector, level: 'tactical', now });
    this.state.nextReviewAt = addDuration(this.state.nextReviewAt, this.state.policy.reviewEvery);
    this.journal.record('ReviewScheduled', now, SYSTEM_ACTOR, { taskId: review.id, nextReviewAt: this.state.nextReviewAt });
  }

  checkCancel(command: EndDealCommand): void {
    if (!hasRole(command.actor, 'programme-manager')) throw forbidden('only a programme manager can cancel a deal');
    requireText(command.reason, 'reason');
    assertDealOpen(this.state);
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
      this.journal.record('DealRejected', now, actor, { reason: command.reason });
    } else {
      this.close('abandoned', command.reason, actor, now);
      this.journal.record('DealAbandoned', now, actor, { reason: command.reason });
    }
  }

  checkTerminate(command: EndDealCommand): void {
    assertVisibleTo(this.state, command.actor);
    if (!this.state.directors.includes(command.actor.userId)) {
      throw forbidden('only a sponsoring director of this deal can terminate the relationship');
    }
    requireText(command.reason, 'reason');
    assertDealOpen(this.state);
    if (this.state.stage !== 'live') throw conflict(`only a live relationship can be terminated; the deal is in ${this.state.stage}`);
  }

  terminate(command: EndDealCommand, now: string): void {
    this.checkTerminate(command);
    this.close('terminated', command.reason, command.actor.userId, now);
    this.journal.record('RelationshipTerminated', now, command.actor.userId, { reason: command.reason });
  }

  checkGiveAdvice(command: GiveAdviceCommand): { text: string; element?: Element } {
    assertVisibleTo(this.state, command.actor);
    if (!(this.state.advisors ?? []).includes(command.actor.userId)) throw forbidden('only an outside advisor named on this deal can give advice');
    assertDealOpen(this.state);
    if (this.state.stage !== 'exploration' && this.state.stage !== 'go-no-go') {
      throw conflict(`advice goes into the go/no-go report; the deal is in ${this.state.stage}`);
    }
    requireText(command.text, 'text', LIMITS.adviceText);
    if (command.element !== undefined && (typeof command.element !== 'string' || !isElement(command.element as TaskKind))) {
      throw invalidInput(`element must be one of: ${ELEMENTS.join(', ')}`);
    }
    if ((this.state.advice?.length ?? 0) >= LIMITS.advicePerDeal) throw conflict(`the deal already has ${LIMITS.advicePerDeal} pieces of advice`);
    return { text: command.text, ...(command.element === undefined ? {} : { element: command.element as Element }) };
  }

  /** An advisor's note, carried into the go/no-go report. */
  giveAdvice(command: GiveAdviceCommand, now: string): Advice {
    const checked = this.checkGiveAdvice(command);
    const advice: Advice = { by: command.actor.userId, at: now, ...checked };
    this.state.advice = [...(this.state.advice ?? []), advice];
    this.journal.record('AdviceGiven', now, advice.by, { element: advice.element ?? null, text: advice.text });
    return advice;
  }

  private recordFinding(task: Task, element: Element, result: FindingResult, now: string): void {
    const actor = task.completedBy!;
    this.state.findings.push({ element, ...result, ...(task.questions ? { questions: task.questions } : {}), recordedBy: actor, recordedAt: now });
    this.journal.record('FindingRecorded', now, actor, {
      taskId: task.id,
      element,
      assessment: result.assessment,
      conditions: result.conditions ?? [],
    });
    if (this.state.countersigning) this.openCountersign(element, task, now);
    this.closeExplorationWhenDone(now);
  }

  /** The customer's counterpart on the element's floor (or their tactical lead) checks the finding. */
  private openCountersign(element: Element, finding: Task, now: string): void {
    const customer = this.state.customerSide!;
    const index = ELEMENTS.indexOf(element);
    const operational = customer.operationalStaff[index % Math.max(customer.operationalStaff.length, 1)];
    const lead = customer.tacticalLeads[index % Math.max(customer.tacticalLeads.length, 1)];
    this.tasks.openTask('countersign', {
      assignee: (operational ?? lead)!,
      owner: lead ?? this.leadTacticalLead,
      level: operational ? 'operational' : 'tactical',
      element,
      note: `Co-sign or contest the finding on ${element} recorded by ${finding.completedBy} (${finding.id})`,
      now,
    });
  }

  private countersign(task: Task, result: CountersignResult, now: string): void {
    const element = task.element!;
    const actor = task.completedBy!;
    const index = this.state.findings.findIndex((finding) => finding.element === element);
    const finding = this.state.findings[index]!;
    if (result.decision === 'co-sign') {
      finding.coSigned = { by: actor, at: now, substantiation: result.substantiation };
      this.journal.record('FindingCoSigned', now, actor, { taskId: task.id, element, substantiation: result.substantiation });
      this.closeExplorationWhenDone(now);
      return;
    }
    // Contested: the finding goes back to the element's assignees, with the reason.
    this.state.findings.splice(index, 1);
    const explored = this.state.tasks.findLast((candidate) => candidate.kind === element && candidate.status === 'done')!;
    const reopened = this.tasks.openTask(element, {
      assignee: finding.recordedBy,
      owner: explored.owner,
      level: explored.assignee === explored.owner ? 'tactical' : 'operational',
      note: `Contested by ${actor}: ${result.substantiation}`,
      now,
      ...(finding.questions ? { questions: finding.questions } : {}),
    });
    this.journal.record('FindingContested', now, actor, { taskId: task.id, element, substantiation: result.substantiation, reopenedTaskId: reopened.id });
  }

  /** Exploration is done when every element has a finding, co-signed where both floors explore. */
  private closeExplorationWhenDone(now: string): void {
    const settled = new Set(this.state.findings.filter((finding) => !this.state.countersigning || finding.coSigned).map((finding) => finding.element));
    if (ELEMENTS.every((candidate) => settled.has(candidate))) {
      this.state.recommendation = recommend(this.state.findings);
      this.changeStage('go-no-go', now);
      this.tasks.openTask('go-no-go', { assignee: this.leadTacticalLead, owner: this.leadDirector, level: 'tactical', now });
    }
  }

  /** The decision goes to the directors with its substantiation and every finding's. */
  private decide(result: GoNoGoResult, actor: UserId, now: string): void {
    const recommendation = this.state.recommendation!;
    const advice = this.state.advice ?? [];
    this.state.decision = { ...result, decidedBy: actor, decidedAt: now, recommendation, ...(advice.length > 0 ? { advice } : {}) };
    this.journal.record('GoNoGoDecided', now, actor, { ...result, recommendation });
    this.journal.notify([...this.state.directors], now, {
      type: 'go-no-go',
      decision: result.decision,
      decidedBy: actor,
      substantiation: result.substantiation,
      recommendation,
      findings: this.state.findings.map(({ element, assessment, substantiation, conditions, coSigned }) => ({
        element,
        assessment,
        substantiation,
        conditions: conditions ?? [],
        ...(coSigned ? { coSignedBy: coSigned.by } : {}),
      })),
      openIncidents: this.incidents.open().map(({ id, severity, title, status, level }) => ({ id, severity, title, status, level })),
      ...(advice.length > 0 ? { advice } : {}),
    });
    this.journal.record('DirectorsSignalled', now, SYSTEM_ACTOR, { signal: 'go-no-go', decision: result.decision, recipients: [...this.state.directors] });
    if (result.decision === 'no-go') {
      const reason = `no-go: ${result.substantiation}`;
      this.close('abandoned', reason, actor, now);
      this.journal.record('DealAbandoned', now, actor, { reason });
      return;
    }
    this.changeStage('contract', now);
    this.tasks.openTask('contract', { assignee: this.leadTacticalLead, owner: this.leadDirector, level: 'tactical', now });
  }

  private draftContract(terms: ContractTerms, flags: string[], actor: UserId, now: string): void {
    const version = (this.state.contract?.version ?? 0) + 1;
    this.state.contract = { version, terms, flags, draftedBy: actor, draftedAt: now };
    this.journal.record('ContractDrafted', now, actor, { version, flags, discountPct: terms.discountPct });
    this.changeStage('ratification', now);
    for (const director of this.state.directors) {
      this.tasks.openTask('ratification', { assignee: director, owner: this.state.programmeManager, level: 'strategic', now });
    }
  }

  private ratify(result: RatificationResult, director: UserId, now: string): void {
    const version = this.state.contract!.version;
    this.state.ratifications.push({ ...result, director, contractVersion: version, at: now });
    const awaiting = this.tasks.open().filter((task) => task.kind === 'ratification');
    if (result.decision === 'reject') {
      const reason = result.reason!;
      this.journal.record('ContractRejected', now, director, { version, director, reason });
      for (const task of awaiting) this.tasks.cancel(task, `contract version ${version} was rejected by ${director}`, now);
      this.changeStage('contract', now);
      this.tasks.openTask('contract', {
        assignee: this.leadTacticalLead,
        owner: this.leadDirector,
        level: 'tactical',
        note: `Contract version ${version} rejected by ${director}: ${reason}`,
        now,
      });
      return;
    }
    this.journal.record('ContractRatified', now, director, { version, director, awaiting: awaiting.map((task) => task.assignee) });
    if (awaiting.length === 0) {
      this.changeStage('live', now);
      this.state.nextReviewAt = addDuration(now, this.state.policy.reviewEvery);
      this.journal.record('RelationshipStarted', now, SYSTEM_ACTOR, { contractVersion: version });
    }
  }

  private close(stage: 'abandoned' | 'rejected' | 'terminated', reason: string, actor: UserId, now: string): void {
    for (const task of this.tasks.open()) this.tasks.cancel(task, `deal ${stage}`, now);
    this.incidents.closeAll();
    this.changeStage(stage, now, actor);
    this.state.closedAt = now;
    this.state.closedReason = reason;
    this.state.nextReviewAt = null;
  }

  private changeStage(to: DealStage, now: string, actor: UserId = SYSTEM_ACTOR): void {
    const from = this.state.stage;
    this.state.stage = to;
    this.journal.record('StageChanged', now, actor, { from, to });
  }

  private get leadTacticalLead(): UserId {
    return this.state.tacticalLeads[0]!;
  }

  private get leadDirector(): UserId {
    return this.state.directors[0]!;
  }
}
