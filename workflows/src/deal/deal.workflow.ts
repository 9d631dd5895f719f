import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  DealProcess,
  type AcknowledgeIncidentCommand,
  type CommentOnTaskCommand,
  type CompleteTaskCommand,
  type DealEffect,
  type DealState,
  type EndDealCommand,
  type MoveDueDateCommand,
  type ReassignTaskCommand,
  type ReportIncidentCommand,
  type ResolveIncidentCommand,
} from '@app/domain';
import type { DelegationActivities, SignalDeliveryActivities } from '@app/activities';
import { incidentChangedSignal, incidentWorkflowId } from '../incident/incident.contract';
import { incidentWorkflow } from '../incident/incident.workflow';
import { refusingAsFailure } from '../refusals';
import { now, readyBefore } from '../timing';
import {
  acknowledgeIncidentUpdate,
  cancelDealUpdate,
  commentOnTaskUpdate,
  completeTaskUpdate,
  dealMemo,
  dealSearchAttributes,
  dealStateQuery,
  dealTimelineQuery,
  incidentEscalatedSignal,
  moveDueDateUpdate,
  reassignTaskUpdate,
  reportIncidentUpdate,
  resolveIncidentUpdate,
  terminateDealUpdate,
  type DealWorkflowInput,
} from './deal.contract';

