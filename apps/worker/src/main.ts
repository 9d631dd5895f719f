import 'reflect-metadata';
import { checkConfigRequested, configReport, loadConfig } from '@app/config';
import { createWorkerApp } from './worker.app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (checkConfigRequested()) return console.log(JSON.stringify(configReport(config), null, 2));
  const app = await createWorkerApp(config);
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
