import {
  CUSTOMER_INTIMACY_MAX_DISCOUNT_PCT,
  bandwidthLimits,
  SEGMENT_MAX_DISCOUNT_PCT,
  checkBandwidth,
  standardTier,
  type BandwidthVerdict,
} from './bandwidth';
import { CUSTOMER_SEGMENTS, VALUE_PROPOSITIONS, type CustomerSegment, type ValueProposition } from './deal';
import { durationMillis } from './durations';
import { DEFAULT_POLICY, SEVERITIES, type ServiceLevels, type Severity } from './policy';
import type { ContractTerms } from './tasks';

const MINUTE = 60_000;
const FIELDS = SEVERITIES.flatMap((severity) => (['respondWithin', 'resolveWithin'] as const).map((key) => ({ severity, key })));
const TIER_FACTOR: Record<CustomerSegment, number> = { enterprise: 1, 'mid-market': 2, smb: 4 };
const TIER_ENFORCED: Record<ValueProposition, boolean> = {
  'operational-excellence': true,
  'customer-intimacy': false,
  'product-leadership': true,
};

const ms = (millis: number) => `PT${millis / 1000}S`;

/** The segment's standard tier computed here from the defaults, independently of standardTier(). */
function tierOf(segment: CustomerSegment): ServiceLevels {
  const scale = (iso: string) => ms(durationMillis(iso) * TIER_FACTOR[segment]);
  const levels = DEFAULT_POLICY.incidentServiceLevels;
  return {
    critical: { respondWithin: scale(levels.critical.respondWithin), resolveWithin: scale(levels.critical.resolveWithin) },
    major: { respondWithin: scale(levels.major.respondWithin), resolveWithin: scale(levels.major.resolveWithin) },
    minor: { respondWithin: scale(levels.minor.respondWithin), resolveWithin: scale(levels.minor.resolveWithin) },
  };
}

function terms(segment: CustomerSegment, change: Partial<ContractTerms> = {}): ContractTerms {
  return { serviceLevels: tierOf(segment), discountPct: 0, agreements: ['monthly service review'], customTerms: [], ...change };
}

/** The segment's tier with one field a minute stricter. */
function stricter(segment: CustomerSegment, severity: Severity, key: 'respondWithin' | 'resolveWithin'): ServiceLevels {
  const levels = tierOf(segment);
  levels[severity][key] = ms(durationMillis(levels[severity][key]) - MINUTE);
  return levels;
}

const allowedWithoutFlags: BandwidthVerdict = { violations: [], flags: [] };

describe('the standard service-level tier of each segment', () => {
  it('is the default incident policy for enterprise customers', () => {
    const tier = standardTier('enterprise');
    for (const severity of SEVERITIES) {
      for (const key of ['respondWithin', 'resolveWithin'] as const) {
        expect(durationMillis(tier[severity][key])).toBe(durationMillis(DEFAULT_POLICY.incidentServiceLevels[severity][key]));
      }
    }
  });

  it('is twice as long for mid-market and four times as long for smb', () => {
    expect(standardTier('mid-market')).toEqual({
      critical: { respondWithin: 'PT2H', resolveWithin: 'PT16H' },
      major: { respondWithin: 'PT8H', resolveWithin: 'PT96H' },
      minor: { respondWithin: 'PT48H', resolveWithin: 'PT240H' },
    });
    expect(standardTier('smb')).toEqual({
      critical: { respondWithin: 'PT4H', resolveWithin: 'PT32H' },
      major: { respondWithin: 'PT16H', resolveWithin: 'PT192H' },
      minor: { respondWithin: 'PT96H', resolveWithin: 'PT480H' },
    });
  });
});