const { deliverSignal, awayUsers } = proxyActivities<SignalDeliveryActivities & DelegationActivities>({
  // Covers the slowest channel: an SMTP exchange is bounded at about a minute.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Patch markers: deals started before a change replay the old path. */
const TIMERS_PATCH = 'deal-timers';
const DELEGATION_PATCH = 'task-delegation';
const NOTICES_PATCH = 'assignment-notices';
const REASSIGN_PATCH = 'reassign-anew';

export async function dealWorkflow(input: DealWorkflowInput): Promise<DealState> {
  const options = {
    delegateNewTasks: patched(DELEGATION_PATCH),
    noticeAssignments: patched(NOTICES_PATCH),
    reassignAnew: patched(REASSIGN_PATCH),
  };
  const process = 'resume' in input ? DealProcess.restore(input.resume, options) : DealProcess.start(input.start, now(), options);
  let published: string | undefined;

  const publishVisibility = (): void => {
    const visibility = process.visibility();
    const fingerprint = JSON.stringify(visibility);
    if (fingerprint === published) return;
    published = fingerprint;
    upsertSearchAttributes(dealSearchAttributes(visibility));
    upsertMemo({ ...dealMemo(process.state.title, visibility) });
  };

  /** An Update whose validator runs the same check as its handler, so a refusal never reaches the history. */
  function command<C, R>(check: (command: C) => unknown, apply: (command: C) => R) {
    return {
      handler: (command: C): R => {
        const result = refusingAsFailure(() => apply(command));
        publishVisibility();
        return result;
      },
      validator: (command: C): void => void refusingAsFailure(() => check(command)),
    };
  }

  setHandler(dealStateQuery, () => process.state);
  setHandler(dealTimelineQuery, () => process.timeline);

  const completeTask = command(
    (c: CompleteTaskCommand) => process.checkCompleteTask(c),
    (c) => process.completeTask(c, now()),
  );
  setHandler(completeTaskUpdate, completeTask.handler, { validator: completeTask.validator });
  const reassignTask = command(
    (c: ReassignTaskCommand) => process.checkReassignTask(c),
    (c) => process.reassignTask(c, now()),
  );
  setHandler(reassignTaskUpdate, reassignTask.handler, { validator: reassignTask.validator });
  const comment = command(
    (c: CommentOnTaskCommand) => process.checkCommentOnTask(c),
    (c) => process.commentOnTask(c, now()),
  );
  setHandler(commentOnTaskUpdate, comment.handler, { validator: comment.validator });
  const moveDueDate = command(
    (c: MoveDueDateCommand) => process.checkMoveDueDate(c, now()),
    (c) => process.moveDueDate(c, now()),
  );
  setHandler(moveDueDateUpdate, moveDueDate.handler, { validator: moveDueDate.validator });
  const cancel = command(
    (c: EndDealCommand) => process.checkCancel(c),
    (c) => (process.cancel(c, now()), process.state),
  );
  setHandler(cancelDealUpdate, cancel.handler, { validator: cancel.validator });
  const terminate = command(
    (c: EndDealCommand) => process.checkTerminate(c),
    (c) => (process.terminate(c, now()), process.state),
  );
  setHandler(terminateDealUpdate, terminate.handler, { validator: terminate.validator });
  const report = command(
    (c: ReportIncidentCommand) => process.checkReportIncident(c),
    (c) => process.reportIncident(c, now()),
  );
  setHandler(reportIncidentUpdate, report.handler, { validator: report.validator });
  const acknowledge = command(
    (c: AcknowledgeIncidentCommand) => process.checkAcknowledgeIncident(c),
    (c) => process.acknowledgeIncident(c, now()),
  );
  setHandler(acknowledgeIncidentUpdate, acknowledge.handler, { validator: acknowledge.validator });
  const resolve = command(
    (c: ResolveIncidentCommand) => process.checkResolveIncident(c),
    (c) => process.resolveIncident(c, now()),
  );
  setHandler(resolveIncidentUpdate, resolve.handler, { validator: resolve.validator });
  setHandler(incidentEscalatedSignal, (escalation) => {
    process.recordIncidentEscalation(escalation, now());
    publishVisibility();
  });

  publishVisibility();

  const runEffect = async (effect: DealEffect): Promise<void> => {
    const { dealId } = process.state;
    switch (effect.type) {
      case 'notify':
        await deliverSignal({ deliveryId: effect.deliveryId, recipients: effect.recipients, signal: effect.signal });
        break;
      case 'start-incident-timers':
        // Incidents outlive a continue-as-new of their deal; the new run reaches them by workflow ID.
        await startChild(incidentWorkflow, {
          workflowId: incidentWorkflowId(dealId, effect.input.incident.id),
          args: [effect.input],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        break;
      case 'delegate-tasks': {
        const assignees = [...new Set(process.state.tasks.filter((task) => effect.taskIds.includes(task.id)).map((task) => task.assignee))];
        process.delegateTasks(effect.taskIds, await awayUsers({ userIds: assignees, at: now() }), now());
        break;
      }
      case 'tell-incident':
        await getExternalWorkflowHandle(incidentWorkflowId(dealId, effect.incidentId))
          .signal(incidentChangedSignal, effect.change)
          .catch(() => undefined); // its clocks may all have run out already
        break;
    }
    process.recordEffectDone(effect, now());
  };

  const timersOn = patched(TIMERS_PATCH);
  const { continueAsNewAfterEvents } = input;
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested ||
    (continueAsNewAfterEvents !== undefined && workflowInfo().historyLength >= continueAsNewAfterEvents);
  const idle = () => process.hasEffects || process.isClosed || historyFull();
  for (;;) {
    const next = timersOn ? process.nextTimerAt() : null;
    // Wake for work, or when the earliest timer is due or the schedule changes (a task done or moved).
    if (next === null) await condition(() => idle() || (timersOn && process.nextTimerAt() !== null));
    else await readyBefore(() => idle() || process.nextTimerAt() !== next, next);
    if (timersOn) process.fireTimers(now());
    for (const effect of process.takeEffects()) await runEffect(effect);
    publishVisibility();
    if (process.hasEffects) continue;
    if (process.isClosed) break;
    if (historyFull()) {
      await condition(allHandlersFinished);
      if (!process.hasEffects) return continueAsNew<typeof dealWorkflow>({ resume: process.snapshot(), continueAsNewAfterEvents });
    }
  }
  await condition(allHandlersFinished);
  return process.state;
}
