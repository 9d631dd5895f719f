import type { BusinessCalendar } from './calendar';
import type { Level, Side, UserId } from './people';
import type { DealPolicy, EscalationLevel } from './policy';
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

/** One organisation's people on a deal, per level. */
export interface SidePeople {
  directors: UserId[];
  tacticalLeads: UserId[];
  operationalStaff: UserId[];
}

/**
 * The people named on a deal. `directors`, `tacticalLeads` and `operationalStaff` are the
 * supplier's side (the first tactical lead decides go/no-go and drafts the contract); `customerSide`
 * names their counterparts at the customer, and `advisors` experts from outside both organisations.
 */
export interface DealPeople extends SidePeople {
  programmeManager: UserId;
  customerSide?: SidePeople;
  advisors?: UserId[];
}

/** Per level, strategic first, who is in contact on each side: the relationship map. */
export interface RelationshipMap {
  levels: { level: Level; customer: UserId[]; supplier: UserId[] }[];
  advisors: UserId[];
}

const PEOPLE_BY_LEVEL: Record<Level, keyof SidePeople> = { strategic: 'directors', tactical: 'tacticalLeads', operational: 'operationalStaff' };

export function relationshipMap(people: DealPeople): RelationshipMap {
  return {
    levels: (['strategic', 'tactical', 'operational'] as const).map((level) => ({
      level,
      customer: [...(people.customerSide?.[PEOPLE_BY_LEVEL[level]] ?? [])],
      supplier: [...people[PEOPLE_BY_LEVEL[level]]],
    })),
    advisors: [...(people.advisors ?? [])],
  };
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

/** Everyone named on a deal: the programme manager, the supplier's side, then the customer's side and the advisors. */
export function peopleOnDeal(people: DealPeople): UserId[] {
  const customer = people.customerSide;
  return [
    ...new Set([
      people.programmeManager,
      ...people.directors,
      ...people.tacticalLeads,
      ...people.operationalStaff,
      ...(customer ? [...customer.directors, ...customer.tacticalLeads, ...customer.operationalStaff] : []),
      ...(people.advisors ?? []),
    ]),
  ];
}

/** A side's people of a level: its tactical leads or its directors. */
export function peopleOfSide(people: DealPeople, side: Side, level: EscalationLevel): UserId[] {
  const group = level === 'tactical' ? 'tacticalLeads' : 'directors';
  return side === 'supplier' ? people[group] : (people.customerSide?.[group] ?? []);
}
