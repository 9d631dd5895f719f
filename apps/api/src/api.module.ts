import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type GroundworkConfig } from '@app/config';
import { TemporalClientModule } from '@app/temporal';
import { AuthModule } from './auth/auth.module';
import { DealsModule } from './deals/deals.module';
import { HealthController } from './health/health.controller';
import { SignalsController } from './signals/signals.controller';
import { TasksController } from './tasks/tasks.controller';

@Module({})
export class ApiModule {
  static forRoot(config: GroundworkConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), TemporalClientModule, AuthModule.forMode(config.auth.mode), DealsModule],
      controllers: [HealthController, TasksController, SignalsController],
    };
  }
}
