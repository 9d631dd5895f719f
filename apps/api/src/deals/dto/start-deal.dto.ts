import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
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
  type Customer,
  type CustomerSegment,
  type Supplier,
  type DealPolicyOverride,
  type ValueProposition,
} from '@app/domain';
import { OneOf, OptionalDateTimeField, SINGLE_LINE, SingleLine } from '../../common/dto-fields';
import { LADDERS_DOC, LADDERS_EXAMPLE } from './policy-docs';

export class CustomerDto implements Customer {
  @SingleLine(LIMITS.name, { example: 'Acme Logistics' })
  name!: string;

  @OneOf(CUSTOMER_SEGMENTS)
  segment!: CustomerSegment;
}

export class SupplierDto implements Supplier {
  @SingleLine(LIMITS.name, { example: 'Groundwork Services' })
  name!: string;
}

/** A list of distinct user IDs. */
const UserIds = (min: number, { optional = false, description }: { optional?: boolean; description?: string } = {}) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({
      ...(description ? { description } : {}),
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: LIMITS.userId, pattern: SINGLE_LINE.source },
      minItems: min,
      maxItems: LIMITS.listItems,
      uniqueItems: true,
    }),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(LIMITS.listItems),
    ArrayUnique(),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    Matches(SINGLE_LINE, { each: true, message: 'each value in $property must be one line of text, without control characters' }),
    MaxLength(LIMITS.userId, { each: true }),
  );

/** The customer's people on the deal, per level: the counterparts of the supplier's. */
export class CustomerSideDto {
  @IsOptional() @UserIds(0, { optional: true, description: 'The customer’s sponsoring directors (strategic)' })
  directors?: string[];

  @IsOptional() @UserIds(0, { optional: true, description: 'The customer’s middle managers (tactical)' })
  tacticalLeads?: string[];

  @IsOptional() @UserIds(0, { optional: true, description: 'The customer’s floor (operational)' })
  operationalStaff?: string[];
}

export class StartDealDto {
  @ApiPropertyOptional({ description: 'Chosen by the client, or generated', example: 'acme-2026', maxLength: LIMITS.dealId, pattern: DEAL_ID_PATTERN.source })
  @IsOptional() @IsString() @MaxLength(LIMITS.dealId)
  @Matches(DEAL_ID_PATTERN, { message: 'dealId may contain letters, digits, ".", "_" and "-" and must start with a letter or digit' })
  dealId?: string;

  @SingleLine(LIMITS.title)
  title!: string;

  @ApiProperty({ type: CustomerDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ type: SupplierDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SupplierDto)
  supplier!: SupplierDto;

  @OneOf(VALUE_PROPOSITIONS)
  valueProposition!: ValueProposition;

  @UserIds(1, { description: 'The supplier’s sponsoring directors (at least one)' })
  directors!: string[];

  @UserIds(1, { description: 'The supplier’s middle managers; the first is the lead' })
  tacticalLeads!: string[];

  @IsOptional() @UserIds(0, { optional: true, description: 'The supplier’s operational staff (default none)' })
  operationalStaff?: string[];

  @ApiPropertyOptional({ type: CustomerSideDto, description: 'Their counterparts at the customer, per level (default none: then everyone named above counts as the supplier’s side)' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CustomerSideDto)
  customerSide?: CustomerSideDto;

  @IsOptional() @UserIds(0, { optional: true, description: 'Experts from outside both organisations who guide the exploration' })
  advisors?: string[];

  @OptionalDateTimeField({ description: 'Default: start + policy.taskDue.exploration; in the future, within five years' })
  explorationDeadline?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `Overrides of the default policy: taskDue, reminderAt, incidentServiceLevels, reviewEvery, and the escalation ladders. ${LADDERS_DOC}`,
    example: { taskDue: { exploration: 'P21D' }, ...LADDERS_EXAMPLE },
  })
  @IsOptional() @IsObject()
  policy?: DealPolicyOverride;

  @ApiPropertyOptional({
    description: 'Business calendar: due times and service levels then count working time only',
    example: { timeZone: 'Europe/Amsterdam', workingDays: [1, 2, 3, 4, 5], workingHours: { start: '09:00', end: '17:00' }, holidays: ['2026-12-25'] },
  })
  @IsOptional() @IsObject()
  calendar?: Record<string, unknown>;
}
