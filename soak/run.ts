// `npm run soak [-- --quick] [-- --out <dir>]`: the product as separate processes — two APIs, two
// workers, a Temporal dev server, PostgreSQL, TCP fault proxies between them — driven by simulated
// users through every path while faults are injected; then every deal is checked against the users'
// own log. Loopback only, bounded in time and count; writes soak/results/<date>.json and a table.
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { repoRoot } from '@app/config';
import { ensureTemporalCli, findFreePort, startDevServer, type RunningDevServer } from '@app/temporal-cli';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';
import { startPostgres } from '../test/support/postgres-server';
import { checkSoak, type SoakFindings } from './checks';
import { FaultProxy } from './fault-proxy';
import { ProductProcess, apiReady, workerReady } from './processes';
import { SmtpReceiver, WebhookReceiver, emailDeliveries } from './receivers';
import { PATHS, climbsDue, runDeal, soakRunId, type DealRun } from './scenario';
import { until } from './until';
import { Users } from './users';

interface SoakSizes {
  deals: number;
  /** Deals driven at once, each by its own people. */
  concurrency: number;
  faults: { workerKills: number; workerKillsAfterSideEffect: number; apiKills: number; temporalKills: number; postgresRestarts: number; proxyResets: number; latencySpells: number; refusals: number };
  /** Between one fault and the next: paced so the faults fall while the users are still at work. */
  faultEveryMs: number;
  /** The whole soak stops itself after this long, whatever is left. */
  boundMs: number;
}

const SIZES: Record<'quick' | 'full', SoakSizes> = {
  quick: {
    deals: 10,
    concurrency: 5,
    faults: { workerKills: 2, workerKillsAfterSideEffect: 1, apiKills: 1, temporalKills: 1, postgresRestarts: 1, proxyResets: 1, latencySpells: 1, refusals: 1 },
    faultEveryMs: 5_000,
    boundMs: 10 * 60_000,
  },
  full: {
    deals: 200,
    concurrency: 12,
    // 15 single kills and 5 moments right after a delivery that kill both workers: 25 worker kills.
    faults: { workerKills: 15, workerKillsAfterSideEffect: 5, apiKills: 5, temporalKills: 5, postgresRestarts: 2, proxyResets: 8, latencySpells: 6, refusals: 6 },
    faultEveryMs: 6_000,
    boundMs: 45 * 60_000,
  },
};

/** Long enough for incident clocks of 20 and 40 s to fall due while the server is down. */
const TEMPORAL_DOWN_MS = 25_000;
const POSTGRES_DOWN_MS = 5_000;
const LATENCY_MS = 150;
const LATENCY_SPELL_MS = 10_000;
const REFUSAL_MS = 3_000;
/** At most this long for clocks recorded late after a kill, beyond their due time. */
const SETTLE_MS = 150_000;

type FaultKind = keyof SoakSizes['faults'];

interface SoakReport {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  sizes: SoakSizes;
  environment: { cpus: number; memoryMiB: number; node: string };
  faults: { planned: Record<FaultKind, number>; injected: Record<FaultKind, number>; processKills: Record<string, number>; timersDueWhileTemporalDown: number; proxies: Record<string, FaultProxy['figures']> };
  deals: { started: number; finished: number; byPath: Record<string, number>; unfinished: { dealId: string; path: string; failure: string }[] };
  commands: Users['figures'];
  findings: SoakFindings;
  passed: boolean;
  wallSeconds: number;
}

function parse(): { quick: boolean; out: string } {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log('usage: npm run soak [-- --quick] [-- --out <dir>]');
    process.exit(0);
  }
  return { quick: values.quick, out: values.out ?? join(repoRoot(), 'soak', 'results') };
}

