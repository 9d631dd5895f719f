import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import {
  compareSearchAttributes,
  searchAttributeConflictError,
  SearchAttributeConflictError,
  type IndexedValueType,
  type SearchAttributeTypeName,
} from '@app/temporal';

export interface DevServerOptions {
  cliPath: string;
  /** Front-end gRPC port. */
  port: number;
  /** Web UI port; omitted runs the server headless. */
  uiPort?: number;
  /** SQLite file that keeps state across restarts; omitted keeps everything in memory. */
  dbFile?: string;
  /** `PRAGMA=VALUE` settings for the SQLite file; defaults to DURABLE_SQLITE_PRAGMAS. */
  sqlitePragmas?: readonly string[];
  namespace: string;
  searchAttributes: Record<string, SearchAttributeTypeName>;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Address the front end (and UI) bind to; defaults to 127.0.0.1. */
  ip?: string;
  /** Receives every stdout/stderr line of the server; by default they are only kept for error messages. */
  log?: (line: string) => void;
}

export interface RunningDevServer {
  /** `host:port` of the gRPC front end, for `Connection.connect({ address })`. */
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL if the server has not exited within 10 s. Safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const READY_POLL_INTERVAL_MS = 250;
// Short, so a probe against a not-yet-listening port fails fast and we notice an early exit.
const PROBE_CONNECT_TIMEOUT_MS = 1_000;
const PROBE_CALL_TIMEOUT_MS = 5_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_DRAIN_MS = 1_000;
const OUTPUT_TAIL_LINES = 40;

/**
 * Write-ahead logging instead of SQLite's rollback journal: a commit is one append and one fsync rather
 * than journal, database and directory syncs. `synchronous=full` keeps every committed transaction
 * across a power loss, as the rollback journal did.
 */
export const DURABLE_SQLITE_PRAGMAS: readonly string[] = ['journal_mode=wal', 'synchronous=full'];

/**
 * Starts `temporal server start-dev` and resolves once it accepts connections, the namespace exists and
 * the search attributes are registered with the requested types.
 */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const address = hostPort(ip, options.port);
  if (options.dbFile) await mkdir(dirname(resolve(options.dbFile)), { recursive: true });

  const child = spawn(options.cliPath, devServerArgs(options, ip), { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput([child.stdout, child.stderr], options.log);
  const exit = watchExit(child);
  const stop = (): Promise<void> => stopProcess(child, exit);

  try {
    await waitUntilReady(address, options, exit, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    ...(options.uiPort === undefined ? {} : { uiUrl: `http://${hostPort(ip, options.uiPort)}` }),
    process: child,
    stop,
  };
}

/** A port that was free a moment ago on 127.0.0.1 (another process may still grab it before you do). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const bound = server.address();
  await new Promise<void>((resolveClose, rejectClose) =>
    server.close((error) => (error ? rejectClose(error) : resolveClose())),
  );
  if (bound === null || typeof bound === 'string') throw new Error(`unexpected listening address ${String(bound)}`);
  return bound.port;
}

function devServerArgs(options: DevServerOptions, ip: string): string[] {
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port)];
  args.push(...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.dbFile) {
    args.push('--db-filename', resolve(options.dbFile));
    for (const pragma of options.sqlitePragmas ?? DURABLE_SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  args.push('--namespace', options.namespace, '--log-level', options.logLevel ?? 'warn');
  for (const [name, type] of Object.entries(options.searchAttributes)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  return args;
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

interface CapturedOutput {
  tail(): string;
  /** Settles once both output streams have ended. */
  drained: Promise<unknown>;
}

function captureOutput(streams: Readable[], log: ((line: string) => void) | undefined): CapturedOutput {
  const recentLines: string[] = [];
  const streamsClosed = streams.map((stream) => {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      recentLines.push(line);
      if (recentLines.length > OUTPUT_TAIL_LINES) recentLines.shift();
      log?.(line);
    });
    return once(lines, 'close');
  });
  return { tail: () => recentLines.join('\n'), drained: Promise.all(streamsClosed) };
}

interface ExitWatch {
  /** Resolves with a description of how the process ended (including failure to spawn). */
  ended: Promise<string>;
  hasEnded(): boolean;
}

function watchExit(child: ChildProcess): ExitWatch {
  let ended = false;
  const endedPromise = new Promise<string>((resolveEnded) => {
    child.once('exit', (code, signal) => resolveEnded(signal ? `killed by ${signal}` : `exit code ${code}`));
    child.once('error', (error) => resolveEnded(`could not run: ${error.message}`));
  }).finally(() => {
    ended = true;
  });
  return { ended: endedPromise, hasEnded: () => ended };
}

async function waitUntilReady(
  address: string,
  options: DevServerOptions,
  exit: ExitWatch,
  output: CapturedOutput,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = 'no attempt finished';
  while (Date.now() < deadline) {
    if (exit.hasEnded()) {
      await withTimeout(output.drained, OUTPUT_DRAIN_MS);
      throw new Error(
        `temporal server start-dev stopped before it was ready (${await exit.ended}). Last output:\n${output.tail()}`,
      );
    }
    try {
      const registered = await readRegisteredSearchAttributes(address, options.namespace);
      const { missing, conflicts } = compareSearchAttributes(registered, options.searchAttributes);
      // A persisted db keeps an attribute's first type and silently ignores a different one on the command line.
      if (conflicts.length > 0) throw searchAttributeConflictError(options.namespace, conflicts, options.dbFile);
      if (missing.length === 0) return;
      lastProblem = `search attributes not registered yet: ${missing.join(', ')}`;
    } catch (error) {
      if (error instanceof SearchAttributeConflictError) throw error;
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await Promise.race([sleep(READY_POLL_INTERVAL_MS), exit.ended]);
  }
  throw new Error(
    `Temporal dev server at ${address} was not ready within ${READY_TIMEOUT_MS / 1000} s ` +
      `(last problem: ${lastProblem}). Last output:\n${output.tail()}`,
  );
}

/** Fails until the front end answers and the namespace exists. */
async function readRegisteredSearchAttributes(
  address: string,
  namespace: string,
): Promise<Record<string, IndexedValueType>> {
  const connection = await Connection.connect({ address, connectTimeout: PROBE_CONNECT_TIMEOUT_MS });
  try {
    return await connection.withDeadline(Date.now() + PROBE_CALL_TIMEOUT_MS, async () => {
      await connection.workflowService.describeNamespace({ namespace });
      return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes;
    });
  } finally {
    await connection.close();
  }
}

async function stopProcess(child: ChildProcess, exit: ExitWatch): Promise<void> {
  if (exit.hasEnded()) return;
  child.kill('SIGTERM');
  if ((await withTimeout(exit.ended, STOP_GRACE_MS)) === TIMED_OUT) {
    child.kill('SIGKILL');
    await exit.ended;
  }
}

const TIMED_OUT = Symbol('timed out');

/** Like Promise.race with a timer, but clears the timer so it never keeps the process alive. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<typeof TIMED_OUT>((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout(TIMED_OUT), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
