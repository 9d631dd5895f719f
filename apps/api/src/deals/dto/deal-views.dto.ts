import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { DealSummaryRecord, OpenTaskRecord } from '@app/store';
import {
  ASSESSMENTS,
  CUSTOMER_SEGMENTS,
  DEAL_STAGES,
  ELEMENTS,
  ESCALATION_LEVELS,
  GO_NO_GO,
  INCIDENT_STATUSES,
  LEVELS,
  RATIFICATION_DECISIONS,
  SERVICE_LEVEL_CLOCKS,
  SEVERITIES,
  SIDES,
  TASK_KINDS,
  TASK_STATUSES,
  VALUE_PROPOSITIONS,
  type Assessment,
  type ContractRecord,
  type DealEvent,
  type DealEventType,
  type DealPolicy,
  type DealStage,
  type Advice,
  type Element,
  type EscalationLadders,
  type EscalationLevel,
  type EscalationStep,
  type Finding,
  type GoNoGo,
  type GoNoGoDecision,
  type Incident,
  type IncidentLadderStep,
  type IncidentStatus,
  type Level,
  type Ratification,
  type RatificationDecision,
  type Recommendation,
  type RelationshipMap,
  type ServiceLevelClock,
  type Side,
  type SidePeople,
  type Severity,
  type Task,
  type TaskComment,
  type TaskKind,
  type TaskLadder,
  type TaskLadderStep,
  type TaskResult,
  type TaskStatus,
  type ValueProposition,
} from '@app/domain';
import type { DealView as DealViewShape, StartedDeal } from '../deals.service';
import { LADDERS_DOC } from './policy-docs';
import { CustomerDto, SupplierDto } from './start-deal.dto';
import { DealNameView } from './deal-name.view';
import { ContractTermsDto, CountersignResultDto, FindingResultDto, GoNoGoResultDto, RatificationResultDto, ReviewResultDto } from './task-result.dto';

/**
 * What the API returns, as OpenAPI schemas. Each class implements the domain type it documents, so
 * the compiler keeps the document and the answers in step.
 */

