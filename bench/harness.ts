// The benchmark's core, independent of how it is started: `bench/run.ts` runs it against its own dev
// server with forked processes; the smoke spec runs it in-process against the test server.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { DURABLE_SQLITE_PRAGMAS, findFreePort, startDevServer } from '@app/temporal-cli';
import { DealRecords, Store } from '@app/store';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';
import { AGENT_ENV, startAgent, type Agent, type AgentMode } from './agents';
import type { AgentRole } from './agent';
import {
  FIGURE_IDS,
  meets,
  type BaselineWorker,
  type BenchContext,
  type Figure,
  type FigureId,
  type FigureRow,
  type ProductStack,
  type StartApi,
  type TemporalKind,
  type TemporalServer,
} from './context';
import { durability } from './figures/durability';
import { inbox } from './figures/inbox';
import { lifecycle } from './figures/lifecycle';
import { startThroughput } from './figures/start-throughput';
import { taskCompletion } from './figures/task-completion';
import { timerLateness } from './figures/timer-lateness';
import { workerResources } from './figures/worker-resources';
import { workflowOverhead } from './figures/workflow-overhead';
import { ApiClient } from './http';
import { settle } from './proc';
import { summarize, type BenchReport, type FigureStatus } from './report';
import type { Sizes } from './sizes';
import { ratio } from './stats';
import { writeBenchUsers } from './users';

/** In the order they run: the durability tax early, before the main database has grown; the inbox's large seeding last. */
export const FIGURES: Record<FigureId, Figure> = {
  'start-throughput': startThroughput,
  durability,
  'task-completion': taskCompletion,
  'workflow-overhead': workflowOverhead,
  'worker-resources': workerResources,
  'timer-lateness': timerLateness,
  lifecycle,
  inbox,
};

export interface HarnessOptions {
  mode: string;
  sizes: Sizes;
  only?: FigureId[];
  /** The Temporal dev server the figures run against. */
  server: TemporalServer;
  /** The `temporal` binary, for the durability figure's second server. */
  cliPath: string;
  productBundle: string;
  baselineBundle: string;
  agentMode: AgentMode;
  /** Scratch space for the users file and a second server's database; the caller removes it. */
  workDir: string;
  /** Figures should be done by this moment (epoch ms): one that would not is reported as not measured, one that overruns stops between rounds. */
  deadline: number;
  log?: (line: string) => void;
}

export class BudgetSpent extends Error {
  override name = 'BudgetSpent';
}

/** Bundles the baseline workflows once, like the product's build does for its own. */
export async function bundleBaselineWorkflows(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/workflows'), logger: new DefaultLogger('WARN') });
  await writeFile(outFile, code);
  return outFile;
}

/**
 * The file-backed server's SQLite settings: the product's own unless BENCH_SQLITE_PRAGMAS lists others
 * (comma-separated; `sqlite-defaults` for none), to measure what a setting is worth.
 */
export function benchSqlitePragmas(): readonly string[] {
  const listed = process.env.BENCH_SQLITE_PRAGMAS;
  if (listed === undefined) return DURABLE_SQLITE_PRAGMAS;
  return listed === 'sqlite-defaults' ? [] : listed.split(',').map((pragma) => pragma.trim()).filter(Boolean);
}

/** Starts a dev server of the given kind on a free loopback port. */
export async function startBenchServer(cliPath: string, kind: TemporalKind, dbFile: string): Promise<TemporalServer> {
  const server = await startDevServer({
    cliPath,
    port: await findFreePort(),
    ...(kind === 'file' ? { dbFile, sqlitePragmas: benchSqlitePragmas() } : {}),
    namespace: 'default',
    searchAttributes: DEAL_SEARCH_ATTRIBUTES,
  });
  return { address: server.address, kind, ...(server.process.pid === undefined ? {} : { pid: server.process.pid }), stop: () => server.stop() };
}

function sqliteSettings(): string {
  const pragmas = benchSqlitePragmas();
  return pragmas.length === 0 ? ', SQLite defaults' : `, ${pragmas.join(', ')}`;
}

