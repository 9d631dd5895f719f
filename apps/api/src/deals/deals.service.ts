import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { PolicyConfig, TemporalConfig } from '@app/config';
import {
  DealProcess,
  hasRole,
  canSeeDeal,
  mayRead,
  renderContractDocument,
  resolvePolicy,
  toUtcIso,
  validateCalendar,
  addDuration,
  checkWorkingDurations,
  policyDurations,
  guidanceFor,
  healthWindowStart,
  relationshipHealth,
  relationshipMap,
  taskLadderOf,
  incidentLadderOf,
  type EscalationLadders,
  CLOSED_STAGES,
  MAX_PLANNING_HORIZON,
  type Actor,
  type DealPolicy,
  type DealState,
  type HealthWindow,
  type Incident,
  type IncidentStatus,
  type RecordedDealEvent,
  type RelationshipHealth,
  type RelationshipMap,
  type Role,
  type StartDealCommand,
  type Task,
} from '@app/domain';
import { DealRecords, STORE_UNAVAILABLE_FAILURE, type StoredDeal } from '@app/store';
import {
  acknowledgeIncidentUpdate,
  cancelDealUpdate,
  commentOnTaskUpdate,
  completeTaskUpdate,
  dealRecordedUpdate,
  dealSearchAttributes,
  dealWorkflow,
  dealWorkflowId,
  moveDueDateUpdate,
  reassignTaskUpdate,
  reportIncidentUpdate,
  resolveIncidentUpdate,
  terminateDealUpdate,
  giveAdviceUpdate,
} from '@app/workflows';
import { UserDirectory } from '../auth/user-directory';
import { keyedUpdateId } from '../common/idempotency';
import { asBadRequest } from '../common/validation';
import { TemporalCalls } from '../common/temporal-calls';
import { DealWorkflowNotFoundException } from '../common/temporal-errors';
import type { CommentDto, EndDealDto, GiveAdviceDto, MoveDueDateDto, ReassignTaskDto, ReportIncidentDto, ResolveIncidentDto } from './dto/deal-commands.dto';
import type { StartDealDto } from './dto/start-deal.dto';

export interface StartedDeal {
  dealId: string;
  workflowId: string;
  runId: string;
  title: string;
}

export type DealView = DealState & { contract: (DealState['contract'] & { document: string }) | null; relationshipMap: RelationshipMap; ladders: EscalationLadders; incidentCount: number };

/** How many incidents one page of GET /api/deals/{dealId}/incidents holds unless the client asks for fewer. */
export const INCIDENT_PAGE_LIMIT = 100;

/** How many timeline events one read returns at most. */
export const TIMELINE_PAGE_LIMIT = 1_000;

/**
 * The API's side of a deal: starts its workflow, changes it through Updates, and reads it from the
 * durable record, which every Update has written before it answers (read-your-writes).
 */
@Injectable()
export class DealsService {
  constructor(
    @Inject(TemporalCalls) private readonly temporal: TemporalCalls,
    @Inject(TemporalConfig) private readonly temporalConfig: TemporalConfig,
    @Inject(PolicyConfig) private readonly policies: PolicyConfig,
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(DealRecords) private readonly records: DealRecords,
  ) {}

