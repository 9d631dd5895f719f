import { Duration } from 'luxon';
import { parsePositiveDuration } from './durations';
import { invalidInput } from './errors';
import { SIDES, type Side } from './people';

export const ESCALATION_LEVELS = ['tactical', 'strategic'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const SERVICE_LEVEL_CLOCKS = ['respondWithin', 'resolveWithin'] as const;
export type ServiceLevelClock = (typeof SERVICE_LEVEL_CLOCKS)[number];

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ServiceLevel {
  respondWithin: string;
  resolveWithin: string;
}
export type ServiceLevels = Record<Severity, ServiceLevel>;

export const DUE_KINDS = ['exploration', 'countersign', 'go-no-go', 'contract', 'ratification', 'review'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

/** Timing rules of one deal, fixed at its start so later configuration changes never move running deals. */
export interface DealPolicy {
  taskDue: Record<DueKind, string>;
  /** Fraction of the time to due at which the assignee is reminded. */
  reminderAt: number;
  incidentServiceLevels: ServiceLevels;
  reviewEvery: string;
  /**
   * The escalation ladders, step by step. Absent in deals started before they were declarative: read
   * them with taskLadderOf and incidentLadderOf.
   */
  ladders?: EscalationLadders;
  /** The sides told per level, as deals started before the declarative ladders recorded it. */
  incidentEscalation?: IncidentSides;
}

/** The sides told when an incident climbs to each level: the start body's shorthand for the incident ladder. */
export type IncidentSides = Record<EscalationLevel, Side[]>;

/**
 * A step of a task's ladder: once `after` times the time the task was given has passed (1: when due,
 * 2: a further period of the same length), it climbs to `level` and the named sides are told. On the
 * task's own side (the customer's for a co-signature) a tactical step tells the task's owner and a
 * strategic one that side's directors; on the other side, its people of the level the task reached.
 * No `sides`: the task's own side alone.
 */
export interface TaskLadderStep {
  level: EscalationLevel;
  sides?: Side[];
  after: number;
}

/**
 * A step of an incident's ladder: once `times` its severity's service-level clock has run (in the
 * deal's working time, from the report) it climbs to `level`, and that level's people on the named
 * sides are told. The respond clock stops at acknowledgement, the resolve clock at resolution; a
 * step to a level the incident already reached is passed over.
 */
export interface IncidentLadderStep {
  level: EscalationLevel;
  sides: Side[];
  after: { clock: ServiceLevelClock; times: number };
}

export interface EscalationLadders {
  tasks: TaskLadderStep[];
  incidents: IncidentLadderStep[];
}

export interface DealPolicyOverride {
  taskDue?: Partial<Record<DueKind, string>>;
  reminderAt?: number;
  incidentServiceLevels?: Partial<Record<Severity, Partial<ServiceLevel>>>;
  reviewEvery?: string;
  /** Whole ladders: a ladder given replaces the default one. */
  ladders?: Partial<EscalationLadders>;
  /** Shorthand: the sides told at every step of the incident ladder to that level. */
  incidentEscalation?: Partial<IncidentSides>;
}

const BOTH_SIDES: Side[] = ['supplier', 'customer'];

/**
 * Overdue, a task goes to its owner and, a further period later, to the directors of its own side.
 * A problem that climbs is told to both organisations: it must not die at the tactical level or be
 * denied at the strategic one.
 */
export const DEFAULT_LADDERS: EscalationLadders = {
  tasks: [
    { level: 'tactical', after: 1 },
    { level: 'strategic', after: 2 },
  ],
  incidents: incidentLadderFromSides({ tactical: BOTH_SIDES, strategic: BOTH_SIDES }),
};

/** The incident ladder before it was declarative: respond or resolve clock → tactical, twice the resolve clock → strategic. */
function incidentLadderFromSides(sides: IncidentSides): IncidentLadderStep[] {
  return [
    { level: 'tactical', sides: sides.tactical, after: { clock: 'respondWithin', times: 1 } },
    { level: 'tactical', sides: sides.tactical, after: { clock: 'resolveWithin', times: 1 } },
    { level: 'strategic', sides: sides.strategic, after: { clock: 'resolveWithin', times: 2 } },
  ];
}

export function taskLadderOf(policy: DealPolicy): TaskLadderStep[] {
  return policy.ladders?.tasks ?? DEFAULT_LADDERS.tasks;
}

/** A deal's incident ladder; deals started before it was declarative told the sides they recorded (or, having one side, both). */
export function incidentLadderOf(policy: DealPolicy): IncidentLadderStep[] {
  return policy.ladders?.incidents ?? incidentLadderFromSides(policy.incidentEscalation ?? { tactical: BOTH_SIDES, strategic: BOTH_SIDES });
}

export const DEFAULT_POLICY: DealPolicy = {
  taskDue: { exploration: 'P30D', countersign: 'P5D', 'go-no-go': 'P5D', contract: 'P10D', ratification: 'P7D', review: 'P14D' },
  reminderAt: 0.8,
  incidentServiceLevels: {
    critical: { respondWithin: 'PT1H', resolveWithin: 'PT8H' },
    major: { respondWithin: 'PT4H', resolveWithin: 'P2D' },
    minor: { respondWithin: 'P1D', resolveWithin: 'P5D' },
  },
  reviewEvery: 'P3M',
  ladders: DEFAULT_LADDERS,
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  const unknownKey = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknownKey !== undefined) throw invalidInput(`${path}.${unknownKey} is not a policy field`);
}

function durationAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || !parsePositiveDuration(value)) {
    throw invalidInput(`${path} must be a positive ISO 8601 duration such as PT4H or P2D`);
  }
  return value;
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalidInput(`${path} must be an object`);
  return value;
}

