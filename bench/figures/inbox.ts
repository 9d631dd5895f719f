import { DEAL_WORKFLOW_TYPE, dealOpenTaskAssigneesKey } from '@app/workflows';
import { sidesInOrder, type Figure } from '../context';
import { dealBody, rawStartDeal, startCommand } from '../deals';
import { runCount, sampleLatencies, waitFor } from '../load';
import { latencySummary } from '../stats';

/** The product's list stops at this many deals (DealListService); the raw read stops there too. */
const MAX_LISTED = 1_000;

export const inbox: Figure = {
  id: 'inbox',
  title: 'Inbox: GET /api/tasks?assignee=me with many open deals vs the raw visibility query it wraps',
  estimateMs: (sizes) => sizes.inboxDeals * 40 + sizes.rounds * 2 * sizes.inboxSamples * 100,
  async run(ctx) {
    const { sizes, users, product } = ctx;
    const deals = sizes.inboxDeals;
    // Seeded with the start the API makes, on a queue no worker polls: visibility holds exactly what the
    // API put there at start, and the seeding does not load the product's worker with thousands of deals.
    const seedQueue = `bench-${ctx.runId}-inbox-seed`;
    const team = users.teams[0]!;
    await runCount({
      concurrency: sizes.concurrency,
      count: deals,
      op: () => {
        ctx.checkBudget('inbox seeding');
        const body = dealBody(team, { operationalStaff: [users.inboxUser, users.inboxPartner] });
        return rawStartDeal(ctx.client, startCommand(body, team.programmeManager), seedQueue);
      },
    });
    // The same query as DealListService.openTasks builds for `assignee=me`.
    const query = [`WorkflowType = '${DEAL_WORKFLOW_TYPE}'`, `ExecutionStatus = 'Running'`, `${dealOpenTaskAssigneesKey.name} = '${users.inboxUser}'`].join(' AND ');
    await waitFor(
      `visibility showing ${deals} deals of ${users.inboxUser}`,
      async () => ((await ctx.client.workflow.count(query)).count >= deals ? true : undefined),
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
          let listed = 0;
          for await (const execution of ctx.client.workflow.list({ query })) {
            if (execution.memo === undefined) throw new Error('a listed deal has no memo');
            if (++listed >= MAX_LISTED) break;
          }
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
