import { Duration } from 'luxon';
import { parsePositiveDuration } from './durations';
import { invalidInput } from './errors';
import { SIDES, type Side } from './people';

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
   * The incident ladder's steps: which sides are told when an incident climbs to each level (the
   * tactical leads or the directors of those sides). Absent in deals started before it existed, which
   * had one side only: read it with incidentLadderOf.
   */
  incidentEscalation?: IncidentLadder;
}

export type IncidentLadder = Record<'tactical' | 'strategic', Side[]>;

export interface DealPolicyOverride {
  taskDue?: Partial<Record<DueKind, string>>;
  reminderAt?: number;
  incidentServiceLevels?: Partial<Record<Severity, Partial<ServiceLevel>>>;
  reviewEvery?: string;
  incidentEscalation?: Partial<IncidentLadder>;
}

/** A problem that climbs is told to both organisations: it must not die at the tactical level or be denied at the strategic one. */
export const DEFAULT_INCIDENT_LADDER: IncidentLadder = { tactical: ['supplier', 'customer'], strategic: ['supplier', 'customer'] };

export function incidentLadderOf(policy: DealPolicy): IncidentLadder {
  return policy.incidentEscalation ?? DEFAULT_INCIDENT_LADDER;
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
  incidentEscalation: DEFAULT_INCIDENT_LADDER,
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
  checkKeys(input, ['taskDue', 'reminderAt', 'incidentServiceLevels', 'reviewEvery', 'incidentEscalation'], path);
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
  if (input.incidentEscalation !== undefined) {
    const ladderPath = `${path}.incidentEscalation`;
    const ladder = objectAt(input.incidentEscalation, ladderPath);
    checkKeys(ladder, ['tactical', 'strategic'], ladderPath);
    const merged = { ...incidentLadderOf(policy) };
    for (const level of ['tactical', 'strategic'] as const) {
      const sides = ladder[level];
      if (sides === undefined) continue;
      if (!Array.isArray(sides) || sides.length === 0 || sides.some((side) => !(SIDES as readonly unknown[]).includes(side)) || new Set(sides).size !== sides.length) {
        throw invalidInput(`${ladderPath}.${level} must name one or both sides: ${SIDES.join(', ')}`);
      }
      merged[level] = SIDES.filter((side) => sides.includes(side));
    }
    policy.incidentEscalation = merged;
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