  async start(actor: Actor, dto: StartDealDto, key?: string): Promise<StartedDeal> {
    const command = this.startCommand(actor, dto, key);
    const workflowId = dealWorkflowId(command.dealId);
    const startKey = key === undefined ? undefined : `${actor.userId}:${key}`;
    const started = (runId: string): StartedDeal => ({ dealId: command.dealId, workflowId, runId, title: command.title });
    // A deal ID names one deal forever, also after Temporal has forgotten its workflow.
    const earlier = await this.records.startOf(command.dealId);
    if (earlier) {
      if (startKey !== undefined && earlier.startKey === startKey) return started(await this.runIdOf(workflowId));
      throw new ConflictException(`deal ${command.dealId} already exists (or existed): a deal ID names one deal forever`);
    }
    // Search attributes show the deal to operators from the start, computed by the same pure process.
    const visibility = DealProcess.start(command, new Date().toISOString()).visibility();
    const operation = new WithStartWorkflowOperation(dealWorkflow, {
      workflowId,
      taskQueue: this.temporalConfig.taskQueue,
      args: [{ start: command, ...(startKey ? { startKey } : {}), ...(this.temporalConfig.dealRunLimits ? { runLimits: this.temporalConfig.dealRunLimits } : {}) }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      typedSearchAttributes: dealSearchAttributes(visibility),
      ...(startKey ? { memo: { startKey } } : {}),
    });
    try {
      // Answers once the deal's first record is written, so the 201 is readable at once.
      const recorded = await this.temporal.within(command.dealId, (client) =>
        client.workflow.executeUpdateWithStart(dealRecordedUpdate, { startWorkflowOperation: operation }),
      );
      return started(recorded.firstExecutionRunId);
    } catch (error) {
      if (startKey && error instanceof ConflictException) {
        const first = await this.startedWithKey(workflowId, startKey);
        if (first) {
          // The first attempt started it, and may not have seen its first record written (no worker,
          // a restart): answer as that attempt would have, once the deal is readable.
          await this.temporal.within(command.dealId, (client) => client.workflow.getHandle(workflowId).executeUpdate(dealRecordedUpdate));
          return started(first);
        }
      }
      throw error;
    }
  }

  async get(actor: Actor, dealId: string, { unresolvedIncidentsOnly = false } = {}): Promise<DealView> {
    const [deal, incidentCount] = await Promise.all([this.readable(actor, dealId, unresolvedIncidentsOnly), this.records.incidentCount(dealId)]);
    return view(deal, incidentCount);
  }

  async incidents(actor: Actor, dealId: string, page: { after?: number; limit?: number; status?: IncidentStatus }): Promise<Incident[]> {
    await this.assertReadable(actor, dealId);
    return this.records.incidents(dealId, { ...page, limit: page.limit ?? INCIDENT_PAGE_LIMIT });
  }

  async timeline(actor: Actor, dealId: string, page: { after?: number; limit?: number }): Promise<RecordedDealEvent[]> {
    await this.assertReadable(actor, dealId);
    return this.records.timeline(dealId, { ...(page.after === undefined ? {} : { after: page.after }), limit: page.limit ?? TIMELINE_PAGE_LIMIT });
  }

  /** The relationship's health over a window ending now, from the deal's incidents in the durable record. */
  async health(actor: Actor, dealId: string, window: HealthWindow): Promise<RelationshipHealth> {
    await this.assertReadable(actor, dealId);
    return relationshipHealth(await this.records.incidentCourses({ dealId }, healthWindowStart(window)), window);
  }

  async completeTask(actor: Actor, dealId: string, taskId: string, result: object, key?: string): Promise<Task> {
    await this.update(dealId, completeTaskUpdate, { taskId, actor, result: { ...result } }, keyedUpdateId(key, actor.userId, 'complete', taskId));
    return this.taskOf(actor, dealId, taskId);
  }

  async reassignTask(actor: Actor, dealId: string, taskId: string, dto: ReassignTaskDto, key?: string): Promise<Task> {
    this.requireKnownUser(dto.assignee, 'assignee');
    const command = { taskId, actor, assignee: dto.assignee, reason: dto.reason };
    await this.update(dealId, reassignTaskUpdate, command, keyedUpdateId(key, actor.userId, 'reassign', taskId));
    return this.taskOf(actor, dealId, taskId);
  }

  async cancel(actor: Actor, dealId: string, dto: EndDealDto, key?: string): Promise<DealView> {
    await this.update(dealId, cancelDealUpdate, { actor, reason: dto.reason }, keyedUpdateId(key, actor.userId, 'cancel', dealId));
    return this.get(actor, dealId);
  }

  async terminate(actor: Actor, dealId: string, dto: EndDealDto, key?: string): Promise<DealView> {
    await this.update(dealId, terminateDealUpdate, { actor, reason: dto.reason }, keyedUpdateId(key, actor.userId, 'terminate', dealId));
    return this.get(actor, dealId);
  }

  async giveAdvice(actor: Actor, dealId: string, dto: GiveAdviceDto, key?: string): Promise<DealView> {
    const command = { actor, text: dto.text, ...(dto.element === undefined ? {} : { element: dto.element }) };
    await this.update(dealId, giveAdviceUpdate, command, keyedUpdateId(key, actor.userId, 'advice', dealId));
    return this.get(actor, dealId);
  }

  async commentOnTask(actor: Actor, dealId: string, taskId: string, dto: CommentDto, key?: string): Promise<Task> {
    await this.update(dealId, commentOnTaskUpdate, { taskId, actor, text: dto.text }, keyedUpdateId(key, actor.userId, 'comment', taskId));
    return this.taskOf(actor, dealId, taskId);
  }

  async moveDueDate(actor: Actor, dealId: string, taskId: string, dto: MoveDueDateDto, key?: string): Promise<Task> {
    const command = { taskId, actor, dueAt: toUtcIso(dto.dueAt), reason: dto.reason };
    await this.update(dealId, moveDueDateUpdate, command, keyedUpdateId(key, actor.userId, 'due-date', taskId));
    return this.taskOf(actor, dealId, taskId);
  }

  async reportIncident(actor: Actor, dealId: string, dto: ReportIncidentDto, key?: string): Promise<Incident> {
    const incident = { severity: dto.severity, title: dto.title, description: dto.description };
    const { incidentId } = await this.update(dealId, reportIncidentUpdate, { actor, incident }, keyedUpdateId(key, actor.userId, 'report', dealId));
    return this.incidentOf(actor, dealId, incidentId);
  }

  async acknowledgeIncident(actor: Actor, dealId: string, incidentId: string, key?: string): Promise<Incident> {
    await this.update(dealId, acknowledgeIncidentUpdate, { actor, incidentId }, keyedUpdateId(key, actor.userId, 'acknowledge', incidentId));
    return this.incidentOf(actor, dealId, incidentId);
  }

  async resolveIncident(actor: Actor, dealId: string, incidentId: string, dto: ResolveIncidentDto, key?: string): Promise<Incident> {
    const command = { actor, incidentId, resolution: dto.resolution };
    await this.update(dealId, resolveIncidentUpdate, command, keyedUpdateId(key, actor.userId, 'resolve', incidentId));
    return this.incidentOf(actor, dealId, incidentId);
  }

  /** People on the deal and programme managers read it; to anyone else it does not exist. */
  private async readable(actor: Actor, dealId: string, unresolvedIncidentsOnly = false): Promise<StoredDeal> {
    const deal = await this.records.find(dealId, { unresolvedIncidentsOnly });
    if (!deal || !canSeeDeal(deal, actor)) throw new NotFoundException(`deal ${dealId} does not exist`);
    return deal;
  }

  /** The same rule as `readable`, from the participants alone: a command's answer needs one row, not the deal. */
  private async assertReadable(actor: Actor, dealId: string): Promise<void> {
    const participants = await this.records.participants(dealId);
    if (!participants || !mayRead(participants, actor)) throw new NotFoundException(`deal ${dealId} does not exist`);
  }

  private async taskOf(actor: Actor, dealId: string, taskId: string): Promise<Task> {
    await this.assertReadable(actor, dealId);
    const task = await this.records.task(dealId, taskId);
    if (!task) throw new NotFoundException(`task ${taskId} does not exist on deal ${dealId}`);
    return task;
  }

  private async incidentOf(actor: Actor, dealId: string, incidentId: string): Promise<Incident> {
    await this.assertReadable(actor, dealId);
    const incident = await this.records.incident(dealId, incidentId);
    if (!incident) throw new NotFoundException(`incident ${incidentId} does not exist on deal ${dealId}`);
    return incident;
  }

  /**
   * An Update on the deal's current run. Its ID is the client's Idempotency-Key where one was sent,
   * so a retry after a 503 or a dropped connection returns the first outcome instead of applying twice.
   */
  private async update<Ret, Arg extends { actor: Actor }>(dealId: string, definition: UpdateDefinition<Ret, [Arg]>, arg: Arg, updateId: string | undefined): Promise<Ret> {
    try {
      return await this.temporal.update(
        dealId,
        (client, id) => client.workflow.getHandle<typeof dealWorkflow>(dealWorkflowId(dealId)).executeUpdate(definition, { args: [arg], updateId: id }),
        updateId,
      );
    } catch (error) {
      if (error instanceof ServiceUnavailableException) throw (await this.storeFaultBehind(dealId)) ?? error;
      throw await this.closedDealConflict(error, dealId, arg.actor);
    }
  }

  /** An Update that was not answered in time may wait on a store that cannot be written: say so, as the worker found it. */
  private async storeFaultBehind(dealId: string): Promise<ServiceUnavailableException | undefined> {
    try {
      const description = await this.temporal.within(dealId, (client) => client.workflow.getHandle(dealWorkflowId(dealId)).describe());
      const failing = (description.raw.pendingActivities ?? []).find((activity) => activity.lastFailure?.applicationFailureInfo?.type === STORE_UNAVAILABLE_FAILURE);
      const reason = failing?.lastFailure?.message;
      if (!reason) return undefined;
      return new ServiceUnavailableException(
        `${reason[0]!.toUpperCase()}${reason.slice(1)}. Nothing already acknowledged is lost; retry shortly, with the same Idempotency-Key for a command.`,
      );
    } catch {
      return undefined;
    }
  }

  /**
   * An Update finds no running workflow: the deal has ended, as the record says, or its workflow was
   * ended outside Groundwork (an operator's `temporal workflow terminate`), which the record cannot
   * know. To anyone who may not read the deal it does not exist either way.
   */
  private async closedDealConflict(error: unknown, dealId: string, actor: Actor): Promise<unknown> {
    // A domain not-found (no such task or incident) comes from the running workflow: it stays a 404.
    if (!(error instanceof DealWorkflowNotFoundException)) return error;
    const deal = await this.records.find(dealId);
    if (!deal || !canSeeDeal(deal, actor)) return error;
    if (CLOSED_STAGES.includes(deal.stage)) return new ConflictException(`deal ${dealId} has ended (${deal.stage}); it can no longer change`);
    return new ConflictException(
      `deal ${dealId} is ${deal.stage} in the record, but its workflow no longer runs in Temporal (ended outside Groundwork); ` +
        'it cannot change until an operator restores it',
    );
  }

  /** The first run of a deal started with this Idempotency-Key, if it was; a retried start answers as the first did. */
  private async startedWithKey(workflowId: string, startKey: string): Promise<string | undefined> {
    const description = await this.temporal.within(workflowId, (client) => client.workflow.getHandle(workflowId).describe());
    const memo = (description.memo ?? {}) as { startKey?: unknown };
    return memo.startKey === startKey ? description.runId : undefined;
  }

  /** The first run's ID of a recorded deal; empty once Temporal no longer keeps its workflow. */
  private async runIdOf(workflowId: string): Promise<string> {
    try {
      const description = await this.temporal.within(workflowId, (client) => client.workflow.getHandle(workflowId).describe());
      return description.runId;
    } catch (error) {
      if (error instanceof NotFoundException) return '';
      throw error;
    }
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
    const customerSide = dto.customerSide && {
      directors: dto.customerSide.directors ?? [],
      tacticalLeads: dto.customerSide.tacticalLeads ?? [],
      operationalStaff: dto.customerSide.operationalStaff ?? [],
    };
    if (customerSide) {
      this.requirePeople(customerSide.directors, 'customerSide.directors', 'director');
      this.requirePeople(customerSide.tacticalLeads, 'customerSide.tacticalLeads', 'middle-manager');
      this.requirePeople(customerSide.operationalStaff, 'customerSide.operationalStaff', 'operational');
      const supplierSide = new Set([...people.directors, ...people.tacticalLeads, ...people.operationalStaff]);
      for (const field of ['directors', 'tacticalLeads', 'operationalStaff'] as const) {
        const both = customerSide[field].findIndex((id) => supplierSide.has(id));
        if (both >= 0) throw new BadRequestException(`customerSide.${field}[${both}]: ${customerSide[field][both]} is named on the supplier's side too`);
      }
    }
    const advisors = dto.advisors ?? [];
    this.requirePeople(advisors, 'advisors', 'advisor');

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
      ...(customerSide ? { customerSide } : {}),
      ...(advisors.length > 0 ? { advisors } : {}),
      ...(explorationDeadline === undefined ? {} : { explorationDeadline }),
      ...(calendar === undefined ? {} : { calendar }),
      policy,
      guidance: guidanceFor(dto.valueProposition, this.policies.guidance),
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
      if (!user.roles.includes(role)) throw new BadRequestException(`${field}[${index}]: ${id} is not ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`);
    });
  }

  private requireKnownUser(id: string, field: string): void {
    if (this.users.isAuthoritative && !this.users.find(id)) throw new BadRequestException(`${field}: ${id} is not a known user`);
  }
}

function view(deal: StoredDeal, incidentCount: number): DealView {
  const { participants, ...state } = deal;
  const document = renderContractDocument(state);
  return {
    ...state,
    incidentCount,
    contract: state.contract && { ...state.contract, document: document! },
    relationshipMap: relationshipMap(state),
    ladders: { tasks: taskLadderOf(state.policy), incidents: incidentLadderOf(state.policy) },
  };
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
