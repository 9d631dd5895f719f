import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
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

export async function inboxWorkflow(input: InboxWorkflowInput): Promise<void> {
  const signals: DeliveredSignal[] = [...(input.carried ?? [])];
  const delivered = new Set(signals.map((signal) => signal.id));
  let receivedThisRun = 0;

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
  setHandler(setPreferencesUpdate, (value) => (preferences = validatePreferences(value)), {
    validator: (value) => void refusingAsFailure(() => validatePreferences(value)),
  });
  setHandler(externalDeliveryQuery, () => ({ preferences, sent }));
  setHandler(recordSentExternallyUpdate, (key) => {
    if (!sent.includes(key)) sent.push(key);
  });

  await condition(() => receivedThisRun >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof inboxWorkflow>({
    userId: input.userId,
    carried: signals.slice(-INBOX_RETAINED_SIGNALS),
    outOfOffice,
    preferences,
    sentExternally: sent.slice(-INBOX_RETAINED_SENT_KEYS),
  });
}
