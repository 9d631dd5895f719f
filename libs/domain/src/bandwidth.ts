import type { CustomerSegment, ValueProposition } from './deal';
import { durationMillis } from './durations';
import { DEFAULT_POLICY, SEVERITIES, type ServiceLevels } from './policy';
import type { ContractTerms } from './tasks';

/** How much longer than the enterprise tier each segment's standard service levels are. */
export const SEGMENT_TIER_FACTOR: Record<CustomerSegment, number> = { enterprise: 1, 'mid-market': 2, smb: 4 };
export const SEGMENT_MAX_DISCOUNT_PCT: Record<CustomerSegment, number> = { enterprise: 10, 'mid-market': 5, smb: 0 };
export const CUSTOMER_INTIMACY_MAX_DISCOUNT_PCT = 25;

export type BandwidthRule = 'service-level-tier' | 'max-discount' | 'custom-terms';

export interface BandwidthViolation {
  rule: BandwidthRule;
  field: string;
  message: string;
}

export interface BandwidthVerdict {
  violations: BandwidthViolation[];
  /** Terms that are allowed but need the directors' attention at ratification. */
  flags: string[];
}

/** The rules each value proposition applies (domain.md, "Default policy"). */
const RULES: Record<ValueProposition, { tier: boolean; maxDiscount: 'segment' | 'intimacy'; customTerms: 'refused' | 'flagged' }> = {
  'operational-excellence': { tier: true, maxDiscount: 'segment', customTerms: 'refused' },
  'customer-intimacy': { tier: false, maxDiscount: 'intimacy', customTerms: 'flagged' },
  'product-leadership': { tier: true, maxDiscount: 'segment', customTerms: 'flagged' },
};

export function standardTier(segment: CustomerSegment): ServiceLevels {
  const factor = SEGMENT_TIER_FACTOR[segment];
  const scale = (iso: string) => `PT${(durationMillis(iso) * factor) / 3_600_000}H`;
  return Object.fromEntries(
    SEVERITIES.map((severity) => {
      const base = DEFAULT_POLICY.incidentServiceLevels[severity];
      return [severity, { respondWithin: scale(base.respondWithin), resolveWithin: scale(base.resolveWithin) }];
    }),
  ) as ServiceLevels;
}

/** What a deal's contract may hold under its value proposition and customer segment, as a form shows it. */
export interface BandwidthLimits {
  /** The standard service levels of the segment; no term may be stricter when `tierRequired`, else stricter ones are flagged. */
  standardTier: ServiceLevels;
  tierRequired: boolean;
  maxDiscountPct: number;
  /** A discount above this (and within the maximum) is flagged for the directors. */
  flaggedDiscountAbovePct: number;
  customTerms: 'refused' | 'flagged';
}

export function bandwidthLimits(valueProposition: ValueProposition, segment: CustomerSegment): BandwidthLimits {
  const rules = RULES[valueProposition];
  const segmentMax = SEGMENT_MAX_DISCOUNT_PCT[segment];
  return {
    standardTier: standardTier(segment),
    tierRequired: rules.tier,
    maxDiscountPct: rules.maxDiscount === 'segment' ? segmentMax : CUSTOMER_INTIMACY_MAX_DISCOUNT_PCT,
    flaggedDiscountAbovePct: segmentMax,
    customTerms: rules.customTerms,
  };
}

/** Checks contract terms against the bandwidth of the deal's value proposition and customer segment. */
export function checkBandwidth(
  valueProposition: ValueProposition,
  segment: CustomerSegment,
  terms: ContractTerms,
): BandwidthVerdict {
  const rules = RULES[valueProposition];
  const limits = bandwidthLimits(valueProposition, segment);
  const violations: BandwidthViolation[] = [];
  const flags: string[] = [];
  const tier = limits.standardTier;

  for (const severity of SEVERITIES) {
    for (const key of ['respondWithin', 'resolveWithin'] as const) {
      const agreed = terms.serviceLevels[severity][key];
      const standard = tier[severity][key];
      if (durationMillis(agreed) >= durationMillis(standard)) continue;
      const field = `serviceLevels.${severity}.${key}`;
      if (limits.tierRequired) {
        violations.push({
          rule: 'service-level-tier',
          field,
          message: `${field} ${agreed} is stricter than the ${segment} standard tier (${standard}) that ${valueProposition} allows`,
        });
      } else {
        flags.push(`${field} ${agreed} is stricter than the ${segment} standard tier (${standard})`);
      }
    }
  }

  const segmentMax = limits.flaggedDiscountAbovePct;
  const maxDiscount = limits.maxDiscountPct;
  if (terms.discountPct > maxDiscount) {
    const scope = rules.maxDiscount === 'segment' ? `for ${segment} customers under ${valueProposition}` : `under ${valueProposition}`;
    violations.push({
      rule: 'max-discount',
      field: 'discountPct',
      message: `discountPct ${terms.discountPct} exceeds the maximum discount of ${maxDiscount} % ${scope}`,
    });
  } else if (terms.discountPct > segmentMax) {
    flags.push(`discountPct ${terms.discountPct} exceeds the ${segment} standard maximum of ${segmentMax} %`);
  }

  terms.customTerms.forEach((term, index) => {
    if (limits.customTerms === 'refused') {
      violations.push({
        rule: 'custom-terms',
        field: `customTerms[${index}]`,
        message: `customTerms are not allowed under ${valueProposition}: agreements must stay inside the predefined bandwidth`,
      });
    } else {
      flags.push(`custom term: ${term}`);
    }
  });

  return { violations, flags };
}