describe.each(VALUE_PROPOSITIONS.flatMap((vp) => CUSTOMER_SEGMENTS.map((segment) => [vp, segment] as const)))(
  'the bandwidth of %s for %s customers',
  (vp, segment) => {
    const segmentMax = SEGMENT_MAX_DISCOUNT_PCT[segment];
    const maxDiscount = vp === 'customer-intimacy' ? CUSTOMER_INTIMACY_MAX_DISCOUNT_PCT : segmentMax;

    it('allows service levels exactly at the standard tier, however they are written', () => {
      expect(checkBandwidth(vp, segment, terms(segment))).toEqual(allowedWithoutFlags);
      expect(checkBandwidth(vp, segment, terms(segment, { serviceLevels: standardTier(segment) }))).toEqual(allowedWithoutFlags);
      if (segment === 'enterprise') {
        const defaults = structuredClone(DEFAULT_POLICY.incidentServiceLevels);
        expect(checkBandwidth(vp, segment, terms(segment, { serviceLevels: defaults }))).toEqual(allowedWithoutFlags);
      }
    });

    it('allows service levels looser than the standard tier', () => {
      const looser = tierOf(segment);
      for (const { severity, key } of FIELDS) looser[severity][key] = ms(durationMillis(looser[severity][key]) * 3);
      expect(checkBandwidth(vp, segment, terms(segment, { serviceLevels: looser }))).toEqual(allowedWithoutFlags);
    });

    it.each(FIELDS)(
      TIER_ENFORCED[vp] ? 'refuses $severity.$key a minute stricter than the tier' : 'flags $severity.$key a minute stricter than the tier',
      ({ severity, key }) => {
        const field = `serviceLevels.${severity}.${key}`;
        const agreed = stricter(segment, severity, key)[severity][key];
        const verdict = checkBandwidth(vp, segment, terms(segment, { serviceLevels: stricter(segment, severity, key) }));
        if (TIER_ENFORCED[vp]) {
          expect(verdict.flags).toEqual([]);
          expect(verdict.violations).toEqual([{ rule: 'service-level-tier', field, message: expect.any(String) }]);
          const message = verdict.violations[0]!.message;
          expect(message).toContain(field);
          expect(message).toContain(agreed);
          expect(message).toContain(`stricter than the ${segment} standard tier (${standardTier(segment)[severity][key]})`);
          expect(message).toContain(vp);
        } else {
          expect(verdict.violations).toEqual([]);
          expect(verdict.flags).toEqual([`${field} ${agreed} is stricter than the ${segment} standard tier (${standardTier(segment)[severity][key]})`]);
        }
      },
    );

    it('reports every stricter service level, one per field', () => {
      const strict = tierOf(segment);
      for (const { severity, key } of FIELDS) strict[severity][key] = ms(durationMillis(strict[severity][key]) / 2);
      const verdict = checkBandwidth(vp, segment, terms(segment, { serviceLevels: strict }));
      const reported = TIER_ENFORCED[vp] ? verdict.violations.map((violation) => violation.field) : verdict.flags.map((flag) => flag.split(' ')[0]);
      expect(reported).toEqual(FIELDS.map(({ severity, key }) => `serviceLevels.${severity}.${key}`));
      expect(TIER_ENFORCED[vp] ? verdict.flags : verdict.violations).toEqual([]);
    });

    it(`allows a discount of exactly ${maxDiscount} %`, () => {
      const verdict = checkBandwidth(vp, segment, terms(segment, { discountPct: maxDiscount }));
      expect(verdict.violations).toEqual([]);
      const flagged = maxDiscount > segmentMax;
      expect(verdict.flags).toEqual(flagged ? [`discountPct ${maxDiscount} exceeds the ${segment} standard maximum of ${segmentMax} %`] : []);
    });

    it(`allows the segment's own maximum of ${segmentMax} % without a flag`, () => {
      expect(checkBandwidth(vp, segment, terms(segment, { discountPct: segmentMax }))).toEqual(allowedWithoutFlags);
    });

    it(`refuses a discount just above ${maxDiscount} %, naming the rule`, () => {
      const discountPct = maxDiscount + 0.5;
      const verdict = checkBandwidth(vp, segment, terms(segment, { discountPct }));
      expect(verdict.violations).toEqual([{ rule: 'max-discount', field: 'discountPct', message: expect.any(String) }]);
      const message = verdict.violations[0]!.message;
      expect(message).toContain(`discountPct ${discountPct} exceeds the maximum discount of ${maxDiscount} %`);
      expect(message).toContain(vp);
      if (vp !== 'customer-intimacy') expect(message).toContain(`for ${segment} customers`);
      expect(verdict.flags).toEqual([]);
    });

    if (vp === 'customer-intimacy') {
      it('flags a discount above the segment maximum but within 25 % for the directors', () => {
        const discountPct = segmentMax + 1;
        expect(checkBandwidth(vp, segment, terms(segment, { discountPct }))).toEqual({
          violations: [],
          flags: [`discountPct ${discountPct} exceeds the ${segment} standard maximum of ${segmentMax} %`],
        });
      });
    }

    it(vp === 'operational-excellence' ? 'refuses every custom term, naming the rule' : 'flags every custom term for the directors', () => {
      const customTerms = ['dedicated on-site engineer', 'joint roadmap board'];
      const verdict = checkBandwidth(vp, segment, terms(segment, { customTerms }));
      if (vp === 'operational-excellence') {
        expect(verdict.flags).toEqual([]);
        expect(verdict.violations.map(({ rule, field }) => ({ rule, field }))).toEqual([
          { rule: 'custom-terms', field: 'customTerms[0]' },
          { rule: 'custom-terms', field: 'customTerms[1]' },
        ]);
        for (const { message } of verdict.violations) {
          expect(message).toContain('customTerms are not allowed under operational-excellence');
          expect(message).toContain('predefined bandwidth');
        }
      } else {
        expect(verdict).toEqual({ violations: [], flags: ['custom term: dedicated on-site engineer', 'custom term: joint roadmap board'] });
      }
    });
  },
);