async function main(): Promise<number> {
  const launched = Date.now();
  const { quick, out } = parse();
  const mode = quick ? 'quick' : 'full';
  const sizes = SIZES[mode];
  const log = (line: string) => console.log(`[soak ${((Date.now() - launched) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const workDir = await mkdtemp(join(tmpdir(), 'groundwork-soak-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => log(`cleanup: ${String(error)}`));
    cleanups.length = 0;
  };
  // Stops itself: past its bound it cleans up and exits, whatever it was doing.
  const bound = setTimeout(() => {
    console.error(`soak: still running after ${sizes.boundMs / 60_000} min; stopping`);
    void cleanup().finally(() => process.exit(1));
  }, sizes.boundMs);
  bound.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

  try {
    const runId = soakRunId();
    log(`mode ${mode}: ${sizes.deals} deals, scratch ${workDir}`);
    const cliPath = await ensureTemporalCli({ log });
    const temporalPort = await findFreePort();
    const startTemporal = () => startDevServer({ cliPath, port: temporalPort, dbFile: join(workDir, 'temporal.db'), namespace: 'default', searchAttributes: DEAL_SEARCH_ATTRIBUTES });
    let temporal: RunningDevServer = await startTemporal();
    cleanups.push(() => temporal.stop());
    const postgres = await startPostgres();
    cleanups.push(() => postgres.stop());
    const pgPort = Number(new URL(postgres.url).port);
    const temporalProxy = await FaultProxy.start('temporal', { host: '127.0.0.1', port: temporalPort });
    const postgresProxy = await FaultProxy.start('postgres', { host: '127.0.0.1', port: pgPort });
    const proxies = [temporalProxy, postgresProxy];
    cleanups.push(() => Promise.all(proxies.map((proxy) => proxy.close())));
    const webhook = await WebhookReceiver.start();
    const smtp = await SmtpReceiver.start();
    cleanups.push(() => webhook.close(), () => smtp.close());
    log(`Temporal on ${temporal.address}, PostgreSQL on ${pgPort}, each behind a fault proxy`);

    const apiPorts = [await findFreePort(), await findFreePort()];
    const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
      DATABASE_URL: `postgres://groundwork@127.0.0.1:${postgresProxy.port}/postgres`,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalProxy.port}`,
      TEMPORAL_TASK_QUEUE: `soak-${runId}`,
      GROUNDWORK_DATA_DIR: join(workDir, 'data'),
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'info',
      RATE_LIMIT_USER_PER_MINUTE: '100000000',
      RATE_LIMIT_IP_PER_MINUTE: '100000000',
      WEBHOOK_SIGNING_SECRET: `soak-${runId}-signing-secret`,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      GROUNDWORK_DIGEST_SCHEDULE: 'off',
      ...extra,
    });
    const dist = join(repoRoot(), 'dist', 'apps');
    const workers = [1, 2].map((n) => new ProductProcess(`worker-${n}`, join(dist, 'worker', 'src', 'main.js'), env({}), workDir, workerReady));
    const apis = apiPorts.map((port, index) => new ProductProcess(`api-${index + 1}`, join(dist, 'api', 'src', 'main.js'), env({ PORT: String(port) }), workDir, apiReady(port)));
    const products = [...workers, ...apis];
    cleanups.push(() => Promise.all(products.map((product) => product.close())));
    await Promise.all(products.map((product) => product.start()));
    log('two APIs and two workers are up');

    const users = new Users(apiPorts);
    cleanups.push(() => users.close());
    const channels: Record<string, object> = {
      'dir.dana': { email: 'dana@example.com', webhook: { url: webhook.url, flavour: 'json' } },
      'mm.mark': { email: null, webhook: { url: webhook.url, flavour: 'json' } },
      'op.otto': { email: 'otto@example.com', webhook: { url: webhook.url, flavour: 'json' } },
      'op.olga': { email: null, webhook: { url: webhook.url, flavour: 'json' } },
    };
    for (const [userId, preferences] of Object.entries(channels)) {
      await users.send('', 'set channels', 'PUT', '/api/me/notifications', userId, { body: preferences, expect: [200] });
    }

    // The faults, spread over the drive in an interleaved order.
    const planned = sizes.faults;
    const injected = Object.fromEntries(Object.keys(planned).map((kind) => [kind, 0])) as Record<FaultKind, number>;
    const order: FaultKind[] = [];
    for (let round = 0; order.length < Object.values(planned).reduce((sum, count) => sum + count, 0); round += 1) {
      for (const kind of Object.keys(planned) as FaultKind[]) if (round < planned[kind]) order.push(kind);
    }
    const downWindows: { from: number; until: number }[] = [];
    let nextWorker = 0;
    let nextApi = 0;
    const restart = async (product: ProductProcess) => {
      await product.kill();
      await delay(1_000);
      await product.start();
    };
    const inject: Record<FaultKind, () => Promise<void>> = {
      workerKills: () => restart(workers[nextWorker++ % workers.length]!),
      workerKillsAfterSideEffect: async () => {
        // Right after a delivery landed and before its activity could report back: both workers go.
        const landed = new Promise<void>((resolve) => (webhook.onDelivery = resolve));
        await Promise.race([landed, delay(30_000)]);
        webhook.onDelivery = undefined;
        await Promise.all(workers.map((worker) => worker.kill()));
        await delay(1_000);
        await Promise.all(workers.map((worker) => worker.start()));
      },
      apiKills: () => restart(apis[nextApi++ % apis.length]!),
      temporalKills: async () => {
        temporal.process.kill('SIGKILL');
        await new Promise((resolve) => (temporal.process.exitCode !== null || temporal.process.signalCode !== null ? resolve(undefined) : temporal.process.once('exit', resolve)));
        const from = Date.now();
        await delay(TEMPORAL_DOWN_MS);
        temporal = await startTemporal();
        downWindows.push({ from, until: Date.now() });
      },
      postgresRestarts: () => postgres.restart(() => delay(POSTGRES_DOWN_MS)),
      proxyResets: () => Promise.resolve(void proxies.forEach((proxy) => proxy.resetAll())),
      latencySpells: async () => {
        proxies.forEach((proxy) => proxy.setLatency(LATENCY_MS));
        await delay(LATENCY_SPELL_MS);
        proxies.forEach((proxy) => proxy.setLatency(0));
      },
      // Dropped: every connection cut and reconnects turned away for a while.
      refusals: () =>
        Promise.resolve(
          void proxies.forEach((proxy) => {
            proxy.refuseFor(REFUSAL_MS);
            proxy.resetAll();
          }),
        ),
    };
    let driving = true;
    const faulting = (async () => {
      for (const kind of order) {
        await delay(sizes.faultEveryMs);
        if (!driving) break;
        log(`fault: ${kind}`);
        await inject[kind]();
        injected[kind] += 1;
      }
    })();

    // The users: `concurrency` deals at a time, each along its path.
    const runs: DealRun[] = [];
    let nextDeal = 0;
    await Promise.all(
      Array.from({ length: sizes.concurrency }, async () => {
        while (nextDeal < sizes.deals) {
          const index = nextDeal++;
          const run = await runDeal(users, index, runId);
          runs.push(run);
          if (runs.length % 10 === 0 || runs.length === sizes.deals) log(`${runs.length} of ${sizes.deals} deals driven`);
        }
      }),
    );
    // Faults still planned go on meanwhile: the timers of the last deals run under them too.
    await faulting;
    driving = false;

    // Every left-alone incident's strategic clock has run out, and what it told has been delivered.
    const lastDue = Math.max(Date.now(), ...runs.flatMap((run) => run.incidents.map((incident) => climbsDue(incident.reportedAt).strategic)));
    log(`waiting ${Math.round((lastDue - Date.now()) / 1000) + 20} s for the last clocks and deliveries`);
    await delay(lastDue - Date.now() + 20_000);

    // A climb that fell due just before a kill -9 is recorded once the cut activity's timeout has passed: wait for those, bounded.
    const settleBy = Date.now() + SETTLE_MS;
    for (const run of runs) {
      for (const incident of run.incidents.filter((candidate) => candidate.handled === 'left-alone')) {
        const climbed = async () => {
          const deal = (await users.send(run.dealId, 'settle', 'GET', `/api/deals/${run.dealId}`, 'pm.paula', { expect: [200] })).body as { incidents: { id: string; level: string }[] };
          return deal.incidents.find((candidate) => candidate.id === incident.incidentId)?.level === 'strategic';
        };
        await until(climbed, { boundMs: Math.max(settleBy - Date.now(), 0), intervalMs: 1_000 });
      }
    }

    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const findings = await checkSoak({ runs, users, temporal: new Client({ connection }), deliveries: { webhook: webhook.deliveries, email: emailDeliveries(smtp) } });
    const dueTimes = runs.flatMap((run) => run.incidents.flatMap((incident) => Object.values(climbsDue(incident.reportedAt))));
    const problems = [
      findings.lostCommands,
      findings.appliedTwice,
      findings.duplicatedNotifications.inApp,
      findings.duplicatedNotifications.webhook,
      findings.duplicatedNotifications.email,
      findings.missedEscalations,
      findings.earlyEscalations,
      findings.storeTemporalDisagreements,
    ].flat();
    const unfinished = runs.filter((run) => !run.finished).map((run) => ({ dealId: run.dealId, path: run.path, failure: run.failure ?? 'unfinished' }));
    const allInjected = (Object.keys(planned) as FaultKind[]).every((kind) => injected[kind] === planned[kind]);
    const report: SoakReport = {
      startedAt: new Date(launched).toISOString(),
      finishedAt: new Date().toISOString(),
      mode,
      sizes,
      environment: { cpus: cpus().length, memoryMiB: Math.round(totalmem() / 2 ** 20), node: process.version },
      faults: {
        planned,
        injected,
        processKills: Object.fromEntries(products.map((product) => [product.name, product.kills])),
        timersDueWhileTemporalDown: dueTimes.filter((due) => downWindows.some((window) => due >= window.from && due < window.until)).length,
        proxies: Object.fromEntries(proxies.map((proxy) => [proxy.name, proxy.figures])),
      },
      deals: {
        started: runs.filter((run) => run.dealId !== '').length,
        finished: runs.filter((run) => run.finished).length,
        byPath: Object.fromEntries(PATHS.map((path) => [path, runs.filter((run) => run.path === path).length])),
        unfinished,
      },
      commands: users.figures,
      findings,
      passed: problems.length === 0 && unfinished.length === 0 && allInjected && users.figures.givenUp.length === 0 && users.figures.serverErrors.length === 0,
      wallSeconds: Math.round((Date.now() - launched) / 1000),
    };
    const file = await writeReport(out, report);
    // What the processes said stays beside a report that found something.
    if (!report.passed) {
      const logs = file.replace(/\.json$/, '-logs');
      await mkdir(logs, { recursive: true });
      for (const product of products) await copyFile(join(workDir, `${product.name}.log`), join(logs, `${product.name}.log`)).catch(() => undefined);
      log(`process logs kept in ${logs}`);
      for (const product of products) {
        const errors = (await readFile(join(logs, `${product.name}.log`), 'utf8').catch(() => '')).split('\n').filter((line) => /"level":(50|60)\b|\bERROR\b/.test(line));
        for (const line of errors.slice(0, 10)) console.log(`  ${product.name}: ${line.slice(0, 600)}`);
      }
    }
    console.log(`\n${summaryTable(report)}\n\nresults: ${file}`);
    const serverErrors = users.figures.serverErrors.map((error) => `${error.command} on ${error.dealId}: HTTP ${error.status} ${error.body}`);
    for (const problem of [...problems, ...unfinished.map((run) => `${run.dealId} (${run.path}): ${run.failure}`), ...serverErrors].slice(0, 40)) console.log(`  ✗ ${problem}`);
    return report.passed ? 0 : 1;
  } finally {
    clearTimeout(bound);
    await cleanup();
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function writeReport(directory: string, report: SoakReport): Promise<string> {
  await mkdir(directory, { recursive: true });
  const stamp = report.startedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = join(directory, `${stamp}${report.mode === 'full' ? '' : '-quick'}.json`);
  await writeFile(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

/** The report as the README shows it. */
function summaryTable(report: SoakReport): string {
  const { findings, faults, deals, commands } = report;
  const kills = Object.entries(faults.processKills).map(([name, count]) => `${name} ${count}`).join(', ');
  const rows: [string, string][] = [
    ['run', `${report.mode}, ${report.startedAt.slice(0, 16)}Z, ${report.wallSeconds} s, ${report.environment.cpus} cores, Node ${report.environment.node}`],
    ['deals', `${deals.started} started, ${deals.finished} finished (${Object.entries(deals.byPath).map(([path, count]) => `${path} ${count}`).join(', ')})`],
    ['commands', `${commands.answered2xx} answered 2xx of ${commands.sent} sends; sent again after ${Object.entries(commands.resent).map(([why, count]) => `${why} ×${count}`).join(', ') || 'nothing'}; given up ${commands.givenUp.length}`],
    ['5xx other than 503', String(commands.serverErrors.length)],
    ['faults', (Object.keys(faults.planned) as FaultKind[]).map((kind) => `${kind} ${faults.injected[kind]}/${faults.planned[kind]}`).join(', ')],
    ['process kills (-9)', kills],
    ['timers due while Temporal was down', String(faults.timersDueWhileTemporalDown)],
    ['connections cut / refused by the proxies', Object.entries(faults.proxies).map(([name, figures]) => `${name} ${figures.reset}/${figures.refused}`).join(', ')],
    ['lost commands', `${findings.lostCommands.length} (of ${findings.figures.commandsChecked} checked)`],
    ['applied twice', String(findings.appliedTwice.length)],
    ['duplicated notifications (in-app / webhook / e-mail)', `${findings.duplicatedNotifications.inApp.length} / ${findings.duplicatedNotifications.webhook.length} / ${findings.duplicatedNotifications.email.length} (of ${findings.figures.notificationsChecked})`],
    ['redeliveries of one delivery ID (webhook / e-mail)', `${findings.redeliveries.webhook} / ${findings.redeliveries.email}`],
    ['missed / early escalations', `${findings.missedEscalations.length} / ${findings.earlyEscalations.length} (of ${findings.figures.escalationsChecked} incidents)`],
    ['store and Temporal disagree', `${findings.storeTemporalDisagreements.length} (of ${findings.figures.dealsCompared} deals)`],
    ['passed', report.passed ? 'yes' : 'no'],
  ];
  return ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('soak failed:', error);
    process.exit(1);
  },
);
