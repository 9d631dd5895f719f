// The harness's handle on a measured process: a forked child (the bench) or the same role in this
// process (the smoke spec, where jest runs TypeScript and nothing is forked).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  AGENT_ENV,
  processUsage,
  startRole,
  type AgentInfo,
  type AgentMessage,
  type AgentRequest,
  type AgentRole,
  type ProcessUsage,
} from './agent';

export type AgentMode = 'fork' | 'in-process';

export interface Agent {
  role: AgentRole;
  /** The process to watch in /proc (this process for in-process agents). */
  pid: number;
  info: AgentInfo;
  usage(options?: { gc?: boolean }): Promise<ProcessUsage>;
  /** Failed activities and errors the process logged so far, by kind (a forked agent's output only). */
  problems(): Map<string, number>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 90_000;
const REPLY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 20_000;
/** An agent's output goes to the harness's stderr, this many lines at most, so a failure is visible. */
const OUTPUT_LINES_SHOWN = Number(process.env.BENCH_AGENT_OUTPUT_LINES ?? 20);

export async function startAgent(mode: AgentMode, role: AgentRole, env: NodeJS.ProcessEnv, label: string): Promise<Agent> {
  return mode === 'fork' ? forkAgent(role, env, label) : inProcessAgent(role, env);
}

async function inProcessAgent(role: AgentRole, env: NodeJS.ProcessEnv): Promise<Agent> {
  const running = await startRole(role, env);
  return {
    role,
    pid: process.pid,
    info: running.info,
    usage: () => Promise.resolve(processUsage()),
    problems: () => new Map(),
    stop: () => running.stop(),
  };
}

function forkAgent(role: AgentRole, env: NodeJS.ProcessEnv, label: string): Promise<Agent> {
  const child = fork(join(__dirname, 'agent.js'), [role], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    execArgv: ['--expose-gc', ...profilerFlags(role)],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const problems = forwardOutput(label, [child.stdout!, child.stderr!]);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`));
    child.once('error', (error) => resolve(`could not run: ${error.message}`));
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (message: AgentMessage & { type: 'reply' }) => void; reject: (error: Error) => void }>();
  child.on('message', (message: AgentMessage) => {
    if (message.type !== 'reply') return;
    pending.get(message.id)?.resolve(message);
    pending.delete(message.id);
  });
  void exited.then((how) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${label} ended (${how})`));
    pending.clear();
  });

  const request = (body: Omit<AgentRequest, 'id'>): Promise<AgentMessage & { type: 'reply' }> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${label} did not answer ${body.command} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      pending.set(id, {
        resolve: (message) => (clearTimeout(timer), resolve(message)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      child.send({ ...body, id });
    });

  const agent = (info: AgentInfo): Agent => ({
    role,
    pid: child.pid!,
    info,
    usage: async (options = {}) => {
      const reply = await request({ command: 'usage', ...(options.gc ? { gc: true } : {}) });
      if (!reply.usage) throw new Error(`${label}: ${reply.error ?? 'no usage in reply'}`);
      return reply.usage;
    },
    problems: () => new Map(problems),
    stop: () => stopChild(child, exited, () => request({ command: 'stop' })),
  });

  return new Promise<Agent>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child, exited, null);
      reject(new Error(`${label} was not ready within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.on('message', (message: AgentMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(agent(message.info));
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${label} failed to start: ${message.message}`));
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${label} ended before it was ready (${how})`));
    });
  });
}

/**
 * BENCH_CPU_PROF=<role>[,<role>] writes V8 CPU profiles of those agents to BENCH_CPU_PROF_DIR (default
 * bench/profiles), for finding where a figure's time goes; open them in Chrome DevTools or speedscope.
 */
function profilerFlags(role: AgentRole): string[] {
  const roles = (process.env.BENCH_CPU_PROF ?? '').split(',').map((each) => each.trim());
  if (!roles.includes(role)) return [];
  // One directory per role: V8 names each thread's profile (workflow threads included) by pid and thread.
  return ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_CPU_PROF_DIR ?? join(__dirname, '..', '..', 'bench', 'profiles'), role)}`];
}

/** Asks the child to stop, then SIGTERM, then SIGKILL; resolves once it has exited. */
async function stopChild(child: ChildProcess, exited: Promise<string>, ask: (() => Promise<unknown>) | null): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  if (ask && child.connected) await ask().catch(() => undefined);
  if (await within(STOP_TIMEOUT_MS)) return;
  child.kill('SIGTERM');
  if (await within(5_000)) return;
  child.kill('SIGKILL');
  await exited;
}

/**
 * Shows the first lines of an agent's output on stderr and counts what went wrong in all of it: each
 * failed activity by type and cause (the SDK logs them as multi-line objects), and error lines.
 */
function forwardOutput(label: string, streams: Readable[]): Map<string, number> {
  const problems = new Map<string, number>();
  const count = (kind: string) => problems.set(kind, (problems.get(kind) ?? 0) + 1);
  let shown = 0;
  let failedActivity: { type?: string } | null = null;
  for (const stream of streams) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      shown += 1;
      if (shown <= OUTPUT_LINES_SHOWN) process.stderr.write(`[${label}] ${line}\n`);
      else if (shown === OUTPUT_LINES_SHOWN + 1) process.stderr.write(`[${label}] (further output not shown; problems are counted in the report)\n`);
      if (line.includes('Activity failed')) {
        failedActivity = {};
        return;
      }
      if (failedActivity) {
        const type = /activityType: '([^']+)'/.exec(line);
        if (type) failedActivity.type = type[1];
        const cause = /cause: (?:\w*Error: )?(.*)$/.exec(line);
        if (cause) {
          count(`activity ${failedActivity.type ?? '?'} failed: ${cause[1]!.slice(0, 120)}`);
          failedActivity = null;
        } else if (/^\s*}\s*$/.test(line)) {
          count(`activity ${failedActivity.type ?? '?'} failed`);
          failedActivity = null;
        }
        return;
      }
      if (/\bERROR\b|\[ERROR\]|"level":50/.test(line)) count(`error logged: ${line.replace(/^.*?(ERROR)/, '$1').slice(0, 120)}`);
    });
  }
  return problems;
}

export { AGENT_ENV };
