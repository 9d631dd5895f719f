import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import { GroundworkConfigModule, loggerModule, type GroundworkConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { StoreModule } from '@app/store';
import { TemporalClientModule } from '@app/temporal';
import { TracingModule } from '@app/tracing';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { rateLimitModule } from './common/rate-limit';
import { TracingInterceptor } from './common/tracing.interceptor';
import { DealsModule } from './deals/deals.module';
import { HealthController } from './health/health.controller';
import { MeController } from './me/me.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { SignalsController } from './signals/signals.controller';
import { TasksController } from './tasks/tasks.controller';

@Module({})
export class ApiModule {
  static forRoot(config: GroundworkConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        GroundworkConfigModule.forRoot(config),
        loggerModule(config.server.logLevel, true),
        TemporalClientModule,
        StoreModule.forRoot(),
        AuthModule.forMode(config.auth.mode),
        rateLimitModule(),
        DealsModule,
        HealthModule.forRoot({ drainMs: config.server.shutdownDrainMs }),
        TracingModule.forRoot('groundwork-api', config.server.otlpEndpoint),
      ],
      controllers: [HealthController, TasksController, SignalsController, MeController, MetricsController],
      // Global guards run in this order: who is calling first, so the rate limit can count per user.
      providers: [
        ApiMetrics,
        { provide: APP_INTERCEPTOR, useClass: TracingInterceptor },
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
    };
  }
}
