import { addWorkingTime, validateCalendar, type BusinessCalendar } from './calendar';
import type { DealPeople, DealStage } from './deal';
import { peopleToldAt } from './deal-incidents';
import { invalidInput } from './errors';
import { toldAtStep } from './deal-tasks';
import { incidentClimbs, taskLadderFor, timeIncidentLadder } from './escalation';
import type { Incident } from './incidents';
import type { Level, UserId } from './people';
import { DEFAULT_POLICY, incidentLadderOf, resolvePolicy, taskLadderOf, type DealPolicy, type DealPolicyOverride, type DueKind, type ServiceLevels } from './policy';
import { isElement, type Task } from './tasks';

/**
 * What-if for escalation policies: the recorded incidents and tasks of deals replayed under a
 * proposed policy, beside what actually climbed. Pure: the API reads the durable record and calls it.
 */

/** A proposed escalation policy: the parts of a deal's policy that decide climbs, and a calendar. */
export interface EscalationProposal {
  /** Merged over each deal's own policy, as a start body's `policy` is merged over the defaults. */
  policy: Pick<DealPolicyOverride, 'taskDue' | 'incidentServiceLevels' | 'ladders' | 'incidentEscalation'>;
  /** A business calendar for every deal; null: around the clock; absent: each deal's own. */
  calendar?: BusinessCalendar | null;
}

/** One climb: the level reached, when, and who was (or would be) told. */
export interface WhatIfClimb {
  level: Level;
  at: string;
  notified: UserId[];
}

/** A deal's recorded course, as the store holds it: what the what-if replays. */
export interface DealEscalationRecord {
  dealId: string;
  title: string;
  stage: DealStage;
  people: DealPeople;
  policy: DealPolicy;
  calendar?: BusinessCalendar;
  /** A live relationship's incidents run on the contract's service levels, which no policy changes. */
  contractServiceLevels: ServiceLevels | null;
  liveSince: string | null;
  closedAt: string | null;
  incidents: { incident: Incident; climbs: WhatIfClimb[] }[];
  tasks: { task: Task; openedLevel: Level; endedAt: string | null; escalations: WhatIfClimb[] }[];
}

export interface WhatIfItem {
  subject: 'incident' | 'task';
  id: string;
  /** The incident's title or the task's kind. */
  what: string;
  actual: WhatIfClimb[];
  proposed: WhatIfClimb[];
  /** Whether the proposal climbs to other levels, at other times (a minute or more apart) or tells other people. */
  changed: boolean;
}

export interface WhatIfDeal {
  dealId: string;
  title: string;
  stage: DealStage;
  /** The incidents and tasks that climbed, actually or under the proposal. */
  items: WhatIfItem[];
}

export type ClimbCounts = Record<'tactical' | 'strategic', number>;

export interface WhatIfReport {
  until: string;
  incidents: number;
  tasks: number;
  changed: number;
  actual: ClimbCounts;
  proposed: ClimbCounts;
  deals: WhatIfDeal[];
}

const PROPOSAL_POLICY_KEYS = ['taskDue', 'incidentServiceLevels', 'ladders', 'incidentEscalation'];
const SAME_TIME_MS = 60_000;

/** Checks a proposal from any client; throws an invalid-input DomainError naming the field. */
export function validateEscalationProposal(input: { policy?: unknown; calendar?: unknown }): EscalationProposal {
  const policy = input.policy ?? {};
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw invalidInput('policy must be an object');
  const unknownKey = Object.keys(policy).find((key) => !PROPOSAL_POLICY_KEYS.includes(key));
  if (unknownKey !== undefined) throw invalidInput(`policy.${unknownKey} is not part of an escalation policy (${PROPOSAL_POLICY_KEYS.join(', ')})`);
  // Checked against the defaults once, so a bad field is named before any deal is read.
  resolvePolicy(DEFAULT_POLICY, policy);
  const proposal: EscalationProposal = { policy: policy };
  if (input.calendar === null) proposal.calendar = null;
  else if (input.calendar !== undefined) proposal.calendar = validateCalendar(input.calendar);
  return proposal;
}

