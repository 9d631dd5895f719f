import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext } from '@nestjs/common';
import { Runtime } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import type { GroundworkConfig } from '@app/config';
import { runtimeLogger } from './runtime-logger';
import { WorkerModule } from './worker.module';
import type { WorkflowSource } from './workflow-source';

let runtimeInstalled = false;

/** The SDK runtime is process-wide and can be installed once; later workers in the process share it. */
function installRuntime(config: GroundworkConfig): void {
  if (runtimeInstalled) return;
  const { logLevel, workerMetricsAddress } = config.server;
  Runtime.install({
    logger: runtimeLogger(logLevel),
    // The SDK's own metrics (task slots, poll and schedule-to-start latencies, sticky cache, failures) from its Prometheus exporter.
    ...(workerMetricsAddress === null ? {} : { telemetryOptions: { metrics: { prometheus: { bindAddress: workerMetricsAddress } } } }),
  });
  runtimeInstalled = true;
}

/**
 * The worker as a Nest application: the Temporal worker and its activities, and, only when
 * WORKER_HEALTH_PORT is set, an HTTP port of its own with liveness and readiness on HOST.
 */
export async function createWorkerApp(config: GroundworkConfig, workflowSource?: WorkflowSource): Promise<INestApplicationContext> {
  installRuntime(config);
  const module = WorkerModule.forRoot(config, workflowSource);
  const { workerHealthPort, host } = config.server;
  if (workerHealthPort === null) {
    const context = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    context.useLogger(context.get(Logger));
    return context.init();
  }
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.listen(workerHealthPort, host);
  return app;
}
