import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

/**
 * One product process (`npm run start:api` or `start:worker`, as an operator runs them) that the soak
 * can kill -9 and start again with the same configuration. Its output goes to a log file of its own.
 */
export class ProductProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly log: WriteStream;
  kills = 0;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    logDir: string,
    /** Resolves once the process serves (the API answers its health check; the worker polls). */
    private readonly ready: (process: ProductProcess, lines: AsyncIterable<string>) => Promise<void>,
  ) {
    this.log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [this.entry], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    const bounded = new AbortController();
    try {
      await Promise.race([
        this.ready(this, lines),
        delay(READY_TIMEOUT_MS, undefined, { signal: bounded.signal }).then(() => Promise.reject(new Error(`${this.name} was not ready within ${READY_TIMEOUT_MS} ms`))),
        this.exited.then(() => Promise.reject(new Error(`${this.name} exited before it was ready; see its log`))),
      ]);
    } finally {
      bounded.abort();
    }
  }

  /** kill -9: no shutdown hook runs, in-flight work is cut where it stands. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.kills += 1;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const bounded = new AbortController();
    const stopped = await Promise.race([this.exited.then(() => true), delay(STOP_GRACE_MS, false, { signal: bounded.signal }).catch(() => false)]);
    bounded.abort();
    if (!stopped) await this.kill();
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
}

/** Ready once GET /api/health answers 200 on the API's port. */
export function apiReady(port: number): (process: ProductProcess) => Promise<void> {
  return async (product) => {
    for (;;) {
      if (!product.running) throw new Error(`${product.name} exited`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await delay(200);
    }
  };
}

/** Ready once the worker says it polls its task queue. */
export async function workerReady(_process: ProductProcess, lines: AsyncIterable<string>): Promise<void> {
  for await (const line of lines) if (line.includes('worker polling task queue')) return;
}
