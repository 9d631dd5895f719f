import { DomainError } from './errors';
import { DEFAULT_POLICY, resolvePolicy, type DealPolicy } from './policy';

/**
 * The defaults exactly as domain.md states them (plus the customer's co-signature, an addition the
 * README documents), written out so a changed default shows up here.
 */
const DOCUMENTED_DEFAULTS: DealPolicy = {
  taskDue: { exploration: 'P30D', countersign: 'P5D', 'go-no-go': 'P5D', contract: 'P10D', ratification: 'P7D', review: 'P14D' },
  reminderAt: 0.8,
  incidentServiceLevels: {
    critical: { respondWithin: 'PT1H', resolveWithin: 'PT8H' },
    major: { respondWithin: 'PT4H', resolveWithin: 'P2D' },
    minor: { respondWithin: 'P1D', resolveWithin: 'P5D' },
  },
  reviewEvery: 'P3M',
  ladders: {
    // Overdue: the owner when due, the directors of the task's own side a further period later.
    tasks: [
      { level: 'tactical', after: 1 },
      { level: 'strategic', after: 2 },
    ],
    // Both organisations hear of an incident that climbs (the README's incident ladder).
    incidents: [
      { level: 'tactical', sides: ['supplier', 'customer'], after: { clock: 'respondWithin', times: 1 } },
      { level: 'tactical', sides: ['supplier', 'customer'], after: { clock: 'resolveWithin', times: 1 } },
      { level: 'strategic', sides: ['supplier', 'customer'], after: { clock: 'resolveWithin', times: 2 } },
    ],
  },
};

function refusal(override: unknown, path?: string): string {
  try {
    resolvePolicy(DEFAULT_POLICY, override, path);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-input');
    return (error as Error).message;
  }
  throw new Error(`the override ${JSON.stringify(override)} was accepted`);
}

describe('resolving a deal policy', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_POLICY).toEqual(DOCUMENTED_DEFAULTS);
  });

  it.each([
    ['no override', undefined],
    ['a null override', null],
    ['an empty override', {}],
  ])('keeps the defaults with %s, as a copy of its own', (_label, override) => {
    const policy = resolvePolicy(DEFAULT_POLICY, override);
    expect(policy).toEqual(DOCUMENTED_DEFAULTS);
    expect(policy).not.toBe(DEFAULT_POLICY);
    expect(policy.taskDue).not.toBe(DEFAULT_POLICY.taskDue);
    expect(policy.incidentServiceLevels.critical).not.toBe(DEFAULT_POLICY.incidentServiceLevels.critical);
  });

  it('merges a partial override field by field and keeps every other default', () => {
    const policy = resolvePolicy(DEFAULT_POLICY, {
      taskDue: { contract: 'P3D' },
      reminderAt: 0.5,
      incidentServiceLevels: { major: { resolveWithin: 'P1D' } },
    });
    expect(policy).toEqual({
      ...DOCUMENTED_DEFAULTS,
      taskDue: { ...DOCUMENTED_DEFAULTS.taskDue, contract: 'P3D' },
      reminderAt: 0.5,
      incidentServiceLevels: {
        ...DOCUMENTED_DEFAULTS.incidentServiceLevels,
        major: { respondWithin: 'PT4H', resolveWithin: 'P1D' },
      },
    });
  });

  it('takes a full override whole', () => {
    const override: DealPolicy = {
      taskDue: { exploration: 'P14D', countersign: 'P2D', 'go-no-go': 'P2D', contract: 'P4D', ratification: 'P3D', review: 'P7D' },
      reminderAt: 0.9,
      incidentServiceLevels: {
        critical: { respondWithin: 'PT30M', resolveWithin: 'PT4H' },
        major: { respondWithin: 'PT2H', resolveWithin: 'P1D' },
        minor: { respondWithin: 'PT12H', resolveWithin: 'P3D' },
      },
      reviewEvery: 'P1M',
      ladders: {
        tasks: [{ level: 'strategic', sides: ['supplier', 'customer'], after: 1.5 }],
        incidents: [{ level: 'strategic', sides: ['customer'], after: { clock: 'respondWithin', times: 3 } }],
      },
    };
    expect(resolvePolicy(DEFAULT_POLICY, structuredClone(override))).toEqual(override);
  });

  it('merges into whatever defaults it is given, not only the built-in ones', () => {
    const configured = resolvePolicy(DEFAULT_POLICY, { taskDue: { exploration: 'P60D' }, reviewEvery: 'P6M' });
    const policy = resolvePolicy(configured, { taskDue: { review: 'P21D' } });
    expect(policy.taskDue).toEqual({ ...DOCUMENTED_DEFAULTS.taskDue, exploration: 'P60D', review: 'P21D' });
    expect(policy.reviewEvery).toBe('P6M');
  });

  it('accepts reminder fractions just inside (0, 1)', () => {
    expect(resolvePolicy(DEFAULT_POLICY, { reminderAt: 0.01 }).reminderAt).toBe(0.01);
    expect(resolvePolicy(DEFAULT_POLICY, { reminderAt: 0.99 }).reminderAt).toBe(0.99);
  });

  it('never mutates the defaults, nor shares objects with the override', () => {
    const before = structuredClone(DEFAULT_POLICY);
    const override = { taskDue: { exploration: 'P1D' }, incidentServiceLevels: { critical: { respondWithin: 'PT5M' } } };
    const policy = resolvePolicy(DEFAULT_POLICY, override);
    policy.taskDue.contract = 'P99D';
    policy.incidentServiceLevels.minor.resolveWithin = 'P99D';
    expect(DEFAULT_POLICY).toEqual(before);
    expect(override).toEqual({ taskDue: { exploration: 'P1D' }, incidentServiceLevels: { critical: { respondWithin: 'PT5M' } } });
    expect(policy.taskDue).not.toBe(override.taskDue);
  });

  it('leaves the defaults untouched when an override is refused half-way', () => {
    const before = structuredClone(DEFAULT_POLICY);
    refusal({ taskDue: { exploration: 'P1D', contract: 'never' } });
    expect(DEFAULT_POLICY).toEqual(before);
  });
});

