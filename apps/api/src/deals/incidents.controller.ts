import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor, Incident } from '@app/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { DealsService } from './deals.service';
import { ReportIncidentDto, ResolveIncidentDto } from './dto/deal-commands.dto';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('deals/:dealId/incidents')
export class IncidentsController {
  constructor(@Inject(DealsService) private readonly deals: DealsService) {}

  @Post()
  @ApiCreatedResponse({ description: 'The incident, its clocks running against the service levels' })
  async report(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Body() body: ReportIncidentDto): Promise<Incident & { incidentId: string }> {
    const incident = await this.deals.reportIncident(actor, dealId, body);
    return { incidentId: incident.id, ...incident };
  }

  @Post(':incidentId/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The acknowledged incident' })
  acknowledge(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Param('incidentId') incidentId: string): Promise<Incident> {
    return this.deals.acknowledgeIncident(actor, dealId, incidentId);
  }

  @Post(':incidentId/resolve')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The resolved incident' })
  resolve(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('incidentId') incidentId: string,
    @Body() body: ResolveIncidentDto,
  ): Promise<Incident> {
    return this.deals.resolveIncident(actor, dealId, incidentId, body);
  }
}