describe('a contract that breaks several rules at once', () => {
  it('reports each broken rule under operational-excellence, in order: tier, discount, custom terms', () => {
    const verdict = checkBandwidth(
      'operational-excellence',
      'mid-market',
      terms('mid-market', { serviceLevels: standardTier('enterprise'), discountPct: 6, customTerms: ['penalty clause'] }),
    );
    expect(verdict.flags).toEqual([]);
    expect(verdict.violations.map((violation) => violation.rule)).toEqual([
      ...FIELDS.map(() => 'service-level-tier'),
      'max-discount',
      'custom-terms',
    ]);
  });

  it('collects every flag under customer-intimacy and refuses nothing within 25 %', () => {
    const verdict = checkBandwidth(
      'customer-intimacy',
      'smb',
      terms('smb', { serviceLevels: standardTier('mid-market'), discountPct: 25, customTerms: ['penalty clause'] }),
    );
    expect(verdict.violations).toEqual([]);
    expect(verdict.flags).toHaveLength(FIELDS.length + 2);
    expect(verdict.flags.slice(-2)).toEqual(['discountPct 25 exceeds the smb standard maximum of 0 %', 'custom term: penalty clause']);
  });

  it('does not change the terms it checks', () => {
    const checked = terms('smb', { discountPct: 30, customTerms: ['x'] });
    const before = structuredClone(checked);
    checkBandwidth('operational-excellence', 'smb', checked);
    expect(checked).toEqual(before);
  });
});

describe('the limits a contract form shows', () => {
  it('names per value proposition what the check enforces and what it flags', () => {
    expect(bandwidthLimits('operational-excellence', 'enterprise')).toEqual({
      standardTier: standardTier('enterprise'),
      tierRequired: true,
      maxDiscountPct: 10,
      flaggedDiscountAbovePct: 10,
      customTerms: 'refused',
    });
    expect(bandwidthLimits('customer-intimacy', 'smb')).toMatchObject({ tierRequired: false, maxDiscountPct: 25, flaggedDiscountAbovePct: 0, customTerms: 'flagged' });
    expect(bandwidthLimits('product-leadership', 'mid-market')).toMatchObject({ tierRequired: true, maxDiscountPct: 5, customTerms: 'flagged' });
  });

  it('agrees with the check at the edge of each limit', () => {
    const { maxDiscountPct, standardTier: tier } = bandwidthLimits('operational-excellence', 'mid-market');
    const terms = (discountPct: number) => ({ serviceLevels: tier, discountPct, agreements: [], customTerms: [] });
    expect(checkBandwidth('operational-excellence', 'mid-market', terms(maxDiscountPct)).violations).toEqual([]);
    expect(checkBandwidth('operational-excellence', 'mid-market', terms(maxDiscountPct + 0.5)).violations.map((violation) => violation.rule)).toEqual(['max-discount']);
  });
});
