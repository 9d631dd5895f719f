import { Module, type DynamicModule } from '@nestjs/common';
import { ActivitiesModule } from '@app/activities';
import { GroundworkConfigModule, loggerModule, type GroundworkConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { NotificationsModule } from '@app/notifications';
import { StoreModule } from '@app/store';
import { TracingModule } from '@app/tracing';
import { TemporalClientModule } from '@app/temporal';
import { DigestScheduleService } from './digest-schedule.service';
import { TemporalWorkerService, WORKFLOW_SOURCE } from './temporal-worker.service';
import { WorkerHealthController } from './worker-health.controller';
import { defaultWorkflowSource, type WorkflowSource } from './workflow-source';

@Module({})
export class WorkerModule {
  static forRoot(config: GroundworkConfig, workflowSource: WorkflowSource = defaultWorkflowSource(config.server.otlpEndpoint !== null)): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        GroundworkConfigModule.forRoot(config),
        loggerModule(config.server.logLevel, false),
        TemporalClientModule,
        StoreModule.forRoot(),
        NotificationsModule.forRoot({ smtp: config.notifications.smtp, webhook: config.notifications.webhook }),
        ActivitiesModule,
        HealthModule.forRoot({ drainMs: config.server.shutdownDrainMs }),
        TracingModule.forRoot('groundwork-worker', config.server.otlpEndpoint),
      ],
      // Served only when the worker listens (WORKER_HEALTH_PORT); an application context ignores it.
      controllers: [WorkerHealthController],
      providers: [{ provide: WORKFLOW_SOURCE, useValue: workflowSource }, TemporalWorkerService, DigestScheduleService],
    };
  }
}