/**
 * Merges a deal's override into the configured defaults. Throws an invalid-input DomainError naming
 * the first offending field (`policy.taskDue.contract`).
 */
export function resolvePolicy(defaults: DealPolicy, override: unknown, path = 'policy'): DealPolicy {
  if (override === undefined || override === null) return structuredClone(defaults);
  const input = objectAt(override, path);
  checkKeys(input, ['taskDue', 'reminderAt', 'incidentServiceLevels', 'reviewEvery', 'ladders', 'incidentEscalation'], path);
  const policy = structuredClone(defaults);

  if (input.taskDue !== undefined) {
    const taskDue = objectAt(input.taskDue, `${path}.taskDue`);
    checkKeys(taskDue, DUE_KINDS, `${path}.taskDue`);
    for (const kind of DUE_KINDS) {
      if (taskDue[kind] !== undefined) policy.taskDue[kind] = durationAt(taskDue[kind], `${path}.taskDue.${kind}`);
    }
  }
  if (input.reminderAt !== undefined) {
    const reminderAt = input.reminderAt;
    if (typeof reminderAt !== 'number' || !(reminderAt > 0 && reminderAt < 1)) {
      throw invalidInput(`${path}.reminderAt must be a number between 0 and 1 (exclusive)`);
    }
    policy.reminderAt = reminderAt;
  }
  if (input.incidentServiceLevels !== undefined) {
    const levels = objectAt(input.incidentServiceLevels, `${path}.incidentServiceLevels`);
    checkKeys(levels, SEVERITIES, `${path}.incidentServiceLevels`);
    for (const severity of SEVERITIES) {
      if (levels[severity] === undefined) continue;
      const levelPath = `${path}.incidentServiceLevels.${severity}`;
      const level = objectAt(levels[severity], levelPath);
      checkKeys(level, ['respondWithin', 'resolveWithin'], levelPath);
      if (level.respondWithin !== undefined) {
        policy.incidentServiceLevels[severity].respondWithin = durationAt(level.respondWithin, `${levelPath}.respondWithin`);
      }
      if (level.resolveWithin !== undefined) {
        policy.incidentServiceLevels[severity].resolveWithin = durationAt(level.resolveWithin, `${levelPath}.resolveWithin`);
      }
      const merged = policy.incidentServiceLevels[severity];
      if (Duration.fromISO(merged.resolveWithin).toMillis() < Duration.fromISO(merged.respondWithin).toMillis()) {
        throw invalidInput(`${levelPath}.resolveWithin must not be shorter than respondWithin`);
      }
    }
  }
  if (input.reviewEvery !== undefined) policy.reviewEvery = durationAt(input.reviewEvery, `${path}.reviewEvery`);
  if (input.ladders !== undefined || input.incidentEscalation !== undefined) {
    policy.ladders = resolveLadders(policy, input, path);
    // A legacy deal's recorded sides now live in its ladder.
    delete policy.incidentEscalation;
  }
  return policy;
}

/** Every duration of a policy by its field path, for checks that apply to all of them. */
export function policyDurations(policy: DealPolicy, path = 'policy'): Record<string, string> {
  return {
    ...Object.fromEntries(DUE_KINDS.map((kind) => [`${path}.taskDue.${kind}`, policy.taskDue[kind]])),
    ...serviceLevelDurations(policy.incidentServiceLevels, `${path}.incidentServiceLevels`),
  };
}