describe('refusing a bad policy override with a message that names the field', () => {
  it.each([
    ['policy.taskDue.contract', { taskDue: { contract: 'ten days' } }],
    ['policy.taskDue.exploration', { taskDue: { exploration: 'PT0S' } }],
    ['policy.taskDue.ratification', { taskDue: { ratification: 'P-7D' } }],
    ['policy.taskDue.go-no-go', { taskDue: { 'go-no-go': 5 } }],
    ['policy.taskDue.review', { taskDue: { review: '' } }],
    ['policy.incidentServiceLevels.critical.respondWithin', { incidentServiceLevels: { critical: { respondWithin: '1h' } } }],
    ['policy.incidentServiceLevels.minor.resolveWithin', { incidentServiceLevels: { minor: { resolveWithin: null } } }],
    ['policy.reviewEvery', { reviewEvery: 'quarterly' }],
  ])('an invalid duration at %s', (path, override) => {
    const message = refusal(override);
    expect(message).toContain(path);
    expect(message).toContain('positive ISO 8601 duration');
  });

  it.each([
    ['policy.timezone', { timezone: 'UTC' }],
    ['policy.taskDue.incident', { taskDue: { incident: 'P1D' } }],
    ['policy.incidentServiceLevels.blocker', { incidentServiceLevels: { blocker: { respondWithin: 'PT1H' } } }],
    ['policy.incidentServiceLevels.major.acknowledgeWithin', { incidentServiceLevels: { major: { acknowledgeWithin: 'PT1H' } } }],
  ])('an unknown key at %s', (path, override) => {
    expect(refusal(override)).toBe(`${path} is not a policy field`);
  });

  it.each([0, 1, -0.2, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '0.5', null, true])(
    'reminderAt %p, which is not a number strictly between 0 and 1',
    (reminderAt) => {
      expect(refusal({ reminderAt })).toBe('policy.reminderAt must be a number between 0 and 1 (exclusive)');
    },
  );

  it.each([
    ['policy', 'fast'],
    ['policy', ['P1D']],
    ['policy', 42],
    ['policy.taskDue', { taskDue: 'P1D' }],
    ['policy.taskDue', { taskDue: ['P1D'] }],
    ['policy.incidentServiceLevels', { incidentServiceLevels: 'PT1H' }],
    ['policy.incidentServiceLevels.major', { incidentServiceLevels: { major: 'PT4H' } }],
  ])('a non-object at %s: %p', (path, override) => {
    expect(refusal(override)).toBe(`${path} must be an object`);
  });

  it('names the field under the path the caller gives', () => {
    expect(refusal({ taskDue: { contract: 'x' } }, 'body.policy')).toContain('body.policy.taskDue.contract');
  });
});
