import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseEnumPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { LIMITS, hasRole, taskKindOf, type Actor, type RecordedDealEvent, type Task } from '@app/domain';
import { DealRecords, type DealSummaryRecord } from '@app/store';
import { CurrentActor, OnDeal, RequireRoles } from '../auth/auth.decorators';
import { ErrorView } from '../common/error.view';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import { validateBody } from '../common/validation';
import { DealsService, type DealView as DealViewShape } from './deals.service';
import { CommentDto, DEAL_INCIDENT_READS, EndDealDto, GiveAdviceDto, ListDealsQuery, MoveDueDateDto, ReassignTaskDto, TimelineQuery } from './dto/deal-commands.dto';
import { StartDealDto } from './dto/start-deal.dto';
import { DealEventView, DealSummaryView, DealView, StartedDealView, TASK_RESULT_VIEWS, TaskView } from './dto/deal-views.dto';
import { TASK_RESULT_DTOS } from './dto/task-result.dto';

@ApiTags('deals')
@ApiBearerAuth()
@ApiExtraModels(...TASK_RESULT_VIEWS)
@Controller('deals')
export class DealsController {
  constructor(
    @Inject(DealsService) private readonly deals: DealsService,
    @Inject(DealRecords) private readonly records: DealRecords,
  ) {}

  @Post()
  @AcceptsIdempotencyKey()
  @RequireRoles('programme-manager')
  @ApiCreatedResponse({ type: StartedDealView, description: 'The deal started; it records the contact and moves on to exploration' })
  @ApiConflictResponse({ type: ErrorView, description: 'A deal with this ID exists, or existed' })
  start(@CurrentActor() actor: Actor, @Body() body: StartDealDto, @IdempotencyKey() key?: string) {
    return this.deals.start(actor, body, key);
  }

  @Get()
  @ApiOkResponse({
    type: [DealSummaryView],
    description: 'Deals from the durable record, newest first unless sorted otherwise; programme managers see every deal, anyone else the deals they take part in',
    headers: {
      'X-Total-Count': { description: 'How many deals match the filters', schema: { type: 'integer', minimum: 0 } },
      'X-Next-Cursor': { description: 'Pass as cursor for the next page; absent on the last page', schema: { type: 'string' } },
    },
  })
  async find(@CurrentActor() actor: Actor, @Query() query: ListDealsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<DealSummaryRecord[]> {
    const { sort = 'updated', cursor, limit = 100, q, ...filters } = query;
    const page = await this.records.list(
      { ...filters, ...(q === undefined ? {} : { text: q }), readableBy: hasRole(actor, 'programme-manager') ? null : actor.userId },
      { sort, limit, ...(cursor === undefined ? {} : { cursor }) },
    );
    void reply.header('X-Total-Count', String(page.total));
    if (page.nextCursor !== null) void reply.header('X-Next-Cursor', page.nextCursor);
    return page.items;
  }

  @Get(':dealId')
  @OnDeal('participant')
  @ApiOkResponse({ type: DealView, description: 'Stage, tasks, findings, decision, contract, ratifications, incidents' })
  @ApiQuery({
    name: 'incidents',
    required: false,
    enum: DEAL_INCIDENT_READS,
    description: 'all (default), or unresolved: only the incidents still reported or acknowledged (the deal page of a relationship of years); the others are paged by GET /api/deals/{dealId}/incidents',
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    // This one parameter only: a read of the deal has always ignored others, and clients may send some.
    @Query('incidents', new ParseEnumPipe(Object.fromEntries(DEAL_INCIDENT_READS.map((read) => [read, read])), { optional: true, exceptionFactory: () => new BadRequestException(`incidents must be one of the following values: ${DEAL_INCIDENT_READS.join(', ')}`) }))
    incidents?: (typeof DEAL_INCIDENT_READS)[number],
  ): Promise<DealViewShape> {
    return this.deals.get(actor, dealId, { unresolvedIncidentsOnly: incidents === 'unresolved' });
  }

  @Get(':dealId/timeline')
  @OnDeal('participant')
  @ApiOkResponse({ type: [DealEventView], description: 'The domain events in order, a page at a time: pass the last sequence you have as after' })
  timeline(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Query() query: TimelineQuery): Promise<RecordedDealEvent[]> {
    return this.deals.timeline(actor, dealId, query);
  }

  @Post(':dealId/tasks/:taskId/complete')
  @OnDeal('assignee')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @ApiBody({ description: "The task's result; its shape depends on the task's kind", schema: { oneOf: TASK_RESULT_VIEWS.map((dto) => ({ $ref: getSchemaPath(dto) })) } })
  @ApiOkResponse({ type: TaskView, description: 'The completed task' })
  async complete(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @IdempotencyKey() key?: string,
  ): Promise<Task> {
    const kind = taskKindOf(taskId);
    if (!kind) throw new NotFoundException(`task ${taskId} does not exist on deal ${dealId}`);
    const result = await validateBody(TASK_RESULT_DTOS[kind], body);
    return this.deals.completeTask(actor, dealId, taskId, result, key);
  }

  @Post(':dealId/tasks/:taskId/reassign')
  @OnDeal('owner-or-programme-manager')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView, description: 'The reassigned task' })
  reassign(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: ReassignTaskDto,
    @IdempotencyKey() key?: string,
  ): Promise<Task> {
    return this.deals.reassignTask(actor, dealId, taskId, body, key);
  }

  @Post(':dealId/tasks/:taskId/comments')
  @OnDeal('participant')
  @AcceptsIdempotencyKey()
  @ApiCreatedResponse({ type: TaskView, description: 'The task with its comment thread' })
  comment(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: CommentDto,
    @IdempotencyKey() key?: string,
  ): Promise<Task> {
    return this.deals.commentOnTask(actor, dealId, taskId, body, key);
  }

  @Post(':dealId/tasks/:taskId/due-date')
  @OnDeal('owner-or-programme-manager')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView, description: 'The task with its new due date; reminder and escalations are recomputed' })
  moveDueDate(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: MoveDueDateDto,
    @IdempotencyKey() key?: string,
  ): Promise<Task> {
    return this.deals.moveDueDate(actor, dealId, taskId, body, key);
  }

  @Post(':dealId/cancel')
  @OnDeal('participant')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @RequireRoles('programme-manager')
  @ApiOkResponse({ type: DealView, description: 'The deal, now abandoned (or rejected after a ratification refusal)' })
  cancel(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Body() body: EndDealDto, @IdempotencyKey() key?: string): Promise<DealViewShape> {
    return this.deals.cancel(actor, dealId, body, key);
  }

  @Post(':dealId/advice')
  @OnDeal('named-advisor')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @RequireRoles('advisor')
  @ApiOperation({
    summary: 'An outside advisor’s advice for the go/no-go report',
    description: `Only an advisor named on the deal, while it explores or awaits go/no-go; at most ${LIMITS.advicePerDeal} pieces of advice per deal. The decision and the directors’ report carry it.`,
  })
  @ApiOkResponse({ type: DealView, description: 'The deal, with its advice' })
  giveAdvice(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Body() body: GiveAdviceDto, @IdempotencyKey() key?: string): Promise<DealViewShape> {
    return this.deals.giveAdvice(actor, dealId, body, key);
  }

  @Post(':dealId/terminate')
  @OnDeal('sponsoring-director')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @RequireRoles('director')
  @ApiOkResponse({ type: DealView, description: 'The relationship, now terminated' })
  terminate(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Body() body: EndDealDto, @IdempotencyKey() key?: string): Promise<DealViewShape> {
    return this.deals.terminate(actor, dealId, body, key);
  }
}
