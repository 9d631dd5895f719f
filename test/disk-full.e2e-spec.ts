import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DealEvent } from '@app/domain';
import { DealDriver } from './support/deal-driver';
import { TestApp, eventually } from './support/test-app';

const run = promisify(execFile);

/** Writes zeros until the file system says it is full (ENOSPC). */
async function fillUp(file: string): Promise<void> {
  const handle = await open(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) await handle.write(block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * A full disk under the SQLite file: a real, small tmpfs holds the store (mounting needs root, as
 * `.ci/run` has), filled to the last byte while a deal runs. Its own task queue keeps other workers away.
 */
describe('a full disk under the SQLite store', () => {
  let mountPoint: string;
  let app: TestApp;

  beforeAll(async () => {
    mountPoint = await mkdtemp(join(tmpdir(), 'groundwork-full-disk-'));
    await run('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]).catch((error: Error) => {
      throw new Error(`this spec mounts a small tmpfs and needs root (or CAP_SYS_ADMIN): ${error.message}`);
    });
    app = await TestApp.start({ GROUNDWORK_DATA_DIR: join(mountPoint, 'data'), TEMPORAL_TASK_QUEUE: 'groundwork-disk-full', TEMPORAL_WAIT_MS: '4000' });
  }, 60_000);

  afterAll(async () => {
    await app?.terminateRunningDeals();
    await app?.close();
    await run('umount', [mountPoint]).catch(() => undefined);
    await rmdir(mountPoint).catch(() => undefined);
  });

  it('answers 503 while the disk is full, loses nothing acknowledged and recovers by itself once there is room', async () => {
    const deal = await DealDriver.start(app);
    const otto = await app.as('op.otto');
    const filler = join(mountPoint, 'filler');
    await fillUp(filler);

    const report = () =>
      otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Reported on a full disk', description: 'Dock 4' }).set('Idempotency-Key', `full-${deal.dealId}`);
    const refused = await report();
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.message).toBe(
      'The durable record cannot be written: the disk under the SQLite file is full. Nothing already acknowledged is lost; retry shortly, with the same Idempotency-Key for a command.',
    );
    // What was recorded before stays readable.
    expect((await otto.get(`/api/deals/${deal.dealId}`).expect(200)).body).toMatchObject({ dealId: deal.dealId });

    await rm(filler);
    await eventually(async () => expect((await report()).status).toBe(201), { timeoutMs: 30_000 });
    await eventually(async () => expect((await deal.state()).incidents.filter((incident) => incident.title === 'Reported on a full disk')).toHaveLength(1));
    const timeline = (await otto.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.filter((event) => event.type === 'IncidentReported')).toHaveLength(1);
  });
});
