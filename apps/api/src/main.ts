import 'reflect-metadata';
import { checkConfigRequested, configReport, loadConfig } from '@app/config';
import { createApiApp, listenApi } from './api.app';
import { isWebAppBuilt } from './web/web-app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (checkConfigRequested()) return console.log(JSON.stringify(configReport(config), null, 2));
  const app = await createApiApp(config);
  app.enableShutdownHooks();
  const url = await listenApi(app, config);
  console.log(`Groundwork API on ${url}/api (OpenAPI: /api/docs)${isWebAppBuilt(config.server.webDir) ? `, web app on ${url}/` : ''}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
