import { parsePositiveDuration, durationMillis } from './durations';
import { invalidInput } from './errors';
import { LIMITS } from './limits';
import { SEVERITIES } from './policy';
import {
  ASSESSMENTS,
  COUNTERSIGN_DECISIONS,
  GO_NO_GO,
  RATIFICATION_DECISIONS,
  type ContractTerms,
  type TaskKind,
  type TaskResultByKind,
} from './tasks';

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of an object at `path` ('' for the result itself), refusing any field not allowed. */
function fieldsOf(value: unknown, allowed: readonly string[], path = ''): Fields {
  if (!isRecord(value)) throw invalidInput(`${path || 'result'} must be an object`);
  const unknownKey = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknownKey !== undefined) throw invalidInput(`${path ? `${path}.` : ''}${unknownKey} is not an allowed field`);
  return value;
}

function oneOf<T extends string>(value: unknown, options: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw invalidInput(`${field} must be one of: ${options.join(', ')}`);
  }
  return value as T;
}

function text(value: unknown, field: string, min = 1): string {
  if (typeof value !== 'string' || value.trim().length < min) {
    throw invalidInput(min > 1 ? `${field} must be at least ${min} characters` : `${field} is required`);
  }
  if (value.length > LIMITS.text) throw invalidInput(`${field} must be at most ${LIMITS.text} characters`);
  return value;
}

function textList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidInput(`${field} must be a list of texts`);
  if (value.length > LIMITS.listItems) throw invalidInput(`${field} must have at most ${LIMITS.listItems} items`);
  return value.map((item, index) => text(item, `${field}[${index}]`));
}

function validateTerms(value: unknown): ContractTerms {
  const fields = fieldsOf(value, ['serviceLevels', 'discountPct', 'agreements', 'customTerms']);
  const levels = fieldsOf(fields.serviceLevels, SEVERITIES, 'serviceLevels');
  const serviceLevels = Object.fromEntries(
    SEVERITIES.map((severity) => {
      const path = `serviceLevels.${severity}`;
      const level = fieldsOf(levels[severity], ['respondWithin', 'resolveWithin'], path);
      for (const key of ['respondWithin', 'resolveWithin'] as const) {
        if (typeof level[key] !== 'string' || !parsePositiveDuration(level[key])) {
          throw invalidInput(`${path}.${key} must be a positive ISO 8601 duration such as PT4H or P2D`);
        }
      }
      const respondWithin = level.respondWithin as string;
      const resolveWithin = level.resolveWithin as string;
      if (durationMillis(resolveWithin) < durationMillis(respondWithin)) {
        throw invalidInput(`${path}.resolveWithin must not be shorter than respondWithin`);
      }
      return [severity, { respondWithin, resolveWithin }];
    }),
  ) as ContractTerms['serviceLevels'];
  const discountPct = fields.discountPct;
  if (typeof discountPct !== 'number' || !Number.isFinite(discountPct) || discountPct < 0 || discountPct > 100) {
    throw invalidInput('discountPct must be a number from 0 to 100');
  }
  return {
    serviceLevels,
    discountPct,
    agreements: textList(fields.agreements, 'agreements'),
    customTerms: textList(fields.customTerms, 'customTerms'),
  };
}

const validators: { [K in TaskKind]: (value: unknown) => TaskResultByKind[K] } = {
  processes: validateFinding,
  organisation: validateFinding,
  systems: validateFinding,
  people: validateFinding,
  countersign: (value) => {
    const fields = fieldsOf(value, ['decision', 'substantiation']);
    return {
      decision: oneOf(fields.decision, COUNTERSIGN_DECISIONS, 'decision'),
      substantiation: text(fields.substantiation, 'substantiation', LIMITS.substantiationMin),
    };
  },
  'go-no-go': (value) => {
    const fields = fieldsOf(value, ['decision', 'substantiation']);
    return {
      decision: oneOf(fields.decision, GO_NO_GO, 'decision'),
      substantiation: text(fields.substantiation, 'substantiation', LIMITS.substantiationMin),
    };
  },
  contract: validateTerms,
  ratification: (value) => {
    const fields = fieldsOf(value, ['decision', 'reason']);
    const decision = oneOf(fields.decision, RATIFICATION_DECISIONS, 'decision');
    if (decision === 'reject') return { decision, reason: text(fields.reason, 'reason') };
    return fields.reason === undefined ? { decision } : { decision, reason: text(fields.reason, 'reason') };
  },
  review: (value) => ({ summary: text(fieldsOf(value, ['summary']).summary, 'summary') }),
};

function validateFinding(value: unknown): TaskResultByKind['processes'] {
  const fields = fieldsOf(value, ['assessment', 'substantiation', 'conditions', 'answers']);
  const assessment = oneOf(fields.assessment, ASSESSMENTS, 'assessment');
  const substantiation = text(fields.substantiation, 'substantiation', LIMITS.substantiationMin);
  const conditions = textList(fields.conditions, 'conditions');
  if (assessment === 'conditional' && conditions.length === 0) {
    throw invalidInput('conditions must name at least one condition when the assessment is conditional');
  }
  if (assessment !== 'conditional' && conditions.length > 0) {
    throw invalidInput('conditions are only allowed when the assessment is conditional');
  }
  const answered = fields.answers === undefined ? {} : { answers: textList(fields.answers, 'answers') };
  return assessment === 'conditional' ? { assessment, substantiation, conditions, ...answered } : { assessment, substantiation, ...answered };
}

/**
 * Checks a task result against its kind and returns it normalised. Throws an invalid-input
 * DomainError naming the field; the workflow runs this in its Update validator, so any client is held
 * to the same rules as the HTTP API.
 */
export function validateTaskResult<K extends TaskKind>(kind: K, value: unknown): TaskResultByKind[K] {
  return validators[kind](value);
}
