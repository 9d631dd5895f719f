import type { StartDealCommand, DealStage } from './deal';
import { CLOSED_STAGES, peopleOnDeal } from './deal';
import { conflict, notFound } from './errors';
import type { Incident } from './incidents';
import { hasRole, type Actor, type UserId } from './people';
import { DEFAULT_LADDERS, type IncidentLadderStep, type ServiceLevel } from './policy';
import type { Advice, Finding, Recommendation } from './recommendation';
import type { InboxSignal } from './signals';
import type { ContractTerms, GoNoGoResult, RatificationResult, Task } from './tasks';

// The deal process's shapes: its state as users read it, what continue-as-new carries, the commands
// it takes and the effects it asks of the workflow.

export interface GoNoGoDecision extends GoNoGoResult {
  decidedBy: UserId;
  decidedAt: string;
  recommendation: Recommendation;
  /** The advisors' advice the decision was taken with. */
  advice?: Advice[];
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
  /**
   * Both floors explore: each finding waits for its customer counterpart's co-signature before
   * go/no-go. Set at the start of deals that name customer-side counterparts (absent before it existed).
   */
  countersigning?: boolean;
  /** The outside advisors' advice, carried into the go/no-go report. */
  advice?: Advice[];
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

export interface GiveAdviceCommand {
  actor: Actor;
  text: string;
  element?: unknown;
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
  /** The deal's incident ladder, each step with the people it tells. */
  ladder?: IncidentTimerStep[];
  /** Before the ladder was declarative: the people told at tactical and at strategic (see legacyIncidentLadder). */
  tactical?: UserId[];
  strategic?: UserId[];
}

export interface IncidentTimerStep extends Pick<IncidentLadderStep, 'level' | 'after'> {
  notified: UserId[];
}

/** The steps an incident workflow started before the declarative ladder follows: the default ladder's, telling whom its input names. */
export function legacyIncidentLadder(input: Pick<IncidentTimerInput, 'tactical' | 'strategic'>): IncidentTimerStep[] {
  return DEFAULT_LADDERS.incidents.map((step) => ({ level: step.level, after: step.after, notified: (step.level === 'tactical' ? input.tactical : input.strategic) ?? [] }));
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
}

/** Everyone named on a deal or holding (or owning) one of its tasks, in that order. */
export function dealParticipants(state: DealState): UserId[] {
  return [...new Set([...peopleOnDeal(state), ...state.tasks.flatMap((task) => [task.assignee, task.owner])])];
}

/** Programme managers see every deal; anyone else only the deals they take part in. */
export function mayRead(participants: readonly UserId[], actor: Actor): boolean {
  return hasRole(actor, 'programme-manager') || participants.includes(actor.userId);
}

export function canSeeDeal(state: DealState, actor: Actor): boolean {
  return mayRead(dealParticipants(state), actor);
}

/** To anyone not on the deal (nor a programme manager) the deal does not exist: 404, not 403. */
export function assertVisibleTo(state: DealState, actor: Actor): void {
  if (!canSeeDeal(state, actor)) throw notFound(`deal ${state.dealId} does not exist`);
}

export function isClosed(state: DealState): boolean {
  return CLOSED_STAGES.includes(state.stage);
}

export function assertDealOpen(state: DealState): void {
  if (isClosed(state)) throw conflict(`the deal is already ${state.stage}`);
}

/** How far ahead a due date may be set: beyond it, timers and working-time sums stop making sense. */
export const MAX_PLANNING_HORIZON = 'P5Y';
