import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness';

/** Liveness and readiness the way orchestrators read them (@nestjs/terminus), for the API and the worker alike. */
@Module({
  // A failed check is answered with 503 and its message; the caller's logs already say why.
  imports: [TerminusModule.forRoot({ logger: false })],
  providers: [ReadinessChecks],
  exports: [ReadinessChecks, TerminusModule],
})
export class HealthModule {}
