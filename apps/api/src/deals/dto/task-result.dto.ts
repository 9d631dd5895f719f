import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
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
  GO_NO_GO,
  LIMITS,
  RATIFICATION_DECISIONS,
  type Assessment,
  type GoNoGo,
  type RatificationDecision,
  type TaskKind,
} from '@app/domain';

const Substantiation = () =>
  applyDecorators(
    ApiProperty({ minLength: LIMITS.substantiationMin, maxLength: LIMITS.text }),
    IsString(),
    MinLength(LIMITS.substantiationMin),
    MaxLength(LIMITS.text),
  );

const TextList = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems: LIMITS.listItems }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(LIMITS.listItems),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(LIMITS.text, { each: true }),
  );

export class FindingResultDto {
  @ApiProperty({ enum: ASSESSMENTS })
  @IsIn(ASSESSMENTS)
  assessment!: Assessment;

  @Substantiation()
  substantiation!: string;

  @TextList()
  conditions?: string[];
}

export class GoNoGoResultDto {
  @ApiProperty({ enum: GO_NO_GO })
  @IsIn(GO_NO_GO)
  decision!: GoNoGo;

  @Substantiation()
  substantiation!: string;
}

export class ServiceLevelDto {
  @ApiProperty({ example: 'PT1H' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  respondWithin!: string;

  @ApiProperty({ example: 'PT8H' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  resolveWithin!: string;
}

export class ServiceLevelsDto {
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

export class ContractTermsDto {
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

export class RatificationResultDto {
  @ApiProperty({ enum: RATIFICATION_DECISIONS })
  @IsIn(RATIFICATION_DECISIONS)
  decision!: RatificationDecision;

  @ApiPropertyOptional({ description: 'Required to reject', maxLength: LIMITS.text })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  reason?: string;
}

export class ReviewResultDto {
  @ApiProperty({ maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  summary!: string;
}

/** The body each task kind takes on completion. */
export const TASK_RESULT_DTOS: Record<TaskKind, new () => object> = {
  processes: FindingResultDto,
  organisation: FindingResultDto,
  systems: FindingResultDto,
  people: FindingResultDto,
  'go-no-go': GoNoGoResultDto,
  contract: ContractTermsDto,
  ratification: RatificationResultDto,
  review: ReviewResultDto,
};
