import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DealNameView } from './deal-name.view';
import { DEFAULT_HEALTH_PERIODS, HEALTH_PERIOD_LIMITS, LEVELS, type DealHealthRow, type HealthFigures, type HealthPeriod, type Level, type LevelStay, type PortfolioHealth, type RelationshipHealth } from '@app/domain';

/**
 * The relationship's health as OpenAPI schemas: each class implements the domain type, and each
 * figure says how it is counted, because a director reads them without the code beside them.
 */

const COUNT = { type: 'integer', minimum: 0 } as const;
const MINUTES = { type: Number, nullable: true, minimum: 0 } as const;
const DATE_TIME = { type: String, format: 'date-time' } as const;

export class HealthWindowQuery {
  @ApiPropertyOptional({ minimum: HEALTH_PERIOD_LIMITS.periodDays.min, maximum: HEALTH_PERIOD_LIMITS.periodDays.max, type: 'integer', default: DEFAULT_HEALTH_PERIODS.periodDays, description: 'Length of one period of the trend, in days' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(HEALTH_PERIOD_LIMITS.periodDays.min) @Max(HEALTH_PERIOD_LIMITS.periodDays.max)
  periodDays?: number;

  @ApiPropertyOptional({ minimum: HEALTH_PERIOD_LIMITS.periods.min, maximum: HEALTH_PERIOD_LIMITS.periods.max, type: 'integer', default: DEFAULT_HEALTH_PERIODS.periods, description: 'How many periods the window spans, ending now' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(HEALTH_PERIOD_LIMITS.periods.min) @Max(HEALTH_PERIOD_LIMITS.periods.max)
  periods?: number;
}

export class HealthFiguresView implements HealthFigures {
  @ApiProperty({ ...COUNT, description: 'Incidents reported in the stretch; every other figure is about these incidents' })
  opened!: number;

  @ApiProperty({ ...COUNT, description: 'Of those, acknowledged by the end of the window' })
  acknowledged!: number;

  @ApiProperty({ ...COUNT, description: 'Acknowledged no later than the service level’s time to respond (respondBy)' })
  acknowledgedInTime!: number;

  @ApiProperty({ ...COUNT, description: 'Resolved by the end of the window' })
  resolved!: number;

  @ApiProperty({ ...COUNT, description: 'Resolved no later than the service level’s time to resolve (resolveBy)' })
  resolvedInTime!: number;

  @ApiProperty({ ...COUNT, description: 'Neither resolved nor closed with their deal at the end of the window' })
  stillOpen!: number;

  @ApiProperty({ ...MINUTES, description: 'Median minutes from the report to the acknowledgement, of those acknowledged; null when none was' })
  medianMinutesToAcknowledge!: number | null;

  @ApiProperty({ ...MINUTES, description: 'Median minutes from the report to the resolution, of those resolved; null when none was' })
  medianMinutesToResolve!: number | null;

  @ApiProperty({ ...COUNT, description: 'Climbed to the tactical level (or beyond) because a service level ran out: the operational floor did not solve them in time' })
  reachedTactical!: number;

  @ApiProperty({ ...COUNT, description: 'Climbed on to the strategic level: the tactical level did not solve them in time either' })
  reachedStrategic!: number;
}

export class HealthPeriodView extends HealthFiguresView implements HealthPeriod {
  @ApiProperty({ ...DATE_TIME, description: 'Start of the period (inclusive); incidents reported in it count here' })
  from!: string;

  @ApiProperty({ ...DATE_TIME, description: 'End of the period (exclusive)' })
  until!: string;
}

export class LevelStayView implements LevelStay {
  @ApiProperty({ enum: LEVELS })
  level!: Level;

  @ApiProperty({ ...COUNT, description: 'Incidents that spent time at this level' })
  incidents!: number;

  @ApiProperty({
    ...MINUTES,
    description: 'Median minutes an incident stayed at this level: from reaching it (the report, for operational) until it climbed, was resolved, closed with its deal, or the window ended',
  })
  medianMinutes!: number | null;

  @ApiProperty({ type: Number, minimum: 0, description: 'All those minutes added up: the load this level carried' })
  totalMinutes!: number;
}

export class RelationshipHealthView implements RelationshipHealth {
  @ApiProperty({ ...DATE_TIME, description: 'Start of the window: periods × periodDays before its end' })
  from!: string;

  @ApiProperty({ ...DATE_TIME, description: 'End of the window: the moment of the request' })
  until!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  periodDays!: number;

  @ApiProperty({ type: HealthFiguresView, description: 'The incidents reported in the whole window' })
  overall!: HealthFiguresView;

  @ApiProperty({ type: [LevelStayView], description: 'Time spent at each level, operational first' })
  levels!: LevelStayView[];

  @ApiProperty({ type: [HealthPeriodView], description: 'The figures per period, oldest first' })
  trend!: HealthPeriodView[];
}

export class DealHealthRowView extends DealNameView implements DealHealthRow {
  @ApiProperty({ type: HealthFiguresView, description: 'This deal’s incidents reported in the window' })
  overall!: HealthFiguresView;
}

export class PortfolioHealthView extends RelationshipHealthView implements PortfolioHealth {
  @ApiProperty({ type: [DealHealthRowView], description: 'Every live deal you may read, and every other deal with incidents in the window; most incidents still open first' })
  deals!: DealHealthRowView[];
}
