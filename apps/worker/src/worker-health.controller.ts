import { Controller, Get, Inject } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { ReadinessChecks } from '@app/health';
import { TemporalWorkerService } from './temporal-worker.service';

/** The worker's liveness and readiness, served only when WORKER_HEALTH_PORT is set. */
@Controller('health')
export class WorkerHealthController {
  constructor(
    @Inject(ReadinessChecks) private readonly checks: ReadinessChecks,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(TemporalWorkerService) private readonly worker: TemporalWorkerService,
  ) {}

  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.checks.live();
  }

  /** Ready when, beside Temporal and the store, the worker polls its task queue. */
  @Get('ready')
  ready(): Promise<HealthCheckResult> {
    return this.checks.ready(() => {
      const check = this.indicators.check('worker');
      return this.worker.polling ? check.up() : check.down({ message: 'the worker is not polling its task queue' });
    });
  }
}
