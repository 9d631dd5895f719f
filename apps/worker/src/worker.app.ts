import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { nestLogLevels, temporalLogLevel, type GroundworkConfig } from '@app/config';
import { WorkerModule } from './worker.module';
import type { WorkflowSource } from './workflow-source';

let runtimeInstalled = false;

/** The SDK runtime is process-wide and can be installed once; later workers in the process share it. */
function installRuntime(config: GroundworkConfig): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger(temporalLogLevel(config.server.logLevel)) });
  runtimeInstalled = true;
}

/** The worker as a Nest application context: no HTTP port, only the Temporal worker and its activities. */
export async function createWorkerApp(config: GroundworkConfig, workflowSource?: WorkflowSource): Promise<INestApplicationContext> {
  installRuntime(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, workflowSource), {
    logger: nestLogLevels(config.server.logLevel),
  });
  return app.init();
}
