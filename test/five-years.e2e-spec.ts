import { setTimeout as delay } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '@app/domain';
import { sampleStartCommand } from '@app/domain/testing';
import { completeTaskUpdate, dealRecordedUpdate, dealWorkflow, dealWorkflowId, reportIncidentUpdate, resolveIncidentUpdate } from '@app/workflows';
import { ENTERPRISE_TIER_TERMS, FEASIBLE } from './support/deal-driver';
import { eventually } from './support/test-app';
import { startTimeSkippingWorld, type TimeSkippingWorld } from './support/time-skipping';

const TASK_QUEUE = 'groundwork-five-years';
const DAYS = 5 * 365 + 1;
const UPDATE_BOUND_MS = 60_000;
const actor = (userId: string): Actor => ({ userId, roles: [] });

/**
 * A live relationship through five simulated years on Temporal's time-skipping server: an incident
 * reported and resolved every day, a review every quarter. Each run's history, the input a run
 * starts from and the worker's memory stay flat; the whole timeline reads back through the store.
 */
describe('five years of a live relationship, with time skipping', () => {
  let world: TimeSkippingWorld;

  beforeAll(async () => {
    world = await startTimeSkippingWorld({ taskQueue: TASK_QUEUE });
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  /**
   * As the API does: an Update refused by a run about to continue as new goes again, to the next run.
   * One unanswered for a minute fails the spec at once (the test server can wedge a run: sdk-java#3088).
   */
  const update = <Ret, Arg>(handle: WorkflowHandle, definition: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> => {
    const bound = new AbortController();
    const unanswered = delay(UPDATE_BOUND_MS, undefined, { signal: bound.signal }).then(
      () => Promise.reject(new Error(`${definition.name} had no answer within ${UPDATE_BOUND_MS} ms`)),
      () => new Promise<never>(() => undefined),
    );
    return Promise.race([eventually(() => handle.executeUpdate(definition, { args: [arg] }), { intervalMs: 50 }), unanswered]).finally(() => bound.abort());
  };

  it('keeps every run small, its carried input and the memory flat, and the timeline readable page by page', async () => {
    const { env, deals } = world;
    const command = sampleStartCommand({ dealId: `five-years-${Date.now()}`, title: 'Five-year relationship', directors: ['dir.dana'] });
    const handle = await env.client.workflow.start(dealWorkflow, { workflowId: dealWorkflowId(command.dealId), taskQueue: TASK_QUEUE, args: [{ start: command }] });
    await handle.executeUpdate(dealRecordedUpdate);
    const complete = (taskId: string, userId: string, result: object) => update(handle, completeTaskUpdate, { taskId, actor: actor(userId), result });
    for (const task of (await deals.find(command.dealId))!.tasks) await complete(task.id, task.assignee, FEASIBLE);
    await complete('go-no-go-5', 'mm.mark', { decision: 'go', substantiation: 'All four elements were explored on the floor.' });
    await complete('contract-6', 'mm.mark', ENTERPRISE_TIER_TERMS);
    await complete('ratification-7', 'dir.dana', { decision: 'ratify' });
    expect((await deals.find(command.dealId))!.stage).toBe('live');

    const heapPerYear: number[] = [];
    let reviewsCompleted = 0;
    const locks = { leakedLocksReleased: 0, locksTakenBack: 0 };
    for (let day = 1; day <= DAYS; day += 1) {
      const { incidentId } = await update(handle, reportIncidentUpdate, {
        actor: actor('op.otto'),
        incident: { severity: 'minor', title: `Late pallet, day ${day}`, description: 'Dock 2' },
      });
      await update(handle, resolveIncidentUpdate, { actor: actor('op.otto'), incidentId, resolution: 'Carrier replaced.' });
      if (day % 7 === 0) {
        const reviews = (await deals.find(command.dealId))!.tasks.filter((task) => task.kind === 'review' && task.status === 'open');
        for (const review of reviews) {
          await complete(review.id, review.assignee, { summary: `Stable quarter up to day ${day}.` });
          reviewsCompleted += 1;
        }
      }
      if (day % 365 === 0) heapPerYear.push(process.memoryUsage().heapUsed);
      const skipped = await world.skip('1d');
      locks.leakedLocksReleased += skipped.leakedLocksReleased;
      locks.locksTakenBack += skipped.locksTakenBack;
    }

    // Every run of the chain, from the first: its events and the input it started from.
    const runs: { events: number; inputBytes: number }[] = [];
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId !== undefined) {
      const run = env.client.workflow.getHandle(handle.workflowId, runId);
      const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await env.connection.withDeadline(Date.now() + UPDATE_BOUND_MS, () => run.fetchHistory());
      const events = history.events ?? [];
      const payloads = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      runs.push({ events: events.length, inputBytes: payloads.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0) });
      runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    console.log(
      `five years: ${runs.length} runs, ${reviewsCompleted} reviews; events per run ${runs.map((run) => run.events).join(' ')}; ` +
        `input bytes per run ${runs.map((run) => run.inputBytes).join(' ')}; heap per year (MB) ${heapPerYear.map((bytes) => Math.round(bytes / 2 ** 20)).join(' ')}; ` +
        `test server's leaked locks released ${locks.leakedLocksReleased}, taken back ${locks.locksTakenBack}`,
    );
    // About 3 Updates a day against 500 per run: a run every half year at most, never near 2,000 Updates or 51,200 events.
    expect(runs.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...runs.map((run) => run.events))).toBeLessThan(2_500);
    // The snapshot carries the open work and the last 250 Update IDs, not the past: once that window
    // has filled (the first three runs), every run starts from about as much as the fourth.
    const carried = runs.slice(3).map((run) => run.inputBytes);
    expect(Math.max(...carried)).toBeLessThan(carried[0]! * 1.15);
    expect(heapPerYear.at(-1)! - heapPerYear[0]!).toBeLessThan(150 * 2 ** 20);
    expect(reviewsCompleted).toBeGreaterThanOrEqual(19);

    // The timeline is the store's: page through it all, in order, every day's incident in it.
    let after = 0;
    let reported = 0;
    for (;;) {
      const page = await deals.timeline(command.dealId, { after, limit: 500 });
      if (page.length === 0) break;
      expect(page.map((event) => event.sequence)).toEqual(page.map((_event, index) => after + index + 1));
      reported += page.filter((event) => event.type === 'IncidentReported').length;
      after = page.at(-1)!.sequence;
    }
    expect(reported).toBe(DAYS);
  }, 1_200_000);
});
