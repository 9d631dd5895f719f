import {
  CancellationScope,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
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
import { AppliedUpdates } from './applied-updates';
import {
  DEFAULT_DEAL_RUN_LIMITS,
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
/** A full run lets the effect under way finish for this long before it starts afresh without it. */
const STUCK_EFFECT_GRACE = '30 seconds';
/** Deals start afresh on their own count of Updates and history, not only when Temporal suggests it. */
const RUN_LIMITS_PATCH = 'run-limits';

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

  const appliedUpdates = new AppliedUpdates('resume' in input ? input.appliedUpdates : []);
  let updatesThisRun = 0;

  /**
   * An Update whose validator runs the same check as its handler, so a refusal never reaches the
   * history. An Update ID this deal applied in an earlier run (a client's retry with its
   * Idempotency-Key after a continue-as-new) is answered from what was done, not done again.
   */
  function command<C, R>(
    check: (command: C) => unknown,
    apply: (command: C) => R,
    answerAgain: (command: C, incidentId: string | null) => R,
    createdIncident: (result: R) => string | null = () => null,
  ) {
    return {
      handler: (command: C): R => {
        const updateId = currentUpdateInfo()?.id;
        if (appliedUpdates.has(updateId)) return answerAgain(command, appliedUpdates.incidentOf(updateId));
        const result = refusingAsFailure(() => apply(command));
        updatesThisRun += 1;
        appliedUpdates.record(updateId, createdIncident(result));
        publishVisibility();
        return result;
      },
      validator: (command: C): void => {
        if (appliedUpdates.has(currentUpdateInfo()?.id)) return;
        refusingAsFailure(() => check(command));
      },
    };
  }
  const taskAgain = (c: { taskId: string }) => process.task(c.taskId);
  const incidentAgain = (c: { incidentId: string }) => process.incident(c.incidentId);
  const stateAgain = () => process.state;

  setHandler(dealStateQuery, () => process.state);
  setHandler(dealTimelineQuery, () => process.timeline);

  const completeTask = command(
    (c: CompleteTaskCommand) => process.checkCompleteTask(c),
    (c) => process.completeTask(c, now()),
    taskAgain,
  );
  setHandler(completeTaskUpdate, completeTask.handler, { validator: completeTask.validator });
  const reassignTask = command(
    (c: ReassignTaskCommand) => process.checkReassignTask(c),
    (c) => process.reassignTask(c, now()),
    taskAgain,
  );
  setHandler(reassignTaskUpdate, reassignTask.handler, { validator: reassignTask.validator });
  const comment = command(
    (c: CommentOnTaskCommand) => process.checkCommentOnTask(c),
    (c) => process.commentOnTask(c, now()),
    taskAgain,
  );
  setHandler(commentOnTaskUpdate, comment.handler, { validator: comment.validator });
  const moveDueDate = command(
    (c: MoveDueDateCommand) => process.checkMoveDueDate(c, now()),
    (c) => process.moveDueDate(c, now()),
    taskAgain,
  );
  setHandler(moveDueDateUpdate, moveDueDate.handler, { validator: moveDueDate.validator });
  const cancel = command(
    (c: EndDealCommand) => process.checkCancel(c),
    (c) => (process.cancel(c, now()), process.state),
    stateAgain,
  );
  setHandler(cancelDealUpdate, cancel.handler, { validator: cancel.validator });
  const terminate = command(
    (c: EndDealCommand) => process.checkTerminate(c),
    (c) => (process.terminate(c, now()), process.state),
    stateAgain,
  );
  setHandler(terminateDealUpdate, terminate.handler, { validator: terminate.validator });
  const report = command(
    (c: ReportIncidentCommand) => process.checkReportIncident(c),
    (c) => process.reportIncident(c, now()),
    (_c, incidentId) => process.incident(incidentId!),
    (incident) => incident.id,
  );
  setHandler(reportIncidentUpdate, report.handler, { validator: report.validator });
  const acknowledge = command(
    (c: AcknowledgeIncidentCommand) => process.checkAcknowledgeIncident(c),
    (c) => process.acknowledgeIncident(c, now()),
    incidentAgain,
  );
  setHandler(acknowledgeIncidentUpdate, acknowledge.handler, { validator: acknowledge.validator });
  const resolve = command(
    (c: ResolveIncidentCommand) => process.checkResolveIncident(c),
    (c) => process.resolveIncident(c, now()),
    incidentAgain,
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
        try {
          await startChild(incidentWorkflow, {
            workflowId: incidentWorkflowId(dealId, effect.input.incident.id),
            args: [effect.input],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
        } catch (error) {
          // Started already by the run before this one, which ended before it heard back.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
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

  /** How long a full run waits for the effect under way (an activity may be retrying) before it ends anyway. */
  const withinGrace = async (running: Promise<boolean>): Promise<boolean> => {
    const grace = new CancellationScope();
    try {
      return await Promise.race([running, grace.run(() => sleep(STUCK_EFFECT_GRACE)).then(() => false, () => false)]);
    } finally {
      grace.cancel();
    }
  };

  const timersOn = patched(TIMERS_PATCH);
  const limits = { ...DEFAULT_DEAL_RUN_LIMITS, ...input.runLimits };
  const ownLimits = patched(RUN_LIMITS_PATCH);
  const runFull = (): boolean => {
    const info = workflowInfo();
    if (info.continueAsNewSuggested) return true;
    if (!ownLimits) return false;
    return updatesThisRun >= limits.updatesPerRun || info.historyLength >= limits.eventsPerRun || info.historySize >= limits.historyBytesPerRun;
  };
  const idle = () => process.hasEffects || process.isClosed || runFull();
  // Once a run is full it stays full (its counts only grow): one condition serves every effect.
  const runEnds = condition(() => ownLimits && runFull());
  const startAfresh = () =>
    continueAsNew<typeof dealWorkflow>({
      resume: ownLimits ? process.handOver() : process.snapshot(),
      appliedUpdates: appliedUpdates.carried(),
      ...(input.runLimits ? { runLimits: input.runLimits } : {}),
    });
  for (;;) {
    const next = timersOn ? process.nextTimerAt() : null;
    // Wake for work, or when the earliest timer is due or the schedule changes (a task done or moved).
    if (next === null) await condition(() => idle() || (timersOn && process.nextTimerAt() !== null));
    else await readyBefore(() => idle() || process.nextTimerAt() !== next, next);
    if (timersOn) process.fireTimers(now());
    if (ownLimits && runFull() && !process.isClosed) {
      // Effects still to do go with the snapshot: under a steady stream of commands there would
      // always be more, and the run would never end. Updates admitted meanwhile are refused with
      // a retryable error by the server, and the client sends them again to the new run.
      await condition(allHandlersFinished);
      return startAfresh();
    }
    const effects = process.takeEffects();
    // Commands can arrive faster than effects are done, and an effect may wait on a retrying
    // activity: a full run starts no further effect and ends on time, and the next run does what
    // is left (every effect is idempotent: stable delivery IDs, one child per incident).
    while (effects.length > 0 && !(ownLimits && runFull())) {
      const effect = effects.shift()!;
      const running = runEffect(effect).then(() => true);
      if (await Promise.race([running, runEnds.then(() => false)])) continue;
      // Full while this effect was under way: let it finish briefly, so no event of it is still on its way.
      if (!(await withinGrace(running))) effects.unshift(effect);
      break;
    }
    process.returnEffects(effects);
    publishVisibility();
    if (process.hasEffects) continue;
    if (process.isClosed) break;
    if (!ownLimits && runFull()) {
      await condition(allHandlersFinished);
      if (!process.hasEffects) return startAfresh();
    }
  }
  await condition(allHandlersFinished);
  return process.state;
}
