import { DomainError } from './errors';
import { validateTaskResult } from './task-results';
import { ELEMENTS, type TaskKind } from './tasks';

const SUBSTANTIATION = 'The floor ran a two-week pilot with the supplier and it held.';
const SERVICE_LEVELS = {
  critical: { respondWithin: 'PT1H', resolveWithin: 'PT8H' },
  major: { respondWithin: 'PT4H', resolveWithin: 'P2D' },
  minor: { respondWithin: 'P1D', resolveWithin: 'P5D' },
};
const TERMS = { serviceLevels: SERVICE_LEVELS, discountPct: 5, agreements: ['monthly service review'], customTerms: [] };

function refusal(kind: TaskKind, value: unknown): string {
  try {
    validateTaskResult(kind, value);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-input');
    return (error as Error).message;
  }
  throw new Error(`the ${kind} result ${JSON.stringify(value)?.slice(0, 200)} was accepted`);
}

const withLevel = (severity: 'critical' | 'major' | 'minor', level: Record<string, unknown>) => ({
  ...TERMS,
  serviceLevels: { ...SERVICE_LEVELS, [severity]: level },
});

describe.each(ELEMENTS)('a %s finding', (element) => {
  it('accepts a feasible or not-feasible assessment with a substantiation, without conditions', () => {
    expect(validateTaskResult(element, { assessment: 'feasible', substantiation: SUBSTANTIATION })).toEqual({
      assessment: 'feasible',
      substantiation: SUBSTANTIATION,
    });
    expect(validateTaskResult(element, { assessment: 'not-feasible', substantiation: SUBSTANTIATION, conditions: [] })).toEqual({
      assessment: 'not-feasible',
      substantiation: SUBSTANTIATION,
    });
  });

  it('accepts a conditional assessment with its conditions', () => {
    expect(
      validateTaskResult(element, { assessment: 'conditional', substantiation: SUBSTANTIATION, conditions: ['shared queue', 'SSO'] }),
    ).toEqual({ assessment: 'conditional', substantiation: SUBSTANTIATION, conditions: ['shared queue', 'SSO'] });
  });

  it('accepts a substantiation of exactly 20 characters and exactly 10,000', () => {
    expect(validateTaskResult(element, { assessment: 'feasible', substantiation: 'x'.repeat(20) }).substantiation).toHaveLength(20);
    expect(validateTaskResult(element, { assessment: 'feasible', substantiation: 'x'.repeat(10_000) }).substantiation).toHaveLength(10_000);
  });

  it('refuses a substantiation shorter than 20 characters, also when padded with spaces', () => {
    expect(refusal(element, { assessment: 'feasible', substantiation: 'x'.repeat(19) })).toBe('substantiation must be at least 20 characters');
    expect(refusal(element, { assessment: 'feasible', substantiation: `ok${' '.repeat(30)}` })).toBe(
      'substantiation must be at least 20 characters',
    );
    expect(refusal(element, { assessment: 'feasible' })).toBe('substantiation must be at least 20 characters');
    expect(refusal(element, { assessment: 'feasible', substantiation: 42 })).toBe(
      'substantiation must be at least 20 characters',
    );
  });

  it('refuses a substantiation over 10,000 characters', () => {
    expect(refusal(element, { assessment: 'feasible', substantiation: 'x'.repeat(10_001) })).toBe(
      'substantiation must be at most 10000 characters',
    );
  });

  it('refuses an unknown assessment', () => {
    expect(refusal(element, { assessment: 'maybe', substantiation: SUBSTANTIATION })).toBe(
      'assessment must be one of: feasible, conditional, not-feasible',
    );
    expect(refusal(element, { substantiation: SUBSTANTIATION })).toContain('assessment must be one of');
  });

  it('refuses a conditional assessment without conditions', () => {
    const expected = 'conditions must name at least one condition when the assessment is conditional';
    expect(refusal(element, { assessment: 'conditional', substantiation: SUBSTANTIATION })).toBe(expected);
    expect(refusal(element, { assessment: 'conditional', substantiation: SUBSTANTIATION, conditions: [] })).toBe(expected);
  });

  it('refuses conditions on an assessment that is not conditional', () => {
    expect(refusal(element, { assessment: 'feasible', substantiation: SUBSTANTIATION, conditions: ['x'] })).toBe(
      'conditions are only allowed when the assessment is conditional',
    );
  });

  it('accepts 50 conditions and refuses 51', () => {
    const fifty = Array.from({ length: 50 }, (_, index) => `condition ${index + 1}`);
    expect(validateTaskResult(element, { assessment: 'conditional', substantiation: SUBSTANTIATION, conditions: fifty }).conditions).toHaveLength(50);
    expect(refusal(element, { assessment: 'conditional', substantiation: SUBSTANTIATION, conditions: [...fifty, 'one more'] })).toBe(
      'conditions must have at most 50 items',
    );
  });

  it('refuses conditions that are not a list of real texts, naming the item', () => {
    const base = { assessment: 'conditional', substantiation: SUBSTANTIATION };
    expect(refusal(element, { ...base, conditions: 'shared queue' })).toBe('conditions must be a list of texts');
    expect(refusal(element, { ...base, conditions: ['shared queue', '  '] })).toBe('conditions[1] is required');
    expect(refusal(element, { ...base, conditions: [42] })).toBe('conditions[0] is required');
    expect(refusal(element, { ...base, conditions: ['ok', 'x'.repeat(10_001)] })).toBe('conditions[1] must be at most 10000 characters');
  });

  it('refuses unknown fields and bodies that are not objects', () => {
    expect(refusal(element, { assessment: 'feasible', substantiation: SUBSTANTIATION, score: 7 })).toBe('score is not an allowed field');
    expect(refusal(element, null)).toBe('result must be an object');
    expect(refusal(element, [SUBSTANTIATION])).toBe('result must be an object');
    expect(refusal(element, 'feasible')).toBe('result must be an object');
  });
});

