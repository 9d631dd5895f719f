import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { DealRecords, type OpenTaskRecord } from '@app/store';
import { OpenTaskSummaryView } from '../deals/dto/deal-views.dto';
import { assertSelfOrProgrammeManager } from '../deals/deals.service';
import { TaskInboxQuery } from '../deals/dto/deal-commands.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(@Inject(DealRecords) private readonly records: DealRecords) {}

  @Get()
  @ApiOkResponse({
    type: [OpenTaskSummaryView],
    description: 'Open tasks of a user across all deals, soonest due first',
    headers: {
      'X-Total-Count': { description: 'How many tasks match before paging', schema: { type: 'integer', minimum: 0 } },
      'X-Next-Cursor': { description: 'Pass as cursor for the next page; absent on the last page', schema: { type: 'string' } },
    },
  })
  async find(
    @CurrentActor() actor: Actor,
    @Query() query: TaskInboxQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OpenTaskRecord[]> {
    const assignee = !query.assignee || query.assignee === 'me' ? actor.userId : query.assignee;
    assertSelfOrProgrammeManager(actor, assignee, 'tasks');
    const page = await this.records.openTasks(
      {
        assignee,
        ...(query.dealId === undefined ? {} : { dealId: query.dealId }),
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(query.level === undefined ? {} : { level: query.level }),
        ...(query.overdue === undefined ? {} : { overdue: { value: query.overdue === 'true', now: new Date().toISOString() } }),
      },
      { offset: query.offset ?? 0, limit: query.limit ?? 100, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) },
    );
    void reply.header('X-Total-Count', String(page.total));
    if (page.nextCursor !== null) void reply.header('X-Next-Cursor', page.nextCursor);
    return page.items;
  }
}
