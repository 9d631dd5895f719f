import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIGURE_IDS } from '../bench/context';
import { bundleBaselineWorkflows, runBench } from '../bench/harness';
import { toMarkdown, type BenchReport } from '../bench/report';
import { TINY } from '../bench/sizes';
import { testEnv } from './support/test-env';

/** Values that are rates, latencies or CPU must be above zero; counts of errors and memory deltas need not be. */
const POSITIVE_UNITS = ['deals/s', 'tasks/s', 'ms', 'ms CPU'];

// Proves that `npm run bench` can run: every figure once at tiny sizes, in this process, against the
// e2e dev server. It asserts the report's shape and that each side measured something — never a time.
describe('bench harness (smoke)', () => {
  let workDir: string;
  let report: BenchReport;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'groundwork-bench-smoke-'));
    report = await runBench({
      mode: 'tiny',
      sizes: TINY,
      server: { address: testEnv('temporalAddress'), kind: 'memory', stop: () => Promise.resolve() },
      cliPath: testEnv('cliPath'),
      productBundle: testEnv('workflowBundle'),
      baselineBundle: await bundleBaselineWorkflows(join(workDir, 'baseline-workflows.js')),
      agentMode: 'in-process',
      workDir,
      deadline: Date.now() + 5 * 60_000,
    });
  }, 6 * 60_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('measures every figure', () => {
    expect(report.figures.map(({ id, status, reason }) => ({ id, status, reason }))).toEqual(FIGURE_IDS.map((id) => ({ id, status: 'measured', reason: undefined })));
    expect(new Set(report.rows.map((row) => row.figure))).toEqual(new Set(FIGURE_IDS));
  });

  it('reports product and baseline side by side for each round', () => {
    for (const row of report.rows) {
      expect(row).toEqual(
        expect.objectContaining({ name: expect.any(String), unit: expect.any(String), round: 1, product: expect.any(Number), baseline: expect.any(Number) }),
      );
      expect(Number.isFinite(row.product) && Number.isFinite(row.baseline)).toBe(true);
      if (POSITIVE_UNITS.includes(row.unit)) {
        expect({ name: row.name, product: row.product > 0, baseline: row.baseline > 0 }).toEqual({ name: row.name, product: true, baseline: true });
      }
      if (row.ratio !== null) expect(row.ratio).toBeCloseTo(row.product / row.baseline, 6);
    }
    expect(report.rows.find((row) => row.name === 'lifecycle errors')?.product).toBe(0);
  });

  it('summarizes min/median/max of each ratio and prints a table', () => {
    for (const summary of report.summary.filter((row) => row.ratio !== null)) {
      expect(summary.ratio!.min).toBeLessThanOrEqual(summary.ratio!.median);
      expect(summary.ratio!.median).toBeLessThanOrEqual(summary.ratio!.max);
    }
    const table = toMarkdown(report);
    expect(table).toContain('| figure | unit | product (median) | baseline (median) | ratio min / median / max | target | met |');
    for (const summary of report.summary) expect(table).toContain(`| ${summary.name} |`);
  });
});