describe('a go/no-go decision', () => {
  it.each(['go', 'no-go'])('accepts %s with a substantiation', (decision) => {
    expect(validateTaskResult('go-no-go', { decision, substantiation: SUBSTANTIATION })).toEqual({ decision, substantiation: SUBSTANTIATION });
  });

  it('refuses an unknown decision', () => {
    expect(refusal('go-no-go', { decision: 'maybe', substantiation: SUBSTANTIATION })).toBe('decision must be one of: go, no-go');
    expect(refusal('go-no-go', { decision: 'GO', substantiation: SUBSTANTIATION })).toBe('decision must be one of: go, no-go');
  });

  it('refuses a missing, short or overlong substantiation', () => {
    expect(refusal('go-no-go', { decision: 'go' })).toBe('substantiation must be at least 20 characters');
    expect(refusal('go-no-go', { decision: 'go', substantiation: 'because' })).toBe('substantiation must be at least 20 characters');
    expect(refusal('go-no-go', { decision: 'go', substantiation: 'x'.repeat(10_001) })).toBe('substantiation must be at most 10000 characters');
  });

  it('refuses unknown fields', () => {
    expect(refusal('go-no-go', { decision: 'go', substantiation: SUBSTANTIATION, conditions: ['x'] })).toBe(
      'conditions is not an allowed field',
    );
  });
});

