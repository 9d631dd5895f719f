import { condition, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { climbReason, climbsAbove, legacyIncidentLadder, timeIncidentLadder, type IncidentTimerInput, type Level } from '@app/domain';
import { dealWorkflowId, incidentEscalatedSignal } from '../deal/deal.contract';
import { readyBefore } from '../timing';
import { incidentChangedSignal } from './incident.contract';

/**
 * The clocks of one incident, step by step of the deal's ladder: a step whose clock still runs at its
 * moment (respond: until acknowledged; resolve: until resolved) climbs to its level, if above the one
 * reached. The deal records each climb and tells the people the step names.
 */
export async function incidentWorkflow(input: IncidentTimerInput): Promise<void> {
  let acknowledged = false;
  let done = false;
  setHandler(incidentChangedSignal, (change) => {
    if (change === 'acknowledged') acknowledged = true;
    else done = true;
  });

  // An incident started before the declarative ladder names the people per level: the default ladder's steps, the same timers.
  const steps = timeIncidentLadder(input.ladder ?? legacyIncidentLadder(input), input.incident.reportedAt, input.serviceLevel, input.calendar);
  let reached: Level = 'operational';
  for (const step of steps) {
    const stopped = step.after.clock === 'respondWithin' ? () => acknowledged || done : () => done;
    if ((await readyBefore(stopped, step.at)) || !climbsAbove(step.level, reached)) continue;
    reached = step.level;
    try {
      await getExternalWorkflowHandle(dealWorkflowId(input.dealId)).signal(incidentEscalatedSignal, {
        incidentId: input.incident.id,
        level: step.level,
        reason: climbReason(step),
        notified: step.notified,
      });
    } catch {
      // The deal has ended, and with it the incident: nobody needs telling any more.
    }
  }
  await condition(() => done);
}
