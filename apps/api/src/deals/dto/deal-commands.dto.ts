import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEAL_SORTS, type DealSort } from '@app/store';
import {
  CUSTOMER_SEGMENTS,
  DEAL_STAGES,
  ELEMENTS,
  INCIDENT_STATUSES,
  LEVELS,
  LIMITS,
  SEVERITIES,
  TASK_KINDS,
  VALUE_PROPOSITIONS,
  type CustomerSegment,
  type DealStage,
  type Element,
  type IncidentReport,
  type IncidentStatus,
  type Level,
  type Severity,
  type TaskKind,
  type ValueProposition,
} from '@app/domain';
import { DateTimeField, OneOf, OptionalOneOf, OptionalSingleLine, RequiredText, SingleLine, UserIdField } from '../../common/dto-fields';

export class ReassignTaskDto {
  @UserIdField({ example: 'op.olga' })
  assignee!: string;

  @RequiredText()
  reason!: string;
}

export class EndDealDto {
  @RequiredText()
  reason!: string;
}

export class ListDealsQuery {
  @OptionalOneOf(DEAL_STAGES)
  stage?: DealStage;

  @OptionalSingleLine(LIMITS.name, { description: 'Customer name (exact)' })
  customer?: string;

  @OptionalOneOf(CUSTOMER_SEGMENTS)
  segment?: CustomerSegment;

  @OptionalOneOf(VALUE_PROPOSITIONS)
  valueProposition?: ValueProposition;

  @OptionalSingleLine(LIMITS.userId, { description: 'Only the deals this programme manager runs' })
  programmeManager?: string;

  @OptionalSingleLine(LIMITS.userId, { description: 'Only the deals this person is named on or holds a task of' })
  person?: string;

  @OptionalSingleLine(LIMITS.name, { description: 'Text in the title or the customer name, case-insensitive' })
  q?: string;

  @OptionalOneOf(DEAL_SORTS, { description: 'updated (default) and opened: newest first; stage: by stage name' })
  sort?: DealSort;

  @OptionalSingleLine(LIMITS.text, { description: 'The X-Next-Cursor of the page before; the sort and filters must stay the same' })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

/** Which incidents a read of the deal carries (GET /api/deals/{dealId}?incidents=). */
export const DEAL_INCIDENT_READS = ['all', 'unresolved'] as const;

export class IncidentsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'Only incidents reported after the one with this number (incident-N), in the order they were reported' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  after?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @OptionalOneOf(INCIDENT_STATUSES, { description: 'Only incidents in this status' })
  status?: IncidentStatus;
}

export class TimelineQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'Only events with a greater sequence number' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  after?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 1000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

export class TaskInboxQuery {
  @OptionalSingleLine(LIMITS.userId, { description: '`me` (default) or a user ID (programme managers only)' })
  assignee?: string;

  @OptionalSingleLine(LIMITS.dealId, { description: 'Only the tasks of this deal' })
  dealId?: string;

  @OptionalOneOf(TASK_KINDS)
  kind?: TaskKind;

  @OptionalOneOf(LEVELS, { description: 'Escalation level' })
  level?: Level;

  @OptionalOneOf(['true', 'false'], { description: 'true: only overdue tasks; false: only tasks not yet due' })
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'Rows to skip; with a cursor, after it' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  offset?: number;

  @OptionalSingleLine(LIMITS.text, { description: 'The X-Next-Cursor of the page before: a stable page even while tasks open and close' })
  cursor?: string;
}

export class SignalsQuery {
  @OptionalSingleLine(LIMITS.userId, { description: '`me` (default) or your own user ID' })
  recipient?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'Only signals after this position (the last one you have)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  after?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 1000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

export class MoveDueDateDto {
  @DateTimeField({ description: 'The new due time; in the future, within five years', example: '2027-01-15T17:00:00Z' })
  dueAt!: string;

  @RequiredText()
  reason!: string;
}

export class ReportIncidentDto implements IncidentReport {
  @OneOf(SEVERITIES)
  severity!: Severity;

  @SingleLine(LIMITS.title)
  title!: string;

  @RequiredText()
  description!: string;
}

export class ResolveIncidentDto {
  @RequiredText()
  resolution!: string;
}

export class GiveAdviceDto {
  @RequiredText(LIMITS.adviceText, { description: 'The advice, for the go/no-go report' })
  text!: string;

  @OptionalOneOf(ELEMENTS, { description: 'The element it is about; leave out for advice on the deal as a whole' })
  element?: Element;
}

export class CommentDto {
  @RequiredText()
  text!: string;
}
