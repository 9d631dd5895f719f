import type { WorkflowHandle } from '@temporalio/client';
import { completeTaskUpdate, dealWorkflowId } from '@app/workflows';
import { finishSignal, noopUpdate, readyQuery, updateTargetWorkflow } from '../baseline/workflows';
import type { Agent } from '../agents';
import { sidesInOrder, type BaselineWorker, type BenchContext, type Figure } from '../context';
import { FEASIBLE } from '../deals';
import { runCount } from '../load';
import type { Sizes } from '../sizes';
import type { Team } from '../users';
import { openExplorationTasks } from './task-completion';

type Update = () => Promise<unknown>;

interface Measured {
  memoryPerWorkflowKiB: number;
  cpuPerTaskMs: number;
  details: Record<string, number>;
}

interface Workers {
  product: Agent;
  baseline: BaselineWorker;
  queues: { product: string; baseline: string };
  /** People of this worker's deals only (see BenchUsers.isolatedTeams). */
  teams: Team[];
  /** Workflows opened on each of them so far. */
  open: number;
}

/**
 * Opens workflows on a fresh worker, then runs Updates on them. Memory is the RSS the worker gained
 * per open workflow (all of them in its cache), CPU the worker's own CPU per Update, counted until the
 * work the Updates caused (activities, notifications) is done. An idle worker uses next to no CPU.
 */
async function measure(ctx: BenchContext, agent: Agent, count: number, open: () => Promise<Update[]>, tasks: number): Promise<Measured> {
  await ctx.settle([agent]);
  const before = await agent.usage({ gc: true });
  const updates = await open();
  await ctx.drain([agent]);
  const after = await agent.usage({ gc: true });
  const cpuStart = (await agent.usage()).cpuMicros;
  const measured = updates.slice(0, tasks);
  await runCount({ concurrency: 8, count: measured.length, op: (index) => measured[index]!() });
  await ctx.drain([agent]);
  const cpuEnd = (await agent.usage()).cpuMicros;
  return {
    memoryPerWorkflowKiB: (after.rss - before.rss) / 1024 / count,
    cpuPerTaskMs: (cpuEnd - cpuStart) / 1000 / measured.length,
    details: {
      rssBeforeMiB: before.rss / 2 ** 20,
      rssAfterMiB: after.rss / 2 ** 20,
      heapUsedDeltaMiB: (after.heapUsed - before.heapUsed) / 2 ** 20,
      tasks: measured.length,
    },
  };
}

/** Deals with their four exploration tasks open; each completion is an Update as the API sends it. */
async function openDeals(ctx: BenchContext, workers: Workers, count: number): Promise<Update[]> {
  const tasks = await openExplorationTasks(ctx, count, workers.queues.product, workers.teams);
  return tasks.map((task) => () =>
    ctx.client.workflow.getHandle(dealWorkflowId(task.dealId)).executeUpdate(completeTaskUpdate, {
      args: [{ taskId: task.taskId, actor: ctx.users.actor(task.assignee), result: FEASIBLE }],
    }),
  );
}

/** Minimal workflows taking no-op Updates, four each like a deal's exploration tasks. */
async function openMinimal(ctx: BenchContext, workers: Workers, count: number, label: string): Promise<{ updates: Update[]; finish: () => Promise<unknown> }> {
  const handles: WorkflowHandle<typeof updateTargetWorkflow>[] = await runCount({
    concurrency: 16,
    count,
    op: async (index) => {
      const handle = await ctx.client.workflow.start(updateTargetWorkflow, { workflowId: `bench-${ctx.runId}-resources-${label}-${index}`, taskQueue: workers.queues.baseline });
      await handle.query(readyQuery);
      return handle;
    },
  });
  return {
    updates: Array.from({ length: count * 4 }, (_, index) => () => handles[index % count]!.executeUpdate(noopUpdate, { args: [{ taskId: `task-${index}` }] })),
    finish: () => Promise.all(handles.map((handle) => handle.signal(finishSignal).catch(() => undefined))),
  };
}

