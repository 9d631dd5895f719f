import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { taskKindOf, type Actor, type DealEvent, type DealState, type Task } from '@app/domain';
import { CurrentActor, RequireRoles } from '../auth/auth.decorators';
import { validateBody } from '../common/validation';
import { DealListService, type DealSummary } from './deal-list.service';
import { DealsService, type DealView } from './deals.service';
import { CommentDto, EndDealDto, ListDealsQuery, MoveDueDateDto, ReassignTaskDto } from './dto/deal-commands.dto';
import { StartDealDto } from './dto/start-deal.dto';
import {
  ContractTermsDto,
  FindingResultDto,
  GoNoGoResultDto,
  RatificationResultDto,
  ReviewResultDto,
  TASK_RESULT_DTOS,
} from './dto/task-result.dto';

const RESULT_DTOS = [FindingResultDto, GoNoGoResultDto, ContractTermsDto, RatificationResultDto, ReviewResultDto];

@ApiTags('deals')
@ApiBearerAuth()
@ApiExtraModels(...RESULT_DTOS)
@Controller('deals')
export class DealsController {
  constructor(
    @Inject(DealsService) private readonly deals: DealsService,
    @Inject(DealListService) private readonly list: DealListService,
  ) {}

  @Post()
  @RequireRoles('programme-manager')
  @ApiCreatedResponse({ description: 'The deal started; it records the contact and moves on to exploration' })
  @ApiConflictResponse({ description: 'A deal with this ID exists' })
  start(@CurrentActor() actor: Actor, @Body() body: StartDealDto) {
    return this.deals.start(actor, body);
  }

  @Get()
  @ApiOkResponse({ description: 'Deals from Temporal visibility, newest first' })
  find(@CurrentActor() actor: Actor, @Query() query: ListDealsQuery): Promise<DealSummary[]> {
    return this.list.deals(actor, query);
  }

  @Get(':dealId')
  @ApiOkResponse({ description: 'Stage, tasks, findings, decision, contract, ratifications, incidents' })
  get(@CurrentActor() actor: Actor, @Param('dealId') dealId: string): Promise<DealView> {
    return this.deals.get(actor, dealId);
  }

  @Get(':dealId/timeline')
  @ApiOkResponse({ description: 'The domain events, oldest first' })
  timeline(@CurrentActor() actor: Actor, @Param('dealId') dealId: string): Promise<DealEvent[]> {
    return this.deals.timeline(actor, dealId);
  }

  @Post(':dealId/tasks/:taskId/complete')
  @HttpCode(200)
  @ApiBody({ description: "The task's result; its shape depends on the task's kind", schema: { oneOf: RESULT_DTOS.map((dto) => ({ $ref: getSchemaPath(dto) })) } })
  @ApiOkResponse({ description: 'The completed task' })
  async complete(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
  ): Promise<Task> {
    const kind = taskKindOf(taskId);
    if (!kind) throw new NotFoundException(`task ${taskId} does not exist on deal ${dealId}`);
    const result = await validateBody(TASK_RESULT_DTOS[kind], body);
    return this.deals.completeTask(actor, dealId, taskId, result);
  }

  @Post(':dealId/tasks/:taskId/reassign')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The reassigned task' })
  reassign(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: ReassignTaskDto,
  ): Promise<Task> {
    return this.deals.reassignTask(actor, dealId, taskId, body);
  }

  @Post(':dealId/tasks/:taskId/comments')
  @ApiCreatedResponse({ description: 'The task with its comment thread' })
  comment(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: CommentDto,
  ): Promise<Task> {
    return this.deals.commentOnTask(actor, dealId, taskId, body);
  }

  @Post(':dealId/tasks/:taskId/due-date')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The task with its new due date; reminder and escalations are recomputed' })
  moveDueDate(
    @CurrentActor() actor: Actor,
    @Param('dealId') dealId: string,
    @Param('taskId') taskId: string,
    @Body() body: MoveDueDateDto,
  ): Promise<Task> {
    return this.deals.moveDueDate(actor, dealId, taskId, body);
  }

  @Post(':dealId/cancel')
  @HttpCode(200)
  @RequireRoles('programme-manager')
  @ApiOkResponse({ description: 'The deal, now abandoned (or rejected after a ratification refusal)' })
  cancel(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Body() body: EndDealDto): Promise<DealState> {
    return this.deals.cancel(actor, dealId, body);
  }

  @Post(':dealId/terminate')
  @HttpCode(200)
  @RequireRoles('director')
  @ApiOkResponse({ description: 'The relationship, now terminated' })
  terminate(@CurrentActor() actor: Actor, @Param('dealId') dealId: string, @Body() body: EndDealDto): Promise<DealState> {
    return this.deals.terminate(actor, dealId, body);
  }
}
