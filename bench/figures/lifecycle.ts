import { performance } from 'node:perf_hooks';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { DealState, Task } from '@app/domain';
import { finishSignal, recordTaskUpdate, recordingTargetWorkflow } from '../baseline/workflows';
import { sidesInOrder, type BenchContext, type Figure } from '../context';
import { dealBody, resultFor } from '../deals';
import { cpuSeconds } from '../proc';
import { percentile } from '../stats';
import type { Team } from '../users';

/** Completions from start to live: four findings, the go/no-go, the contract, two ratifications. */
const COMPLETIONS_TO_LIVE = 8;

interface Driven {
  completions: number;
  /** Wall time of each completion, ms. */
  latencies: number[];
  errors: number;
  live: number;
  firstErrors: string[];
  elapsedMs: number;
}

/** One simulated user's way through one deal; it reports each completion and its latency. */
type DealRun = (team: Team, completed: (latencyMs: number) => boolean) => Promise<void>;

/** Through the API, as people do: start, read the deal, complete what is open, until live. */
function throughTheApi(ctx: BenchContext): DealRun {
  const { http } = ctx.product;
  return async (team, completed) => {
    const { dealId } = await http.expect<{ dealId: string }>(201, 'POST', '/api/deals', { as: team.programmeManager, body: dealBody(team) });
    for (;;) {
      const state = await http.expect<DealState>(200, 'GET', `/api/deals/${dealId}`, { as: team.programmeManager });
      if (state.stage === 'live') return;
      const open = state.tasks.filter((task: Task) => task.status === 'open');
      if (open.length === 0) throw new Error(`deal ${dealId} in ${state.stage} has no open task`);
      for (const task of open) {
        const start = performance.now();
        await http.expect(200, 'POST', `/api/deals/${dealId}/tasks/${task.id}/complete`, { as: task.assignee, body: resultFor(task) });
        if (!completed(performance.now() - start)) return;
      }
    }
  };
}

/** The floor: a minimal workflow taking the same Updates, each writing one row to the same store. */
function minimalRecording(ctx: BenchContext): DealRun {
  let serial = 0;
  return async (_team, completed) => {
    const operation = new WithStartWorkflowOperation(recordingTargetWorkflow, {
      workflowId: `bench-${ctx.runId}-recording-${(serial += 1)}`,
      taskQueue: ctx.baseline.taskQueue,
      workflowIdConflictPolicy: 'FAIL',
    });
    await ctx.client.workflow.executeUpdateWithStart(recordTaskUpdate, { args: [{ taskId: 'start' }], startWorkflowOperation: operation });
    const handle = await operation.workflowHandle();
    try {
      for (let task = 1; task <= COMPLETIONS_TO_LIVE; task += 1) {
        const start = performance.now();
        await handle.executeUpdate(recordTaskUpdate, { args: [{ taskId: `task-${task}` }] });
        if (!completed(performance.now() - start)) return;
      }
    } finally {
      await handle.signal(finishSignal);
    }
  };
}

/**
 * `lifecycleUsers` simulated users, each with its own team, drive deals from start to live. They begin
 * nothing new once `durationMs` has passed, and the rate counts every completion over the time until the
 * last user's last call returned, so a short window still measures (a closed loop, like real users).
 */
