// What the bench sends: start bodies like test/support/deal-driver.ts's, the task results that driver
// sends too, and the same start as the API's (command, search attributes, memo) for the raw-SDK
// baselines and seeding.
import { randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY, DealProcess, resolvePolicy, type Actor, type StartDealCommand, type Task } from '@app/domain';
import { dealRecordedUpdate, dealSearchAttributes, dealWorkflow, dealWorkflowId } from '@app/workflows';
import type { BenchUsers, Team } from './users';

export const FEASIBLE = {
  assessment: 'feasible',
  substantiation: 'The operational teams walked through the daily routine together and it fits.',
};

export const GO = { decision: 'go', substantiation: 'All four elements were explored with the floor teams.' };

export const ENTERPRISE_TIER_TERMS = {
  serviceLevels: {
    critical: { respondWithin: 'PT1H', resolveWithin: 'PT8H' },
    major: { respondWithin: 'PT4H', resolveWithin: 'P2D' },
    minor: { respondWithin: 'P1D', resolveWithin: 'P5D' },
  },
  discountPct: 5,
  agreements: ['Monthly operational review with both floor teams'],
  customTerms: [],
};

export const RATIFY = { decision: 'ratify' };
export const REJECT = { decision: 'reject', reason: 'The review cadence must be agreed with the customer first.' };

export interface StartBody {
  dealId: string;
  title: string;
  customer: { name: string; segment: 'enterprise' };
  supplier: { name: string };
  valueProposition: 'operational-excellence';
  directors: string[];
  tacticalLeads: string[];
  operationalStaff: string[];
  explorationDeadline?: string;
  policy?: { reminderAt?: number };
}

export function dealBody(team: Team, overrides: Partial<StartBody> = {}): StartBody {
  return {
    dealId: `bench-${randomUUID()}`,
    title: 'Warehouse logistics for Acme',
    customer: { name: `Acme ${randomUUID().slice(0, 8)}`, segment: 'enterprise' },
    supplier: { name: 'Groundwork Services' },
    valueProposition: 'operational-excellence',
    directors: [...team.directors],
    tacticalLeads: [team.tacticalLead],
    operationalStaff: [...team.operationalStaff],
    ...overrides,
  };
}

/** The command the API builds from a start body (default policy, no calendar), for starts that bypass it. */
export function startCommand(body: StartBody, programmeManager: string): StartDealCommand {
  return {
    dealId: body.dealId,
    title: body.title,
    customer: body.customer,
    supplier: body.supplier,
    valueProposition: body.valueProposition,
    programmeManager,
    directors: body.directors,
    tacticalLeads: body.tacticalLeads,
    operationalStaff: body.operationalStaff,
    ...(body.explorationDeadline === undefined ? {} : { explorationDeadline: body.explorationDeadline }),
    policy: resolvePolicy(DEFAULT_POLICY, body.policy),
  };
}

/**
 * The start of the deal workflow exactly as the API makes it, without HTTP, auth or validation:
 * answered once the deal's first record is in the store (so a worker must poll `taskQueue`).
 */
export async function rawStartDeal(client: Client, command: StartDealCommand, taskQueue: string): Promise<WorkflowHandle<typeof dealWorkflow>> {
  const visibility = DealProcess.start(command, new Date().toISOString()).visibility();
  const operation = new WithStartWorkflowOperation(dealWorkflow, {
    workflowId: dealWorkflowId(command.dealId),
    taskQueue,
    args: [{ start: command }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    typedSearchAttributes: dealSearchAttributes(visibility),
  });
  await client.workflow.executeUpdateWithStart(dealRecordedUpdate, { startWorkflowOperation: operation });
  return operation.workflowHandle();
}

/** The result a diligent user gives for a task; ratifications reject while `reject` says so. */
export function resultFor(task: Pick<Task, 'kind'>, reject = false): object {
  switch (task.kind) {
    case 'go-no-go':
      return GO;
    case 'contract':
      return ENTERPRISE_TIER_TERMS;
    case 'ratification':
      return reject ? REJECT : RATIFY;
    case 'review':
      return { summary: 'The relationship runs as agreed; no changes needed this quarter.' };
    default:
      return FEASIBLE;
  }
}

export interface PlannedCompletion {
  taskId: string;
  actor: Actor;
  result: object;
}

/**
 * The completions that take a deal to `live` in exactly `count` tasks (count ≥ 8, even): exploration,
 * go, then (count − 8) / 2 contracts rejected by a director, a last contract, two ratifications.
 * Planned on the pure DealProcess, so task IDs and assignees are the product's own.
 */
export function planCompletions(command: StartDealCommand, count: number, users: BenchUsers): PlannedCompletion[] {
  if (count < 8 || count % 2 !== 0) throw new Error(`a deal reaches live in 8 + 2k tasks, not ${count}`);
  let rejectionsLeft = (count - 8) / 2;
  let clock = Date.parse('2026-01-05T09:00:00.000Z');
  const at = () => new Date((clock += 1000)).toISOString();
  const process = DealProcess.start(command, at());
  const plan: PlannedCompletion[] = [];
  while (plan.length < count) {
    const task = process.state.tasks.find((candidate) => candidate.status === 'open');
    if (!task) throw new Error(`no open task after ${plan.length} completions (stage ${process.state.stage})`);
    const reject = task.kind === 'ratification' && rejectionsLeft > 0;
    if (reject) rejectionsLeft -= 1;
    const completion = { taskId: task.id, actor: users.actor(task.assignee), result: resultFor(task, reject) };
    process.completeTask(completion, at());
    plan.push(completion);
  }
  if (process.state.stage !== 'live') throw new Error(`the plan ends in ${process.state.stage}, not live`);
  return plan;
}
