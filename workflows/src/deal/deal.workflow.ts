import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  DealProcess,
  DomainError,
  type CompleteTaskCommand,
  type DealEffect,
  type DealState,
  type DealVisibility,
  type EndDealCommand,
  type ReassignTaskCommand,
} from '@app/domain';
import type { SignalDeliveryActivities } from '@app/activities';
import {
  cancelDealUpdate,
  completeTaskUpdate,
  dealMemo,
  dealSearchAttributes,
  dealStateQuery,
  dealTimelineQuery,
  reassignTaskUpdate,
  terminateDealUpdate,
  type DealWorkflowInput,
} from './deal.contract';

const { deliverSignal } = proxyActivities<SignalDeliveryActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Temporal replaces Date inside workflows with its deterministic, replay-safe clock. */
const now = (): string => new Date().toISOString();

/** Handlers may only fail with ApplicationFailure; the type carries the refusal's code to the API. */
function refuse(error: unknown): never {
  if (error instanceof DomainError) {
    throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
  }
  throw error;
}

function guarded<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    return refuse(error);
  }
}

export async function dealWorkflow(input: DealWorkflowInput): Promise<DealState> {
  const process = 'resume' in input ? DealProcess.restore(input.resume) : DealProcess.start(input.start, now());
  let published: string | undefined;

  const publishVisibility = (): void => {
    const visibility: DealVisibility = process.visibility();
    const fingerprint = JSON.stringify(visibility);
    if (fingerprint === published) return;
    published = fingerprint;
    upsertSearchAttributes(dealSearchAttributes(visibility));
    upsertMemo({ ...dealMemo(process.state.title, visibility) });
  };

  setHandler(dealStateQuery, () => process.state);
  setHandler(dealTimelineQuery, () => process.timeline);
  setHandler(
    completeTaskUpdate,
    (command) => {
      const task = guarded(() => process.completeTask(command, now()));
      publishVisibility();
      return task;
    },
    { validator: (command: CompleteTaskCommand) => void guarded(() => process.checkCompleteTask(command)) },
  );
  setHandler(
    reassignTaskUpdate,
    (command) => {
      const task = guarded(() => process.reassignTask(command, now()));
      publishVisibility();
      return task;
    },
    { validator: (command: ReassignTaskCommand) => void guarded(() => process.checkReassignTask(command)) },
  );
  setHandler(
    cancelDealUpdate,
    (command) => {
      guarded(() => process.cancel(command, now()));
      publishVisibility();
      return process.state;
    },
    { validator: (command: EndDealCommand) => guarded(() => process.checkCancel(command)) },
  );
  setHandler(
    terminateDealUpdate,
    (command) => {
      guarded(() => process.terminate(command, now()));
      publishVisibility();
      return process.state;
    },
    { validator: (command: EndDealCommand) => guarded(() => process.checkTerminate(command)) },
  );

  publishVisibility();

  const runEffect = async (effect: DealEffect): Promise<void> => {
    await deliverSignal({ deliveryId: effect.deliveryId, recipients: effect.recipients, signal: effect.signal });
    process.recordDirectorsSignalled(effect, now());
  };

  for (;;) {
    await condition(() => process.hasEffects || process.isClosed || workflowInfo().continueAsNewSuggested);
    for (const effect of process.takeEffects()) await runEffect(effect);
    if (process.hasEffects) continue;
    if (process.isClosed) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (!process.hasEffects) return continueAsNew<typeof dealWorkflow>({ resume: process.snapshot() });
    }
  }
  await condition(allHandlersFinished);
  return process.state;
}
