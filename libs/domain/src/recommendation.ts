import type { GoNoGo, Element, FindingResult } from './tasks';

export interface Finding extends FindingResult {
  element: Element;
  /** The questions the task asked; `answers` answers them in order, when given. */
  questions?: string[];
  recordedBy: string;
  recordedAt: string;
  /** The customer's counterpart who co-signed it, when both floors explore. */
  coSigned?: { by: string; at: string; substantiation: string };
}

/** An outside advisor's note for the go/no-go report, on one element or on the deal as a whole. */
export interface Advice {
  by: string;
  at: string;
  text: string;
  element?: Element;
}

export interface Recommendation {
  decision: GoNoGo;
  /** Conditions a "go" depends on, from the conditional findings. */
  conditions: string[];
  /** The elements that drove the recommendation. */
  because: Element[];
}

/** Any not-feasible element → no-go; any conditional → go with its conditions; else go. */
export function recommend(findings: readonly Finding[]): Recommendation {
  const notFeasible = findings.filter((finding) => finding.assessment === 'not-feasible');
  if (notFeasible.length > 0) {
    return { decision: 'no-go', conditions: [], because: notFeasible.map((finding) => finding.element) };
  }
  const conditional = findings.filter((finding) => finding.assessment === 'conditional');
  return {
    decision: 'go',
    conditions: conditional.flatMap((finding) => finding.conditions ?? []),
    because: conditional.map((finding) => finding.element),
  };
}
