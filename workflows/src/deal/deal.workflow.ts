import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
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
  type EndDealCommand,
  type GiveAdviceCommand,
  type OutOfOffice,
  type UserId,
  type MoveDueDateCommand,
  type ReassignTaskCommand,
  type ReportIncidentCommand,
  type ResolveIncidentCommand,
} from '@app/domain';
import { incidentChangedSignal, incidentWorkflowId } from '../incident/incident.contract';
import { incidentWorkflow } from '../incident/incident.workflow';
import { hasChange } from '../patches';
import { refusingAsFailure } from '../refusals';
import { now, readyBefore } from '../timing';
import { AppliedUpdates } from './applied-updates';
import type { DealActivities } from './deal.activities';
import {
  CATCHING_UP_FAILURE,
  DEFAULT_DEAL_RUN_LIMITS,
  RUN_ENDING_FAILURE,
  acknowledgeIncidentUpdate,
  cancelDealUpdate,
  changedSearchAttributes,
  commentOnTaskUpdate,
  completeTaskUpdate,
  dealRecordedUpdate,
  dealSearchAttributes,
  giveAdviceUpdate,
  incidentEscalatedSignal,
  moveDueDateUpdate,
  reassignTaskUpdate,
  reportIncidentUpdate,
  resolveIncidentUpdate,
  terminateDealUpdate,
  type DealRef,
  type DealWorkflowInput,
} from './deal.contract';

