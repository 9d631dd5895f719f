import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOAK_BOUND_MS = 12 * 60_000;

/**
 * The quick soak as CI runs it: `npm run soak -- --quick` builds the product, starts two APIs, two
 * workers, a Temporal dev server and PostgreSQL as processes of their own behind fault proxies, and
 * drives deals along every path while it kills and restarts them. Its report must find nothing.
 */
describe('the quick soak', () => {
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'groundwork-soak-results-'));
  });

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('loses no command, applies none twice, doubles no notification and misses no escalation under every fault', async () => {
    const outcome = await run('npm', ['run', '--silent', 'soak', '--', '--quick', '--out', out], { timeout: SOAK_BOUND_MS, maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '' }),
    );
    const file = (await readdir(out)).find((name) => name.endsWith('.json'));
    if (file === undefined) throw new Error(`the soak wrote no report:\n${outcome.stdout.slice(-4_000)}`);
    const report = JSON.parse(await readFile(join(out, file), 'utf8')) as {
      passed: boolean;
      sizes: { deals: number };
      deals: { finished: number; byPath: Record<string, number> };
      faults: { planned: Record<string, number>; injected: Record<string, number>; processKills: Record<string, number> };
      findings: {
        lostCommands: string[];
        appliedTwice: string[];
        duplicatedNotifications: Record<string, string[]>;
        missedEscalations: string[];
        earlyEscalations: string[];
        storeTemporalDisagreements: string[];
        figures: { commandsChecked: number; escalationsChecked: number; notificationsChecked: number };
      };
    };
    // What the soak printed (its table, each finding, the processes' error lines) shows in the failure.
    if (!report.passed) console.log(outcome.stdout.slice(-8_000));
    const { findings } = report;
    expect(report.faults.injected).toEqual(report.faults.planned);
    expect(Object.values(report.faults.processKills).reduce((sum, kills) => sum + kills, 0)).toBeGreaterThanOrEqual(4);
    expect(report.deals.finished).toBe(report.sizes.deals);
    expect(Object.values(report.deals.byPath).every((count) => count > 0)).toBe(true);
    expect(findings.figures.commandsChecked).toBeGreaterThan(50);
    expect(findings.figures.escalationsChecked).toBeGreaterThan(0);
    expect(findings.figures.notificationsChecked).toBeGreaterThan(0);
    expect({
      lost: findings.lostCommands,
      twice: findings.appliedTwice,
      notifications: findings.duplicatedNotifications,
      missed: findings.missedEscalations,
      early: findings.earlyEscalations,
      disagreements: findings.storeTemporalDisagreements,
    }).toEqual({ lost: [], twice: [], notifications: { inApp: [], webhook: [], email: [] }, missed: [], early: [], disagreements: [] });
    expect(report.passed).toBe(true);
    expect(outcome.code).toBe(0);
  }, SOAK_BOUND_MS + 30_000);
});
