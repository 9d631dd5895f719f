import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import type { DealEvent, DealState } from '@app/domain';
import { timerWorkflow, type TimerFiring } from '../baseline/workflows';
import { sidesInOrder, type BenchContext, type Figure } from '../context';
import { dealBody, rawStartDeal, startCommand } from '../deals';
import { runCount, type TimedRun } from '../load';
import { latencySummary, type LatencySummary } from '../stats';
import { httpStarts } from './start-throughput';

/**
 * A reminder fires at this fraction of the time to due: so small that a deal's due date (and so its
 * escalations) lies hours after the run, so only reminders fire while we watch.
 */
const REMINDER_AT = 0.001;
const ELEMENT_TASKS_PER_DEAL = 4;
const COLLECT_TIMEOUT_MS = 30_000;

type Phase = 'idle' | 'load';

interface Batch {
  side: 'product' | 'baseline';
  round: number;
  dueAt: number;
  dealIds: string[];
  timers: WorkflowHandle<typeof timerWorkflow>[];
}

/**
 * Product: deals whose exploration tasks are all reminded at `dueAt` (the deadline is chosen so that
 * `reminderAt` of the time to it lands there). Baseline: one bare timer workflow per reminder.
 */
async function setUp(ctx: BenchContext, batch: Batch): Promise<void> {
  const { reminders } = ctx.sizes;
  if (batch.side === 'product') {
    const { teams } = ctx.users;
    batch.dealIds = await runCount({
      concurrency: ctx.sizes.concurrency,
      count: Math.ceil(reminders / ELEMENT_TASKS_PER_DEAL),
      op: async (index) => {
        const team = teams[index % teams.length]!;
        const now = Date.now();
        const explorationDeadline = new Date(now + (batch.dueAt - now) / REMINDER_AT).toISOString();
        const body = dealBody(team, { explorationDeadline, policy: { reminderAt: REMINDER_AT } });
        await rawStartDeal(ctx.client, startCommand(body, team.programmeManager), ctx.product.taskQueue);
        return body.dealId;
      },
    });
  } else {
    batch.timers = await runCount({
      concurrency: ctx.sizes.concurrency,
      count: reminders,
      op: (index) =>
        ctx.client.workflow.start(timerWorkflow, {
          workflowId: `bench-${ctx.runId}-timer-${batch.round}-${batch.dueAt}-${index}`,
          taskQueue: ctx.baseline.taskQueue,
          args: [{ dueAt: batch.dueAt }],
        }),
    });
  }
}

/** Fired minus due, in ms, for every reminder of the batch; `missing` counts those that never fired. */
async function lateness(ctx: BenchContext, batch: Batch): Promise<{ latenesses: number[]; missing: number }> {
  const deadline = Date.now() + COLLECT_TIMEOUT_MS;
  if (batch.side === 'baseline') {
    const firings = await runCount({
      concurrency: 32,
      count: batch.timers.length,
      op: (index) =>
        Promise.race([
          batch.timers[index]!.result(),
          sleep(Math.max(deadline - Date.now(), 0)).then((): TimerFiring | null => null),
        ]),
    });
    const fired = firings.filter((firing): firing is TimerFiring => firing !== null);
    return { latenesses: fired.map((firing) => firing.firedAt - firing.dueAt), missing: batch.timers.length - fired.length };
  }
  const perDeal = await runCount({
    concurrency: 16,
    count: batch.dealIds.length,
    op: async (index) => {
      const dealId = batch.dealIds[index]!;
      for (;;) {
        // The durable record, as users read it.
        const [state, timeline]: [DealState, DealEvent[]] = await Promise.all([ctx.records.find(dealId).then((found) => found!), ctx.records.timeline(dealId, { limit: 1_000 })]);
        const reminded = new Map<string, string>();
        for (const event of timeline) if (event.type === 'TaskReminded') reminded.set(event.data.taskId, event.at);
        const tasks = state.tasks.filter((task) => task.status === 'open');
        if (tasks.every((task) => reminded.has(task.id)) || Date.now() > deadline) {
          return tasks.map((task) => {
            const firedAt = reminded.get(task.id);
            return firedAt === undefined ? null : Date.parse(firedAt) - Date.parse(task.ladder.remindAt);
          });
        }
        await sleep(250);
      }
    },
  });
  const all = perDeal.flat();
  const latenesses = all.filter((value): value is number => value !== null);
  return { latenesses, missing: all.length - latenesses.length };
}

