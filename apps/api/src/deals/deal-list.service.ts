import { Inject, Injectable } from '@nestjs/common';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { hasRole, type Actor, type DealStage, type UserId } from '@app/domain';
import {
  DEAL_WORKFLOW_TYPE,
  dealCustomerKey,
  dealIdOf,
  dealWorkflowId,
  dealOpenTaskAssigneesKey,
  dealParticipantsKey,
  dealProgrammeManagerKey,
  dealStageKey,
  type DealMemo,
} from '@app/workflows';
import { TemporalCalls } from '../common/temporal-calls';

export interface DealSummary {
  dealId: string;
  title: string;
  stage: DealStage;
  customer: string;
  programmeManager: string;
  startedAt: string;
  running: boolean;
}

export type OpenTaskSummary = DealMemo['openTasks'][number] & { dealId: string; dealTitle: string };

/** Lists stop here; a longer list needs paging, which the contract does not have yet. */
const MAX_LISTED = 1_000;

/** A string literal for a visibility query; quotes and backslashes are escaped. */
export function visibilityLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Lists read Temporal visibility (search attributes and memo) only, never each deal's workflow. */
@Injectable()
export class DealListService {
  constructor(@Inject(TemporalCalls) private readonly calls: TemporalCalls) {}

  /** Programme managers list every deal; anyone else only the deals they take part in. */
  async deals(actor: Actor, filter: { stage?: DealStage; customer?: string }): Promise<DealSummary[]> {
    const clauses = [`WorkflowType = ${visibilityLiteral(DEAL_WORKFLOW_TYPE)}`];
    if (!hasRole(actor, 'programme-manager')) clauses.push(`${dealParticipantsKey.name} = ${visibilityLiteral(actor.userId)}`);
    if (filter.stage) clauses.push(`${dealStageKey.name} = ${visibilityLiteral(filter.stage)}`);
    if (filter.customer) clauses.push(`${dealCustomerKey.name} = ${visibilityLiteral(filter.customer)}`);
    const executions = await this.list(clauses.join(' AND '));
    return executions.map((execution) => ({
      dealId: dealIdOf(execution.workflowId),
      title: memoOf(execution).title,
      stage: execution.typedSearchAttributes.get(dealStageKey) as DealStage,
      customer: execution.typedSearchAttributes.get(dealCustomerKey) ?? '',
      programmeManager: execution.typedSearchAttributes.get(dealProgrammeManagerKey) ?? '',
      startedAt: execution.startTime.toISOString(),
      running: execution.status.name === 'RUNNING',
    }));
  }

  async openTasks(assignee: UserId, dealId?: string): Promise<OpenTaskSummary[]> {
    const query = [
      `WorkflowType = ${visibilityLiteral(DEAL_WORKFLOW_TYPE)}`,
      `ExecutionStatus = 'Running'`,
      `${dealOpenTaskAssigneesKey.name} = ${visibilityLiteral(assignee)}`,
      ...(dealId === undefined ? [] : [`WorkflowId = ${visibilityLiteral(dealWorkflowId(dealId))}`]),
    ].join(' AND ');
    const executions = await this.list(query);
    return executions
      .flatMap((execution) => {
        const memo = memoOf(execution);
        return memo.openTasks
          .filter((task) => task.assignee === assignee)
          .map((task) => ({ ...task, dealId: dealIdOf(execution.workflowId), dealTitle: memo.title }));
      })
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  private list(query: string): Promise<WorkflowExecutionInfo[]> {
    return this.calls.within('deals', async (client) => {
      const executions: WorkflowExecutionInfo[] = [];
      for await (const execution of client.workflow.list({ query })) {
        executions.push(execution);
        if (executions.length >= MAX_LISTED) break;
      }
      return executions;
    });
  }
}

function memoOf(execution: WorkflowExecutionInfo): DealMemo {
  const memo = (execution.memo ?? {}) as Partial<DealMemo>;
  return { title: memo.title ?? '', openTasks: memo.openTasks ?? [] };
}
