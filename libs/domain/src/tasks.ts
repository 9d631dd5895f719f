import type { TaskLadder } from './escalation';
import type { Level, UserId } from './people';
import type { ServiceLevels } from './policy';

/** The four elements of the B-O-S-M model that exploration covers. */
export const ELEMENTS = ['processes', 'organisation', 'systems', 'people'] as const;
export type Element = (typeof ELEMENTS)[number];

/** The questions each element's exploration task asks, for one value proposition (see guidance.ts). */
export type ExplorationGuidance = Record<Element, string[]>;

export const TASK_KINDS = [...ELEMENTS, 'countersign', 'go-no-go', 'contract', 'ratification', 'review'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ASSESSMENTS = ['feasible', 'conditional', 'not-feasible'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export interface FindingResult {
  assessment: Assessment;
  substantiation: string;
  conditions?: string[];
  /** One answer per question of the element's task, in order (see guidance.ts). */
  answers?: string[];
}

/** The customer's counterpart co-signs an element's finding, or contests it and sends it back. */
export const COUNTERSIGN_DECISIONS = ['co-sign', 'contest'] as const;
export type CountersignDecision = (typeof COUNTERSIGN_DECISIONS)[number];

export interface CountersignResult {
  decision: CountersignDecision;
  substantiation: string;
}

export const GO_NO_GO = ['go', 'no-go'] as const;
export type GoNoGo = (typeof GO_NO_GO)[number];

export interface GoNoGoResult {
  decision: GoNoGo;
  substantiation: string;
}

export interface ContractTerms {
  serviceLevels: ServiceLevels;
  discountPct: number;
  agreements: string[];
  customTerms: string[];
}

export const RATIFICATION_DECISIONS = ['ratify', 'reject'] as const;
export type RatificationDecision = (typeof RATIFICATION_DECISIONS)[number];

export interface RatificationResult {
  decision: RatificationDecision;
  reason?: string;
}

export interface ReviewResult {
  summary: string;
}

export interface TaskResultByKind {
  processes: FindingResult;
  organisation: FindingResult;
  systems: FindingResult;
  people: FindingResult;
  countersign: CountersignResult;
  'go-no-go': GoNoGoResult;
  contract: ContractTerms;
  ratification: RatificationResult;
  review: ReviewResult;
}
export type TaskResult = TaskResultByKind[TaskKind];

export interface TaskComment {
  author: UserId;
  at: string;
  text: string;
}

/** A task's thread keeps this many comments; a longer discussion belongs elsewhere. */
export const MAX_TASK_COMMENTS = 200;

export interface Task {
  id: string;
  kind: TaskKind;
  assignee: UserId;
  owner: UserId;
  openedAt: string;
  dueAt: string;
  status: TaskStatus;
  level: Level;
  /** Its reminder and escalation timers; done once the task is closed. */
  ladder: TaskLadder;
  /** The discussion of the task, oldest first. */
  comments?: TaskComment[];
  /** Set when the task went to a delegate because its assignee was out of office. */
  delegatedFrom?: UserId;
  /** Why the task exists when that is not obvious, e.g. the directors' reason for sending a contract back. */
  note?: string;
  /** What an exploration task asks for the deal's value proposition; its finding answers them. */
  questions?: string[];
  /** The element whose finding a countersign task co-signs or contests. */
  element?: Element;
  completedAt?: string;
  completedBy?: UserId;
  result?: TaskResult;
}

export function isElement(kind: TaskKind): kind is Element {
  return (ELEMENTS as readonly string[]).includes(kind);
}

/** Task IDs carry their kind (`go-no-go-5`) so the API can validate a result without a round trip. */
export function taskId(kind: TaskKind, sequence: number): string {
  return `${kind}-${sequence}`;
}

const TASK_ID_PATTERN = new RegExp(`^(${TASK_KINDS.join('|')})-([1-9][0-9]*)$`);

export function taskKindOf(id: string): TaskKind | null {
  const match = TASK_ID_PATTERN.exec(id);
  return match ? (match[1] as TaskKind) : null;
}

/** The number in a task ID (its opening order in the deal), or null when the ID is not one this process hands out. */
export function taskSequenceOf(id: string): number | null {
  const match = TASK_ID_PATTERN.exec(id);
  return match ? Number(match[2]) : null;
}
