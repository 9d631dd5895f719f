import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { nestLogLevels, temporalLogLevel, type GroundworkConfig } from '@app/config';
import { WorkerModule } from './worker.module';
import type { WorkflowSource } from './workflow-source';

let runtimeInstalled = false;

/** The SDK runtime is process-wide and can be installed once; later workers in the process share it. */
function installRuntime(config: GroundworkConfig): void {
  if (runtimeInstalled) return;
  const { logLevel, workerMetricsAddress } = config.server;
  Runtime.install({
    logger: new DefaultLogger(temporalLogLevel(logLevel)),
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
  const logger = nestLogLevels(config.server.logLevel);
  const { workerHealthPort, host } = config.server;
  if (workerHealthPort === null) return (await NestFactory.createApplicationContext(module, { logger })).init();
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger });
  await app.listen(workerHealthPort, host);
  return app;
}
