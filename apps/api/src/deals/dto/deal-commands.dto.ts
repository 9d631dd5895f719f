import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DEAL_STAGES, LIMITS, type DealStage } from '@app/domain';

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
