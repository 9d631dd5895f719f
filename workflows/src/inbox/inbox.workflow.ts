import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { NO_EXTERNAL_CHANNELS, validateOutOfOffice, validatePreferences, type DeliveredSignal, type OutOfOffice } from '@app/domain';
import { refusingAsFailure } from '../refusals';
import {
  INBOX_RETAINED_SENT_KEYS,
  INBOX_RETAINED_SIGNALS,
  deliverSignalToInbox,
  externalDeliveryQuery,
  inboxSignalsQuery,
  outOfOfficeQuery,
  recordSentExternallyUpdate,
  setOutOfOfficeUpdate,
  setPreferencesUpdate,
  type InboxWorkflowInput,
} from './inbox.contract';

/** Signals received in one run before the inbox starts afresh, to keep its history small. */
const SIGNALS_PER_RUN = 1_000;
/** Updates (settings, sent-notification records) in one run: Temporal refuses the 2,001st. */
const UPDATES_PER_RUN = 500;
/** Inboxes started before the Update count existed keep their old condition. */
const RUN_LIMITS_PATCH = 'inbox-run-limits';

export async function inboxWorkflow(input: InboxWorkflowInput): Promise<void> {
  const signals: DeliveredSignal[] = [...(input.carried ?? [])];
  const delivered = new Set(signals.map((signal) => signal.id));
  let receivedThisRun = 0;
  let updatesThisRun = 0;

  setHandler(deliverSignalToInbox, (signal) => {
    receivedThisRun += 1;
    // A retried delivery activity signals again with the same ID; the user sees it once.
    if (delivered.has(signal.id)) return;
    delivered.add(signal.id);
    signals.push(signal);
  });
  setHandler(inboxSignalsQuery, () => signals);

  let outOfOffice: OutOfOffice | null = input.outOfOffice ?? null;
  setHandler(outOfOfficeQuery, () => outOfOffice);
  setHandler(
    setOutOfOfficeUpdate,
    (period) => {
      updatesThisRun += 1;
      outOfOffice = period === null ? null : validateOutOfOffice(period, input.userId);
      return outOfOffice;
    },
    {
      validator: (period) => {
        if (period !== null) refusingAsFailure(() => validateOutOfOffice(period, input.userId));
      },
    },
  );

  let preferences = input.preferences ?? NO_EXTERNAL_CHANNELS;
  const sent: string[] = [...(input.sentExternally ?? [])];
  setHandler(setPreferencesUpdate, (value) => {
    updatesThisRun += 1;
    return (preferences = validatePreferences(value));
  }, {
    validator: (value) => void refusingAsFailure(() => validatePreferences(value)),
  });
  setHandler(externalDeliveryQuery, () => ({ preferences, sent }));
  setHandler(recordSentExternallyUpdate, (key) => {
    updatesThisRun += 1;
    if (!sent.includes(key)) sent.push(key);
  });

  const ownLimits = patched(RUN_LIMITS_PATCH);
  await condition(
    () => receivedThisRun >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested || (ownLimits && updatesThisRun >= UPDATES_PER_RUN),
  );
  await condition(allHandlersFinished);
  await continueAsNew<typeof inboxWorkflow>({
    userId: input.userId,
    carried: signals.slice(-INBOX_RETAINED_SIGNALS),
    outOfOffice,
    preferences,
    sentExternally: sent.slice(-INBOX_RETAINED_SENT_KEYS),
  });
}
