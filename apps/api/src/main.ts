import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.server.port, host: '0.0.0.0' });
  console.log(`Groundwork API on http://localhost:${config.server.port}/api (OpenAPI: /api/docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