describe('contract terms', () => {
  it('accepts valid terms and fills in missing lists', () => {
    expect(validateTaskResult('contract', TERMS)).toEqual(TERMS);
    expect(validateTaskResult('contract', { serviceLevels: SERVICE_LEVELS, discountPct: 0 })).toEqual({
      serviceLevels: SERVICE_LEVELS,
      discountPct: 0,
      agreements: [],
      customTerms: [],
    });
  });

  it('accepts a resolve-within equal to the respond-within, even written differently', () => {
    const terms = withLevel('major', { respondWithin: 'P1D', resolveWithin: 'PT24H' });
    expect(validateTaskResult('contract', terms).serviceLevels.major).toEqual({ respondWithin: 'P1D', resolveWithin: 'PT24H' });
  });

  it('refuses a resolve-within shorter than the respond-within', () => {
    expect(refusal('contract', withLevel('critical', { respondWithin: 'PT4H', resolveWithin: 'PT2H' }))).toBe(
      'serviceLevels.critical.resolveWithin must not be shorter than respondWithin',
    );
  });

  it.each([
    ['serviceLevels.critical.respondWithin', withLevel('critical', { respondWithin: 'one hour', resolveWithin: 'PT8H' })],
    ['serviceLevels.major.resolveWithin', withLevel('major', { respondWithin: 'PT4H', resolveWithin: 'PT0S' })],
    ['serviceLevels.minor.respondWithin', withLevel('minor', { respondWithin: 24, resolveWithin: 'P5D' })],
    ['serviceLevels.minor.resolveWithin', withLevel('minor', { respondWithin: 'P1D' })],
  ])('refuses a bad duration at %s', (field, terms) => {
    expect(refusal('contract', terms)).toBe(`${field} must be a positive ISO 8601 duration such as PT4H or P2D`);
  });

  it('refuses missing service levels or a missing severity, naming the field', () => {
    expect(refusal('contract', { discountPct: 0 })).toBe('serviceLevels must be an object');
    const { critical, minor } = SERVICE_LEVELS;
    expect(refusal('contract', { ...TERMS, serviceLevels: { critical, minor } })).toBe('serviceLevels.major must be an object');
  });

  it('refuses unknown fields at every level, naming the path', () => {
    expect(refusal('contract', { ...TERMS, penalty: 10 })).toBe('penalty is not an allowed field');
    expect(refusal('contract', { ...TERMS, serviceLevels: { ...SERVICE_LEVELS, blocker: SERVICE_LEVELS.critical } })).toBe(
      'serviceLevels.blocker is not an allowed field',
    );
    expect(refusal('contract', withLevel('minor', { respondWithin: 'P1D', resolveWithin: 'P5D', acknowledgeWithin: 'PT1H' }))).toBe(
      'serviceLevels.minor.acknowledgeWithin is not an allowed field',
    );
  });

  it('accepts a discount from 0 to 100, fractions included', () => {
    for (const discountPct of [0, 2.5, 100]) expect(validateTaskResult('contract', { ...TERMS, discountPct }).discountPct).toBe(discountPct);
  });

  it.each([-1, -0.01, 100.01, 150, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined])('refuses a discount of %p', (discountPct) => {
    expect(refusal('contract', { ...TERMS, discountPct })).toBe('discountPct must be a number from 0 to 100');
  });

  it('holds agreements and custom terms to the text and list limits', () => {
    const fiftyOne = Array.from({ length: 51 }, (_, index) => `term ${index}`);
    expect(refusal('contract', { ...TERMS, agreements: fiftyOne })).toBe('agreements must have at most 50 items');
    expect(refusal('contract', { ...TERMS, customTerms: fiftyOne })).toBe('customTerms must have at most 50 items');
    expect(refusal('contract', { ...TERMS, customTerms: ['fine', ''] })).toBe('customTerms[1] is required');
    expect(refusal('contract', { ...TERMS, agreements: ['x'.repeat(10_001)] })).toBe('agreements[0] must be at most 10000 characters');
    expect(refusal('contract', { ...TERMS, agreements: 'monthly review' })).toBe('agreements must be a list of texts');
  });
});

describe('a ratification', () => {
  it('accepts a ratification with or without a reason', () => {
    expect(validateTaskResult('ratification', { decision: 'ratify' })).toEqual({ decision: 'ratify' });
    expect(validateTaskResult('ratification', { decision: 'ratify', reason: 'good terms' })).toEqual({ decision: 'ratify', reason: 'good terms' });
  });

  it('accepts a rejection with a reason', () => {
    expect(validateTaskResult('ratification', { decision: 'reject', reason: 'discount too high' })).toEqual({
      decision: 'reject',
      reason: 'discount too high',
    });
  });

  it('refuses a rejection without a real reason', () => {
    expect(refusal('ratification', { decision: 'reject' })).toBe('reason is required');
    expect(refusal('ratification', { decision: 'reject', reason: '   ' })).toBe('reason is required');
    expect(refusal('ratification', { decision: 'reject', reason: 'x'.repeat(10_001) })).toBe('reason must be at most 10000 characters');
  });

  it('refuses an unknown decision and unknown fields', () => {
    expect(refusal('ratification', { decision: 'approve' })).toBe('decision must be one of: ratify, reject');
    expect(refusal('ratification', { decision: 'ratify', signature: 'D.' })).toBe('signature is not an allowed field');
  });
});

describe('a review', () => {
  it('accepts a summary', () => {
    expect(validateTaskResult('review', { summary: 'All incidents handled in time.' })).toEqual({ summary: 'All incidents handled in time.' });
  });

  it('refuses a missing, blank or overlong summary and unknown fields', () => {
    expect(refusal('review', {})).toBe('summary is required');
    expect(refusal('review', { summary: ' ' })).toBe('summary is required');
    expect(refusal('review', { summary: 'x'.repeat(10_001) })).toBe('summary must be at most 10000 characters');
    expect(refusal('review', { summary: 'fine', rating: 5 })).toBe('rating is not an allowed field');
  });
});
