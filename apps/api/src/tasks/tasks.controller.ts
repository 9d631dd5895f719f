import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { DealListService, type OpenTaskSummary } from '../deals/deal-list.service';
import { assertSelfOrProgrammeManager } from '../deals/deals.service';
import { ForUserQuery } from '../deals/dto/deal-commands.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(@Inject(DealListService) private readonly list: DealListService) {}

  @Get()
  @ApiOkResponse({ description: 'Open tasks of a user across all deals, soonest due first' })
  find(@CurrentActor() actor: Actor, @Query() query: ForUserQuery): Promise<OpenTaskSummary[]> {
    const assignee = !query.assignee || query.assignee === 'me' ? actor.userId : query.assignee;
    assertSelfOrProgrammeManager(actor, assignee, 'tasks');
    return this.list.openTasks(assignee);
  }
}
