import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEAL_STAGES, LEVELS, LIMITS, SEVERITIES, TASK_KINDS, type DealStage, type Level, type Severity, type TaskKind } from '@app/domain';

export class ReassignTaskDto {
  @ApiProperty({ example: 'op.olga' })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.userId)
  assignee!: string;

  @ApiProperty({ maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  reason!: string;
}

export class EndDealDto {
  @ApiProperty({ maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  reason!: string;
}

export class ListDealsQuery {
  @ApiPropertyOptional({ enum: DEAL_STAGES })
  @IsOptional() @IsIn(DEAL_STAGES)
  stage?: DealStage;

  @ApiPropertyOptional({ description: 'Customer name (exact)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LIMITS.name)
  customer?: string;
}

export class TaskInboxQuery {
  @ApiPropertyOptional({ description: '`me` (default) or a user ID (programme managers only)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LIMITS.userId)
  assignee?: string;

  @ApiPropertyOptional({ description: 'Only the tasks of this deal' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LIMITS.dealId)
  dealId?: string;

  @ApiPropertyOptional({ enum: TASK_KINDS })
  @IsOptional() @IsIn(TASK_KINDS)
  kind?: TaskKind;

  @ApiPropertyOptional({ enum: LEVELS, description: 'Escalation level' })
  @IsOptional() @IsIn(LEVELS)
  level?: Level;

  @ApiPropertyOptional({ description: 'true: only overdue tasks; false: only tasks not yet due' })
  @IsOptional() @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  offset?: number;
}

export class SignalsQuery {
  @ApiPropertyOptional({ description: '`me` (default) or your own user ID' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LIMITS.userId)
  recipient?: string;
}

export class MoveDueDateDto {
  @ApiProperty({ description: 'The new due time, ISO 8601', example: '2027-01-15T17:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true })
  dueAt!: string;

  @ApiProperty({ maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  reason!: string;
}

export class ReportIncidentDto {
  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty({ maxLength: LIMITS.title })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.title)
  title!: string;

  @ApiProperty({ maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  description!: string;
}

export class ResolveIncidentDto {
  @ApiProperty({ maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  resolution!: string;
}

export class CommentDto {
  @ApiProperty({ maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  text!: string;
}
