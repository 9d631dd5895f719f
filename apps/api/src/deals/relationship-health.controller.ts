import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_HEALTH_PERIODS, hasRole, healthFigures, healthWindowStart, relationshipHealth, type Actor, type HealthWindow, type PortfolioHealth } from '@app/domain';
import { DealRecords } from '@app/store';
import { CurrentActor, OnDeal, RequireRoles } from '../auth/auth.decorators';
import { DealsService } from './deals.service';
import { HealthWindowQuery, PortfolioHealthView, RelationshipHealthView } from './dto/relationship-health.views';

/** Live deals a portfolio lists even without incidents: a quiet relationship is a healthy one. */
const PORTFOLIO_LIVE_DEALS = 500;

function windowOf(query: HealthWindowQuery): HealthWindow {
  return { until: new Date().toISOString(), periodDays: query.periodDays ?? DEFAULT_HEALTH_PERIODS.periodDays, periods: query.periods ?? DEFAULT_HEALTH_PERIODS.periods };
}

@ApiTags('relationship health')
@ApiBearerAuth()
@Controller()
export class RelationshipHealthController {
  constructor(
    @Inject(DealsService) private readonly deals: DealsService,
    @Inject(DealRecords) private readonly records: DealRecords,
  ) {}

  @Get('deals/:dealId/health')
  @OnDeal('participant')
  @ApiOperation({
    summary: 'The relationship’s health per level',
    description:
      'From the deal’s incidents reported in the window (the durable record, so also after Temporal’s retention): how many were opened, ' +
      'acknowledged and resolved within their service levels, how many climbed to the tactical and the strategic level, how long they stayed at each level, and the trend per period.',
  })
  @ApiOkResponse({ type: RelationshipHealthView })
  deal(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Query() query: HealthWindowQuery) {
    return this.deals.health(actor, dealId, windowOf(query));
  }

  @Get('relationship-health')
  @RequireRoles('director', 'programme-manager')
  @ApiOperation({
    summary: 'The health of every relationship you sponsor',
    description:
      'The same figures across deals: a director’s deals (those they are named on), every deal for a programme manager; with one row per live deal and per deal with incidents in the window.',
  })
  @ApiOkResponse({ type: PortfolioHealthView })
  async portfolio(@CurrentActor() actor: Actor, @Query() query: HealthWindowQuery): Promise<PortfolioHealth> {
    const window = windowOf(query);
    const readableBy = hasRole(actor, 'programme-manager') ? null : actor.userId;
    const [courses, live] = await Promise.all([
      this.records.incidentCourses({ readableBy }, healthWindowStart(window)),
      this.records.list({ readableBy, stage: 'live' }, { sort: 'updated', limit: PORTFOLIO_LIVE_DEALS }),
    ]);
    const deals = new Map(live.items.map((deal) => [deal.dealId, { dealId: deal.dealId, title: deal.title, stage: deal.stage }]));
    for (const course of courses) if (!deals.has(course.dealId)) deals.set(course.dealId, { dealId: course.dealId, title: course.dealTitle, stage: course.dealStage });
    const coursesByDeal = new Map<string, typeof courses>();
    for (const course of courses) coursesByDeal.set(course.dealId, [...(coursesByDeal.get(course.dealId) ?? []), course]);
    const until = Date.parse(window.until);
    const rows = [...deals.values()]
      .map((deal) => ({ ...deal, overall: healthFigures(coursesByDeal.get(deal.dealId) ?? [], until) }))
      .sort((a, b) => b.overall.stillOpen - a.overall.stillOpen || b.overall.opened - a.overall.opened || a.title.localeCompare(b.title));
    return { ...relationshipHealth(courses, window), deals: rows };
  }
}
