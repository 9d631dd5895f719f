import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeIncidentCommand,
  CommentOnTaskCommand,
  CompleteTaskCommand,
  DealEvent,
  DealSnapshot,
  DealState,
  DealStage,
  DealVisibility,
  EndDealCommand,
  Incident,
  IncidentEscalation,
  MoveDueDateCommand,
  ReassignTaskCommand,
  ReportIncidentCommand,
  ResolveIncidentCommand,
  StartDealCommand,
  Task,
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
}

/** Small runs replay fast after a worker restart or a cache eviction (a workflow task must finish within seconds). */
export const DEFAULT_DEAL_RUN_LIMITS: DealRunLimits = {
  updatesPerRun: 500,
  eventsPerRun: 2_000,
  historyBytesPerRun: 2 * 1024 * 1024,
};

/** Temporal refuses Update number 2,001 in one run; a deal must start afresh before that. */
export const TEMPORAL_UPDATES_PER_RUN = 2_000;

/**
 * A new deal starts from its command; continue-as-new resumes from the carried snapshot and the
 * IDs of the Updates applied lately. `runLimits` lowers the limits (tests, tuning).
 */
export type DealWorkflowInput = ({ start: StartDealCommand } | { resume: DealSnapshot; appliedUpdates?: AppliedUpdate[] }) & {
  runLimits?: Partial<DealRunLimits>;
};

export const dealStateQuery = defineQuery<DealState>('dealState');
export const dealTimelineQuery = defineQuery<DealEvent[]>('dealTimeline');

export const completeTaskUpdate = defineUpdate<Task, [CompleteTaskCommand]>('completeTask');
export const reassignTaskUpdate = defineUpdate<Task, [ReassignTaskCommand]>('reassignTask');
export const cancelDealUpdate = defineUpdate<DealState, [EndDealCommand]>('cancelDeal');
export const terminateDealUpdate = defineUpdate<DealState, [EndDealCommand]>('terminateDeal');
export const commentOnTaskUpdate = defineUpdate<Task, [CommentOnTaskCommand]>('commentOnTask');
export const moveDueDateUpdate = defineUpdate<Task, [MoveDueDateCommand]>('moveDueDate');
export const reportIncidentUpdate = defineUpdate<Incident, [ReportIncidentCommand]>('reportIncident');
export const acknowledgeIncidentUpdate = defineUpdate<Incident, [AcknowledgeIncidentCommand]>('acknowledgeIncident');
export const resolveIncidentUpdate = defineUpdate<Incident, [ResolveIncidentCommand]>('resolveIncident');

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

/** The memo a deal keeps up to date, so list endpoints need no query per deal. */
export interface DealMemo {
  title: string;
  openTasks: { id: string; kind: Task['kind']; assignee: string; owner: string; dueAt: string; level: Task['level'] }[];
}

/** The search attributes of a deal, as the workflow upserts them and the API sets them at start. */
export function dealSearchAttributes(visibility: DealVisibility): SearchAttributePair[] {
  return [
    { key: dealStageKey, value: visibility.stage },
    { key: dealCustomerKey, value: visibility.customer },
    { key: dealProgrammeManagerKey, value: visibility.programmeManager },
    { key: dealOpenTaskAssigneesKey, value: visibility.openTaskAssignees },
    { key: dealParticipantsKey, value: visibility.participants },
  ];
}

export function dealMemo(title: string, visibility: DealVisibility): DealMemo {
  return { title, openTasks: visibility.openTasks };
}

export type { DealStage };