const { recordDeal, awayUsers } = proxyActivities<DealActivities>({
  // One transaction on the store; users wait on it, so retries start fast. Not local activities:
  // an Update handler awaiting a local activity wrote histories that did not replay (SDK 1.24).
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});
const { sendExternally } = proxyActivities<DealActivities>({
  // Covers the slowest channel: an SMTP exchange is bounded at about a minute.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A full run lets the effect under way finish for this long before it starts afresh without it. */
const STUCK_EFFECT_GRACE = '30 seconds';

/**
 * One deal, from strategic contact to the end of the relationship. The pure DealProcess decides;
 * this workflow adds time, the durable record (every change is written before its Update answers)
 * and the effects outside: notices, incident clocks, delegation.
 */
export async function dealWorkflow(input: DealWorkflowInput): Promise<DealRef> {
  const run = { assignmentsNoticedAtOpening: hasChange('assignmentsNoticedAtOpening') };
  const process = 'resume' in input ? DealProcess.restore(input.resume, run) : DealProcess.start(input.start, now(), { bothFloors: hasChange('bothFloorsExplore'), ...run });
  const startKey = 'start' in input ? input.startKey : undefined;
  const limits = { ...DEFAULT_DEAL_RUN_LIMITS, ...input.runLimits };
  const appliedUpdates = new AppliedUpdates('resume' in input ? input.appliedUpdates : []);
  let updatesThisRun = 0;

  const searchAttributesOnChange = hasChange('searchAttributesOnChange');
  let published: string | undefined;
  const publishVisibility = (): void => {
    const visibility = process.visibility();
    if (searchAttributesOnChange) {
      const changed = changedSearchAttributes(visibility, workflowInfo().typedSearchAttributes);
      if (changed.length > 0) upsertSearchAttributes(changed);
      return;
    }
    const fingerprint = JSON.stringify(visibility);
    if (fingerprint === published) return;
    published = fingerprint;
    upsertSearchAttributes(dealSearchAttributes(visibility, { withOpenTaskAssignees: true }));
  };

  // Notices someone wants by e-mail or webhook, as the store said when their changes were recorded;
  // the others need no activity. Carried effects were chosen by the run before.
  const externalDeliveries = new Set<string>();
  if ('resume' in input) {
    for (const effect of input.resume.pendingEffects) if (effect.type === 'send-externally') externalDeliveries.add(effect.deliveryId);
  }

  const wanted = (effect: DealEffect): boolean => effect.type !== 'send-externally' || externalDeliveries.has(effect.deliveryId);

  // Who of the new tasks' assignees is away, as the store said when the tasks' opening was recorded.
  const awayReadWithRecord = hasChange('awayReadWithRecord');
  let awayAsRecorded: { userIds: Set<UserId>; away: Record<UserId, OutOfOffice> } = { userIds: new Set(), away: {} };
  const awayOf = async (userIds: UserId[]): Promise<Record<UserId, OutOfOffice>> =>
    awayReadWithRecord && userIds.every((userId) => awayAsRecorded.userIds.has(userId)) ? awayAsRecorded.away : awayUsers({ userIds, at: now() });

  /** Whether this run has reached a limit, as of the workflow task under way. */
  const looksFull = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      updatesThisRun >= limits.updatesPerRun ||
      info.historyLength >= limits.eventsPerRun ||
      info.historySize >= limits.historyBytesPerRun
    );
  };
  // The run counts as full once code that the history records saw it full: an Update handler, a
  // signal, an activity's or child's answer, a timer. A workflow task that only refused an Update is
  // dropped by the server, so what it saw must not change the path, or replay takes another one.
  const fullnessLatched = hasChange('runFullLatched');
  let full = false;
  const noticeFullness = (): void => {
    if (fullnessLatched && !full && looksFull()) full = true;
  };
  const runFull = (): boolean => (fullnessLatched ? full : looksFull());

  // The recorder writes changes in batches, in order; an Update waits for the batch holding its changes.
  let batchesTaken = 0;
  let batchesRecorded = 0;
  const recorded = (): boolean => !process.hasUnrecordedChanges && batchesRecorded === batchesTaken;
  const effectsAfterTheirRecord = hasChange('effectsAfterTheirRecord');
  /** Until every change made so far is recorded; changes made meanwhile do not hold it up. */
  const untilRecorded = async (): Promise<void> => {
    const batch = process.hasUnrecordedChanges ? batchesTaken + 1 : batchesTaken;
    if (!effectsAfterTheirRecord && !process.hasUnrecordedChanges) return condition(() => batchesRecorded === batchesTaken);
    return condition(() => batchesRecorded >= batch);
  };
  const pastReviewsForgotten = hasChange('pastReviewsForgotten');
  const recorder = async (): Promise<never> => {
    for (;;) {
      await condition(() => process.hasUnrecordedChanges);
      const changes = process.takeChanges()!;
      if (pastReviewsForgotten) process.forgetPastReviews();
      batchesTaken += 1;
      const batch = batchesTaken;
      // Tasks opened with a notice (1.7) and tasks awaiting delegation (carried from a run before it).
      const assignments = changes.assignments ?? [];
      const awaiting = awayReadWithRecord ? process.assigneesAwaitingDelegation() : [];
      const lookUp = [...new Set([...awaiting, ...assignments.map((assignment) => assignment.assignee)])];
      const at = now();
      const { sendExternally, away } = await recordDeal({
        changes,
        ...(startKey !== undefined && batch === 1 ? { startKey } : {}),
        ...(lookUp.length > 0 ? { lookUpAway: { userIds: lookUp, at } } : {}),
      });
      for (const deliveryId of sendExternally) externalDeliveries.add(deliveryId);
      if (lookUp.length > 0) awayAsRecorded = { userIds: new Set(lookUp), away: away ?? {} };
      // The record dropped the notices of assignees away at `at`; their tasks go to the delegates now.
      if (assignments.length > 0) process.settleAssignments(assignments, away ?? {}, at, now());
      noticeFullness();
      batchesRecorded = batch;
    }
  };
  void recorder();

  /**
   * An Update whose validator runs the same check as its handler, so a refusal never reaches the
   * history. An Update ID this deal applied in an earlier run (a client's retry with its
   * Idempotency-Key after a continue-as-new) is answered from what was done, not done again.
   */
  function command<C, R>(check: (command: C) => unknown, apply: (command: C) => R, answerAgain: (command: C, incidentId: string | null) => R, createdIncident: (result: R) => string | null = () => null) {
    return {
      handler: async (command: C): Promise<R> => {
        const updateId = currentUpdateInfo()?.id;
        if (appliedUpdates.has(updateId)) return answerAgain(command, appliedUpdates.incidentOf(updateId));
        const result = refusingAsFailure(() => apply(command));
        updatesThisRun += 1;
        noticeFullness();
        appliedUpdates.record(updateId, createdIncident(result));
        publishVisibility();
        await untilRecorded();
        return result;
      },
      validator: (command: C): void => {
        if (appliedUpdates.has(currentUpdateInfo()?.id)) return;
        if (runFull()) throw ApplicationFailure.create({ type: RUN_ENDING_FAILURE, message: 'the deal is starting a fresh run; send the command again', nonRetryable: true });
        if (effectsAfterTheirRecord && process.pendingEffectCount >= limits.effectBacklog) {
          throw ApplicationFailure.create({ type: CATCHING_UP_FAILURE, message: 'the deal is catching up on its notices; send the command again', nonRetryable: true });
        }
        refusingAsFailure(() => check(command));
      },
    };
  }
  const taskRef = (c: { taskId: string }) => ({ taskId: c.taskId });
  const incidentRef = (c: { incidentId: string }) => ({ incidentId: c.incidentId });
  const dealRef = (): DealRef => ({ dealId: process.state.dealId, stage: process.state.stage });

  setHandler(dealRecordedUpdate, async () => {
    await untilRecorded();
    return { ...dealRef(), firstExecutionRunId: workflowInfo().firstExecutionRunId };
  });
  const completeTask = command((c: CompleteTaskCommand) => process.checkCompleteTask(c), (c) => (process.completeTask(c, now()), taskRef(c)), taskRef);
  setHandler(completeTaskUpdate, completeTask.handler, { validator: completeTask.validator });
  const reassignTask = command((c: ReassignTaskCommand) => process.checkReassignTask(c), (c) => (process.reassignTask(c, now()), taskRef(c)), taskRef);
  setHandler(reassignTaskUpdate, reassignTask.handler, { validator: reassignTask.validator });
  const comment = command((c: CommentOnTaskCommand) => process.checkCommentOnTask(c), (c) => (process.commentOnTask(c, now()), taskRef(c)), taskRef);
  setHandler(commentOnTaskUpdate, comment.handler, { validator: comment.validator });
  const moveDueDate = command((c: MoveDueDateCommand) => process.checkMoveDueDate(c, now()), (c) => (process.moveDueDate(c, now()), taskRef(c)), taskRef);
  setHandler(moveDueDateUpdate, moveDueDate.handler, { validator: moveDueDate.validator });
  const cancel = command((c: EndDealCommand) => process.checkCancel(c), (c) => (process.cancel(c, now()), dealRef()), dealRef);
  setHandler(cancelDealUpdate, cancel.handler, { validator: cancel.validator });
  const terminate = command((c: EndDealCommand) => process.checkTerminate(c), (c) => (process.terminate(c, now()), dealRef()), dealRef);
  setHandler(terminateDealUpdate, terminate.handler, { validator: terminate.validator });
  const giveAdvice = command((c: GiveAdviceCommand) => process.checkGiveAdvice(c), (c) => (process.giveAdvice(c, now()), dealRef()), dealRef);
  setHandler(giveAdviceUpdate, giveAdvice.handler, { validator: giveAdvice.validator });
  const report = command(
    (c: ReportIncidentCommand) => process.checkReportIncident(c),
    (c) => incidentRef({ incidentId: process.reportIncident(c, now()).id }),
    (_c, incidentId) => ({ incidentId: incidentId! }),
    (ref) => ref.incidentId,
  );
  setHandler(reportIncidentUpdate, report.handler, { validator: report.validator });
  const acknowledge = command((c: AcknowledgeIncidentCommand) => process.checkAcknowledgeIncident(c), (c) => (process.acknowledgeIncident(c, now()), incidentRef(c)), incidentRef);
  setHandler(acknowledgeIncidentUpdate, acknowledge.handler, { validator: acknowledge.validator });
  const resolve = command((c: ResolveIncidentCommand) => process.checkResolveIncident(c), (c) => (process.resolveIncident(c, now()), incidentRef(c)), incidentRef);
  setHandler(resolveIncidentUpdate, resolve.handler, { validator: resolve.validator });
  setHandler(incidentEscalatedSignal, (escalation) => {
    process.recordIncidentEscalation(escalation, now());
    noticeFullness();
    publishVisibility();
  });

  publishVisibility();

  const runEffect = async (effect: DealEffect): Promise<void> => {
    const { dealId } = process.state;
    switch (effect.type) {
      case 'send-externally':
        externalDeliveries.delete(effect.deliveryId);
        await sendExternally({ deliveryId: effect.deliveryId, recipients: effect.recipients, signal: effect.signal });
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
        process.delegateTasks(effect.taskIds, await awayOf(process.assigneesOf(effect.taskIds)), now());
        break;
      }
      case 'tell-incident':
        await getExternalWorkflowHandle(incidentWorkflowId(dealId, effect.incidentId))
          .signal(incidentChangedSignal, effect.change)
          .catch(() => undefined); // its clocks may all have run out already
        break;
    }
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

  const idle = () => process.hasEffects || process.isClosed || runFull();
  // Once a run is full it stays full (its counts only grow): one condition serves every effect.
  const runEnds = condition(runFull);
  for (;;) {
    const next = process.nextTimerAt();
    // Wake for work, or when the earliest timer is due or the schedule changes (a task done or moved).
    if (next === null) await condition(() => idle() || process.nextTimerAt() !== null);
    else await readyBefore(() => idle() || process.nextTimerAt() !== next, next);
    process.fireTimers(now());
    noticeFullness();
    if (runFull() && !process.isClosed) {
      // Effects still to do go with the snapshot: under a steady stream of commands there would
      // always be more, and the run would never end. New Updates are refused meanwhile (the API
      // sends them again, to the next run); the ones admitted finish once their changes are recorded.
      await condition(() => allHandlersFinished() && recorded());
      const snapshot = process.handOver();
      return continueAsNew<typeof dealWorkflow>({
        resume: { ...snapshot, pendingEffects: snapshot.pendingEffects.filter(wanted) },
        appliedUpdates: appliedUpdates.carried(),
        ...(input.runLimits ? { runLimits: input.runLimits } : {}),
      });
    }
    // A notice's e-mail and webhook wait for its in-app record, which says whether anyone wants them;
    // commands that arrive meanwhile add notices of their own, so wait until all are recorded.
    let effects: DealEffect[];
    if (effectsAfterTheirRecord) {
      // The effects waiting now came from changes made so far; later ones wait for the next round.
      const ready = process.pendingEffectCount;
      if (!recorded()) await untilRecorded();
      effects = process.takeEffects(ready).filter(wanted);
    } else {
      while (process.hasEffects && !recorded()) await untilRecorded();
      effects = process.takeEffects().filter(wanted);
    }
    const done = new Set<DealEffect>();
    if (effects.length > 0 && !runFull()) {
      // Commands can arrive faster than effects are done one by one, so the effects of different
      // subjects run side by side; one incident's effects keep their order (its clocks start before
      // it hears of an acknowledgement). A run that fills up meanwhile lets them finish briefly and
      // hands the rest to the next run: every effect is idempotent (stable delivery IDs, one child
      // per incident, read-only look-ups).
      const all = Promise.all(
        effectLanes(effects).map(async (lane) => {
          for (const effect of lane) {
            await runEffect(effect);
            noticeFullness();
            done.add(effect);
          }
        }),
      ).then(() => true);
      if (!(await Promise.race([all, runEnds.then(() => false)]))) await withinGrace(all);
    }
    process.returnEffects(effects.filter((effect) => !done.has(effect)));
    publishVisibility();
    if (process.hasEffects) continue;
    if (process.isClosed) break;
  }
  await condition(() => allHandlersFinished() && recorded());
  return dealRef();
}

/** Effects in lanes that may run side by side: one lane per incident, every other effect a lane of its own. */
function effectLanes(effects: DealEffect[]): DealEffect[][] {
  const lanes: DealEffect[][] = [];
  const byIncident = new Map<string, DealEffect[]>();
  for (const effect of effects) {
    const incidentId = effect.type === 'start-incident-timers' ? effect.input.incident.id : effect.type === 'tell-incident' ? effect.incidentId : undefined;
    if (incidentId === undefined) {
      lanes.push([effect]);
      continue;
    }
    const lane = byIncident.get(incidentId);
    if (lane) lane.push(effect);
    else {
      const created = [effect];
      byIncident.set(incidentId, created);
      lanes.push(created);
    }
  }
  return lanes;
}
