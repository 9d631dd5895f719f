import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  CUSTOMER_SEGMENTS,
  DEAL_ID_PATTERN,
  LIMITS,
  VALUE_PROPOSITIONS,
  type CustomerSegment,
  type DealPolicyOverride,
  type ValueProposition,
} from '@app/domain';

export class CustomerDto {
  @ApiProperty({ example: 'Acme Logistics' })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.name)
  name!: string;

  @ApiProperty({ enum: CUSTOMER_SEGMENTS })
  @IsIn(CUSTOMER_SEGMENTS)
  segment!: CustomerSegment;
}

export class SupplierDto {
  @ApiProperty({ example: 'Groundwork Services' })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.name)
  name!: string;
}

/** A list of distinct user IDs. */
const UserIds = (min: number) =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(LIMITS.listItems),
    ArrayUnique(),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(LIMITS.userId, { each: true }),
  );

export class StartDealDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated', example: 'acme-2026' })
  @IsOptional() @IsString() @MaxLength(LIMITS.dealId)
  @Matches(DEAL_ID_PATTERN, { message: 'dealId may contain letters, digits, ".", "_" and "-" and must start with a letter or digit' })
  dealId?: string;

  @ApiProperty({ maxLength: LIMITS.title })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.title)
  title!: string;

  @ApiProperty({ type: CustomerDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ type: SupplierDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SupplierDto)
  supplier!: SupplierDto;

  @ApiProperty({ enum: VALUE_PROPOSITIONS })
  @IsIn(VALUE_PROPOSITIONS)
  valueProposition!: ValueProposition;

  @ApiProperty({ type: [String], description: 'Sponsoring directors (at least one)' })
  @UserIds(1)
  directors!: string[];

  @ApiProperty({ type: [String], description: 'Middle managers; the first is the lead' })
  @UserIds(1)
  tacticalLeads!: string[];

  @ApiPropertyOptional({ type: [String], default: [] })
  @IsOptional() @UserIds(0)
  operationalStaff?: string[];

  @ApiPropertyOptional({ description: 'ISO 8601 date-time; default: start + policy.taskDue.exploration' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  explorationDeadline?: string;

  @ApiPropertyOptional({ description: 'Overrides of the default policy (taskDue, reminderAt, incidentServiceLevels, reviewEvery)' })
  @IsOptional() @IsObject()
  policy?: DealPolicyOverride;

  @ApiPropertyOptional({
    description: 'Business calendar: due times and service levels then count working time only',
    example: { timeZone: 'Europe/Amsterdam', workingDays: [1, 2, 3, 4, 5], workingHours: { start: '09:00', end: '17:00' }, holidays: ['2026-12-25'] },
  })
  @IsOptional() @IsObject()
  calendar?: Record<string, unknown>;
}
