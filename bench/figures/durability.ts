import { sidesInOrder, type Figure, type StartApi } from '../context';
import { errorNote, httpStarts, perSecond } from './start-throughput';

/**
 * Start throughput through the product's API on the file-backed dev server (the embedded default) vs
 * an in-memory one: what keeping every deal on disk costs. The second server lives only for this figure.
 */
export const durability: Figure = {
  id: 'durability',
  title: 'Durability tax: start throughput on the file-backed server vs an in-memory server',
  estimateMs: (sizes) => sizes.warmupMs + sizes.rounds * 2 * (sizes.throughputMs + sizes.settleMaxMs),
  async run(ctx) {
    const { sizes } = ctx;
    const other = await ctx.secondServer();
    try {
      const [mainApi, otherApi] = await Promise.all([ctx.startApi(ctx.server), ctx.startApi(other)]);
      const apis: Record<'file' | 'memory', StartApi> = ctx.server.kind === 'file' ? { file: mainApi, memory: otherApi } : { file: otherApi, memory: mainApi };
      const settle = () => ctx.settle([mainApi.agent, otherApi.agent], other.pid === undefined ? [] : [other.pid]);
      await httpStarts(ctx, otherApi.http, sizes.warmupMs);
      await settle();
      for (let round = 1; round <= sizes.rounds; round += 1) {
        ctx.checkBudget(`durability round ${round}`);
        const rates: Partial<Record<'file' | 'memory', number>> = {};
        for (const kind of sidesInOrder(round, 'memory', 'file')) {
          const run = await httpStarts(ctx, apis[kind].http, sizes.throughputMs);
          const note = errorNote(`${kind} server`, run);
          if (note) ctx.note(`round ${round}: ${note}`);
          rates[kind] = perSecond(run);
          await settle();
        }
        ctx.record({
          figure: 'durability',
          name: 'durability tax (start throughput, file-backed / in-memory)',
          unit: 'deals/s',
          round,
          product: rates.file!,
          baseline: rates.memory!,
          target: { on: 'ratio', op: '>=', value: 0.6 },
        });
      }
    } finally {
      await ctx.releaseSecondServer();
    }
  },
};
