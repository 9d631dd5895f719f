import { condition, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { incidentDeadlines, type IncidentEscalation, type IncidentTimerInput } from '@app/domain';
import { dealWorkflowId, incidentEscalatedSignal } from '../deal/deal.contract';
import { readyBefore } from '../timing';
import { incidentChangedSignal } from './incident.contract';

/**
 * The clocks of one incident: not acknowledged within "respond within" or not resolved within
 * "resolve within" → tactical; a further "resolve within" unresolved → strategic. The deal records
 * each climb and tells the people of that level.
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
    try {
      await getExternalWorkflowHandle(dealWorkflowId(input.dealId)).signal(incidentEscalatedSignal, {
        ...escalation,
        incidentId: input.incident.id,
        notified,
      });
    } catch {
      // The deal has ended, and with it the incident: nobody needs telling any more.
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
