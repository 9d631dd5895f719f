import { Module } from '@nestjs/common';
import type { DealActivities, DigestActivities } from '@app/workflows';
import { DealRecordingService } from './deal-recording.service';
import { DigestService } from './digest.service';
import { ExternalDeliveryService } from './external-delivery.service';

/** Everything the workflows may call, as one object for Worker.create({ activities }). */
export const WORKFLOW_ACTIVITIES = Symbol('WORKFLOW_ACTIVITIES');

export type WorkflowActivities = DealActivities & DigestActivities;

/** The activities of every workflow, from the services that implement them (the worker's and the tests' one map). */
export function workflowActivities(recording: DealRecordingService, external: ExternalDeliveryService, digests: DigestService): WorkflowActivities {
  return {
    recordDeal: (input) => recording.recordDeal(input),
    awayUsers: (input) => recording.awayUsers(input),
    sendExternally: (input) => external.sendExternally(input),
    digestRecipients: (input) => digests.digestRecipients(input),
    sendDigest: (input) => digests.sendDigest(input),
  };
}

@Module({
  providers: [
    DealRecordingService,
    ExternalDeliveryService,
    DigestService,
    {
      provide: WORKFLOW_ACTIVITIES,
      inject: [DealRecordingService, ExternalDeliveryService, DigestService],
      useFactory: workflowActivities,
    },
  ],
  exports: [WORKFLOW_ACTIVITIES],
})
export class ActivitiesModule {}
