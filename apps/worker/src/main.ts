import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { createWorkerApp } from './worker.app';

async function main(): Promise<void> {
  const app = await createWorkerApp(loadConfig());
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
