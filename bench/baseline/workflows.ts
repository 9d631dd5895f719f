// Minimal workflows the benchmark measures the product against: what the bare SDK costs for the same
// kind of work (an Update, a signal then a query, a timer). They import @temporalio/workflow only.
import { condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';

export interface TaskRef {
  taskId: string;
}

/** Does nothing: the cheapest possible Update, the floor under completing a task. */
export const noopUpdate = defineUpdate<null, [TaskRef]>('noopUpdate');
export const readyQuery = defineQuery<boolean>('ready');
export const finishSignal = defineSignal('finish');

/** The alternative design for completing a task: fire a signal, then poll a query until it shows. */
export const completeTaskSignal = defineSignal<[TaskRef]>('completeTask');
export const taskCompletedQuery = defineQuery<boolean, [string]>('taskCompleted');

/** Takes no-op Updates until it is told to finish. */
export async function updateTargetWorkflow(): Promise<void> {
  let finished = false;
  setHandler(noopUpdate, () => null);
  setHandler(readyQuery, () => true);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}

/** Records completed task IDs from signals; a query tells whether one has arrived. */
export async function signalQueryWorkflow(): Promise<void> {
  const completed = new Set<string>();
  let finished = false;
  setHandler(completeTaskSignal, ({ taskId }) => {
    completed.add(taskId);
  });
  setHandler(taskCompletedQuery, (taskId) => completed.has(taskId));
  setHandler(readyQuery, () => true);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}

/** The one activity of the recording baseline: one row into the product's store per call. */
export interface RowWriterActivities {
  writeRow(input: { key: string; sequence: number }): Promise<void>;
}

// A normal activity, as the deal's own store writes are.
const { writeRow } = proxyActivities<RowWriterActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/** Answers once its row is written, as every deal command answers once its changes are recorded. */
export const recordTaskUpdate = defineUpdate<null, [TaskRef]>('recordTask');

/**
 * The floor under a deal's lifecycle with a durable record: each Update writes one row to the same
 * store before it answers; it takes the start as an Update too, and ends when told to.
 */
export async function recordingTargetWorkflow(): Promise<void> {
  let finished = false;
  let sequence = 0;
  setHandler(recordTaskUpdate, async () => {
    sequence += 1;
    await writeRow({ key: workflowInfo().workflowId, sequence });
    return null;
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}

export interface TimerFiring {
  dueAt: number;
  /** The workflow clock when the timer's activation ran: the same clock a deal records a reminder with. */
  firedAt: number;
}

/** One durable timer due at an absolute moment (epoch ms). */
export async function timerWorkflow({ dueAt }: { dueAt: number }): Promise<TimerFiring> {
  await sleep(Math.max(dueAt - Date.now(), 1));
  return { dueAt, firedAt: Date.now() };
}
