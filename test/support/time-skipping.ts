import { mkdtemp, rm } from 'node:fs/promises';
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
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
