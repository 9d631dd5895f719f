import { execFile } from 'node:child_process';
import { access, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '@app/temporal-cli';

export const SCHEMATHESIS_VERSION = '4.32.5';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * The `schemathesis` CLI from PyPI, pinned, in a virtual environment under tools/ (or
 * `$SCHEMATHESIS_PATH`). A marker written last tells a finished install from an interrupted one.
 */
export async function ensureSchemathesis(log: (line: string) => void = () => undefined): Promise<string> {
  if (process.env.SCHEMATHESIS_PATH) return process.env.SCHEMATHESIS_PATH;
  const venv = join(await findRepoRoot(), 'tools', `schemathesis-${SCHEMATHESIS_VERSION}`);
  const executable = join(venv, 'bin', 'schemathesis');
  const marker = join(venv, '.installed');
  try {
    await access(marker);
    return executable;
  } catch {
    // not installed yet, or an install was interrupted: start afresh
  }
  log(`Installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${venv}`);
  await rm(venv, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', venv], { timeout: INSTALL_TIMEOUT_MS });
  await run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], {
    timeout: INSTALL_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  await writeFile(marker, `${SCHEMATHESIS_VERSION}\n`);
  return executable;
}
