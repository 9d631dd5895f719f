import { Controller, Get, Inject, NotFoundException, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor, DeliveredSignal } from '@app/domain';
import { inboxSignalsQuery, inboxWorkflowId } from '@app/workflows';
import { CurrentActor } from '../auth/auth.decorators';
import { TemporalCalls } from '../common/temporal-calls';
import { SignalView } from './signal.view';
import { assertSelfOrProgrammeManager } from '../deals/deals.service';
import { SignalsQuery } from '../deals/dto/deal-commands.dto';

@ApiTags('signals')
@ApiBearerAuth()
@Controller('signals')
export class SignalsController {
  constructor(@Inject(TemporalCalls) private readonly calls: TemporalCalls) {}

  @Get()
  @ApiOkResponse({ type: [SignalView], description: 'Go/no-go signals and escalations a user received, oldest first' })
  async find(@CurrentActor() actor: Actor, @Query() query: SignalsQuery): Promise<DeliveredSignal[]> {
    const recipient = !query.recipient || query.recipient === 'me' ? actor.userId : query.recipient;
    assertSelfOrProgrammeManager(actor, recipient, 'signals');
    try {
      return await this.calls.within(recipient, (client) => client.workflow.getHandle(inboxWorkflowId(recipient)).query(inboxSignalsQuery));
    } catch (error) {
      // No inbox yet means nothing was ever sent to this user.
      if (error instanceof NotFoundException) return [];
      throw error;
    }
  }
}
