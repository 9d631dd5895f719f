import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Client, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type WorkflowHandle } from '@temporalio/client';
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
import { httpErrorFromTemporal } from '../common/temporal-errors';
import type { CommentDto, EndDealDto, MoveDueDateDto, ReassignTaskDto, ReportIncidentDto, ResolveIncidentDto } from './dto/deal-commands.dto';
import type { StartDealDto } from './dto/start-deal.dto';

export type DealView = DealState & { contract: (DealState['contract'] & { document: string }) | null };

/** The API's side of the deal workflow: starts it, reads it through queries, changes it through Updates. */
@Injectable()
export class DealsService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
    @Inject(PolicyConfig) private readonly policies: PolicyConfig,
    @Inject(UserDirectory) private readonly users: UserDirectory,
  ) {}

  async start(actor: Actor, dto: StartDealDto): Promise<{ dealId: string; workflowId: string; runId: string; title: string }> {
    const command = this.startCommand(actor, dto);
    const workflowId = dealWorkflowId(command.dealId);
    // Visibility shows the deal and its first tasks from the start, computed by the same pure process.
    const visibility = DealProcess.start(command, new Date().toISOString()).visibility();
    try {
      const handle = await this.client.workflow.start(dealWorkflow, {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args: [{ start: command }],
        // A deal ID names one deal forever: never a second deal, even after the first has ended.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        typedSearchAttributes: dealSearchAttributes(visibility),
        memo: { ...dealMemo(command.title, visibility) },
      });
      return { dealId: command.dealId, workflowId, runId: handle.firstExecutionRunId, title: command.title };
    } catch (error) {
      throw httpErrorFromTemporal(error, command.dealId);
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

  completeTask(actor: Actor, dealId: string, taskId: string, result: object): Promise<Task> {
    return this.call(dealId, (handle) =>
      handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor, result: { ...result } }] }),
    );
  }

  reassignTask(actor: Actor, dealId: string, taskId: string, dto: ReassignTaskDto): Promise<Task> {
    this.requireKnownUser(dto.assignee, 'assignee');
    return this.call(dealId, (handle) =>
      handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId, actor, assignee: dto.assignee, reason: dto.reason }] }),
    );
  }

  cancel(actor: Actor, dealId: string, dto: EndDealDto): Promise<DealState> {
    return this.call(dealId, (handle) => handle.executeUpdate(cancelDealUpdate, { args: [{ actor, reason: dto.reason }] }));
  }

  terminate(actor: Actor, dealId: string, dto: EndDealDto): Promise<DealState> {
    return this.call(dealId, (handle) => handle.executeUpdate(terminateDealUpdate, { args: [{ actor, reason: dto.reason }] }));
  }

  commentOnTask(actor: Actor, dealId: string, taskId: string, dto: CommentDto): Promise<Task> {
    return this.call(dealId, (handle) => handle.executeUpdate(commentOnTaskUpdate, { args: [{ taskId, actor, text: dto.text }] }));
  }

  moveDueDate(actor: Actor, dealId: string, taskId: string, dto: MoveDueDateDto): Promise<Task> {
    const dueAt = toUtcIso(dto.dueAt);
    return this.call(dealId, (handle) => handle.executeUpdate(moveDueDateUpdate, { args: [{ taskId, actor, dueAt, reason: dto.reason }] }));
  }

  reportIncident(actor: Actor, dealId: string, dto: ReportIncidentDto): Promise<Incident> {
    const incident = { severity: dto.severity, title: dto.title, description: dto.description };
    return this.call(dealId, (handle) => handle.executeUpdate(reportIncidentUpdate, { args: [{ actor, incident }] }));
  }

  acknowledgeIncident(actor: Actor, dealId: string, incidentId: string): Promise<Incident> {
    return this.call(dealId, (handle) => handle.executeUpdate(acknowledgeIncidentUpdate, { args: [{ actor, incidentId }] }));
  }

  resolveIncident(actor: Actor, dealId: string, incidentId: string, dto: ResolveIncidentDto): Promise<Incident> {
    return this.call(dealId, (handle) =>
      handle.executeUpdate(resolveIncidentUpdate, { args: [{ actor, incidentId, resolution: dto.resolution }] }),
    );
  }

  /** People on the deal and programme managers read it; to anyone else it does not exist. */
  private async readableState(actor: Actor, dealId: string): Promise<DealState> {
    const state = await this.call(dealId, (handle) => handle.query(dealStateQuery));
    if (!canSeeDeal(state, actor)) throw new NotFoundException(`deal ${dealId} does not exist`);
    return state;
  }

  private async call<T>(dealId: string, action: (handle: WorkflowHandle<typeof dealWorkflow>) => Promise<T>): Promise<T> {
    try {
      return await action(this.client.workflow.getHandle<typeof dealWorkflow>(dealWorkflowId(dealId)));
    } catch (error) {
      throw await this.closedDealConflict(error, dealId);
    }
  }

  /** An Update on a deal that has ended reports "not found" from Temporal; users are told it has ended. */
  private async closedDealConflict(error: unknown, dealId: string): Promise<unknown> {
    const mapped = httpErrorFromTemporal(error, dealId);
    if (!(mapped instanceof NotFoundException)) return mapped;
    try {
      const description = await this.client.workflow.getHandle(dealWorkflowId(dealId)).describe();
      if (description.status.name !== 'RUNNING') {
        const stage = description.typedSearchAttributes.get(dealStageKey) ?? 'closed';
        return new ConflictException(`deal ${dealId} has ended (${stage}); it can no longer change`);
      }
    } catch {
      // The deal does not exist at all: keep the 404.
    }
    return mapped;
  }

  private startCommand(actor: Actor, dto: StartDealDto): StartDealCommand {
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
      dealId: dto.dealId ?? randomUUID(),
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
