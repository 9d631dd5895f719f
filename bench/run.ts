// `npm run bench [-- --quick] [-- --only <figure>[,<figure>]]`: measures the product against bare-SDK
// baselines on its own loopback Temporal dev server, writes bench/results/<date>.json and prints a table.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { repoRoot } from '@app/config';
import { ensureTemporalCli } from '@app/temporal-cli';
import { workflowBundleFile, workflowBundleOptions } from '@app/worker';
import { FIGURE_IDS, type FigureId, type TemporalServer } from './context';
import { bundleBaselineWorkflows, runBench, startBenchServer } from './harness';
import { toMarkdown, writeReport } from './report';
import { FULL, QUICK } from './sizes';

/** Figures must be done this long after launch; quick mode must end within three minutes including the build. */
const BUDGET_MS = { quick: 135_000, full: 90 * 60_000 };
/** Past the budget, this much more for an overrunning figure and cleanup; then the run stops itself. */
const HARD_STOP_GRACE_MS = { quick: 15_000, full: 15 * 60_000 };

function parse(): { quick: boolean; only: FigureId[] | undefined } {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string', multiple: true }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(`usage: npm run bench [-- --quick] [-- --only <figure>[,<figure>…]]\nfigures: ${FIGURE_IDS.join(', ')}`);
    process.exit(0);
  }
  const only = values.only?.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !(FIGURE_IDS as readonly string[]).includes(id));
  if (unknown && unknown.length > 0) {
    console.error(`unknown figure(s): ${unknown.join(', ')}; known: ${FIGURE_IDS.join(', ')}`);
    process.exit(2);
  }
  return { quick: values.quick, only: only as FigureId[] | undefined };
}

/** The bundle the product's worker runs as deployed without a trace collector. */
async function productBundle(workDir: string): Promise<string> {
  const built = workflowBundleFile(false);
  if (existsSync(built)) return built;
  const { code } = await bundleWorkflowCode(workflowBundleOptions(false));
  const file = join(workDir, 'product-workflows.js');
  await writeFile(file, code);
  return file;
}

async function main(): Promise<void> {
  const launched = Date.now();
  const { quick, only } = parse();
  const mode = quick ? 'quick' : 'full';
  const log = (line: string) => console.log(`[bench ${((Date.now() - launched) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const workDir = await mkdtemp(join(tmpdir(), 'groundwork-bench-'));
  let server: TemporalServer | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await server?.stop().catch(() => undefined);
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    })());
  const stopNow = (why: string, code: number) => {
    console.error(`\nbench: ${why}; stopping`);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stopNow('interrupted', 130));
  process.once('SIGTERM', () => stopNow('terminated', 143));
  // BENCH_BUDGET_MS overrides the budget, for working on the bench itself.
  const deadline = launched + (Number(process.env.BENCH_BUDGET_MS) || BUDGET_MS[mode]);
  setTimeout(() => stopNow(`still running ${HARD_STOP_GRACE_MS[mode] / 1000} s after its time budget`, 1), deadline - launched + HARD_STOP_GRACE_MS[mode]).unref();

  try {
    log(`mode ${mode}${only ? `, only ${only.join(', ')}` : ''}; scratch ${workDir}`);
    const cliPath = await ensureTemporalCli({ log });
    const [started, baselineBundle, product] = await Promise.all([
      startBenchServer(cliPath, 'file', join(workDir, 'temporal.db')),
      bundleBaselineWorkflows(join(workDir, 'baseline-workflows.js')),
      productBundle(workDir),
    ]);
    server = started;
    log(`Temporal dev server (file-backed) on ${server.address}`);
    const report = await runBench({
      mode,
      sizes: quick ? QUICK : FULL,
      ...(only ? { only } : {}),
      server,
      cliPath,
      productBundle: product,
      baselineBundle,
      agentMode: 'fork',
      workDir,
      deadline,
      log,
    });
    const file = await writeReport(join(repoRoot(), 'bench', 'results'), report);
    console.log(`\n${toMarkdown(report)}\n\nresults: ${file}\nwall time: ${((Date.now() - launched) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
