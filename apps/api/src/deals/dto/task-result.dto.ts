import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  Matches,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ASSESSMENTS,
  COUNTERSIGN_DECISIONS,
  GO_NO_GO,
  LIMITS,
  RATIFICATION_DECISIONS,
  type Assessment,
  type ContractTerms,
  type CountersignDecision,
  type CountersignResult,
  type FindingResult,
  type GoNoGo,
  type GoNoGoResult,
  type RatificationDecision,
  type RatificationResult,
  type ReviewResult,
  type ServiceLevel,
  type ServiceLevels,
  type TaskKind,
} from '@app/domain';
import { OneOf, OptionalText, RequiredText } from '../../common/dto-fields';

/** Real text: at least 20 characters of which some are not white space. */
const Substantiation = () =>
  applyDecorators(
    ApiProperty({ type: String, minLength: LIMITS.substantiationMin, maxLength: LIMITS.text, pattern: '\\S' }),
    IsString(),
    MinLength(LIMITS.substantiationMin),
    Matches(/\S/, { message: '$property must not be blank' }),
    MaxLength(LIMITS.text),
  );

const TextList = (description?: string) =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: LIMITS.text, pattern: '\\S' },
      maxItems: LIMITS.listItems,
      ...(description === undefined ? {} : { description }),
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(LIMITS.listItems),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    Matches(/\S/, { each: true, message: 'each value in $property must not be blank' }),
    MaxLength(LIMITS.text, { each: true }),
  );

/** A positive ISO 8601 duration such as PT4H or P2D, as luxon reads it. */
const ISO_DURATION = /^P(?=\d|T\d)(?=.*[1-9])(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;

const Duration = (example: string) =>
  applyDecorators(
    ApiProperty({ type: String, example, maxLength: 40, pattern: ISO_DURATION.source, description: 'ISO 8601 duration, more than zero' }),
    IsString(),
    MaxLength(40),
    Matches(ISO_DURATION, { message: '$property must be an ISO 8601 duration such as PT4H or P2D' }),
  );

export class FindingResultDto implements FindingResult {
  @OneOf(ASSESSMENTS)
  assessment!: Assessment;

  @Substantiation()
  substantiation!: string;

  @TextList()
  conditions?: string[];

  @TextList('One answer per question of the task, in order; when left out, the go/no-go report shows the questions as unanswered')
  answers?: string[];
}

export class CountersignResultDto implements CountersignResult {
  @OneOf(COUNTERSIGN_DECISIONS, { description: 'co-sign: the finding stands for both sides; contest: it goes back to the element’s assignees' })
  decision!: CountersignDecision;

  @Substantiation()
  substantiation!: string;
}

export class GoNoGoResultDto implements GoNoGoResult {
  @OneOf(GO_NO_GO)
  decision!: GoNoGo;

  @Substantiation()
  substantiation!: string;
}

export class ServiceLevelDto implements ServiceLevel {
  @Duration('PT1H')
  respondWithin!: string;

  @Duration('PT8H')
  resolveWithin!: string;
}

export class ServiceLevelsDto implements ServiceLevels {
  @ApiProperty({ type: ServiceLevelDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ServiceLevelDto)
  critical!: ServiceLevelDto;

  @ApiProperty({ type: ServiceLevelDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ServiceLevelDto)
  major!: ServiceLevelDto;

  @ApiProperty({ type: ServiceLevelDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ServiceLevelDto)
  minor!: ServiceLevelDto;
}

export class ContractTermsDto implements Omit<ContractTerms, 'agreements' | 'customTerms'> {
  @ApiProperty({ type: ServiceLevelsDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ServiceLevelsDto)
  serviceLevels!: ServiceLevelsDto;

  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100)
  discountPct!: number;

  @TextList()
  agreements?: string[];

  @TextList()
  customTerms?: string[];
}

export class RatificationResultDto implements RatificationResult {
  @OneOf(RATIFICATION_DECISIONS)
  decision!: RatificationDecision;

  @OptionalText(LIMITS.text, { description: 'Required to reject' })
  reason?: string;
}

export class ReviewResultDto implements ReviewResult {
  @RequiredText()
  summary!: string;
}

/** The body each task kind takes on completion. */
export const TASK_RESULT_DTOS: Record<TaskKind, new () => object> = {
  processes: FindingResultDto,
  organisation: FindingResultDto,
  systems: FindingResultDto,
  people: FindingResultDto,
  countersign: CountersignResultDto,
  'go-no-go': GoNoGoResultDto,
  contract: ContractTermsDto,
  ratification: RatificationResultDto,
  review: ReviewResultDto,
};
