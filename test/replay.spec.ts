import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_ENTRY, workflowBundlerOptions } from '@app/worker';

const HISTORIES = join(__dirname, 'histories');

/**
 * Replays every recorded deal and inbox history against today's workflow code. A change that would
 * make a running deal take another path (non-determinism) fails here; guard it with `patched()`.
 */
describe('recorded workflow histories replay on the current workflow code', () => {
  it('replays each history without a determinism error', async () => {
    const files = (await readdir(HISTORIES)).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual(['deal-go-live-terminated.json', 'deal-no-go.json', 'deal-rejected.json', 'inbox.json']);

    const { code } = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_ENTRY,
      webpackConfigHook: workflowBundlerOptions,
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: console.error },
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
