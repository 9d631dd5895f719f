import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { GroundworkConfig } from '@app/config';
import { WorkerModule } from './worker.module';
import type { WorkflowSource } from './workflow-source';

/** The worker as a Nest application context: no HTTP port, only the Temporal worker and its activities. */
export async function createWorkerApp(config: GroundworkConfig, workflowSource?: WorkflowSource): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, workflowSource), {
    logger: ['error', 'warn', 'log'],
  });
  return app.init();
}