async function phase(ctx: BenchContext, which: Phase): Promise<void> {
  const { sizes } = ctx;
  const start = Date.now();
  const firstDue = start + sizes.timerLeadMs;
  const batches: Batch[] = [];
  for (let round = 1; round <= sizes.rounds; round += 1) {
    for (const side of sidesInOrder(round, 'baseline', 'product')) {
      batches.push({ side, round, dueAt: firstDue + batches.length * sizes.timerGapMs, dealIds: [], timers: [] });
    }
  }
  for (const batch of batches) await setUp(ctx, batch);
  const setUpMs = Date.now() - start;
  if (Date.now() > firstDue - 500) {
    ctx.note(`timer-lateness (${which}): setting up took ${setUpMs} ms, longer than the ${sizes.timerLeadMs} ms lead; the first batches were set up late`);
  }
  // The deals just started run their first activities for a while; an idle phase lets them finish first.
  if (which === 'idle' && !(await ctx.drain(undefined, undefined, Math.max(firstDue - Date.now() - 500, 0)))) {
    ctx.note('timer-lateness (idle): the setup\'s deals were still being worked on when the first reminders were due');
  }
  const lastDue = batches.at(-1)!.dueAt;
  const loadUntil = lastDue + sizes.timerGapMs;
  const load: Promise<TimedRun> | undefined = which === 'load' ? httpStarts(ctx, ctx.product.http, Math.max(loadUntil - Date.now(), 0)) : undefined;
  await sleep(Math.max(loadUntil - Date.now(), 0));
  const loadRun = await load;
  if (loadRun && loadRun.errors > 0) ctx.note(`timer-lateness (load): the start load had ${loadRun.errors} errors, e.g. ${loadRun.firstErrors[0]}`);

  for (let round = 1; round <= sizes.rounds; round += 1) {
    const stats: Partial<Record<'product' | 'baseline', LatencySummary & { missing: number }>> = {};
    for (const batch of batches.filter((candidate) => candidate.round === round)) {
      const { latenesses, missing } = await lateness(ctx, batch);
      stats[batch.side] = { ...latencySummary(latenesses), missing };
      if (missing > 0) ctx.note(`timer-lateness (${which}) round ${round}: ${missing} ${batch.side} reminders had not fired ${COLLECT_TIMEOUT_MS} ms after collection began`);
    }
    ctx.record({
      figure: 'timer-lateness',
      name: `timer lateness p99, ${which === 'idle' ? 'idle' : 'under start load'}`,
      unit: 'ms',
      round,
      product: stats.product!.p99,
      baseline: stats.baseline!.p99,
      target: { on: 'product', op: '<=', value: which === 'idle' ? 1_000 : 2_000 },
      details: {
        reminders: sizes.reminders,
        product: stats.product,
        baseline: stats.baseline,
        ...(loadRun ? { loadStartsPerSecond: loadRun.completed / (loadRun.elapsedMs / 1000) } : {}),
      },
    });
  }
}

export const timerLateness: Figure = {
  id: 'timer-lateness',
  title: 'Timer lateness: reminders due in the same moment vs bare SDK timers, idle and under start load',
  estimateMs: (sizes) => 2 * (sizes.timerLeadMs + 2 * sizes.rounds * sizes.timerGapMs + 3_000),
  async run(ctx) {
    await phase(ctx, 'idle');
    await ctx.settle();
    ctx.checkBudget('timer-lateness under load');
    await phase(ctx, 'load');
    await ctx.settle();
  },
};