async function drive(ctx: BenchContext, run: DealRun, durationMs: number): Promise<Driven> {
  const start = performance.now();
  const end = start + durationMs;
  const result: Driven = { completions: 0, latencies: [], errors: 0, live: 0, firstErrors: [], elapsedMs: 0 };
  const inWindow = () => performance.now() <= end;
  const completed = (latencyMs: number): boolean => {
    result.completions += 1;
    result.latencies.push(latencyMs);
    return inWindow();
  };
  await Promise.all(
    Array.from({ length: ctx.sizes.lifecycleUsers }, async (_, user) => {
      const team = ctx.users.teams[user % ctx.users.teams.length]!;
      while (inWindow()) {
        try {
          const before = result.completions;
          await run(team, completed);
          if (result.completions - before === COMPLETIONS_TO_LIVE) result.live += 1;
        } catch (error) {
          result.errors += 1;
          if (result.firstErrors.length < 5) result.firstErrors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  result.elapsedMs = performance.now() - start;
  return result;
}

export const lifecycle: Figure = {
  id: 'lifecycle',
  title: 'Lifecycle: simulated users driving deals from start to live through the API vs a minimal workflow taking the same Updates, each writing one row to the same store',
  estimateMs: (sizes) => sizes.rounds * 2 * (sizes.lifecycleMs + sizes.drainMaxMs + 2_000),
  async run(ctx) {
    const { sizes } = ctx;
    const runs = { product: throughTheApi(ctx), baseline: minimalRecording(ctx) };
    await Promise.all(ctx.users.teams.flatMap((team) => [team.programmeManager, ...team.directors, team.tacticalLead, ...team.operationalStaff]).map((user) => ctx.product.http.token(user)));
    // Where the CPU went: cores each process used during the window (2 cores is 2.0 in all).
    const processes: Record<string, number | undefined> = {
      server: ctx.server.pid,
      worker: ctx.product.worker.pid,
      api: ctx.product.api.pid,
      baselineWorker: ctx.baseline.agent.pid,
      harness: process.pid,
    };
    const cpuNow = () => Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, pid === undefined ? null : cpuSeconds(pid)]));
    for (let round = 1; round <= sizes.rounds; round += 1) {
      ctx.checkBudget(`lifecycle round ${round}`);
      const driven: Partial<Record<'product' | 'baseline', Driven>> = {};
      const cpu: Partial<Record<'product' | 'baseline', Record<string, number | null>>> = {};
      for (const side of sidesInOrder(round, 'baseline', 'product')) {
        const before = cpuNow();
        driven[side] = await drive(ctx, runs[side], sizes.lifecycleMs);
        const after = cpuNow();
        cpu[side] = Object.fromEntries(Object.keys(processes).map((name) => [name, after[name] == null || before[name] == null ? null : after[name] - before[name]]));
        await ctx.drain();
      }
      const product = driven.product!;
      const baseline = driven.baseline!;
      if (product.errors > 0) ctx.note(`lifecycle round ${round}: ${product.errors} product errors, e.g. ${product.firstErrors[0]}`);
      if (baseline.errors > 0) ctx.note(`lifecycle round ${round}: ${baseline.errors} baseline errors, e.g. ${baseline.firstErrors[0]}`);
      const perSecond = (side: Driven) => side.completions / (side.elapsedMs / 1000);
      const serverCpuPerTask = (side: 'product' | 'baseline') => ((cpu[side]!.server ?? 0) * 1000) / Math.max(driven[side]!.completions, 1);
      const base = { figure: 'lifecycle' as const, round };
      ctx.record({
        ...base,
        name: `lifecycle task completions (${sizes.lifecycleUsers} users)`,
        unit: 'tasks/s',
        product: perSecond(product),
        baseline: perSecond(baseline),
        target: { on: 'ratio', op: '>=', value: 0.8 },
        details: {
          dealsLive: { product: product.live, baseline: baseline.live },
          seconds: { product: product.elapsedMs / 1000, baseline: baseline.elapsedMs / 1000 },
          cpuSeconds: cpu,
        },
      });
      ctx.record({
        ...base,
        name: 'lifecycle task completion p50',
        unit: 'ms',
        product: percentile(product.latencies, 50),
        baseline: percentile(baseline.latencies, 50),
        target: { on: 'ratio', op: '<=', value: 1.3 },
      });
      // Only where the harness started the server itself and can read its CPU time.
      if (ctx.server.pid !== undefined) {
        ctx.record({
          ...base,
          name: 'Temporal server CPU per completed task',
          unit: 'ms',
          product: serverCpuPerTask('product'),
          baseline: serverCpuPerTask('baseline'),
          target: { on: 'ratio', op: '<=', value: 1.5 },
        });
      }
      ctx.record({ ...base, name: 'lifecycle errors', unit: 'errors', product: product.errors, baseline: baseline.errors, ratio: null, target: { on: 'product', op: '<=', value: 0 } });
    }
  },
};
