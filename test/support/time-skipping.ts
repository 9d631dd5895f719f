import { mkdtemp, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DealRecordingService, DigestService, ExternalDeliveryService, workflowActivities } from '@app/activities';
import { loadConfig } from '@app/config';
import type { EmailSender } from '@app/notifications';
import { DealRecords, Store, UserRecords } from '@app/store';
import { indexedValueTypes } from '@app/temporal';
import { ensureTemporalTestServer } from '@app/temporal-cli';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';
import { testEnv } from './test-env';

/** Temporal's time-skipping test server with a worker running the real activities over a SQLite store of its own. */
export interface TimeSkippingWorld {
  env: TestWorkflowEnvironment;
  deals: DealRecords;
  users: UserRecords;
  taskQueue: string;
  /** Moves the server's clock on by `duration`, as `env.sleep` does, keeping its lock count balanced (see timeSkipper). */
  skip(duration: string): Promise<{ leakedLocksReleased: number; locksTakenBack: number }>;
  /** Stops the worker and the server and removes the store. */
  close(): Promise<void>;
}

export async function startTimeSkippingWorld(options: { taskQueue: string; vars?: Record<string, string>; email?: EmailSender }): Promise<TimeSkippingWorld> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: await ensureTemporalTestServer() } },
  });
  // The test server can add search attributes but not list them.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: indexedValueTypes(DEAL_SEARCH_ATTRIBUTES),
  });
  const dataDir = await mkdtemp(join(tmpdir(), `${options.taskQueue}-`));
  const config = loadConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: options.taskQueue, AUTH_MODE: 'dev', LOG_LEVEL: 'warn', GROUNDWORK_DATA_DIR: dataDir, ...options.vars });
  const store = await Store.open(config.store);
  const deals = new DealRecords(store);
  const users = new UserRecords(store);
  const external = new ExternalDeliveryService(users, config.notifications, options.email);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: testEnv('workflowBundle') },
    activities: workflowActivities(new DealRecordingService(deals, users, options.email), external, new DigestService(deals, users, external, config.notifications, options.email)),
  });
  const running = worker.run();
  return {
    env,
    deals,
    users,
    taskQueue: options.taskQueue,
    skip: timeSkipper(env, worker),
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** How long `env.sleep` may take in real time before the server's clock is looked at. */
const SKIP_PATIENCE_MS = 2_000;
/** How often the worker is asked whether it has work in flight while a sleep waits. */
const IDLE_SAMPLE_MS = 50;
/** More virtual than real time between two skips: the clock ran on its own. */
const FREE_RUN_MS = 60_000;
/** A skip, or one call to the test service, taking longer than this has wedged the server: fail at once. */
const SKIP_BOUND_MS = 120_000;
const CALL_BOUND_MS = 10_000;

/**
 * Moves the test server's clock on as `env.sleep` does, and keeps its time-skipping lock count
 * balanced. The server leaks a lock when a parent continues as new while a child it started (an
 * incident, abandoned on close) still runs (temporalio/sdk-java#1539): its clock then only moves in
 * real time and `env.sleep('1d')` takes a day. A sleep whose clock crawled for SKIP_PATIENCE_MS while
 * the worker, polling, had no activation and no activity in flight holds no lock of the server's own
 * making (an outstanding task would have reached the polling worker), so the skipper releases it.
 * A crawl with work in flight is a slow worker, not a leak: releasing that lock unbalances the
 * server ("Unbalanced lock and unlock calls"), which then wedges the run it was serving.
 * Should the server give a lock back later, the clock would run on its own between skips (timers
 * racing the commands, which that server mishandles, sdk-java#3088): the next skip sees the clock
 * ahead of real time and takes its lock back.
 */
function timeSkipper(env: TestWorkflowEnvironment, worker: Worker): TimeSkippingWorld['skip'] {
  const testService = env.connection.testService;
  if (testService === undefined) throw new Error('the time-skipping server has no test service');
  const bounded = <T>(what: string, call: () => Promise<T>): Promise<T> =>
    env.connection.withDeadline(Date.now() + CALL_BOUND_MS, call).catch((error: unknown) => {
      throw new Error(`the time-skipping server did not answer ${what} within ${CALL_BOUND_MS} ms`, { cause: error });
    });
  const now = () => bounded('getCurrentTime', () => env.currentTimeMs());
  const idle = () => {
    const status = worker.getStatus();
    return status.numInFlightWorkflowActivations === 0 && status.numInFlightActivities === 0 && status.hasOutstandingWorkflowPoll;
  };
  let last: { virtual: number; real: number } | undefined;
  return async (duration) => {
    const figures = { leakedLocksReleased: 0, locksTakenBack: 0 };
    const startedAt = Date.now();
    if (last !== undefined && (await now()) - last.virtual - (Date.now() - last.real) > FREE_RUN_MS) {
      await bounded('lockTimeSkipping', () => testService.lockTimeSkipping({}));
      figures.locksTakenBack += 1;
    }
    let finished = false;
    const sleeping = env.sleep(duration).finally(() => {
      finished = true;
    });
    for (;;) {
      const before = await now();
      let idleThroughout = true;
      for (const windowEnd = Date.now() + SKIP_PATIENCE_MS; !finished && Date.now() < windowEnd; ) {
        idleThroughout &&= idle();
        await Promise.race([sleeping, delay(IDLE_SAMPLE_MS)]);
      }
      if (finished) break;
      if (Date.now() - startedAt > SKIP_BOUND_MS) throw new Error(`skipping ${duration} took more than ${SKIP_BOUND_MS} ms of real time: the time-skipping server wedged`);
      // Locked, the clock moves at real speed, where skipping moves it by hours.
      if (idleThroughout && (await now()) - before < 10 * SKIP_PATIENCE_MS) {
        await bounded('unlockTimeSkipping', () => testService.unlockTimeSkipping({}));
        figures.leakedLocksReleased += 1;
      }
    }
    await sleeping;
    last = { virtual: await now(), real: Date.now() };
    return figures;
  };
}
