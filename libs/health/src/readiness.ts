import { Inject, Injectable, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction, type HealthIndicatorResult } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { TemporalConfig } from '@app/config';
import { Store, storeFaultOf } from '@app/store';

/** Each dependency gets this long to answer a readiness check; an orchestrator polls every few seconds. */
const CHECK_DEADLINE_MS = 3_000;

/**
 * The checks readiness is made of, shared by the API and the worker: Temporal answers for the
 * namespace, the store answers a query, and the process is not shutting down (so a load balancer
 * stops sending it work while it drains).
 */
@Injectable()
export class ReadinessChecks implements OnModuleDestroy {
  private draining = false;

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(Connection) private readonly connection: Connection,
    @Inject(TemporalConfig) private readonly temporalConfig: TemporalConfig,
    @Inject(Store) private readonly store: Store,
  ) {}

  // The first of the shutdown hooks: readiness fails while requests and tasks still drain.
  onModuleDestroy(): void {
    this.draining = true;
  }

  /** Liveness: the process answers; dependencies are readiness's business, so a Temporal outage restarts nothing. */
  live(): Promise<HealthCheckResult> {
    return this.run([]);
  }

  /** Readiness: Temporal, the store and the process itself, plus any checks of the caller's own. */
  ready(...own: HealthIndicatorFunction[]): Promise<HealthCheckResult> {
    return this.run([() => this.accepting(), () => this.temporal(), () => this.storeAnswers(), ...own]);
  }

  private accepting(): HealthIndicatorResult {
    const check = this.indicators.check('process');
    return this.draining ? check.down({ message: 'shutting down: draining in-flight work' }) : check.up();
  }

  private async temporal(): Promise<HealthIndicatorResult> {
    const { address, namespace } = this.temporalConfig;
    const check = this.indicators.check('temporal');
    try {
      await this.connection.withDeadline(Date.now() + CHECK_DEADLINE_MS, () => this.connection.workflowService.describeNamespace({ namespace }));
      return check.up({ address, namespace });
    } catch (error) {
      return check.down({ address, namespace, message: `Temporal at ${address} is not reachable: ${(error as Error).message}` });
    }
  }

  private async storeAnswers(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('store');
    const dialect = this.store.dialect;
    try {
      await withTimeout(this.store.ping(), CHECK_DEADLINE_MS);
      return check.up({ dialect });
    } catch (error) {
      // The fault in words, never the driver's raw message (it can name hosts and users).
      return check.down({ dialect, message: `the durable record is unavailable: ${storeFaultOf(error) ?? 'it did not answer a query'}` });
    }
  }

  /** Terminus answers a failed check with its own result as the body; the contract's errors carry one message naming what is down. */
  private async run(checks: HealthIndicatorFunction[]): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as Partial<HealthCheckResult>;
      const down = Object.entries(result.error ?? {}).map(([key, detail]) => {
        const message = (detail as { message?: unknown }).message;
        return `${key}: ${typeof message === 'string' ? message : 'down'}`;
      });
      throw new ServiceUnavailableException(`not ready; ${down.join('; ')}`);
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
