// A process the benchmark measures: the product's API, the product's worker, or a bare SDK worker.
// Run as a child (`node dist/bench/agent.js <role>`) it reports its CPU and memory over IPC, so the
// figures are not polluted by the harness; the smoke spec starts the same roles in its own process.
import 'reflect-metadata';
import { getHeapStatistics } from 'node:v8';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createApiApp } from '@app/api';
import { loadConfig } from '@app/config';
import { Store } from '@app/store';
import { createWorkerApp } from '@app/worker';

export const AGENT_ROLES = ['product-api', 'product-worker', 'baseline-worker'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** Variables of the bench itself, beside the product's own configuration variables. */
export const AGENT_ENV = {
  productBundle: 'BENCH_PRODUCT_WORKFLOW_BUNDLE',
  baselineBundle: 'BENCH_BASELINE_WORKFLOW_BUNDLE',
  maxLifetimeMs: 'BENCH_AGENT_MAX_LIFETIME_MS',
} as const;

export interface AgentInfo {
  /** HTTP port of the API role on 127.0.0.1. */
  port?: number;
  heapLimitMiB: number;
  /** What the SDK's default cache size comes to in this process (reuseV8Context formula of SDK 1.24). */
  defaultMaxCachedWorkflows: number;
}

export interface RunningRole {
  info: AgentInfo;
  stop(): Promise<void>;
}

export interface ProcessUsage {
  /** User plus system CPU time of the whole process (all threads), microseconds. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
}

export type AgentRequest = { id: number; command: 'usage'; gc?: boolean } | { id: number; command: 'stop' };
export type AgentMessage =
  | { type: 'ready'; info: AgentInfo }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; usage?: ProcessUsage; error?: string };

export function processUsage(): ProcessUsage {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed };
}

function baseInfo(): AgentInfo {
  const heapLimitMiB = getHeapStatistics().heap_size_limit / (1024 * 1024);
  return { heapLimitMiB: Math.round(heapLimitMiB), defaultMaxCachedWorkflows: Math.max(Math.floor((Math.max(heapLimitMiB - 200, 0) * 600) / 1024), 10) };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Starts one role with the product's own factories; `env` is the product configuration it runs with. */
export async function startRole(role: AgentRole, env: NodeJS.ProcessEnv): Promise<RunningRole> {
  switch (role) {
    case 'product-api': {
      const app = await createApiApp(loadConfig(env));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      if (address === null || typeof address === 'string') throw new Error(`unexpected API address ${String(address)}`);
      return { info: { ...baseInfo(), port: address.port }, stop: () => app.close() };
    }
    case 'product-worker': {
      const bundle = env[AGENT_ENV.productBundle];
      const app = await createWorkerApp(loadConfig(env), bundle ? { workflowBundle: { codePath: bundle } } : undefined);
      return { info: baseInfo(), stop: () => app.close() };
    }
    case 'baseline-worker': {
      const connection = await NativeConnection.connect({ address: required(env, 'TEMPORAL_ADDRESS') });
      // The recording baseline writes to the product's own store, one row per Update.
      const store = await Store.open(loadConfig(env).store);
      const worker = await Worker.create({
        connection,
        namespace: env.TEMPORAL_NAMESPACE ?? 'default',
        taskQueue: required(env, 'TEMPORAL_TASK_QUEUE'),
        workflowBundle: { codePath: required(env, AGENT_ENV.baselineBundle) },
        activities: {
          writeRow: async ({ key, sequence }: { key: string; sequence: number }) => {
            await store.db
              .insertInto('deal_events')
              .values({ deal_id: key, sequence, type: 'BenchRow', at: new Date().toISOString(), actor: 'bench', data: '{}' })
              .onConflict((conflict) => conflict.columns(['deal_id', 'sequence']).doNothing())
              .execute();
          },
        },
      });
      const running = worker.run();
      return {
        info: baseInfo(),
        stop: async () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running.catch(() => undefined);
          await connection.close();
          await store.close();
        },
      };
    }
  }
}

/** Child-process entry: start the role, answer usage requests, stop on request, on losing the parent, or at the lifetime bound. */
async function main(): Promise<void> {
  const role = process.argv[2] as AgentRole;
  const send = (message: AgentMessage): void => void process.send?.(message);
  if (!AGENT_ROLES.includes(role) || !process.send) {
    console.error(`usage: agent.js <${AGENT_ROLES.join('|')}> (forked with an IPC channel)`);
    process.exit(2);
  }
  // The product worker installs its own runtime logger; a bare worker gets a quiet one.
  if (role === 'baseline-worker') Runtime.install({ logger: new DefaultLogger('WARN') });

  let running: RunningRole | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(code || 1), 15_000);
    await running?.stop().catch((error: unknown) => console.error(`${role}: stopping failed:`, error));
    clearTimeout(forced);
    process.exit(code);
  };
  process.on('disconnect', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const lifetime = Number(process.env[AGENT_ENV.maxLifetimeMs] ?? 3_600_000);
  setTimeout(() => {
    console.error(`${role}: lifetime of ${lifetime} ms reached, stopping`);
    void stop(3);
  }, lifetime).unref();

  process.on('message', (raw: AgentRequest) => {
    if (raw.command === 'stop') {
      send({ type: 'reply', id: raw.id });
      void stop(0);
      return;
    }
    if (raw.gc) (globalThis as { gc?: () => void }).gc?.();
    send({ type: 'reply', id: raw.id, usage: processUsage() });
  });

  try {
    running = await startRole(role, process.env);
    send({ type: 'ready', info: running.info });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    await stop(1);
  }
}

if (require.main === module) void main();
