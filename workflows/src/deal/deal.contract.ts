import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair, type SearchAttributeUpdatePair, type TypedSearchAttributes } from '@temporalio/common';
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeIncidentCommand,
  CommentOnTaskCommand,
  CompleteTaskCommand,
  DealSnapshot,
  DealStage,
  DealVisibility,
  EndDealCommand,
  GiveAdviceCommand,
  IncidentEscalation,
  MoveDueDateCommand,
  ReassignTaskCommand,
  ReportIncidentCommand,
  ResolveIncidentCommand,
  StartDealCommand,
} from '@app/domain';
import type { AppliedUpdate } from './applied-updates';

/** The deal workflow's public contract: IDs, messages and search attributes, shared by workflow, API and tests. */
export const DEAL_WORKFLOW_TYPE = 'dealWorkflow';

export function dealWorkflowId(dealId: string): string {
  return `deal:${dealId}`;
}

export function dealIdOf(workflowId: string): string {
  return workflowId.replace(/^deal:/, '');
}

/**
 * When a deal's run starts afresh (continue-as-new), well inside Temporal's hard limits per run:
 * 2,000 Updates, 51,200 events, 50 MB of history.
 */
export interface DealRunLimits {
  updatesPerRun: number;
  eventsPerRun: number;
  historyBytesPerRun: number;
  /**
   * How many effects (notices, incident clocks) may wait before the deal refuses new commands until
   * it has caught up: it bounds what a run can leave undone, and so what continue-as-new carries.
   */
  effectBacklog: number;
}

/** Small runs replay fast after a worker restart or a cache eviction (a workflow task must finish within seconds). */
export const DEFAULT_DEAL_RUN_LIMITS: DealRunLimits = {
  updatesPerRun: 500,
  eventsPerRun: 2_000,
  historyBytesPerRun: 2 * 1024 * 1024,
  effectBacklog: 64,
};

/** Temporal refuses Update number 2,001 in one run; a deal must start afresh before that. */
export const TEMPORAL_UPDATES_PER_RUN = 2_000;

/**
 * A new deal starts from its command (and the start's Idempotency-Key, kept in the record);
 * continue-as-new resumes from the carried snapshot and the IDs of the Updates applied lately.
 * `runLimits` lowers the limits (tests, tuning).
 */
export type DealWorkflowInput = ({ start: StartDealCommand; startKey?: string } | { resume: DealSnapshot; appliedUpdates?: AppliedUpdate[] }) & {
  runLimits?: Partial<DealRunLimits>;
};

/**
 * Updates answer with IDs only: every handler returns once its changes are in the durable record,
 * and the API reads what users see from there.
 */
export interface TaskRef {
  taskId: string;
}
export interface IncidentRef {
  incidentId: string;
}
export interface DealRef {
  dealId: string;
  stage: DealStage;
}

/** Answers once the deal's first record is written: sent with the start, so a 201 is readable at once. */
export const dealRecordedUpdate = defineUpdate<DealRef & { firstExecutionRunId: string }>('dealRecorded');
export const completeTaskUpdate = defineUpdate<TaskRef, [CompleteTaskCommand]>('completeTask');
export const reassignTaskUpdate = defineUpdate<TaskRef, [ReassignTaskCommand]>('reassignTask');
export const cancelDealUpdate = defineUpdate<DealRef, [EndDealCommand]>('cancelDeal');
export const terminateDealUpdate = defineUpdate<DealRef, [EndDealCommand]>('terminateDeal');
export const giveAdviceUpdate = defineUpdate<DealRef, [GiveAdviceCommand]>('giveAdvice');
export const commentOnTaskUpdate = defineUpdate<TaskRef, [CommentOnTaskCommand]>('commentOnTask');
export const moveDueDateUpdate = defineUpdate<TaskRef, [MoveDueDateCommand]>('moveDueDate');
export const reportIncidentUpdate = defineUpdate<IncidentRef, [ReportIncidentCommand]>('reportIncident');
export const acknowledgeIncidentUpdate = defineUpdate<IncidentRef, [AcknowledgeIncidentCommand]>('acknowledgeIncident');
export const resolveIncidentUpdate = defineUpdate<IncidentRef, [ResolveIncidentCommand]>('resolveIncident');

/**
 * The refusal of an Update that reached a run about to continue as new: nothing was applied, and
 * the same Update sent again lands in the next run.
 */
export const RUN_ENDING_FAILURE = 'deal-run-ending';

/**
 * The refusal of an Update while the deal is behind on its effects (see DealRunLimits.effectBacklog):
 * nothing was applied, and the same Update sent again a moment later is taken.
 */
export const CATCHING_UP_FAILURE = 'deal-catching-up';

/** An incident's workflow reports that one of its clocks ran out. */
export const incidentEscalatedSignal = defineSignal<[IncidentEscalation]>('incidentEscalated');

export const dealStageKey = defineSearchAttributeKey('DealStage', SearchAttributeType.KEYWORD);
export const dealCustomerKey = defineSearchAttributeKey('DealCustomer', SearchAttributeType.KEYWORD);
export const dealProgrammeManagerKey = defineSearchAttributeKey('DealProgrammeManager', SearchAttributeType.KEYWORD);
export const dealOpenTaskAssigneesKey = defineSearchAttributeKey('DealOpenTaskAssignees', SearchAttributeType.KEYWORD_LIST);
export const dealParticipantsKey = defineSearchAttributeKey('DealParticipants', SearchAttributeType.KEYWORD_LIST);

/** Custom search attributes the product needs registered on its namespace, in the CLI's notation. */
export const DEAL_SEARCH_ATTRIBUTES = {
  [dealStageKey.name]: 'Keyword',
  [dealCustomerKey.name]: 'Keyword',
  [dealProgrammeManagerKey.name]: 'Keyword',
  [dealOpenTaskAssigneesKey.name]: 'KeywordList',
  [dealParticipantsKey.name]: 'KeywordList',
} as const;

/**
 * The search attributes of a deal, for operators and the Temporal UI (users read the durable record).
 * `DealOpenTaskAssignees` changed with nearly every task and cost the visibility store a write each
 * time; since 1.7 deals leave it out (who has open tasks is in the store), older runs still set it.
 */
export function dealSearchAttributes(visibility: DealVisibility, { withOpenTaskAssignees = false } = {}): SearchAttributePair[] {
  return [
    { key: dealStageKey, value: visibility.stage },
    { key: dealCustomerKey, value: visibility.customer },
    { key: dealProgrammeManagerKey, value: visibility.programmeManager },
    ...(withOpenTaskAssignees ? [{ key: dealOpenTaskAssigneesKey, value: visibility.openTaskAssignees }] : []),
    { key: dealParticipantsKey, value: visibility.participants },
  ];
}

/**
 * The pairs to upsert so the deal's search attributes show `visibility`: only those that differ from
 * what the run has (set at start, carried over by continue-as-new), and the retired one cleared.
 */
export function changedSearchAttributes(visibility: DealVisibility, current: TypedSearchAttributes): SearchAttributeUpdatePair[] {
  const wanted: SearchAttributeUpdatePair[] = dealSearchAttributes(visibility).filter((pair) => !sameValue(current.get(pair.key), pair.value));
  return current.get(dealOpenTaskAssigneesKey) === undefined ? wanted : [...wanted, { key: dealOpenTaskAssigneesKey, value: null }];
}

function sameValue(current: unknown, wanted: unknown): boolean {
  return Array.isArray(wanted) ? Array.isArray(current) && current.length === wanted.length && current.every((value, index) => value === wanted[index]) : current === wanted;
}

export type { DealStage };
