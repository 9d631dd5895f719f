import 'reflect-metadata';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { createApiApp, isWebAppBuilt, listenApi } from '@app/api';
import { ConfigurationError, checkConfigRequested, configReport, loadConfig, type GroundworkConfig } from '@app/config';
import { ensureTemporalCli, startDevServer, type RunningDevServer } from '@app/temporal-cli';
import { createWorkerApp } from '@app/worker';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';

/**
 * `npm start`: the whole product on one machine. Without TEMPORAL_ADDRESS it starts an embedded
 * Temporal dev server that keeps its database under GROUNDWORK_DATA_DIR; then the worker and the API.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (checkConfigRequested()) return console.log(JSON.stringify(configReport(config), null, 2));
  const stack: { name: string; close: () => Promise<void> }[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Groundwork…`);
    for (const part of stack.reverse()) {
      await part.close().catch((error: unknown) => console.error(`stopping ${part.name} failed:`, error));
    }
    console.log('stopped.');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  let devServer: RunningDevServer | undefined;
  let url: string;
  try {
    devServer = config.temporal.embedded ? await startEmbeddedTemporal(config) : undefined;
    if (devServer) stack.push({ name: 'Temporal dev server', close: () => devServer!.stop() });

    const worker: INestApplicationContext = await createWorkerApp(config);
    stack.push({ name: 'worker', close: () => worker.close() });

    const api = await createApiApp(config);
    stack.push({ name: 'API', close: () => api.close() });
    url = await listenApi(api, config);
  } catch (error) {
    // Never leave a dev server behind when a later part fails to start.
    for (const part of stack.reverse()) await part.close().catch(() => undefined);
    throw error;
  }

  const base = `${url}/api`;
  console.log(
    [
      '',
      'Groundwork is running',
      `  Web app:      ${isWebAppBuilt(config.server.webDir) ? `${url}/` : '(not built; npm run build)'}`,
      `  API:          ${base}`,
      `  OpenAPI:      ${base}/docs`,
      `  Temporal UI:  ${devServer?.uiUrl ?? '(not embedded; see your cluster)'}`,
      `  Temporal:     ${config.temporal.address} (namespace ${config.temporal.namespace})`,
      `  Auth mode:    ${config.auth.mode}${config.auth.mode === 'dev' ? ' (POST /api/auth/dev-login {"userId":"pm.paula"})' : ''}`,
      `  Store:        ${config.store.description}`,
      devServer ? `  Data:         ${config.temporal.dev.dataDir}` : '',
      'Ctrl-C stops everything.',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

async function startEmbeddedTemporal(config: GroundworkConfig): Promise<RunningDevServer> {
  const { dev, namespace } = config.temporal;
  console.log('starting the embedded Temporal dev server…');
  const cliPath = await ensureTemporalCli({ log: (line) => console.log(line) });
  return startDevServer({
    cliPath,
    port: dev.port,
    uiPort: dev.uiPort,
    dbFile: join(dev.dataDir, 'temporal.db'),
    namespace,
    searchAttributes: DEAL_SEARCH_ATTRIBUTES,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(error instanceof ConfigurationError ? 2 : 1);
});
