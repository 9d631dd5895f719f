import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { GracefulShutdownPeriodExpiredError, NativeConnection, Worker } from '@temporalio/worker';
import { TemporalConfig } from '@app/config';
import { TRACING, type Tracing } from '@app/tracing';
import { WORKFLOW_ACTIVITIES, type WorkflowActivities } from '@app/activities';
import { connectionOptions, ensureSearchAttributes } from '@app/temporal';
import { DEAL_SEARCH_ATTRIBUTES } from '@app/workflows';
import type { WorkflowSource } from './workflow-source';

export const WORKFLOW_SOURCE = Symbol('WORKFLOW_SOURCE');

/** Runs the Temporal worker inside Nest's lifecycle: created on init, run on bootstrap, drained on shutdown. */
@Injectable()
export class TemporalWorkerService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    @Inject(TemporalConfig) private readonly config: TemporalConfig,
    @Inject(WORKFLOW_ACTIVITIES) private readonly activities: WorkflowActivities,
    @Inject(WORKFLOW_SOURCE) private readonly workflowSource: WorkflowSource,
    @Inject(Connection) private readonly clientConnection: Connection,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  async onModuleInit(): Promise<void> {
    // The embedded dev server registers them at start; a cluster gets them from its first worker.
    if (!this.config.embedded) {
      await ensureSearchAttributes(this.clientConnection, this.config.namespace, DEAL_SEARCH_ATTRIBUTES);
    }
    this.connection = await NativeConnection.connect(connectionOptions(this.config));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.namespace,
      taskQueue: this.config.taskQueue,
      activities: this.activities,
      // A stop is bounded: activities get a moment to finish (each one is retried elsewhere if it
      // does not), then the worker goes, so a restart or a deploy never hangs on a stuck call.
      shutdownGraceTime: '3 seconds',
      shutdownForceTime: '40 seconds',
      ...this.workflowSource,
      // Every workflow moves to the version made current at its next task: deals live for years, so
      // they must not stay pinned to old workers; patched() and the replay gate keep the move safe.
      ...(this.config.deployment && {
        workerDeploymentOptions: {
          useWorkerVersioning: true,
          version: { deploymentName: this.config.deployment.name, buildId: this.config.deployment.buildId },
          defaultVersioningBehavior: 'AUTO_UPGRADE',
        },
      }),
      // Workflow and activity spans, joined to the trace of the request that caused them (when traces are exported).
      plugins: this.tracing.workerPlugins,
    });
  }

  onApplicationBootstrap(): void {
    const worker = this.worker!;
    this.running = worker.run().catch((error: unknown) => {
      if (this.stopping) {
        // Asked to stop, and an activity outlived the grace (the SDK then reports the forced stop,
        // or that the native worker was still in use): its attempt times out and is retried.
        const reason = error instanceof GracefulShutdownPeriodExpiredError ? 'an activity outlived the grace' : String(error);
        this.logger.warn(`worker stopped by force (${reason}); unfinished activities will be retried`);
        return;
      }
      // A worker that dies must take the process down, or deals would silently stop moving.
      this.logger.error(`worker stopped with an error: ${String(error)}`);
      process.exitCode = 1;
      throw error;
    });
    const version = this.config.deployment ? ` as version ${this.config.deployment.buildId} of deployment "${this.config.deployment.name}"` : '';
    this.logger.log(`worker polling task queue "${this.config.taskQueue}" on ${this.config.address}${version}`);
  }

  /** Whether the worker polls its task queue: readiness's own check. */
  get polling(): boolean {
    return this.worker?.getState() === 'RUNNING' && !this.stopping;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