async function measureRound(ctx: BenchContext, workers: Workers, round: number): Promise<void> {
  const deals = ctx.sizes.openDeals;
  const results: Partial<Record<'product' | 'baseline', Measured>> = {};
  for (const side of sidesInOrder(round, 'baseline', 'product')) {
    if (side === 'product') {
      results.product = await measure(ctx, workers.product, deals, () => openDeals(ctx, workers, deals), ctx.sizes.cpuTasks);
    } else {
      let finish: () => Promise<unknown> = () => Promise.resolve();
      results.baseline = await measure(
        ctx,
        workers.baseline.agent,
        deals,
        async () => {
          const minimal = await openMinimal(ctx, workers, deals, `round-${round}`);
          finish = minimal.finish;
          return minimal.updates;
        },
        ctx.sizes.cpuTasks,
      );
      await finish();
    }
  }
  workers.open += deals;
  const base = { figure: 'worker-resources' as const, round };
  ctx.record({
    ...base,
    name: 'worker CPU per completed task',
    unit: 'ms CPU',
    product: results.product!.cpuPerTaskMs,
    baseline: results.baseline!.cpuPerTaskMs,
    target: { on: 'ratio', op: '<=', value: 1.3 },
    details: { product: results.product!.details, baseline: results.baseline!.details },
  });
  ctx.record({
    ...base,
    name: `worker memory per open deal (${deals} open)`,
    unit: 'KiB RSS',
    product: results.product!.memoryPerWorkflowKiB,
    baseline: results.baseline!.memoryPerWorkflowKiB,
    target: { on: 'ratio', op: '<=', value: 1.3 },
    details: { openBefore: workers.open - deals, defaultMaxCachedWorkflows: workers.product.info.defaultMaxCachedWorkflows },
  });
}

/**
 * Small runs measure on the main product and bare workers (already warm, with room in their caches); the
 * full run starts fresh workers, and fresh ones again before their caches would overflow.
 */
export function reuseMainWorkers(sizes: Sizes): boolean {
  return sizes.openDeals * sizes.rounds <= 300;
}

/** Workflows a fresh pair of workers runs before the first measurement, so it does not pay their start-up. */
const WARM_UP_WORKFLOWS = 5;

export const workerResources: Figure = {
  id: 'worker-resources',
  title: 'Worker CPU per completed task and memory per open deal vs a bare SDK worker running the minimal workflow',
  estimateMs: (sizes) => (reuseMainWorkers(sizes) ? 0 : 10_000) + sizes.rounds * 2 * (2 * sizes.drainMaxMs + sizes.openDeals * 60 + sizes.cpuTasks * 30),
  async run(ctx) {
    const deals = ctx.sizes.openDeals;
    let workers: Workers | undefined;
    let generation = 0;
    const stopWorkers = async () => {
      await Promise.all([workers?.product.stop(), workers?.baseline.stop()]);
      workers = undefined;
    };
    if (reuseMainWorkers(ctx.sizes)) {
      const main: Workers = {
        product: ctx.product.worker,
        baseline: ctx.baseline,
        queues: { product: ctx.product.taskQueue, baseline: ctx.baseline.taskQueue },
        teams: ctx.users.teams,
        open: 0,
      };
      for (let round = 1; round <= ctx.sizes.rounds; round += 1) {
        ctx.checkBudget(`worker-resources round ${round}`);
        await measureRound(ctx, main, round);
      }
      ctx.note(`measured on the run's own product and bare workers with ${ctx.sizes.openDeals} more open workflows a round; so few make the memory figure mostly noise`);
      return;
    }
    try {
      for (let round = 1; round <= ctx.sizes.rounds; round += 1) {
        ctx.checkBudget(`worker-resources round ${round}`);
        // The same fresh workers while every open workflow still fits their cache; new ones once it would not.
        if (workers && workers.open + deals > workers.product.info.defaultMaxCachedWorkflows) await stopWorkers();
        if (!workers) {
          const queues = { product: `bench-${ctx.runId}-resources-product-${round}`, baseline: `bench-${ctx.runId}-resources-baseline-${round}` };
          const [product, baseline] = await Promise.all([ctx.startProductWorker(queues.product), ctx.startBaselineWorker(queues.baseline)]);
          const teams = ctx.users.isolatedTeams[generation++];
          if (!teams) throw new Error('worker-resources needs more isolated teams than the bench users have');
          workers = { product, baseline, queues, teams, open: WARM_UP_WORKFLOWS };
          if (product.info.defaultMaxCachedWorkflows < deals) {
            ctx.note(`the workers cache ${product.info.defaultMaxCachedWorkflows} workflows by default, fewer than the ${deals} open deals`);
          }
          const warmDeals = await openDeals(ctx, workers, WARM_UP_WORKFLOWS);
          const warmMinimal = await openMinimal(ctx, workers, WARM_UP_WORKFLOWS, `warm-up-${round}`);
          await Promise.all([...warmDeals, ...warmMinimal.updates].map((update) => update()));
          await warmMinimal.finish();
        }
        await measureRound(ctx, workers, round);
      }
    } finally {
      await stopWorkers();
    }
  },
};
