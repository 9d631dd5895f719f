import { Module } from '@nestjs/common';
import type { DealActivities } from '@app/workflows';
import { DealRecordingService } from './deal-recording.service';
import { ExternalDeliveryService } from './external-delivery.service';

/** Everything the workflows may call, as one object for Worker.create({ activities }). */
export const WORKFLOW_ACTIVITIES = Symbol('WORKFLOW_ACTIVITIES');

@Module({
  providers: [
    DealRecordingService,
    ExternalDeliveryService,
    {
      provide: WORKFLOW_ACTIVITIES,
      inject: [DealRecordingService, ExternalDeliveryService],
      useFactory: (recording: DealRecordingService, external: ExternalDeliveryService): DealActivities => ({
        recordDeal: (input) => recording.recordDeal(input),
        awayUsers: (input) => recording.awayUsers(input),
        sendExternally: (input) => external.sendExternally(input),
      }),
    },
  ],
  exports: [WORKFLOW_ACTIVITIES],
})
export class ActivitiesModule {}
