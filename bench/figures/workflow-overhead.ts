import { performance } from 'node:perf_hooks';
import { completeTaskUpdate } from '@app/workflows';
import { finishSignal, noopUpdate, readyQuery, updateTargetWorkflow } from '../baseline/workflows';
import { sidesInOrder, type BenchContext, type Figure } from '../context';
import { dealBody, planCompletions, rawStartDeal, startCommand } from '../deals';
import { median } from '../stats';

/** Wall time of one deal taking its planned completions as raw Updates, one after the other. */
async function dealRun(ctx: BenchContext, index: number): Promise<number> {
  const team = ctx.users.teams[index % ctx.users.teams.length]!;
  const command = startCommand(dealBody(team), team.programmeManager);
  const plan = planCompletions(command, ctx.sizes.overheadTasks, ctx.users);
  const handle = await rawStartDeal(ctx.client, command, ctx.product.taskQueue);
  const start = performance.now();
  for (const completion of plan) await handle.executeUpdate(completeTaskUpdate, { args: [completion] });
  const elapsed = performance.now() - start;
  const { stage } = (await ctx.records.find(command.dealId))!;
  if (stage !== 'live') throw new Error(`deal ${command.dealId} ended in ${stage} after ${plan.length} tasks, not live`);
  return elapsed;
}

/** Wall time of a minimal workflow taking as many no-op Updates. */
async function baselineRun(ctx: BenchContext, index: number): Promise<number> {
  const handle = await ctx.client.workflow.start(updateTargetWorkflow, { workflowId: `bench-${ctx.runId}-overhead-${index}-${Date.now()}`, taskQueue: ctx.baseline.taskQueue });
  await handle.query(readyQuery);
  const start = performance.now();
  for (let task = 0; task < ctx.sizes.overheadTasks; task += 1) await handle.executeUpdate(noopUpdate, { args: [{ taskId: `task-${task}` }] });
  const elapsed = performance.now() - start;
  await handle.signal(finishSignal);
  return elapsed;
}

export const workflowOverhead: Figure = {
  id: 'workflow-overhead',
  title: 'Deal workflow overhead: a deal completing its tasks back to back vs a minimal workflow taking as many Updates',
  estimateMs: (sizes) => (sizes.rounds * 2 * sizes.overheadDeals + 2) * sizes.overheadTasks * 100,
  async run(ctx) {
    const { sizes } = ctx;
    let index = 0;
    await dealRun(ctx, index++);
    await baselineRun(ctx, index++);
    for (let round = 1; round <= sizes.rounds; round += 1) {
      ctx.checkBudget(`workflow-overhead round ${round}`);
      const times: Partial<Record<'product' | 'baseline', number[]>> = {};
      for (const side of sidesInOrder(round, 'baseline', 'product')) {
        const runs: number[] = [];
        for (let run = 0; run < sizes.overheadDeals; run += 1) runs.push(side === 'product' ? await dealRun(ctx, index++) : await baselineRun(ctx, index++));
        times[side] = runs;
      }
      ctx.record({
        figure: 'workflow-overhead',
        name: `deal workflow overhead (${sizes.overheadTasks} tasks back to back)`,
        unit: 'ms',
        round,
        product: median(times.product!),
        baseline: median(times.baseline!),
        target: { on: 'ratio', op: '<=', value: 1.2 },
        details: { runs: times },
      });
    }
  },
};
