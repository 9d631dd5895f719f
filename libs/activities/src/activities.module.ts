import { Module } from '@nestjs/common';
import { DelegationService } from './delegation.activities';
import { ExternalDeliveryService } from './external-delivery.service';
import type { DelegationActivities } from './delegation.types';
import { SignalDeliveryService } from './signal-delivery.activities';
import type { SignalDeliveryActivities } from './signal-delivery.types';

/** Everything the workflows may call, as one object for Worker.create({ activities }). */
export type WorkflowActivities = SignalDeliveryActivities & DelegationActivities;

export const WORKFLOW_ACTIVITIES = Symbol('WORKFLOW_ACTIVITIES');

@Module({
  providers: [
    SignalDeliveryService,
    DelegationService,
    ExternalDeliveryService,
    {
      provide: WORKFLOW_ACTIVITIES,
      inject: [SignalDeliveryService, DelegationService],
      useFactory: (signals: SignalDeliveryService, delegation: DelegationService): WorkflowActivities => ({
        deliverSignal: (input) => signals.deliverSignal(input),
        awayUsers: (input) => delegation.awayUsers(input),
      }),
    },
  ],
  exports: [WORKFLOW_ACTIVITIES],
})
export class ActivitiesModule {}
