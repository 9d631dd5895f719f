import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { workerTracingPlugin } from '@app/tracing';
import { workflowBundleOptions } from '@app/worker';

const HISTORIES = join(__dirname, 'histories');
/** One folder per workflow version since the 1.0 baseline (see workflows/src/patches.ts); each holds every path recorded on it. */
const VERSIONS = ['v1.0-durable-record', 'v1.1-away-read-with-record', 'v1.2-run-full-latched', 'v1.3-effects-after-their-record', 'v1.4-both-floors-explore', 'v1.5-declarative-ladders', 'v1.6-past-reviews-forgotten', 'v1.7-one-record-per-opening'];
/** Paths a version added: a two-sided exploration exists since 1.4, declared ladders since 1.5, forgotten reviews since 1.6. */
const PATHS_SINCE: Record<string, string[]> = {
  'v1.4-both-floors-explore': ['deal-both-floors'],
  'v1.5-declarative-ladders': ['deal-declared-ladders', 'incident-declared-ladder'],
  'v1.6-past-reviews-forgotten': ['deal-reviews-forgotten'],
};
const RECORDED_PATHS = [
  'deal-continued-first-run',
  'deal-continued-last-run',
  'deal-go-live-terminated',
  'deal-no-go',
  'deal-rejected',
  'deal-timers-incidents',
  'incident-escalated',
  'incident-resolved',
];

/**
 * Replays every recorded history, of every workflow version since the 1.0 baseline, against today's workflow
 * code. A change that would make a running deal take another path (non-determinism) fails here; guard it
 * with `patched()` and record the new version's histories beside the old ones.
 */
describe('recorded workflow histories replay on the current workflow code', () => {
  // Workers run the traced bundle when they export traces and the plain one otherwise; a deal may move between them.
  it.each([
    ['the plain bundle', false],
    ['the traced bundle', true],
  ])('replays each history on %s without a determinism error', async (_bundle, traced) => {
    const files = (await readdir(HISTORIES, { recursive: true })).filter((file) => file.endsWith('.json')).sort();
    const pathsOf = (index: number) => [...RECORDED_PATHS, ...VERSIONS.slice(0, index + 1).flatMap((version) => PATHS_SINCE[version] ?? [])].sort();
    expect(files).toEqual(VERSIONS.flatMap((version, index) => pathsOf(index).map((path) => `${version}/${path}.json`)));

    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(traced), logger: new DefaultLogger('ERROR') });
    const histories = await Promise.all(
      files.map(async (file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(await readFile(join(HISTORIES, file), 'utf8'))) })),
    );
    const failures: string[] = [];
    let replayed = 0;
    // The traced bundle's interceptors export through the plugin's sink; replay drops the spans.
    const plugins = traced ? [workerTracingPlugin('groundwork-replay')] : [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, plugins }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, 120_000);
});
