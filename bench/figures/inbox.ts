import { sidesInOrder, type Figure } from '../context';
import { dealBody, rawStartDeal, startCommand } from '../deals';
import { runCount, sampleLatencies, waitFor } from '../load';
import { latencySummary } from '../stats';

/** The page the inbox asks for by default. */
const PAGE = 100;

export const inbox: Figure = {
  id: 'inbox',
  title: 'Inbox: GET /api/tasks?assignee=me with many open deals vs the store query it wraps',
  estimateMs: (sizes) => sizes.inboxDeals * 40 + sizes.rounds * 2 * sizes.inboxSamples * 100,
  async run(ctx) {
    const { sizes, users, product } = ctx;
    const deals = sizes.inboxDeals;
    // Seeded with the start the API makes, on the product's queue: its worker writes each deal's record.
    const team = users.teams[0]!;
    await runCount({
      concurrency: sizes.concurrency,
      count: deals,
      op: () => {
        ctx.checkBudget('inbox seeding');
        const body = dealBody(team, { operationalStaff: [users.inboxUser, users.inboxPartner] });
        return rawStartDeal(ctx.client, startCommand(body, team.programmeManager), ctx.product.taskQueue);
      },
    });
    await waitFor(
      `the store showing ${deals} deals of ${users.inboxUser}`,
      async () => ((await ctx.records.openTasks({ assignee: users.inboxUser }, { offset: 0, limit: 1 })).total >= deals ? true : undefined),
      60_000,
      500,
    );
    await product.http.token(users.inboxUser);
    await ctx.settle();

    const sides = {
      product: () =>
        sampleLatencies(sizes.inboxSamples, async () => {
          const response = await product.http.request<unknown[]>('GET', '/api/tasks?assignee=me', { as: users.inboxUser });
          if (response.status !== 200 || !Array.isArray(response.body) || response.body.length === 0) {
            throw new Error(`GET /api/tasks: HTTP ${response.status}, ${Array.isArray(response.body) ? response.body.length : 'no'} tasks`);
          }
        }),
      baseline: () =>
        sampleLatencies(sizes.inboxSamples, async () => {
          const page = await ctx.records.openTasks({ assignee: users.inboxUser }, { offset: 0, limit: PAGE });
          if (page.items.length === 0) throw new Error('the store lists no open task');
        }),
    };
    for (let round = 1; round <= sizes.rounds; round += 1) {
      ctx.checkBudget(`inbox round ${round}`);
      const latencies: Partial<Record<'product' | 'baseline', number[]>> = {};
      for (const side of sidesInOrder(round, 'baseline', 'product')) latencies[side] = await sides[side]();
      const productStats = latencySummary(latencies.product!);
      const raw = latencySummary(latencies.baseline!);
      const base = { figure: 'inbox' as const, unit: 'ms', round };
      ctx.record({ ...base, name: `inbox p95 (${deals} open deals)`, product: productStats.p95, baseline: raw.p95, target: { on: 'ratio', op: '<=', value: 1.5 }, details: { product: productStats, raw } });
      ctx.record({ ...base, name: `inbox p50 (${deals} open deals)`, product: productStats.p50, baseline: raw.p50, target: null });
    }
  },
};
