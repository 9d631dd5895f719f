import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { PolicyConfig, TemporalConfig } from '@app/config';
import {
  DealProcess,
  DomainError,
  hasRole,
  canSeeDeal,
  renderContractDocument,
  resolvePolicy,
  toUtcIso,
  validateCalendar,
  addDuration,
  checkWorkingDurations,
  policyDurations,
  MAX_PLANNING_HORIZON,
  type Actor,
  type DealEvent,
  type DealPolicy,
  type Incident,
  type DealState,
  type Role,
  type StartDealCommand,
  type Task,
} from '@app/domain';
import {
  acknowledgeIncidentUpdate,
  cancelDealUpdate,
  commentOnTaskUpdate,
  completeTaskUpdate,
  dealMemo,
  dealSearchAttributes,
  dealStageKey,
  dealStateQuery,
  dealTimelineQuery,
  dealWorkflow,
  dealWorkflowId,
  moveDueDateUpdate,
  reassignTaskUpdate,
  reportIncidentUpdate,
  resolveIncidentUpdate,
  terminateDealUpdate,
} from '@app/workflows';
import { UserDirectory } from '../auth/user-directory';
import { keyedUpdateId } from '../common/idempotency';
import { TemporalCalls } from '../common/temporal-calls';
import type { CommentDto, EndDealDto, MoveDueDateDto, ReassignTaskDto, ReportIncidentDto, ResolveIncidentDto } from './dto/deal-commands.dto';
import type { StartDealDto } from './dto/start-deal.dto';

export interface StartedDeal {
  dealId: string;
  workflowId: string;
  runId: string;
  title: string;
}

export type DealView = DealState & { contract: (DealState['contract'] & { document: string }) | null };

/** The API's side of the deal workflow: starts it, reads it through queries, changes it through Updates. */
@Injectable()
export class DealsService {
  constructor(
    @Inject(TemporalCalls) private readonly temporal: TemporalCalls,
    @Inject(TemporalConfig) private readonly temporalConfig: TemporalConfig,
    @Inject(PolicyConfig) private readonly policies: PolicyConfig,
    @Inject(UserDirectory) private readonly users: UserDirectory,
  ) {}

  async start(actor: Actor, dto: StartDealDto, key?: string): Promise<StartedDeal> {
    const command = this.startCommand(actor, dto, key);
    const workflowId = dealWorkflowId(command.dealId);
    const startKey = key === undefined ? undefined : `${actor.userId}:${key}`;
    // Visibility shows the deal and its first tasks from the start, computed by the same pure process.
    const visibility = DealProcess.start(command, new Date().toISOString()).visibility();
    try {
      const handle = await this.temporal.within(command.dealId, (client) =>
        client.workflow.start(dealWorkflow, {
          workflowId,
          taskQueue: this.temporalConfig.taskQueue,
          args: [{ start: command, ...(this.temporalConfig.dealRunLimits ? { runLimits: this.temporalConfig.dealRunLimits } : {}) }],
          // A deal ID names one deal forever: never a second deal, even after the first has ended.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          typedSearchAttributes: dealSearchAttributes(visibility),
          memo: { ...dealMemo(command.title, visibility), ...(startKey ? { startKey } : {}) },
        }),
      );
      return { dealId: command.dealId, workflowId, runId: handle.firstExecutionRunId, title: command.title };
    } catch (error) {
      if (startKey && error instanceof ConflictException) {
        const first = await this.startedWithKey(workflowId, startKey);
        if (first) return { dealId: command.dealId, workflowId, runId: first, title: command.title };
      }
      throw error;
    }
  }

  async get(actor: Actor, dealId: string): Promise<DealView> {
    const state = await this.readableState(actor, dealId);
    const document = renderContractDocument(state);
    return { ...state, contract: state.contract && { ...state.contract, document: document! } };
  }

  async timeline(actor: Actor, dealId: string): Promise<DealEvent[]> {
    await this.readableState(actor, dealId);
    return this.call(dealId, (handle) => handle.query(dealTimelineQuery));
  }

  completeTask(actor: Actor, dealId: string, taskId: string, result: object, key?: string): Promise<Task> {
    return this.update(dealId, completeTaskUpdate, { taskId, actor, result: { ...result } }, keyedUpdateId(key, actor.userId, 'complete', taskId));
  }