export async function runBench(options: HarnessOptions): Promise<BenchReport> {
  const startedAt = new Date();
  const log = options.log ?? (() => undefined);
  const { sizes } = options;
  const runId = randomUUID().slice(0, 8);
  const users = await writeBenchUsers(options.workDir, Math.max(sizes.concurrency, 1));
  const rows: FigureRow[] = [];
  const notes: BenchReport['notes'] = [];
  const statuses: FigureStatus[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const stopLast: Agent[] = [];

  // Every product process of the run shares one durable record, as API and worker do on one machine.
  const storeDir = join(options.workDir, 'store');
  const agentEnv = (server: TemporalServer, taskQueue: string): NodeJS.ProcessEnv => ({
    GROUNDWORK_DATA_DIR: storeDir,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_MODE: 'dev',
    AUTH_DEV_USERS_FILE: users.file,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    [AGENT_ENV.productBundle]: options.productBundle,
    [AGENT_ENV.baselineBundle]: options.baselineBundle,
    [AGENT_ENV.maxLifetimeMs]: String(Math.max(options.deadline - Date.now(), 0) + 10 * 60_000),
  });
  const agent = (role: AgentRole, server: TemporalServer, taskQueue: string) => startAgent(options.agentMode, role, agentEnv(server, taskQueue), `${role} ${taskQueue}`);

  const startProductStack = async (server: TemporalServer, taskQueue: string): Promise<ProductStack> => {
    const [worker, api] = await Promise.all([agent('product-worker', server, taskQueue), agent('product-api', server, taskQueue)]);
    const http = new ApiClient(`http://127.0.0.1:${api.info.port}`, Math.max(sizes.concurrency * 2, 8));
    return {
      api,
      worker,
      http,
      taskQueue,
      server,
      stop: async () => {
        await http.close().catch(() => undefined);
        await Promise.all([api.stop(), worker.stop()]);
      },
    };
  };
  const startApis = new Map<string, Promise<StartApi>>();
  const startApi = (server: TemporalServer): Promise<StartApi> => {
    let started = startApis.get(server.address);
    if (!started) {
      const taskQueue = `bench-${runId}-starts`;
      // A start answers once the deal's first record is written, so a worker of its own serves the queue.
      started = Promise.all([agent('product-api', server, taskQueue), agent('product-worker', server, taskQueue)]).then(([api, worker]) => ({
        agent: api,
        worker,
        http: new ApiClient(`http://127.0.0.1:${api.info.port}`, Math.max(sizes.concurrency * 2, 8)),
        taskQueue,
      }));
      startApis.set(server.address, started);
      cleanups.push(() => stopApi(server));
    }
    return started;
  };
  const stopApi = async (server: TemporalServer): Promise<void> => {
    const started = startApis.get(server.address);
    startApis.delete(server.address);
    const { agent: api, worker, http } = (await started?.catch(() => undefined)) ?? {};
    await http?.close().catch(() => undefined);
    await Promise.all([api?.stop(), worker?.stop()]);
  };
  let second: Promise<TemporalServer> | undefined;
  const secondServer = (): Promise<TemporalServer> =>
    (second ??= startBenchServer(options.cliPath, options.server.kind === 'file' ? 'memory' : 'file', join(options.workDir, 'temporal-second.db')));
  const releaseSecondServer = async (): Promise<void> => {
    const server = await second?.catch(() => undefined);
    second = undefined;
    if (!server) return;
    await stopApi(server).catch(() => undefined);
    await server.stop();
  };
  cleanups.push(releaseSecondServer);
  const startBaselineWorker = async (taskQueue: string): Promise<BaselineWorker> => {
    const worker = await agent('baseline-worker', options.server, taskQueue);
    return { agent: worker, taskQueue, stop: () => worker.stop() };
  };

  const connection = await Connection.connect({ address: options.server.address });
  cleanups.push(() => connection.close());
  const store = await Store.open({ databaseUrl: undefined, sqliteFile: join(storeDir, 'groundwork.db') });
  cleanups.push(() => store.close());
  try {
    const client = new Client({ connection });
    log('starting the product (API and worker) and a bare SDK worker…');
    const figures = FIGURE_IDS.filter((id) => !options.only || options.only.includes(id));
    // What the start figures need comes up beside the product, rather than in their own time.
    const early: Promise<unknown>[] = [];
    if (figures.includes('start-throughput') || figures.includes('durability')) early.push(startApi(options.server));
    if (figures.includes('durability')) early.push(secondServer().then((server) => startApi(server)));
    // In one process the product's worker must come first: it installs the SDK runtime with its logger.
    const product = await startProductStack(options.server, `bench-${runId}-product`);
    const baseline = await startBaselineWorker(`bench-${runId}-baseline`);
    cleanups.push(() => product.stop(), () => baseline.stop());
    stopLast.push(product.worker, product.api, baseline.agent);
    await Promise.allSettled(early);

    for (const id of figures) {
      const figure = FIGURES[id];
      const started = Date.now();
      const estimate = figure.estimateMs(sizes);
      if (started + estimate > options.deadline) {
        const left = Math.max(Math.round((options.deadline - started) / 1000), 0);
        statuses.push({ id, title: figure.title, status: 'not measured', reason: `it takes about ${Math.round(estimate / 1000)} s and ${left} s of the time budget were left`, seconds: 0 });
        log(`${id}: not measured, about ${Math.round(estimate / 1000)} s needed and ${left} s left`);
        continue;
      }
      log(`${id}: ${figure.title}`);
      const before = rows.length;
      const mainAgents = [product.api, product.worker, baseline.agent];
      const problemsBefore = mainAgents.map((each) => each.problems());
      const settling = { times: 0, unsettled: 0 };
      const quiet = async (agents: Agent[] = mainAgents, extraPids: number[] = [], maxMs: number) => {
        const pids = [...(options.server.pid === undefined ? [] : [options.server.pid]), ...agents.map((each) => each.pid), ...extraPids];
        const { settled } = await settle(pids, { maxMs });
        settling.times += 1;
        if (!settled) settling.unsettled += 1;
        return settled;
      };
      const ctx: BenchContext = {
        sizes,
        agentMode: options.agentMode,
        client,
        records: new DealRecords(store),
        server: options.server,
        product,
        baseline,
        users,
        runId,
        startProductStack: (server, taskQueue) => startProductStack(server, taskQueue),
        startProductWorker: (taskQueue) => agent('product-worker', options.server, taskQueue),
        startBaselineWorker,
        secondServer,
        releaseSecondServer,
        startApi,
        stopApi,
        settle: async (agents, extraPids) => void (await quiet(agents, extraPids, sizes.settleMaxMs)),
        drain: (agents, extraPids, maxMs = sizes.drainMaxMs) => quiet(agents, extraPids, maxMs),
        checkBudget: (what) => {
          if (Date.now() > options.deadline) throw new BudgetSpent(`the time budget was spent before ${what}`);
        },
        record: (row) => {
          const value = row.ratio === undefined ? ratio(row.product, row.baseline) : row.ratio;
          const full: FigureRow = { ...row, ratio: value, met: meets(row.target, row.product, value) };
          rows.push(full);
          log(`  ${row.name} round ${row.round}: product ${full.product.toFixed(2)} ${row.unit}, baseline ${full.baseline.toFixed(2)}, ratio ${value === null ? '—' : value.toFixed(2)}`);
          return full;
        },
        note: (text) => {
          notes.push({ figure: id, text });
          log(`  note: ${text}`);
        },
        log,
      };
      try {
        await figure.run(ctx);
        statuses.push({ id, title: figure.title, status: 'measured', seconds: (Date.now() - started) / 1000 });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const partial = rows.length > before;
        statuses.push({ id, title: figure.title, status: partial ? 'partial' : error instanceof BudgetSpent ? 'not measured' : 'failed', reason, seconds: (Date.now() - started) / 1000 });
        log(`  ${id} ${partial ? 'stopped early' : 'failed'}: ${reason}`);
      }
      if (settling.unsettled > 0) {
        ctx.note(`the server and workers had not gone quiet within the bound (${sizes.settleMaxMs} ms between measurements, ${sizes.drainMaxMs} ms after setups) ${settling.unsettled} of ${settling.times} times; what followed ran on their backlog`);
      }
      mainAgents.forEach((each, index) => {
        for (const [problem, total] of each.problems()) {
          const added = total - (problemsBefore[index]!.get(problem) ?? 0);
          if (added > 0) ctx.note(`${each.role} logged ${added} × ${problem}`);
        }
      });
    }
  } finally {
    // A worker stopping with activities in flight waits for them, and an activity that queries an inbox
    // this same worker serves then waits for its query to time out: let the backlog finish first.
    await settle([...(options.server.pid === undefined ? [] : [options.server.pid]), ...stopLast.map((each) => each.pid)], { maxMs: Math.min(Math.max(sizes.drainMaxMs, 3_000), 15_000) });
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  }

  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: options.mode,
    sizes,
    environment: {
      cpus: cpus().length,
      memoryMiB: Math.round(totalmem() / 2 ** 20),
      node: process.version,
      platform: process.platform,
      temporal: options.server.kind === 'file' ? `dev server, file-backed (SQLite${sqliteSettings()})` : 'dev server, in memory',
      agents: options.agentMode,
    },
    figures: statuses,
    summary: summarize(rows),
    rows,
    notes,
  };
}