const DATE_TIME = { type: String, format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;

export const TASK_RESULT_VIEWS = [FindingResultDto, CountersignResultDto, GoNoGoResultDto, ContractTermsDto, RatificationResultDto, ReviewResultDto];

export class SidePeopleView implements SidePeople {
  @ApiProperty({ type: [String] })
  directors!: string[];

  @ApiProperty({ type: [String] })
  tacticalLeads!: string[];

  @ApiProperty({ type: [String] })
  operationalStaff!: string[];
}

export class RelationshipLevelView {
  @ApiProperty({ enum: LEVELS })
  level!: Level;

  @ApiProperty({ type: [String], description: 'The customer’s people at this level' })
  customer!: string[];

  @ApiProperty({ type: [String], description: 'The supplier’s people at this level' })
  supplier!: string[];
}

export class RelationshipMapView implements RelationshipMap {
  @ApiProperty({ type: [RelationshipLevelView], description: 'Strategic first' })
  levels!: RelationshipLevelView[];

  @ApiProperty({ type: [String] })
  advisors!: string[];
}

export class EscalationStepView implements EscalationStep {
  @ApiProperty(DATE_TIME)
  at!: string;

  @ApiProperty({ enum: LEVELS })
  level!: Level;

  @ApiProperty({ enum: ['owner', 'directors'] })
  notify!: 'owner' | 'directors';

  @ApiPropertyOptional({ enum: SIDES, isArray: true, description: 'The sides told; absent: the task’s own side' })
  sides?: Side[];

  @ApiProperty()
  reached!: boolean;
}

export class TaskLadderStepView implements TaskLadderStep {
  @ApiProperty({ enum: ESCALATION_LEVELS, description: 'tactical: the task’s owner, one level above the task; strategic: the directors' })
  level!: EscalationLevel;

  @ApiPropertyOptional({ enum: SIDES, isArray: true, description: 'The sides told; absent: the task’s own side (the customer’s for a co-signature)' })
  sides?: Side[];

  @ApiProperty({ description: 'After how many times the time the task was given: 1 when due, 2 a further period of the same length' })
  after!: number;
}

export class IncidentLadderAfterView {
  @ApiProperty({ enum: SERVICE_LEVEL_CLOCKS, description: 'The service-level clock counted: respond (stops at acknowledgement) or resolve (stops at resolution)' })
  clock!: ServiceLevelClock;

  @ApiProperty({ description: 'How many times that clock, from the report, in working time' })
  times!: number;
}

export class IncidentLadderStepView implements IncidentLadderStep {
  @ApiProperty({ enum: ESCALATION_LEVELS, description: 'The level the incident climbs to (a step to a level already reached is passed over)' })
  level!: EscalationLevel;

  @ApiProperty({ enum: SIDES, isArray: true, description: 'Whose people of that level are told: the tactical leads or the directors' })
  sides!: Side[];

  @ApiProperty({ type: IncidentLadderAfterView })
  after!: IncidentLadderAfterView;
}

export class EscalationLaddersView implements EscalationLadders {
  @ApiProperty({ type: [TaskLadderStepView], description: 'The steps of every task’s ladder once overdue' })
  tasks!: TaskLadderStepView[];

  @ApiProperty({ type: [IncidentLadderStepView], description: 'The steps of every incident’s ladder' })
  incidents!: IncidentLadderStepView[];
}

export class TaskLadderView implements TaskLadder {
  @ApiProperty({ ...DATE_TIME, description: 'When the assignee is reminded' })
  remindAt!: string;

  @ApiProperty()
  reminded!: boolean;

  @ApiProperty({ type: [EscalationStepView], description: 'One level up at a time once overdue' })
  steps!: EscalationStepView[];
}

export class TaskCommentView implements TaskComment {
  @ApiProperty()
  author!: string;

  @ApiProperty(DATE_TIME)
  at!: string;

  @ApiProperty()
  text!: string;
}

export class TaskView implements Task {
  @ApiProperty({ example: 'processes-1' })
  id!: string;

  @ApiProperty({ enum: TASK_KINDS })
  kind!: TaskKind;

  @ApiProperty()
  assignee!: string;

  @ApiProperty({ description: 'The next level up' })
  owner!: string;

  @ApiProperty(DATE_TIME)
  openedAt!: string;

  @ApiProperty(DATE_TIME)
  dueAt!: string;

  @ApiProperty({ enum: TASK_STATUSES })
  status!: TaskStatus;

  @ApiProperty({ enum: LEVELS, description: 'How far the task has escalated' })
  level!: Level;

  @ApiProperty({ type: TaskLadderView })
  ladder!: TaskLadderView;

  @ApiPropertyOptional({ type: [TaskCommentView] })
  comments?: TaskCommentView[];

  @ApiPropertyOptional({ description: 'The assignee who was out of office' })
  delegatedFrom?: string;

  @ApiPropertyOptional({ description: 'Why the task exists, e.g. the directors’ reason to send a contract back' })
  note?: string;

  @ApiPropertyOptional({ type: [String], description: 'What an exploration task asks for the deal’s value proposition; its finding answers them in order' })
  questions?: string[];

  @ApiPropertyOptional({ enum: ELEMENTS, description: 'The element whose finding a countersign task co-signs or contests' })
  element?: Element;

  @ApiPropertyOptional(DATE_TIME)
  completedAt?: string;

  @ApiPropertyOptional()
  completedBy?: string;

  @ApiPropertyOptional({ description: 'The result, by the task’s kind', anyOf: TASK_RESULT_VIEWS.map((view) => ({ $ref: getSchemaPath(view) })) })
  result?: TaskResult;
}

export class IncidentView implements Incident {
  @ApiProperty({ example: 'incident-1' })
  id!: string;

  @ApiProperty({ enum: SEVERITIES })
  severity!: Severity;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: INCIDENT_STATUSES })
  status!: IncidentStatus;

  @ApiProperty({ enum: LEVELS, description: 'How far the incident has escalated' })
  level!: Level;

  @ApiProperty(DATE_TIME)
  reportedAt!: string;

  @ApiProperty()
  reportedBy!: string;

  @ApiProperty({ ...DATE_TIME, description: 'Acknowledge by then, or it escalates' })
  respondBy!: string;

  @ApiProperty({ ...DATE_TIME, description: 'Resolve by then, or it escalates' })
  resolveBy!: string;

  @ApiPropertyOptional(DATE_TIME)
  acknowledgedAt?: string;

  @ApiPropertyOptional()
  acknowledgedBy?: string;

  @ApiPropertyOptional(DATE_TIME)
  resolvedAt?: string;

  @ApiPropertyOptional()
  resolvedBy?: string;

  @ApiPropertyOptional()
  resolution?: string;
}

export class ReportedIncidentView extends IncidentView {
  @ApiProperty({ example: 'incident-1', description: 'The same as id' })
  incidentId!: string;
}

export class CoSignatureView implements NonNullable<Finding['coSigned']> {
  @ApiProperty()
  by!: string;

  @ApiProperty(DATE_TIME)
  at!: string;

  @ApiProperty()
  substantiation!: string;
}

