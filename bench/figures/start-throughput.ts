import type { Client } from '@temporalio/client';
import { sidesInOrder, type BenchContext, type Figure } from '../context';
import { dealBody, rawStartDeal, startCommand } from '../deals';
import type { ApiClient } from '../http';
import { runFor, type TimedRun } from '../load';

/** Deals started per second through `POST /api/deals` at the bench concurrency, each loop as its own team. */
export function httpStarts(ctx: BenchContext, http: ApiClient, durationMs: number): Promise<TimedRun> {
  const { teams } = ctx.users;
  return runFor({
    concurrency: ctx.sizes.concurrency,
    durationMs,
    op: (loop) => {
      const team = teams[loop % teams.length]!;
      return http.expect(201, 'POST', '/api/deals', { as: team.programmeManager, body: dealBody(team) });
    },
  });
}

/** The same deals started with the client directly, as the API starts them. */
export function rawStarts(ctx: BenchContext, client: Client, taskQueue: string, durationMs: number): Promise<TimedRun> {
  const { teams } = ctx.users;
  return runFor({
    concurrency: ctx.sizes.concurrency,
    durationMs,
    op: (loop) => {
      const team = teams[loop % teams.length]!;
      return rawStartDeal(client, startCommand(dealBody(team), team.programmeManager), taskQueue);
    },
  });
}

export function perSecond(run: TimedRun): number {
  return run.completed / (run.elapsedMs / 1000);
}

export function errorNote(side: string, run: TimedRun): string | null {
  return run.errors === 0 ? null : `${side}: ${run.errors} errors, e.g. ${run.firstErrors[0]}`;
}

/**
 * Both sides start deals as the API does: with the Update that answers once the deal's first record
 * is in the store. The queue's worker records the deal and then delegates its first tasks; what it
 * can keep up with over a whole lifecycle shows in the lifecycle figure.
 */
export const startThroughput: Figure = {
  id: 'start-throughput',
  title: 'Start throughput: POST /api/deals vs the raw update-with-start it wraps',
  estimateMs: (sizes) => 2 * sizes.warmupMs + sizes.rounds * 2 * (sizes.throughputMs + sizes.settleMaxMs),
  async run(ctx) {
    const { sizes } = ctx;
    const api = await ctx.startApi(ctx.server);
    const settle = () => ctx.settle([api.agent]);
    await httpStarts(ctx, api.http, sizes.warmupMs);
    await rawStarts(ctx, ctx.client, api.taskQueue, sizes.warmupMs);
    await settle();
    for (let round = 1; round <= sizes.rounds; round += 1) {
      ctx.checkBudget(`start-throughput round ${round}`);
      const runs: Partial<Record<'product' | 'baseline', TimedRun>> = {};
      for (const side of sidesInOrder(round, 'baseline', 'product')) {
        runs[side] = side === 'product' ? await httpStarts(ctx, api.http, sizes.throughputMs) : await rawStarts(ctx, ctx.client, api.taskQueue, sizes.throughputMs);
        await settle();
      }
      for (const [side, run] of Object.entries(runs)) {
        const note = errorNote(side, run);
        if (note) ctx.note(`round ${round}: ${note}`);
      }
      ctx.record({
        figure: 'start-throughput',
        name: `start throughput (concurrency ${sizes.concurrency})`,
        unit: 'deals/s',
        round,
        product: perSecond(runs.product!),
        baseline: perSecond(runs.baseline!),
        target: { on: 'ratio', op: '>=', value: 0.95 },
        details: { durationMs: sizes.throughputMs, errors: { product: runs.product!.errors, baseline: runs.baseline!.errors } },
      });
    }
  },
};
