import type { DealRecords } from '@app/store';
import type { Client } from '@temporalio/client';
import type { Agent, AgentMode } from './agents';
import type { ApiClient } from './http';
import type { Sizes } from './sizes';
import type { BenchUsers } from './users';

export const FIGURE_IDS = [
  'start-throughput',
  'durability',
  'task-completion',
  'workflow-overhead',
  'worker-resources',
  'timer-lateness',
  'lifecycle',
  'inbox',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** What a figure must reach: a bound on the ratio product/baseline, or on the product's own value. */
export interface Target {
  on: 'ratio' | 'product';
  op: '>=' | '<=';
  value: number;
}

/** One figure in one round: the product and its baseline measured side by side in the same run. */
export interface FigureRow {
  figure: FigureId;
  name: string;
  unit: string;
  round: number;
  product: number;
  baseline: number;
  /** product / baseline; null where the baseline is zero or missing. */
  ratio: number | null;
  target: Target | null;
  /** Whether this round meets the target; null without a target or a value to judge. */
  met: boolean | null;
  details?: Record<string, unknown>;
}

export type TemporalKind = 'file' | 'memory';

export interface TemporalServer {
  address: string;
  kind: TemporalKind;
  /** For CPU watching; absent where the server is not a process of this machine that we know. */
  pid?: number;
  stop(): Promise<void>;
}

/** The product as deployed: API and worker as their own processes, sharing one task queue. */
export interface ProductStack {
  api: Agent;
  worker: Agent;
  http: ApiClient;
  taskQueue: string;
  server: TemporalServer;
  stop(): Promise<void>;
}

/** An API alone, on a task queue no worker polls: starts measure the start path, not the worker catching up. */
export interface StartApi {
  agent: Agent;
  /** The worker that records the started deals (a start answers once the deal is in the store). */
  worker: Agent;
  http: ApiClient;
  taskQueue: string;
}

export interface BaselineWorker {
  agent: Agent;
  taskQueue: string;
  stop(): Promise<void>;
}

export interface BenchContext {
  sizes: Sizes;
  agentMode: AgentMode;
  client: Client;
  /** The product's durable record, opened by the harness on the same file: what the API reads. */
  records: DealRecords;
  server: TemporalServer;
  product: ProductStack;
  baseline: BaselineWorker;
  users: BenchUsers;
  /** Unique per run, for task queues and IDs. */
  runId: string;
  /** A fresh product stack (API + worker) on its own task queue, against a given server. */
  startProductStack(server: TemporalServer, taskQueue: string): Promise<ProductStack>;
  startProductWorker(taskQueue: string): Promise<Agent>;
  startBaselineWorker(taskQueue: string): Promise<BaselineWorker>;
  /**
   * A second dev server, of the other kind than the main one (started early in the background when the
   * durability figure will run); `releaseSecondServer` stops it and its start-only API.
   */
  secondServer(): Promise<TemporalServer>;
  releaseSecondServer(): Promise<void>;
  /** The start-only API of a server (started on first use, stopped with the run). */
  startApi(server: TemporalServer): Promise<StartApi>;
  stopApi(server: TemporalServer): Promise<void>;
  /** Waits (bounded by settleMaxMs) for the main server, the given agents (default: the main ones) and pids to go quiet. */
  settle(agents?: Agent[], extraPids?: number[]): Promise<void>;
  /** The same, bounded by `maxMs` (default drainMaxMs): after a setup that started deals. True once quiet. */
  drain(agents?: Agent[], extraPids?: number[], maxMs?: number): Promise<boolean>;
  /** Fails once the run's time budget is spent, so a figure stops between rounds. */
  checkBudget(what: string): void;
  record(row: Omit<FigureRow, 'ratio' | 'met'> & { ratio?: number | null }): FigureRow;
  note(text: string): void;
  log(text: string): void;
}

export interface Figure {
  id: FigureId;
  title: string;
  /** A rough guess of its wall time, so a figure that cannot finish within the budget is not started. */
  estimateMs(sizes: Sizes): number;
  run(ctx: BenchContext): Promise<void>;
}

/** Round r measures the baseline first when r is odd and the product first when even, so drift cancels. */
export function sidesInOrder<S extends string>(round: number, baselineSide: S, productSide: S): [S, S] {
  return round % 2 === 1 ? [baselineSide, productSide] : [productSide, baselineSide];
}

export function meets(target: Target | null, product: number, ratio: number | null): boolean | null {
  if (!target) return null;
  const value = target.on === 'ratio' ? ratio : product;
  if (value === null || !Number.isFinite(value)) return null;
  return target.op === '>=' ? value >= target.value : value <= target.value;
}

export function describeTarget(target: Target | null): string {
  if (!target) return '—';
  const subject = target.on === 'ratio' ? 'ratio' : 'product';
  return `${subject} ${target.op === '>=' ? '≥' : '≤'} ${target.value}`;
}