export function whatIf(deals: readonly DealEscalationRecord[], proposal: EscalationProposal, until: string): WhatIfReport {
  const report: WhatIfReport = { until, incidents: 0, tasks: 0, changed: 0, actual: { tactical: 0, strategic: 0 }, proposed: { tactical: 0, strategic: 0 }, deals: [] };
  for (const deal of deals) {
    const items = [...deal.incidents.map((record) => incidentItem(deal, record, proposal, until)), ...deal.tasks.map((record) => taskItem(deal, record, proposal, until))];
    report.incidents += deal.incidents.length;
    report.tasks += deal.tasks.length;
    for (const item of items) {
      count(report.actual, item.actual);
      count(report.proposed, item.proposed);
      if (item.changed) report.changed += 1;
    }
    const climbed = items.filter((item) => item.actual.length + item.proposed.length > 0);
    if (climbed.length > 0) report.deals.push({ dealId: deal.dealId, title: deal.title, stage: deal.stage, items: climbed });
  }
  return report;
}

function proposedTerms(deal: DealEscalationRecord, proposal: EscalationProposal): { policy: DealPolicy; calendar: BusinessCalendar | undefined } {
  return {
    policy: resolvePolicy(deal.policy, proposal.policy),
    calendar: proposal.calendar === undefined ? deal.calendar : (proposal.calendar ?? undefined),
  };
}

function incidentItem(deal: DealEscalationRecord, { incident, climbs }: DealEscalationRecord['incidents'][number], proposal: EscalationProposal, until: string): WhatIfItem {
  const { policy, calendar } = proposedTerms(deal, proposal);
  const underContract = deal.contractServiceLevels !== null && deal.liveSince !== null && incident.reportedAt >= deal.liveSince;
  const serviceLevel = underContract ? deal.contractServiceLevels![incident.severity] : policy.incidentServiceLevels[incident.severity];
  const endedAt = incident.resolvedAt ?? (incident.status === 'closed' ? deal.closedAt : null);
  const timed = timeIncidentLadder(incidentLadderOf(policy), incident.reportedAt, serviceLevel, calendar);
  const course = { ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}), endedAt };
  const proposed = incidentClimbs(timed, course, until).map((climb) => ({ level: climb.level, at: climb.at, notified: peopleToldAt(deal.people, climb.step.sides, climb.level) }));
  return { subject: 'incident', id: incident.id, what: incident.title, actual: climbs, proposed, changed: differ(climbs, proposed) };
}

function taskItem(deal: DealEscalationRecord, { task, openedLevel, endedAt, escalations }: DealEscalationRecord['tasks'][number], proposal: EscalationProposal, until: string): WhatIfItem {
  const { policy, calendar } = proposedTerms(deal, proposal);
  const dueKind: DueKind = isElement(task.kind) ? 'exploration' : task.kind;
  const retimed = proposal.policy.taskDue?.[dueKind] !== undefined || proposal.calendar !== undefined;
  const steps = taskLadderOf(policy);
  const dueAt = retimed ? addWorkingTime(task.openedAt, policy.taskDue[dueKind], calendar) : task.dueAt;
  const ladder = taskLadderFor(task.openedAt, dueAt, policy.reminderAt, openedLevel, task.assignee === task.owner, steps, calendar);
  const proposed = ladder.steps
    .filter((step) => step.at <= until && (endedAt === null || step.at < endedAt))
    .map((step) => ({ level: step.level, at: step.at, notified: toldAtStep(step, task, deal.people) }));
  return { subject: 'task', id: task.id, what: task.kind, actual: escalations, proposed, changed: differ(escalations, proposed) };
}

function count(counts: ClimbCounts, climbs: readonly WhatIfClimb[]): void {
  for (const climb of climbs) if (climb.level !== 'operational') counts[climb.level] += 1;
}

function differ(actual: readonly WhatIfClimb[], proposed: readonly WhatIfClimb[]): boolean {
  if (actual.length !== proposed.length) return true;
  return actual.some((climb, index) => {
    const other = proposed[index]!;
    const told = (people: UserId[]) => [...people].sort().join(',');
    return climb.level !== other.level || Math.abs(Date.parse(climb.at) - Date.parse(other.at)) >= SAME_TIME_MS || told(climb.notified) !== told(other.notified);
  });
}
