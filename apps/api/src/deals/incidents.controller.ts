import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor, Incident } from '@app/domain';
import { CurrentActor, OnDeal } from '../auth/auth.decorators';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import { DealsService } from './deals.service';
import { IncidentView, ReportedIncidentView } from './dto/deal-views.dto';
import { IncidentsQuery, ReportIncidentDto, ResolveIncidentDto } from './dto/deal-commands.dto';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('deals/:dealId/incidents')
export class IncidentsController {
  constructor(@Inject(DealsService) private readonly deals: DealsService) {}

  @Get()
  @OnDeal('participant')
  @ApiOkResponse({ type: [IncidentView], description: 'The deal’s incidents in the order they were reported, a page at a time: pass the number of the last one you have (incident-N) as after' })
  list(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Query() query: IncidentsQuery): Promise<Incident[]> {
    return this.deals.incidents(actor, dealId, query);
  }

  @Post()
  @OnDeal('participant')
  @AcceptsIdempotencyKey()
  @ApiCreatedResponse({ type: ReportedIncidentView, description: 'The incident, its clocks running against the service levels' })
  async report(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Body() body: ReportIncidentDto,
    @IdempotencyKey() key?: string,
  ): Promise<Incident & { incidentId: string }> {
    const incident = await this.deals.reportIncident(actor, dealId, body, key);
    return { incidentId: incident.id, ...incident };
  }

  @Post(':incidentId/acknowledge')
  @OnDeal('participant')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @ApiOkResponse({ type: IncidentView, description: 'The acknowledged incident' })
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('incidentId') incidentId: string,
    @IdempotencyKey() key?: string,
  ): Promise<Incident> {
    return this.deals.acknowledgeIncident(actor, dealId, incidentId, key);
  }

  @Post(':incidentId/resolve')
  @OnDeal('participant')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @ApiOkResponse({ type: IncidentView, description: 'The resolved incident' })
  resolve(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('incidentId') incidentId: string,
    @Body() body: ResolveIncidentDto,
    @IdempotencyKey() key?: string,
  ): Promise<Incident> {
    return this.deals.resolveIncident(actor, dealId, incidentId, body, key);
  }
}
