import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  DEAL_STAGES,
  LEVELS,
  LIMITS,
  SEVERITIES,
  TASK_KINDS,
  type DealStage,
  type IncidentReport,
  type Level,
  type Severity,
  type TaskKind,
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

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  offset?: number;
}

export class SignalsQuery {
  @OptionalSingleLine(LIMITS.userId, { description: '`me` (default) or your own user ID' })
  recipient?: string;
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

export class CommentDto {
  @RequiredText()
  text!: string;
}
