import type { WorkflowHandle } from '@temporalio/client';
import type { DealState } from '@app/domain';
import {
  completeTaskSignal,
  finishSignal,
  noopUpdate,
  readyQuery,
  signalQueryWorkflow,
  taskCompletedQuery,
  updateTargetWorkflow,
} from '../baseline/workflows';
import type { BenchContext, Figure } from '../context';
import { FEASIBLE, dealBody, rawStartDeal, startCommand } from '../deals';
import { runCount, sampleLatencies, withRetries } from '../load';
import { latencySummary } from '../stats';

interface OpenTask {
  dealId: string;
  taskId: string;
  assignee: string;
}

const UPDATES_PER_WORKFLOW = 20;
const POLL_TIMEOUT_MS = 10_000;

/** Deals with their exploration tasks open, started on the product's queue and read once (so the worker has them). */
export async function openExplorationTasks(ctx: BenchContext, deals: number, taskQueue = ctx.product.taskQueue, teams = ctx.users.teams): Promise<OpenTask[]> {
  const perDeal = await runCount({
    concurrency: 16,
    count: deals,
    op: async (index) => {
      const team = teams[index % teams.length]!;
      const command = startCommand(dealBody(team), team.programmeManager);
      await rawStartDeal(ctx.client, command, taskQueue);
      const state: DealState = (await ctx.records.find(command.dealId))!;
      return state.tasks.filter((task) => task.status === 'open').map((task) => ({ dealId: state.dealId, taskId: task.id, assignee: task.assignee }));
    },
  });
  return perDeal.flat();
}

async function startBaselines(
  ctx: BenchContext,
  workflow: typeof updateTargetWorkflow | typeof signalQueryWorkflow,
  count: number,
): Promise<WorkflowHandle[]> {
  return runCount({
    concurrency: 16,
    count,
    op: async (index) => {
      const handle = await ctx.client.workflow.start(workflow, { workflowId: `bench-${ctx.runId}-${workflow.name}-${index}`, taskQueue: ctx.baseline.taskQueue });
      await withRetries(() => handle.query(readyQuery));
      return handle;
    },
  });
}

export const taskCompletion: Figure = {
  id: 'task-completion',
  title: 'Task completion latency: POST .../complete vs a no-op Update, and vs signal-then-poll-query',
  estimateMs: (sizes) => 3_000 + sizes.drainMaxMs + sizes.rounds * 3 * sizes.latencySamples * 80,
  async run(ctx) {
    const { sizes, product } = ctx;
    const samples = sizes.latencySamples;
    const tasks = await openExplorationTasks(ctx, Math.ceil(samples / 4) * sizes.rounds);
    await Promise.all([...new Set(tasks.map((task) => task.assignee))].map((user) => product.http.token(user)));
    const workflowsPerRound = Math.ceil(samples / UPDATES_PER_WORKFLOW);
    const updateTargets = await startBaselines(ctx, updateTargetWorkflow, workflowsPerRound * sizes.rounds);
    const signalTargets = await startBaselines(ctx, signalQueryWorkflow, workflowsPerRound * sizes.rounds);
    await ctx.drain();

    const sides = {
      product: (round: number) =>
        sampleLatencies(samples, (index) => {
          const task = tasks[(round - 1) * Math.ceil(samples / 4) * 4 + index]!;
          return product.http.expect(200, 'POST', `/api/deals/${task.dealId}/tasks/${task.taskId}/complete`, { as: task.assignee, body: FEASIBLE });
        }),
      update: (round: number) =>
        sampleLatencies(samples, (index) => {
          const handle = updateTargets[(round - 1) * workflowsPerRound + Math.floor(index / UPDATES_PER_WORKFLOW)]!;
          return handle.executeUpdate(noopUpdate, { args: [{ taskId: `task-${index}` }] });
        }),
      signal: (round: number) =>
        sampleLatencies(samples, async (index) => {
          const handle = signalTargets[(round - 1) * workflowsPerRound + Math.floor(index / UPDATES_PER_WORKFLOW)]!;
          const taskId = `task-${index}`;
          await handle.signal(completeTaskSignal, { taskId });
          const deadline = Date.now() + POLL_TIMEOUT_MS;
          while (!(await handle.query(taskCompletedQuery, taskId))) {
            if (Date.now() > deadline) throw new Error(`signal for ${taskId} not visible to a query within ${POLL_TIMEOUT_MS} ms`);
          }
        }),
    };

    for (let round = 1; round <= sizes.rounds; round += 1) {
      ctx.checkBudget(`task-completion round ${round}`);
      const order = round % 2 === 1 ? (['update', 'signal', 'product'] as const) : (['product', 'signal', 'update'] as const);
      const latencies: Partial<Record<keyof typeof sides, number[]>> = {};
      for (const side of order) latencies[side] = await sides[side](round);
      const productStats = latencySummary(latencies.product!);
      const update = latencySummary(latencies.update!);
      const signal = latencySummary(latencies.signal!);
      const details = { samples, product: productStats, update, signalThenQuery: signal };
      const base = { figure: 'task-completion' as const, unit: 'ms', round };
      ctx.record({ ...base, name: 'task completion p50 (vs no-op Update)', product: productStats.p50, baseline: update.p50, target: { on: 'ratio', op: '<=', value: 1.1 }, details });
      ctx.record({ ...base, name: 'task completion p99 (vs no-op Update)', product: productStats.p99, baseline: update.p99, target: { on: 'ratio', op: '<=', value: 1.2 } });
      ctx.record({ ...base, name: 'task completion p50 (vs signal + poll query)', product: productStats.p50, baseline: signal.p50, target: null });
      ctx.record({ ...base, name: 'task completion p99 (vs signal + poll query)', product: productStats.p99, baseline: signal.p99, target: null });
    }
    if (samples < 100) ctx.note(`task-completion: ${samples} samples per side and round, so p99 is close to the maximum`);
    await Promise.all([...updateTargets, ...signalTargets].map((handle) => handle.signal(finishSignal).catch(() => undefined)));
  },
};
