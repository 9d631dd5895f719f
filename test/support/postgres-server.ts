import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findFreePort } from '@app/temporal-cli';

const run = promisify(execFile);

export interface RunningPostgres {
  /** postgres://… of a fresh database on 127.0.0.1. */
  url: string;
  stop(): Promise<void>;
  /** Stops the server, runs `whileDown`, and starts it again on the same port and data. */
  restart(whileDown: () => Promise<void>): Promise<void>;
}

/** Debian's PostgreSQL binaries (package `postgresql`), or PG_BIN when set. */
export function postgresBinaries(): string {
  const candidates = [
    process.env.PG_BIN,
    ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse().map((version) => `/usr/lib/postgresql/${version}/bin`) : []),
  ].filter((dir): dir is string => dir !== undefined);
  const found = candidates.find((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set PG_BIN to its bin directory)');
  return found;
}

/** PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A real PostgreSQL server of its own for a spec: a fresh cluster in a temporary directory, listening on
 * loopback only, stopped (and its files removed) by `stop`. `restart` stops the server and, once
 * `whileDown` has run, starts it again on the same port and data, as an operator's restart would.
 * Startup is bounded by `timeoutMs`.
 */
export async function startPostgres({ timeoutMs = 30_000 } = {}): Promise<RunningPostgres> {
  const bin = postgresBinaries();
  const user = await serverUser();
  const dir = await mkdtemp(join(tmpdir(), 'groundwork-pg-'));
  const dataDir = join(dir, 'data');
  if (user) await chown(dir, user.uid, user.gid);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'groundwork', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { ...asUser, timeout: timeoutMs });
  const port = await findFreePort();
  const url = `postgres://groundwork@127.0.0.1:${port}/postgres`;
  let output = '';
  let server: ChildProcess;

  const shutDown = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGINT'); // "fast" shutdown
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  };
  const stop = async (): Promise<void> => {
    await shutDown();
    await rm(dir, { recursive: true, force: true });
  };
  const boot = async (): Promise<void> => {
    server = spawn(
      join(bin, 'postgres'),
      ['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=50'],
      { ...asUser, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    server.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (server.exitCode !== null || Date.now() > deadline) {
          await stop();
          throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  await boot();
  return {
    url,
    stop,
    async restart(whileDown: () => Promise<void>) {
      await shutDown();
      await whileDown();
      await boot();
    },
  };
}
