import type { Customer, DealStage, Supplier, ValueProposition } from './deal';
import type { Level, UserId } from './people';
import type { Severity } from './policy';
import type { Recommendation } from './recommendation';
import type { Assessment, Element, GoNoGo, TaskKind } from './tasks';

/** The data each domain event carries; the type names are the timeline's contract. */
export interface DealEventData {
  DealStarted: {
    title: string;
    customer: Customer;
    supplier: Supplier;
    valueProposition: ValueProposition;
    directors: UserId[];
    tacticalLeads: UserId[];
    operationalStaff: UserId[];
    explorationDeadline: string;
  };
  StageChanged: { from: DealStage; to: DealStage };
  TaskOpened: { taskId: string; kind: TaskKind; assignee: UserId; owner: UserId; dueAt: string; level: Level };
  TaskCompleted: { taskId: string; kind: TaskKind };
  TaskCancelled: { taskId: string; kind: TaskKind; reason: string };
  TaskReassigned: { taskId: string; from: UserId; to: UserId; reason: string };
  TaskCommented: { taskId: string; text: string };
  TaskDelegated: { taskId: string; from: UserId; to: UserId; until: string };
  TaskDueDateMoved: { taskId: string; from: string; to: string; reason: string };
  TaskReminded: { taskId: string; assignee: UserId; dueAt: string };
  TaskEscalated: { taskId: string; level: Level; notified: UserId[]; dueAt: string };
  FindingRecorded: { taskId: string; element: Element; assessment: Assessment; conditions: string[] };
  FindingCoSigned: { taskId: string; element: Element; substantiation: string };
  FindingContested: { taskId: string; element: Element; substantiation: string; reopenedTaskId: string };
  AdviceGiven: { element: Element | null; text: string };
  GoNoGoDecided: { decision: GoNoGo; substantiation: string; recommendation: Recommendation };
  DirectorsSignalled: { signal: 'go-no-go'; decision: GoNoGo; recipients: UserId[] };
  ContractDrafted: { version: number; flags: string[]; discountPct: number };
  ContractRatified: { version: number; director: UserId; awaiting: UserId[] };
  ContractRejected: { version: number; director: UserId; reason: string };
  RelationshipStarted: { contractVersion: number };
  ReviewScheduled: { taskId: string; nextReviewAt: string };
  IncidentReported: { incidentId: string; severity: Severity; title: string; respondBy: string; resolveBy: string };
  IncidentAcknowledged: { incidentId: string };
  IncidentEscalated: { incidentId: string; level: Level; reason: 'not-acknowledged' | 'not-resolved'; notified: UserId[] };
  IncidentResolved: { incidentId: string; resolution: string };
  DealAbandoned: { reason: string };
  DealRejected: { reason: string };
  RelationshipTerminated: { reason: string };
}

export type DealEventType = keyof DealEventData;

export type DealEvent = {
  [K in DealEventType]: { type: K; at: string; actor: UserId; data: DealEventData[K] };
}[DealEventType];
