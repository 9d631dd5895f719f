import { performance } from 'node:perf_hooks';
import type { DealState, Task } from '@app/domain';
import { completeTaskUpdate, dealWorkflowId } from '@app/workflows';
import { sidesInOrder, type BenchContext, type Figure } from '../context';
import { dealBody, rawStartDeal, resultFor, startCommand } from '../deals';
import { cpuSeconds } from '../proc';
import type { Team } from '../users';

interface Driven {
  completions: number;
  errors: number;
  live: number;
  firstErrors: string[];
  elapsedMs: number;
}

/** How one simulated user moves a deal: start it, read it, complete a task. */
interface Driver {
  start(team: Team): Promise<string>;
  state(team: Team, dealId: string): Promise<DealState>;
  complete(dealId: string, task: Task): Promise<void>;
}

function httpDriver(ctx: BenchContext): Driver {
  const { http } = ctx.product;
  return {
    start: async (team) => (await http.expect<{ dealId: string }>(201, 'POST', '/api/deals', { as: team.programmeManager, body: dealBody(team) })).dealId,
    state: (team, dealId) => http.expect<DealState>(200, 'GET', `/api/deals/${dealId}`, { as: team.programmeManager }),
    complete: async (dealId, task) => {
      await http.expect(200, 'POST', `/api/deals/${dealId}/tasks/${task.id}/complete`, { as: task.assignee, body: resultFor(task) });
    },
  };
}

function rawDriver(ctx: BenchContext): Driver {
  return {
    start: async (team) => {
      const command = startCommand(dealBody(team), team.programmeManager);
      await rawStartDeal(ctx.client, command, ctx.product.taskQueue);
      return command.dealId;
    },
    state: async (_team, dealId) => (await ctx.records.find(dealId))!,
    complete: async (dealId, task) => {
      await ctx.client.workflow
        .getHandle(dealWorkflowId(dealId))
        .executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: ctx.users.actor(task.assignee), result: resultFor(task) }] });
    },
  };
}

/**
 * `lifecycleUsers` simulated users, each with its own team, drive deals from start to live. They begin
 * nothing new once `durationMs` has passed, and the rate counts every completion over the time until the
 * last user's last call returned, so a short window still measures (a closed loop, like real users).
 */
async function drive(ctx: BenchContext, driver: Driver, durationMs: number): Promise<Driven> {
  const start = performance.now();
  const end = start + durationMs;
  const result: Driven = { completions: 0, errors: 0, live: 0, firstErrors: [], elapsedMs: 0 };
  const inWindow = () => performance.now() <= end;
  await Promise.all(
    Array.from({ length: ctx.sizes.lifecycleUsers }, async (_, user) => {
      const team = ctx.users.teams[user % ctx.users.teams.length]!;
      while (inWindow()) {
        try {
          const dealId = await driver.start(team);
          for (;;) {
            const state = await driver.state(team, dealId);
            if (state.stage === 'live') {
              result.live += 1;
              break;
            }
            const open = state.tasks.filter((task) => task.status === 'open');
            if (open.length === 0) throw new Error(`deal ${dealId} in ${state.stage} has no open task`);
            for (const task of open) {
              await driver.complete(dealId, task);
              result.completions += 1;
              if (!inWindow()) return;
            }
          }
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
  title: 'Lifecycle throughput: simulated users driving deals from start to live through the API vs the raw SDK',
  estimateMs: (sizes) => sizes.rounds * 2 * (sizes.lifecycleMs + sizes.drainMaxMs + 2_000),
  async run(ctx) {
    const { sizes } = ctx;
    const drivers = { product: httpDriver(ctx), baseline: rawDriver(ctx) };
    await Promise.all(ctx.users.teams.flatMap((team) => [team.programmeManager, ...team.directors, team.tacticalLead, ...team.operationalStaff]).map((user) => ctx.product.http.token(user)));
    // Where the CPU went: cores each process used during the window (2 cores is 2.0 in all).
    const processes: Record<string, number | undefined> = { server: ctx.server.pid, worker: ctx.product.worker.pid, api: ctx.product.api.pid, harness: process.pid };
    const cpuNow = () => Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, pid === undefined ? null : cpuSeconds(pid)]));
    for (let round = 1; round <= sizes.rounds; round += 1) {
      ctx.checkBudget(`lifecycle round ${round}`);
      const runs: Partial<Record<'product' | 'baseline', Driven>> = {};
      const cores: Partial<Record<'product' | 'baseline', Record<string, number | null>>> = {};
      for (const side of sidesInOrder(round, 'baseline', 'product')) {
        const before = cpuNow();
        runs[side] = await drive(ctx, drivers[side], sizes.lifecycleMs);
        const after = cpuNow();
        const seconds = runs[side].elapsedMs / 1000;
        cores[side] = Object.fromEntries(Object.keys(processes).map((name) => [name, after[name] == null || before[name] == null ? null : Number(((after[name] - before[name]) / seconds).toFixed(2))]));
        await ctx.drain();
      }
      const product = runs.product!;
      const baseline = runs.baseline!;
      if (product.errors > 0) ctx.note(`lifecycle round ${round}: ${product.errors} product errors, e.g. ${product.firstErrors[0]}`);
      if (baseline.errors > 0) ctx.note(`lifecycle round ${round}: ${baseline.errors} baseline errors, e.g. ${baseline.firstErrors[0]}`);
      const base = { figure: 'lifecycle' as const, round };
      ctx.record({
        ...base,
        name: `lifecycle task completions (${sizes.lifecycleUsers} users)`,
        unit: 'tasks/s',
        product: product.completions / (product.elapsedMs / 1000),
        baseline: baseline.completions / (baseline.elapsedMs / 1000),
        target: null,
        details: { dealsLive: { product: product.live, baseline: baseline.live }, seconds: { product: product.elapsedMs / 1000, baseline: baseline.elapsedMs / 1000 }, coresUsed: cores },
      });
      ctx.record({ ...base, name: 'lifecycle errors', unit: 'errors', product: product.errors, baseline: baseline.errors, ratio: null, target: { on: 'product', op: '<=', value: 0 } });
    }
  },
};
