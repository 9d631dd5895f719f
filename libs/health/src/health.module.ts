import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness';

/** Liveness and readiness the way orchestrators read them (@nestjs/terminus), for the API and the worker alike. */
@Module({})
export class HealthModule {
  /** `drainMs`: on SIGTERM readiness fails this long before the process stops serving (terminus waits in its shutdown hook). */
  static forRoot({ drainMs }: { drainMs: number }): DynamicModule {
    return {
      module: HealthModule,
      // A failed check is answered with 503 and its message; the caller's logs already say why.
      imports: [TerminusModule.forRoot({ logger: false, gracefulShutdownTimeoutMs: drainMs })],
      providers: [ReadinessChecks],
      exports: [ReadinessChecks, TerminusModule],
    };
  }
}
