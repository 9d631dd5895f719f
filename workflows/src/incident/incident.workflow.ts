import { getExternalWorkflowHandle, proxyActivities, setHandler, workflowInfo, condition } from '@temporalio/workflow';
import { incidentDeadlines, type IncidentEscalation, type IncidentTimerInput } from '@app/domain';
import type { SignalDeliveryActivities } from '@app/activities';
import { dealWorkflowId, incidentEscalatedSignal } from '../deal/deal.contract';
import { now, readyBefore } from '../timing';
import { incidentChangedSignal } from './incident.contract';

const { deliverSignal } = proxyActivities<SignalDeliveryActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The clocks of one incident: not acknowledged within "respond within" or not resolved within
 * "resolve within" → tactical; a further "resolve within" unresolved → strategic.
 */
export async function incidentWorkflow(input: IncidentTimerInput): Promise<void> {
  let acknowledged = false;
  let done = false;
  setHandler(incidentChangedSignal, (change) => {
    if (change === 'acknowledged') acknowledged = true;
    else done = true;
  });

  const deadlines = incidentDeadlines(input.incident.reportedAt, input.serviceLevel, input.calendar);
  let tactical = false;

  const escalate = async (escalation: Omit<IncidentEscalation, 'incidentId' | 'notified'>): Promise<void> => {
    const notified = escalation.level === 'tactical' ? input.tactical : input.strategic;
    await deliverSignal({
      deliveryId: `${workflowInfo().workflowId}:${escalation.level}`,
      recipients: notified,
      signal: {
        type: 'escalation',
        subject: 'incident',
        level: escalation.level,
        reason: escalation.reason,
        incidentId: input.incident.id,
        severity: input.incident.severity,
        title: input.incident.title,
        dealId: input.dealId,
        dealTitle: input.dealTitle,
        at: now(),
      },
    });
    try {
      await getExternalWorkflowHandle(dealWorkflowId(input.dealId)).signal(incidentEscalatedSignal, {
        ...escalation,
        incidentId: input.incident.id,
        notified,
      });
    } catch {
      // The deal has ended; the people were told all the same.
    }
  };

  if (!(await readyBefore(() => acknowledged || done, deadlines.respondBy))) {
    tactical = true;
    await escalate({ level: 'tactical', reason: 'not-acknowledged' });
  }
  if (!(await readyBefore(() => done, deadlines.resolveBy)) && !tactical) {
    await escalate({ level: 'tactical', reason: 'not-resolved' });
  }
  if (!(await readyBefore(() => done, deadlines.strategicAt))) {
    await escalate({ level: 'strategic', reason: 'not-resolved' });
  }
  await condition(() => done);
}
