import type { BusinessCalendar } from './calendar';
import type { UserId } from './people';
import type { DealPolicy } from './policy';
import type { ExplorationGuidance } from './tasks';

export const VALUE_PROPOSITIONS = ['operational-excellence', 'customer-intimacy', 'product-leadership'] as const;
export type ValueProposition = (typeof VALUE_PROPOSITIONS)[number];

export const CUSTOMER_SEGMENTS = ['enterprise', 'mid-market', 'smb'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

export const DEAL_STAGES = [
  'strategic-contact',
  'exploration',
  'go-no-go',
  'contract',
  'ratification',
  'live',
  'abandoned',
  'rejected',
  'terminated',
] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export const CLOSED_STAGES: readonly DealStage[] = ['abandoned', 'rejected', 'terminated'];

export interface Customer {
  name: string;
  segment: CustomerSegment;
}

export interface Supplier {
  name: string;
}

/** The people named on a deal; the first tactical lead decides go/no-go and drafts the contract. */
export interface DealPeople {
  programmeManager: UserId;
  directors: UserId[];
  tacticalLeads: UserId[];
  operationalStaff: UserId[];
}

/** Everything a deal starts with, after the API has validated it and resolved its policy. */
export interface StartDealCommand extends DealPeople {
  dealId: string;
  title: string;
  customer: Customer;
  supplier: Supplier;
  valueProposition: ValueProposition;
  explorationDeadline?: string;
  policy: DealPolicy;
  /** With a calendar, due times and service-level clocks count working time only. */
  calendar?: BusinessCalendar;
  /** The questions each element's task asks; kept on the tasks, not in the deal's state. */
  guidance?: ExplorationGuidance;
}

export function peopleOnDeal(people: DealPeople): UserId[] {
  return [
    ...new Set([people.programmeManager, ...people.directors, ...people.tacticalLeads, ...people.operationalStaff]),
  ];
}
