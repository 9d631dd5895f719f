import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_ENTRY, workflowBundlerOptions } from '@app/worker';

const HISTORIES = join(__dirname, 'histories');

/**
 * Replays every recorded history, of every workflow version since the 1.0 baseline, against today's workflow
 * code. A change that would make a running deal take another path (non-determinism) fails here; guard it
 * with `patched()` and record the new version's histories beside the old ones.
 */
describe('recorded workflow histories replay on the current workflow code', () => {
  it('replays each history without a determinism error', async () => {
    const files = (await readdir(HISTORIES, { recursive: true })).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual([
      'v1.0-durable-record/deal-continued-first-run.json',
      'v1.0-durable-record/deal-continued-last-run.json',
      'v1.0-durable-record/deal-go-live-terminated.json',
      'v1.0-durable-record/deal-no-go.json',
      'v1.0-durable-record/deal-rejected.json',
      'v1.0-durable-record/deal-timers-incidents.json',
      'v1.0-durable-record/incident-escalated.json',
      'v1.0-durable-record/incident-resolved.json',
      'v1.1-away-read-with-record/deal-continued-first-run.json',
      'v1.1-away-read-with-record/deal-continued-last-run.json',
      'v1.1-away-read-with-record/deal-go-live-terminated.json',
      'v1.1-away-read-with-record/deal-no-go.json',
      'v1.1-away-read-with-record/deal-rejected.json',
      'v1.1-away-read-with-record/deal-timers-incidents.json',
      'v1.1-away-read-with-record/incident-escalated.json',
      'v1.1-away-read-with-record/incident-resolved.json',
    ]);

    const { code } = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_ENTRY,
      webpackConfigHook: workflowBundlerOptions,
      logger: new DefaultLogger('ERROR'),
    });
    const histories = await Promise.all(
      files.map(async (file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(await readFile(join(HISTORIES, file), 'utf8'))) })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, 120_000);
});
