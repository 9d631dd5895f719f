/** How big and how long each figure runs; `full` is the sizes, `quick` a first look, `tiny` the smoke spec. */
export interface Sizes {
  rounds: number;
  /** Concurrency of start load and simulated users. */
  concurrency: number;
  warmupMs: number;
  /** Length of one start-throughput measurement (each side, each round). */
  throughputMs: number;
  /** Bound on waiting for the server and workers to go quiet between measurements. */
  settleMaxMs: number;
  /** Bound on waiting for them to work off what a figure's setup started (deals run activities for seconds). */
  drainMaxMs: number;
  /** Task completions timed per side and round. */
  latencySamples: number;
  /** Deals (and minimal workflows) per side and round, each taking `overheadTasks` back to back. */
  overheadDeals: number;
  overheadTasks: number;
  /** Open deals (and minimal workflows) held by a fresh worker per side and round. */
  openDeals: number;
  /** Completions whose worker CPU is measured per side and round. */
  cpuTasks: number;
  /** Reminders due in the same moment per side and round (four per deal). */
  reminders: number;
  /** From setting up the timer batches to the first one being due, and between batches. */
  timerLeadMs: number;
  timerGapMs: number;
  /** Open deals in the inbox read, and reads timed per side and round. */
  inboxDeals: number;
  inboxSamples: number;
  /** Simulated users of the lifecycle figure, and how long each measurement lets them start new deals. */
  lifecycleUsers: number;
  lifecycleMs: number;
}

export const FULL: Sizes = {
  rounds: 3,
  concurrency: 32,
  warmupMs: 3_000,
  throughputMs: 10_000,
  settleMaxMs: 20_000,
  drainMaxMs: 120_000,
  latencySamples: 200,
  overheadDeals: 5,
  overheadTasks: 20,
  openDeals: 1_000,
  cpuTasks: 400,
  reminders: 1_000,
  timerLeadMs: 180_000,
  timerGapMs: 8_000,
  inboxDeals: 10_000,
  inboxSamples: 60,
  lifecycleUsers: 32,
  lifecycleMs: 20_000,
};

export const QUICK: Sizes = {
  rounds: 3,
  concurrency: 32,
  warmupMs: 300,
  throughputMs: 700,
  settleMaxMs: 500,
  drainMaxMs: 1_000,
  latencySamples: 10,
  overheadDeals: 1,
  overheadTasks: 10,
  openDeals: 4,
  cpuTasks: 6,
  reminders: 8,
  timerLeadMs: 3_000,
  timerGapMs: 500,
  inboxDeals: 100,
  inboxSamples: 6,
  // 32 users each starting a deal at once keep two cores busy for tens of seconds: a first look uses 8.
  lifecycleUsers: 8,
  lifecycleMs: 1_500,
};

/** The smoke spec: every figure once, as small as still means something. */
export const TINY: Sizes = {
  rounds: 1,
  concurrency: 4,
  warmupMs: 100,
  throughputMs: 500,
  settleMaxMs: 500,
  drainMaxMs: 1_000,
  latencySamples: 3,
  overheadDeals: 1,
  overheadTasks: 8,
  openDeals: 3,
  cpuTasks: 6,
  reminders: 8,
  timerLeadMs: 2_000,
  timerGapMs: 300,
  inboxDeals: 5,
  inboxSamples: 3,
  lifecycleUsers: 2,
  lifecycleMs: 1_000,
};
