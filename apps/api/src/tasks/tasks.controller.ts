import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { DealListService, type OpenTaskSummary } from '../deals/deal-list.service';
import { OpenTaskSummaryView } from '../deals/dto/deal-views.dto';
import { assertSelfOrProgrammeManager } from '../deals/deals.service';
import { TaskInboxQuery } from '../deals/dto/deal-commands.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(@Inject(DealListService) private readonly list: DealListService) {}

  @Get()
  @ApiOkResponse({
    type: [OpenTaskSummaryView],
    description: 'Open tasks of a user across all deals, soonest due first',
    headers: { 'X-Total-Count': { description: 'How many tasks match before paging', schema: { type: 'integer', minimum: 0 } } },
  })
  async find(
    @CurrentActor() actor: Actor,
    @Query() query: TaskInboxQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OpenTaskSummary[]> {
    const assignee = !query.assignee || query.assignee === 'me' ? actor.userId : query.assignee;
    assertSelfOrProgrammeManager(actor, assignee, 'tasks');
    const now = new Date().toISOString();
    const tasks = (await this.list.openTasks(assignee, query.dealId)).filter(
      (task) =>
        (query.kind === undefined || task.kind === query.kind) &&
        (query.level === undefined || task.level === query.level) &&
        (query.overdue === undefined || (task.dueAt < now) === (query.overdue === 'true')),
    );
    const offset = query.offset ?? 0;
    void reply.header('X-Total-Count', String(tasks.length));
    return tasks.slice(offset, offset + (query.limit ?? 100));
  }
}