export class AdviceView implements Advice {
  @ApiProperty({ description: 'The advisor' })
  by!: string;

  @ApiProperty(DATE_TIME)
  at!: string;

  @ApiProperty()
  text!: string;

  @ApiPropertyOptional({ enum: ELEMENTS, description: 'The element it is about; absent for advice on the deal as a whole' })
  element?: Element;
}

export class FindingView implements Finding {
  @ApiProperty({ enum: ELEMENTS })
  element!: Element;

  @ApiProperty({ enum: ASSESSMENTS })
  assessment!: Assessment;

  @ApiProperty()
  substantiation!: string;

  @ApiPropertyOptional({ type: [String] })
  conditions?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The questions the task asked' })
  questions?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The answers to those questions, in order; absent when the finding left them unanswered' })
  answers?: string[];

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty(DATE_TIME)
  recordedAt!: string;

  @ApiPropertyOptional({ type: CoSignatureView, description: 'The customer’s counterpart who co-signed the finding (deals where both floors explore)' })
  coSigned?: CoSignatureView;
}

export class RecommendationView implements Recommendation {
  @ApiProperty({ enum: GO_NO_GO })
  decision!: GoNoGo;

  @ApiProperty({ type: [String], description: 'What a go depends on' })
  conditions!: string[];

  @ApiProperty({ enum: ELEMENTS, isArray: true, description: 'The elements that drove it' })
  because!: Element[];
}

export class GoNoGoDecisionView implements GoNoGoDecision {
  @ApiProperty({ enum: GO_NO_GO })
  decision!: GoNoGo;

  @ApiProperty()
  substantiation!: string;

  @ApiProperty()
  decidedBy!: string;

  @ApiProperty(DATE_TIME)
  decidedAt!: string;

  @ApiProperty({ type: RecommendationView })
  recommendation!: RecommendationView;

  @ApiPropertyOptional({ type: [AdviceView], description: 'The outside advisors’ advice the decision was taken with' })
  advice?: AdviceView[];
}

export class ContractView implements ContractRecord {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({ type: ContractTermsDto })
  terms!: ContractRecord['terms'];

  @ApiProperty({ type: [String], description: 'Terms flagged for the directors’ attention' })
  flags!: string[];

  @ApiProperty()
  draftedBy!: string;

  @ApiProperty(DATE_TIME)
  draftedAt!: string;

  @ApiPropertyOptional({ description: 'The contract document rendered from the terms (Markdown)' })
  document?: string;
}

export class RatificationView implements Ratification {
  @ApiProperty({ enum: RATIFICATION_DECISIONS })
  decision!: RatificationDecision;

  @ApiPropertyOptional()
  reason?: string;

  @ApiProperty()
  director!: string;

  @ApiProperty({ type: 'integer' })
  contractVersion!: number;

  @ApiProperty(DATE_TIME)
  at!: string;
}

