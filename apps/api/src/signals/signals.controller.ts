import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor, DeliveredSignal } from '@app/domain';
import { UserRecords } from '@app/store';
import { CurrentActor } from '../auth/auth.decorators';
import { SignalView } from './signal.view';
import { assertSelfOrProgrammeManager } from '../deals/deals.service';
import { SignalsQuery } from '../deals/dto/deal-commands.dto';

@ApiTags('signals')
@ApiBearerAuth()
@Controller('signals')
export class SignalsController {
  constructor(@Inject(UserRecords) private readonly users: UserRecords) {}

  @Get()
  @ApiOkResponse({ type: [SignalView], description: 'Go/no-go signals, assignments, reminders and escalations a user received, oldest first; page on with after=<last position>' })
  find(@CurrentActor() actor: Actor, @Query() query: SignalsQuery): Promise<(DeliveredSignal & { position: number })[]> {
    const recipient = !query.recipient || query.recipient === 'me' ? actor.userId : query.recipient;
    assertSelfOrProgrammeManager(actor, recipient, 'signals');
    return this.users.signals(recipient, { ...(query.after === undefined ? {} : { after: query.after }), limit: query.limit ?? 1_000 });
  }
}
