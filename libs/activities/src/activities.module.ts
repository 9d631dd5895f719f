import { Module } from '@nestjs/common';
import { SignalDeliveryService } from './signal-delivery.activities';
import type { SignalDeliveryActivities } from './signal-delivery.types';

/** Everything the workflows may call, as one object for Worker.create({ activities }). */
export type WorkflowActivities = SignalDeliveryActivities;

export const WORKFLOW_ACTIVITIES = Symbol('WORKFLOW_ACTIVITIES');

@Module({
  providers: [
    SignalDeliveryService,
    {
      provide: WORKFLOW_ACTIVITIES,
      inject: [SignalDeliveryService],
      useFactory: (signals: SignalDeliveryService): WorkflowActivities => ({
        deliverSignal: (input) => signals.deliverSignal(input),
      }),
    },
  ],
  exports: [WORKFLOW_ACTIVITIES],
})
export class ActivitiesModule {}
