import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureSchemathesis } from './support/schemathesis';
import { ownWorld, type OwnWorld } from './support/own-world';
import { TestApp } from './support/test-app';

const CONFIG = join(__dirname, 'schemathesis', 'schemathesis.toml');
/** Fixed, so a failure found in CI is found again on a developer's machine. */
const SEED = '20261201';

/**
 * One user per role: each sees other answers (403s, 404s, what they may do). The coverage phase (the
 * schema's boundary values, which the validation answers alike for every role) runs once, as the
 * programme manager, who may do the most; every role gets the examples, fuzzing and stateful phases.
 */
const ALL_PHASES = 'examples,coverage,fuzzing,stateful';
const ROLES = [
  ['programme-manager', 'pm.paula', ALL_PHASES],
  ['director', 'dir.dana', 'examples,fuzzing,stateful'],
  ['middle-manager', 'mm.mark', 'examples,fuzzing,stateful'],
  ['operational', 'op.otto', 'examples,fuzzing,stateful'],
  ['advisor', 'adv.ada', 'examples,fuzzing,stateful'],
] as const;

describe('the OpenAPI document is true, checked by schemathesis with all its checks', () => {
  let own: OwnWorld;
  let app: TestApp;
  let api: string;
  let schemathesis: string;

  beforeAll(async () => {
    schemathesis = await ensureSchemathesis((line) => console.log(line));
    // A Temporal server of its own: the fuzzer lists deals and follows them, so it must see only
    // the deals its own worker serves (another spec's deals, without their worker, answer 503).
    // A store of its own too: the fuzzer changes users' settings (e-mail, out of office) that other
    // specs rely on.
    own = await ownWorld('conformance');
    app = await TestApp.start({
      ...own.env,
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      TEMPORAL_WAIT_MS: '3000',
    });
    api = await app.listen();
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await own?.stop();
  });

  it.each(ROLES)('finds no failure as a %s (%s), 30 examples per operation, phases %s', async (_role, userId, phases) => {
    const token = await app.token(userId);
    const origin = new URL(api).origin;
    const args = [
      '--config-file', CONFIG, '--no-color',
      'run', `${api}/docs-json`, '--url', origin,
      '--header', `Authorization: Bearer ${token}`,
      '--checks', 'all', '--max-examples', '30', '--phases', phases, '--seed', SEED,
      '--request-timeout', '20', '--max-failures', '50',
      // No example database: the seed alone decides what is sent, run after run.
      '--generation-database', 'none',
    ];
    let output: string;
    try {
      ({ stdout: output } = await promisify(execFile)(schemathesis, args, { timeout: 480_000, maxBuffer: 64 * 1024 * 1024 }));
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`schemathesis found failures as ${userId}:\n${stdout.slice(-20_000)}\n${stderr.slice(-4_000)}`);
    }
    expect(output).toMatch(/No issues found|passed/);
  }, 600_000);
});
