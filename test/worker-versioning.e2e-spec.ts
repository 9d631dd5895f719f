import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '@app/config';
import { createWorkerApp } from '@app/worker';
import { dealWorkflowId } from '@app/workflows';
import { DealDriver, FEASIBLE, expectStatus } from './support/deal-driver';
import { ownWorld, type OwnWorld } from './support/own-world';
import { TestApp, eventually } from './support/test-app';
import { testEnv } from './support/test-env';

const AUTO_UPGRADE = temporal.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE;

/**
 * The upgrade procedure of the README, on a real server: workers poll as a version of the
 * `groundwork` Worker Deployment, the operator makes the new version current with the Temporal CLI,
 * the old workers stop, and running deals move to the new version at their next task (auto-upgrade)
 * with nothing lost, while new deals start on it.
 */
describe('safe deploys with worker versioning', () => {
  let own: OwnWorld;
  let app: TestApp;
  let next: INestApplicationContext | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // A server of its own: a current version on a task queue sends that queue's work to versioned workers only.
    own = await ownWorld('versioning');
    env = { ...own.env, TEMPORAL_WORKER_BUILD_ID: 'build-1', GROUNDWORK_DIGEST_SCHEDULE: 'off', TEMPORAL_WAIT_MS: '20000' };
    app = await TestApp.start(env);
  }, 120_000);

  afterAll(async () => {
    await next?.close();
    await app?.close();
    await own?.stop();
  });

  /** What an operator runs: `temporal worker deployment set-current-version`; a version is known once its workers poll. */
  async function makeCurrent(buildId: string): Promise<void> {
    const args = ['worker', 'deployment', 'set-current-version', '--deployment-name', 'groundwork', '--build-id', buildId, '--address', own.env.TEMPORAL_ADDRESS, '--namespace', 'default', '--yes'];
    await eventually(() => promisify(execFile)(testEnv('cliPath'), args, { timeout: 15_000 }), { timeoutMs: 30_000, intervalMs: 500 });
  }

  async function versionOf(deal: DealDriver): Promise<{ buildId?: string | null; behavior?: number | null }> {
    const { raw } = await app.temporal.workflow.getHandle(dealWorkflowId(deal.dealId)).describe();
    const info = raw.workflowExecutionInfo?.versioningInfo;
    return { buildId: info?.deploymentVersion?.buildId, behavior: info?.behavior };
  }

  it('moves running deals to the version made current, and starts new ones on it', async () => {
    await makeCurrent('build-1');
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const [processes, organisation] = await deal.openTasks();
    expectStatus(await deal.complete(processes!, FEASIBLE), 200);
    expect(await versionOf(deal)).toEqual({ buildId: 'build-1', behavior: AUTO_UPGRADE });

    // Deploy: the new version's workers start beside the old ones, become current, then the old ones stop.
    next = await createWorkerApp(loadConfig({ ...env, TEMPORAL_WORKER_BUILD_ID: 'build-2', TEMPORAL_TASK_QUEUE: 'groundwork-test', AUTH_MODE: 'dev', LOG_LEVEL: 'warn' }), {
      workflowBundle: { codePath: testEnv('workflowBundle') },
    });
    await makeCurrent('build-2');
    await app.stopWorker();

    expectStatus(await deal.complete(organisation!, FEASIBLE), 200);
    await eventually(async () => expect(await versionOf(deal)).toEqual({ buildId: 'build-2', behavior: AUTO_UPGRADE }));
    expect((await deal.openTasks()).map((task) => task.id)).toEqual(['systems-3', 'people-4']);
    await deal.explore();
    await deal.decide('go');
    expect((await deal.state()).stage).toBe('contract');

    const fresh = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    expect((await fresh.openTasks()).length).toBe(4);
    expect(await versionOf(fresh)).toEqual({ buildId: 'build-2', behavior: AUTO_UPGRADE });
  }, 180_000);
});