  reassignTask(actor: Actor, dealId: string, taskId: string, dto: ReassignTaskDto, key?: string): Promise<Task> {
    this.requireKnownUser(dto.assignee, 'assignee');
    const command = { taskId, actor, assignee: dto.assignee, reason: dto.reason };
    return this.update(dealId, reassignTaskUpdate, command, keyedUpdateId(key, actor.userId, 'reassign', taskId));
  }

  cancel(actor: Actor, dealId: string, dto: EndDealDto, key?: string): Promise<DealState> {
    return this.update(dealId, cancelDealUpdate, { actor, reason: dto.reason }, keyedUpdateId(key, actor.userId, 'cancel', dealId));
  }

  terminate(actor: Actor, dealId: string, dto: EndDealDto, key?: string): Promise<DealState> {
    return this.update(dealId, terminateDealUpdate, { actor, reason: dto.reason }, keyedUpdateId(key, actor.userId, 'terminate', dealId));
  }

  commentOnTask(actor: Actor, dealId: string, taskId: string, dto: CommentDto, key?: string): Promise<Task> {
    return this.update(dealId, commentOnTaskUpdate, { taskId, actor, text: dto.text }, keyedUpdateId(key, actor.userId, 'comment', taskId));
  }

  moveDueDate(actor: Actor, dealId: string, taskId: string, dto: MoveDueDateDto, key?: string): Promise<Task> {
    const command = { taskId, actor, dueAt: toUtcIso(dto.dueAt), reason: dto.reason };
    return this.update(dealId, moveDueDateUpdate, command, keyedUpdateId(key, actor.userId, 'due-date', taskId));
  }

  reportIncident(actor: Actor, dealId: string, dto: ReportIncidentDto, key?: string): Promise<Incident> {
    const incident = { severity: dto.severity, title: dto.title, description: dto.description };
    return this.update(dealId, reportIncidentUpdate, { actor, incident }, keyedUpdateId(key, actor.userId, 'report', dealId));
  }

  acknowledgeIncident(actor: Actor, dealId: string, incidentId: string, key?: string): Promise<Incident> {
    return this.update(dealId, acknowledgeIncidentUpdate, { actor, incidentId }, keyedUpdateId(key, actor.userId, 'acknowledge', incidentId));
  }

  resolveIncident(actor: Actor, dealId: string, incidentId: string, dto: ResolveIncidentDto, key?: string): Promise<Incident> {
    const command = { actor, incidentId, resolution: dto.resolution };
    return this.update(dealId, resolveIncidentUpdate, command, keyedUpdateId(key, actor.userId, 'resolve', incidentId));
  }

  /** People on the deal and programme managers read it; to anyone else it does not exist. */
  private async readableState(actor: Actor, dealId: string): Promise<DealState> {
    const state = await this.call(dealId, (handle) => handle.query(dealStateQuery));
    if (!canSeeDeal(state, actor)) throw new NotFoundException(`deal ${dealId} does not exist`);
    return state;
  }

  /**
   * An Update on the deal's current run. Its ID is the client's Idempotency-Key where one was sent,
   * so a retry after a 503 or a dropped connection returns the first outcome instead of applying twice.
   */
  private async update<Ret, Arg>(dealId: string, definition: UpdateDefinition<Ret, [Arg]>, arg: Arg, updateId: string | undefined): Promise<Ret> {
    try {
      return await this.temporal.update(
        dealId,
        (client, id) => client.workflow.getHandle<typeof dealWorkflow>(dealWorkflowId(dealId)).executeUpdate(definition, { args: [arg], updateId: id }),
        updateId,
      );
    } catch (error) {
      throw await this.closedDealConflict(error, dealId);
    }
  }

  private async call<T>(dealId: string, action: (handle: WorkflowHandle<typeof dealWorkflow>) => Promise<T>): Promise<T> {
    try {
      return await this.temporal.within(dealId, (client) => action(client.workflow.getHandle<typeof dealWorkflow>(dealWorkflowId(dealId))));
    } catch (error) {
      throw await this.closedDealConflict(error, dealId);
    }
  }

