import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { TemporalConfig } from '@app/config';
import { deliverSignalToInbox, inboxWorkflow, inboxWorkflowId } from '@app/workflows';
import { ExternalDeliveryService } from './external-delivery.service';
import type { DeliverSignalInput, SignalDeliveryActivities } from './signal-delivery.types';

/**
 * Lands signals durably in each recipient's inbox workflow (starting it on first use), then sends
 * them on by e-mail and webhook as each recipient prefers.
 */
@Injectable()
export class SignalDeliveryService implements SignalDeliveryActivities {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(TemporalConfig) private readonly temporal: TemporalConfig,
    @Inject(ExternalDeliveryService) private readonly external: ExternalDeliveryService,
  ) {}

  async deliverSignal({ deliveryId, recipients, signal }: DeliverSignalInput): Promise<void> {
    await Promise.all(
      recipients.map((recipient) =>
        this.client.workflow.signalWithStart(inboxWorkflow, {
          workflowId: inboxWorkflowId(recipient),
          taskQueue: this.temporal.taskQueue,
          args: [{ userId: recipient }],
          signal: deliverSignalToInbox,
          signalArgs: [{ ...signal, id: deliveryId, recipient }],
        }),
      ),
    );
    await Promise.all(recipients.map((recipient) => this.external.deliver(recipient, deliveryId, signal)));
  }
}
