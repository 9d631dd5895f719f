import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_ENTRY, workflowBundlerOptions } from '@app/worker';

const HISTORIES = join(__dirname, 'histories');

/**
 * Replays every recorded history, of every workflow version, against today's workflow code. A change that would
 * make a running deal take another path (non-determinism) fails here; guard it with `patched()`.
 */
describe('recorded workflow histories replay on the current workflow code', () => {
  it('replays each history without a determinism error', async () => {
    const files = (await readdir(HISTORIES, { recursive: true })).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual([
      'v1-before-timers/deal-go-live-terminated.json',
      'v1-before-timers/deal-no-go.json',
      'v1-before-timers/deal-rejected.json',
      'v1-before-timers/inbox.json',
      'v2-timers-incidents/deal-go-live-terminated.json',
      'v2-timers-incidents/deal-no-go.json',
      'v2-timers-incidents/deal-rejected.json',
      'v2-timers-incidents/deal-timers-incidents.json',
      'v2-timers-incidents/inbox.json',
      'v2-timers-incidents/incident-escalated.json',
      'v2-timers-incidents/incident-resolved.json',
      'v3-delegation-comments/deal-go-live-terminated.json',
      'v3-delegation-comments/deal-no-go.json',
      'v3-delegation-comments/deal-rejected.json',
      'v3-delegation-comments/deal-timers-incidents.json',
      'v3-delegation-comments/inbox.json',
      'v3-delegation-comments/incident-escalated.json',
      'v3-delegation-comments/incident-resolved.json',
      'v4-assignment-notices/deal-go-live-terminated.json',
      'v4-assignment-notices/deal-no-go.json',
      'v4-assignment-notices/deal-rejected.json',
      'v4-assignment-notices/deal-timers-incidents.json',
      'v4-assignment-notices/inbox.json',
      'v4-assignment-notices/incident-escalated.json',
      'v4-assignment-notices/incident-resolved.json',
      'v5-reassign-anew/deal-go-live-terminated.json',
      'v5-reassign-anew/deal-no-go.json',
      'v5-reassign-anew/deal-rejected.json',
      'v5-reassign-anew/deal-timers-incidents.json',
      'v5-reassign-anew/inbox.json',
      'v5-reassign-anew/incident-escalated.json',
      'v5-reassign-anew/incident-resolved.json',
      'v6-run-limits/deal-continued-first-run.json',
      'v6-run-limits/deal-continued-last-run.json',
      'v6-run-limits/deal-go-live-terminated.json',
      'v6-run-limits/deal-no-go.json',
      'v6-run-limits/deal-rejected.json',
      'v6-run-limits/deal-timers-incidents.json',
      'v6-run-limits/inbox.json',
      'v6-run-limits/incident-escalated.json',
      'v6-run-limits/incident-resolved.json',
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