  /** An Update on a deal that has ended reports "not found" from Temporal; users are told it has ended. */
  private async closedDealConflict(error: unknown, dealId: string): Promise<unknown> {
    if (!(error instanceof NotFoundException)) return error;
    try {
      const description = await this.temporal.within(dealId, (client) => client.workflow.getHandle(dealWorkflowId(dealId)).describe());
      if (description.status.name !== 'RUNNING') {
        const stage = description.typedSearchAttributes.get(dealStageKey) ?? 'closed';
        return new ConflictException(`deal ${dealId} has ended (${stage}); it can no longer change`);
      }
    } catch {
      // The deal does not exist at all: keep the 404.
    }
    return error;
  }

  /** The first run of a deal started with this Idempotency-Key, if it was; a retried start answers as the first did. */
  private async startedWithKey(workflowId: string, startKey: string): Promise<string | undefined> {
    const description = await this.temporal.within(workflowId, (client) => client.workflow.getHandle(workflowId).describe());
    const memo = (description.memo ?? {}) as { startKey?: unknown };
    return memo.startKey === startKey ? description.runId : undefined;
  }

  private startCommand(actor: Actor, dto: StartDealDto, key: string | undefined): StartDealCommand {
    const people = {
      directors: dto.directors,
      tacticalLeads: dto.tacticalLeads,
      operationalStaff: dto.operationalStaff ?? [],
    };
    this.requirePeople(people.directors, 'directors', 'director');
    this.requirePeople(people.tacticalLeads, 'tacticalLeads', 'middle-manager');
    this.requirePeople(people.operationalStaff, 'operationalStaff', 'operational');

    const policy = this.resolvePolicy(dto.policy);
    const calendar = dto.calendar === undefined ? undefined : asBadRequest(() => validateCalendar(dto.calendar));
    asBadRequest(() => checkWorkingDurations(policyDurations(policy), calendar));
    const explorationDeadline = dto.explorationDeadline === undefined ? undefined : toUtcIso(dto.explorationDeadline);
    const now = new Date().toISOString();
    if (explorationDeadline !== undefined && explorationDeadline <= now) {
      throw new BadRequestException('explorationDeadline must lie in the future');
    }
    if (explorationDeadline !== undefined && explorationDeadline > addDuration(now, MAX_PLANNING_HORIZON)) {
      throw new BadRequestException(`explorationDeadline must lie within ${MAX_PLANNING_HORIZON} from now`);
    }
    return {
      // A keyed start without a deal ID names the same deal on every retry.
      dealId: dto.dealId ?? (key === undefined ? randomUUID() : keyedDealId(actor.userId, key)),
      title: dto.title,
      customer: { name: dto.customer.name, segment: dto.customer.segment },
      supplier: { name: dto.supplier.name },
      valueProposition: dto.valueProposition,
      programmeManager: actor.userId,
      ...people,
      ...(explorationDeadline === undefined ? {} : { explorationDeadline }),
      ...(calendar === undefined ? {} : { calendar }),
      policy,
    };
  }

  private resolvePolicy(override: StartDealDto['policy']): DealPolicy {
    return asBadRequest(() => resolvePolicy(this.policies.defaults, override));
  }

  /** Where Groundwork knows its users (dev mode), a deal may only name people who hold the right role. */
  private requirePeople(ids: string[], field: string, role: Role): void {
    if (!this.users.isAuthoritative) return;
    ids.forEach((id, index) => {
      const user = this.users.find(id);
      if (!user) throw new BadRequestException(`${field}[${index}]: ${id} is not a known user`);
      if (!user.roles.includes(role)) throw new BadRequestException(`${field}[${index}]: ${id} is not a ${role}`);
    });
  }

  private requireKnownUser(id: string, field: string): void {
    if (this.users.isAuthoritative && !this.users.find(id)) throw new BadRequestException(`${field}: ${id} is not a known user`);
  }
}

/** Domain validation at the edge: its refusal is a 400 that names the field. */
function asBadRequest<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof DomainError) throw new BadRequestException(error.message);
    throw error;
  }
}

export function assertSelfOrProgrammeManager(actor: Actor, userId: string, what: string): void {
  if (userId !== actor.userId && !hasRole(actor, 'programme-manager')) {
    throw new ForbiddenException(`only a programme manager can read another user's ${what}`);
  }
}

/** A UUID-shaped deal ID derived from the user and their Idempotency-Key. */
function keyedDealId(userId: string, key: string): string {
  const hex = createHash('sha256').update(`${userId}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