export function serviceLevelDurations(levels: ServiceLevels, path: string): Record<string, string> {
  return Object.fromEntries(
    SEVERITIES.flatMap((severity) => [
      [`${path}.${severity}.respondWithin`, levels[severity].respondWithin],
      [`${path}.${severity}.resolveWithin`, levels[severity].resolveWithin],
    ]),
  );
}

function sidesAt(value: unknown, path: string): Side[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((side) => !(SIDES as readonly unknown[]).includes(side)) || new Set(value).size !== value.length) {
    throw invalidInput(`${path} must name one or both sides: ${SIDES.join(', ')}`);
  }
  return SIDES.filter((side) => value.includes(side));
}

function levelAt(value: unknown, path: string): EscalationLevel {
  if (!(ESCALATION_LEVELS as readonly unknown[]).includes(value)) throw invalidInput(`${path} must be one of ${ESCALATION_LEVELS.join(', ')}`);
  return value as EscalationLevel;
}

function multipleAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_LADDER_MULTIPLE) {
    throw invalidInput(`${path} must be a number from 1 to ${MAX_LADDER_MULTIPLE}`);
  }
  return value;
}

const MAX_LADDER_STEPS = 6;
const MAX_LADDER_MULTIPLE = 100;

function stepsAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LADDER_STEPS) throw invalidInput(`${path} must be a list of 1 to ${MAX_LADDER_STEPS} steps`);
  return value;
}

function taskStepAt(value: unknown, path: string): TaskLadderStep {
  const step = objectAt(value, path);
  checkKeys(step, ['level', 'sides', 'after'], path);
  return {
    level: levelAt(step.level, `${path}.level`),
    ...(step.sides === undefined ? {} : { sides: sidesAt(step.sides, `${path}.sides`) }),
    after: multipleAt(step.after, `${path}.after`),
  };
}

function incidentStepAt(value: unknown, path: string): IncidentLadderStep {
  const step = objectAt(value, path);
  checkKeys(step, ['level', 'sides', 'after'], path);
  const after = objectAt(step.after, `${path}.after`);
  checkKeys(after, ['clock', 'times'], `${path}.after`);
  if (!(SERVICE_LEVEL_CLOCKS as readonly unknown[]).includes(after.clock)) throw invalidInput(`${path}.after.clock must be one of ${SERVICE_LEVEL_CLOCKS.join(', ')}`);
  return {
    level: levelAt(step.level, `${path}.level`),
    sides: sidesAt(step.sides, `${path}.sides`),
    after: { clock: after.clock as ServiceLevelClock, times: multipleAt(after.times, `${path}.after.times`) },
  };
}

/** A task ladder climbs in the order of its steps: each later than the one before. */
function checkTaskOrder(steps: TaskLadderStep[], path: string): void {
  steps.forEach((step, index) => {
    if (index > 0 && step.after <= steps[index - 1]!.after) throw invalidInput(`${path}[${index}].after must be later than the step before`);
  });
}

function resolveLadders(policy: DealPolicy, input: Record<string, unknown>, path: string): EscalationLadders {
  const ladders: EscalationLadders = { tasks: taskLadderOf(policy), incidents: incidentLadderOf(policy) };
  if (input.ladders !== undefined) {
    const laddersPath = `${path}.ladders`;
    const given = objectAt(input.ladders, laddersPath);
    checkKeys(given, ['tasks', 'incidents'], laddersPath);
    if (given.tasks !== undefined) {
      ladders.tasks = stepsAt(given.tasks, `${laddersPath}.tasks`).map((step, index) => taskStepAt(step, `${laddersPath}.tasks[${index}]`));
      checkTaskOrder(ladders.tasks, `${laddersPath}.tasks`);
    }
    if (given.incidents !== undefined) {
      ladders.incidents = stepsAt(given.incidents, `${laddersPath}.incidents`).map((step, index) => incidentStepAt(step, `${laddersPath}.incidents[${index}]`));
    }
  }
  if (input.incidentEscalation !== undefined) {
    const sidesPath = `${path}.incidentEscalation`;
    const sides = objectAt(input.incidentEscalation, sidesPath);
    checkKeys(sides, ESCALATION_LEVELS, sidesPath);
    for (const level of ESCALATION_LEVELS) {
      if (sides[level] === undefined) continue;
      const told = sidesAt(sides[level], `${sidesPath}.${level}`);
      ladders.incidents = ladders.incidents.map((step) => (step.level === level ? { ...step, sides: told } : step));
    }
  }
  return structuredClone(ladders);
}
