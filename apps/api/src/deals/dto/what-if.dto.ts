import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import {
  DEAL_ID_PATTERN,
  LEVELS,
  LIMITS,
  type ClimbCounts,
  type EscalationProposal,
  type Level,
  type WhatIfClimb,
  type WhatIfDeal,
  type WhatIfItem,
  type WhatIfReport,
} from '@app/domain';
import { DealNameView } from './deal-name.view';
import { LADDERS_DOC, LADDERS_EXAMPLE } from './policy-docs';

/** Optional, but not null (which IsOptional lets through): null is no date and no list. */
const Absent = () => ValidateIf((_object, value) => value !== undefined);

/** At most this many deals are replayed at once, the most recently active first. */
export const WHAT_IF_DEALS = 200;
/** Replayed from this long ago unless `since` says otherwise. */
export const WHAT_IF_DEFAULT_DAYS = 90;

export class WhatIfRequestDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      `The proposed escalation policy, merged over each deal’s own: taskDue (per kind), incidentServiceLevels (per severity: respondWithin, resolveWithin) and the ladders. ${LADDERS_DOC} Leave out to replay each deal under its own policy.`,
    example: { incidentServiceLevels: { critical: { respondWithin: 'PT2H' } }, ...LADDERS_EXAMPLE },
  })
  @Absent() @IsObject()
  policy?: EscalationProposal['policy'];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'A business calendar for every deal (as a start body’s); null: around the clock; leave out: each deal’s own',
  })
  @IsOptional() @IsObject()
  calendar?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: `Replay incidents reported and tasks opened since then; default ${WHAT_IF_DEFAULT_DAYS} days ago` })
  @Absent() @IsISO8601({ strict: true, strictSeparator: true })
  since?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', maxLength: LIMITS.dealId, pattern: DEAL_ID_PATTERN.source }, maxItems: 50, description: `Only these deals; default the ${WHAT_IF_DEALS} most recently active` })
  @Absent() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(LIMITS.dealId, { each: true }) @Matches(DEAL_ID_PATTERN, { each: true })
  dealIds?: string[];
}

export class WhatIfClimbView implements WhatIfClimb {
  @ApiProperty({ enum: LEVELS })
  level!: Level;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: [String], description: 'Who was told (actual) or would be told (proposed)' })
  notified!: string[];
}

export class WhatIfItemView implements WhatIfItem {
  @ApiProperty({ enum: ['incident', 'task'] })
  subject!: 'incident' | 'task';

  @ApiProperty({ example: 'incident-3' })
  id!: string;

  @ApiProperty({ description: 'The incident’s title or the task’s kind' })
  what!: string;

  @ApiProperty({ type: [WhatIfClimbView], description: 'The climbs the timeline recorded' })
  actual!: WhatIfClimbView[];

  @ApiProperty({ type: [WhatIfClimbView], description: 'The climbs the proposed policy makes of the same course (acknowledged, resolved, completed when they were), up to now' })
  proposed!: WhatIfClimbView[];

  @ApiProperty({ description: 'Other levels, times a minute or more apart, or other people told' })
  changed!: boolean;
}

export class WhatIfDealView extends DealNameView implements WhatIfDeal {
  @ApiProperty({ type: [WhatIfItemView], description: 'Its incidents and tasks that climbed, actually or under the proposal' })
  items!: WhatIfItemView[];
}

export class ClimbCountsView implements ClimbCounts {
  @ApiProperty({ type: 'integer', minimum: 0 })
  tactical!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  strategic!: number;
}

export class WhatIfReportView implements WhatIfReport {
  @ApiProperty({ type: String, format: 'date-time', description: 'Climbs due by then count' })
  until!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Incidents replayed' })
  incidents!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Tasks replayed' })
  tasks!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Incidents and tasks the proposal would have handled differently' })
  changed!: number;

  @ApiProperty({ type: ClimbCountsView, description: 'Climbs per level that happened' })
  actual!: ClimbCountsView;

  @ApiProperty({ type: ClimbCountsView, description: 'Climbs per level under the proposal' })
  proposed!: ClimbCountsView;

  @ApiProperty({ type: [WhatIfDealView] })
  deals!: WhatIfDealView[];
}
