import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DEAL_STAGES, LIMITS, SEVERITIES, type DealStage, type Severity } from '@app/domain';

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

export class ForUserQuery {
  @ApiPropertyOptional({ description: '`me` (default) or a user ID' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LIMITS.userId)
  assignee?: string;
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