/** GET /api/deals/{dealId}, and the deal as cancel and terminate leave it. */
export class DealView implements DealViewShape {
  @ApiProperty({ example: 'acme-logistics' })
  dealId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: DEAL_STAGES })
  stage!: DealStage;

  @ApiProperty({ type: CustomerDto })
  customer!: CustomerDto;

  @ApiProperty({ type: SupplierDto })
  supplier!: SupplierDto;

  @ApiProperty({ enum: VALUE_PROPOSITIONS })
  valueProposition!: ValueProposition;

  @ApiProperty()
  programmeManager!: string;

  @ApiProperty({ type: [String], description: 'The supplier’s sponsoring directors' })
  directors!: string[];

  @ApiProperty({ type: [String], description: 'The supplier’s middle managers; the first is the lead' })
  tacticalLeads!: string[];

  @ApiProperty({ type: [String], description: 'The supplier’s operational staff' })
  operationalStaff!: string[];

  @ApiPropertyOptional({ type: SidePeopleView, description: 'Their counterparts at the customer, per level; absent for a deal started without them' })
  customerSide?: SidePeopleView;

  @ApiPropertyOptional({ type: [String], description: 'Experts from outside both organisations' })
  advisors?: string[];

  @ApiProperty({ type: RelationshipMapView, description: 'Per level, who is in contact on each side, and the advisors' })
  relationshipMap!: RelationshipMapView;

  @ApiProperty({ type: EscalationLaddersView, description: 'The escalation ladders this deal follows, declared at its start (or, for deals started before they were declarative, the ones they follow)' })
  ladders!: EscalationLaddersView;

  @ApiProperty({ type: 'object', additionalProperties: true, description: `The resolved policy: taskDue, reminderAt, incidentServiceLevels, reviewEvery, ladders (deals started before the ladders were declarative carry incidentEscalation instead). ${LADDERS_DOC}` })
  policy!: DealPolicy;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The business calendar, if any' })
  calendar?: DealViewShape['calendar'];

  @ApiProperty(DATE_TIME)
  explorationDeadline!: string;

  @ApiProperty(DATE_TIME)
  startedAt!: string;

  @ApiProperty({ type: [TaskView] })
  tasks!: TaskView[];

  @ApiProperty({ type: [FindingView] })
  findings!: FindingView[];

  @ApiProperty({ type: RecommendationView, nullable: true })
  recommendation!: RecommendationView | null;

  @ApiProperty({ type: GoNoGoDecisionView, nullable: true })
  decision!: GoNoGoDecisionView | null;

  @ApiProperty({ type: ContractView, nullable: true })
  contract!: DealViewShape['contract'];

  @ApiProperty({ type: [RatificationView] })
  ratifications!: RatificationView[];

  @ApiProperty({ type: [IncidentView], description: 'Every incident of the deal, or only the unresolved ones when read with incidents=unresolved' })
  incidents!: IncidentView[];

  @ApiProperty({ type: 'integer', minimum: 0, example: 3, description: 'How many incidents the deal has had, resolved or not, whichever incidents the read carries' })
  incidentCount!: number;

  @ApiPropertyOptional({ description: 'true when both floors explore: each finding waits for the co-signature of its customer counterpart before go/no-go' })
  countersigning?: boolean;

  @ApiPropertyOptional({ type: [AdviceView], description: 'The outside advisors’ advice for the go/no-go report' })
  advice?: AdviceView[];

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'When the next periodic review of a live relationship opens' })
  nextReviewAt!: string | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  closedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  closedReason!: string | null;
}

const EVENT_TYPES: DealEventType[] = [
  'DealStarted',
  'StageChanged',
  'TaskOpened',
  'TaskCompleted',
  'TaskCancelled',
  'TaskReassigned',
  'TaskCommented',
  'TaskDelegated',
  'TaskDueDateMoved',
  'TaskReminded',
  'TaskEscalated',
  'FindingRecorded',
  'FindingCoSigned',
  'FindingContested',
  'AdviceGiven',
  'GoNoGoDecided',
  'DirectorsSignalled',
  'ContractDrafted',
  'ContractRatified',
  'ContractRejected',
  'RelationshipStarted',
  'ReviewScheduled',
  'IncidentReported',
  'IncidentAcknowledged',
  'IncidentEscalated',
  'IncidentResolved',
  'DealAbandoned',
  'DealRejected',
  'RelationshipTerminated',
];

export class DealEventView {
  @ApiProperty({ type: 'integer', minimum: 1, description: "The event's place in the deal's append-only log: 1, 2, 3, …" })
  sequence!: number;

  @ApiProperty({ enum: EVENT_TYPES })
  type!: DealEvent['type'];

  @ApiProperty(DATE_TIME)
  at!: string;

  @ApiProperty({ description: 'A user ID, or `system`' })
  actor!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What happened; its fields depend on the type' })
  data!: DealEvent['data'];
}

export class DealSummaryView extends DealNameView implements DealSummaryRecord {
  @ApiProperty()
  customer!: string;

  @ApiProperty({ enum: CUSTOMER_SEGMENTS })
  segment!: string;

  @ApiProperty({ enum: VALUE_PROPOSITIONS })
  valueProposition!: string;

  @ApiProperty()
  programmeManager!: string;

  @ApiProperty(DATE_TIME)
  startedAt!: string;

  @ApiProperty({ ...DATE_TIME, description: 'When the latest event happened' })
  updatedAt!: string;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When the deal ended; null while it runs' })
  closedAt!: string | null;

  @ApiProperty({ description: 'False once the deal has ended' })
  running!: boolean;
}

export class OpenTaskSummaryView implements OpenTaskRecord {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: TASK_KINDS })
  kind!: TaskKind;

  @ApiProperty()
  assignee!: string;

  @ApiProperty()
  owner!: string;

  @ApiProperty(DATE_TIME)
  dueAt!: string;

  @ApiProperty({ enum: LEVELS })
  level!: Level;

  @ApiProperty()
  dealId!: string;

  @ApiProperty()
  dealTitle!: string;
}

export class StartedDealView implements StartedDeal {
  @ApiProperty({ example: 'acme-logistics' })
  dealId!: string;

  @ApiProperty({ example: 'deal:acme-logistics' })
  workflowId!: string;

  @ApiProperty()
  runId!: string;

  @ApiProperty()
  title!: string;
}
