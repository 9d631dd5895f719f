import type { DealStage } from './deal';
import { relationshipHealth, type HealthFigures, type HealthPeriod, type IncidentCourse } from './relationship-health';
import type { UserId } from './people';
import type { EscalationSignal, GoNoGoSignal } from './signals';
import type { GoNoGo, TaskKind } from './tasks';

/** A digest covers the week before it is made. */
export const DIGEST_PERIOD_DAYS = 7;

/** At most this many entries per list; the rest is counted, so a digest stays a small record and a short mail. */
export const DIGEST_LIST_LIMIT = 25;

/** A task that waits for the director. */
export interface DigestWaitingTask {
  taskId: string;
  kind: TaskKind;
  dealId: string;
  dealTitle: string;
  dueAt: string;
  /** Due before the digest was made. */
  overdue: boolean;
}

/** A go/no-go decided in the period, as the director's signal reported it. */
export interface DigestGoNoGoReport {
  dealId: string;
  dealTitle: string;
  decision: GoNoGo;
  recommended: GoNoGo;
  decidedBy: UserId;
  at: string;
}

/** A task or incident that climbed to the strategic level in the period. */
export type DigestEscalation = {
  dealId: string;
  dealTitle: string;
  /** The task's or the incident's ID. */
  id: string;
  at: string;
} & ({ subject: 'task'; kind: TaskKind } | { subject: 'incident'; title: string });

/** A relationship whose incident figures this period are worse than the period before. */
export interface DigestHealthFall {
  dealId: string;
  dealTitle: string;
  stage: DealStage;
  previous: HealthFigures;
  current: HealthFigures;
  /** What got worse, one sentence each. */
  reasons: string[];
}

/** One list of the digest: the first entries, and how many there were in all. */
export interface DigestList<T> {
  items: T[];
  total: number;
}

export interface DirectorsDigest {
  recipient: UserId;
  /** The period covered: from (inclusive) until (exclusive), ISO times. */
  from: string;
  until: string;
  /** Decisions waiting for the director: their open tasks, soonest due first. */
  waiting: DigestList<DigestWaitingTask>;
  /** Newest first, as the escalations. */
  goNoGoReports: DigestList<DigestGoNoGoReport>;
  strategicEscalations: DigestList<DigestEscalation>;
  healthFell: DigestList<DigestHealthFall>;
}

export interface DigestSources {
  recipient: UserId;
  until: string;
  /** The director's open tasks (any number; the digest keeps the first DIGEST_LIST_LIMIT). */
  openTasks: readonly Omit<DigestWaitingTask, 'overdue'>[];
  /** The director's go/no-go and escalation signals that arrived in the period. */
  signals: readonly (GoNoGoSignal | EscalationSignal)[];
  /** Incidents of the deals the director may read, reported in the last two periods, with their deal. */
  courses: readonly (IncidentCourse & { dealId: string; dealTitle: string; dealStage: DealStage })[];
  /** Total open tasks when `openTasks` is only the first page. */
  openTaskTotal?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The period a digest made at `until` covers. */
export function digestPeriod(until: string): { from: string; until: string } {
  return { from: new Date(Date.parse(until) - DIGEST_PERIOD_DAYS * DAY_MS).toISOString(), until: new Date(until).toISOString() };
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/**
 * What got worse from one period's figures to the next. Shares are of the incidents that were
 * acknowledged or resolved, so one reported a minute ago and not yet handled is no fall.
 */
export function healthFall(previous: HealthFigures, current: HealthFigures): string[] {
  const reasons: string[] = [];
  if (current.reachedStrategic > previous.reachedStrategic) {
    reasons.push(`${current.reachedStrategic} incident(s) reached the strategic level, against ${previous.reachedStrategic} the period before`);
  }
  if (current.reachedTactical > previous.reachedTactical) {
    reasons.push(`${current.reachedTactical} incident(s) reached the tactical level, against ${previous.reachedTactical} the period before`);
  }
  const compare = (label: string, now: number | null, before: number | null) => {
    if (now !== null && before !== null && now < before) reasons.push(`${label} fell from ${percent(before)} to ${percent(now)}`);
  };
  compare('acknowledged in time', share(current.acknowledgedInTime, current.acknowledged), share(previous.acknowledgedInTime, previous.acknowledged));
  compare('resolved in time', share(current.resolvedInTime, current.resolved), share(previous.resolvedInTime, previous.resolved));
  return reasons;
}

function capped<T>(items: readonly T[], total = items.length): DigestList<T> {
  return { items: items.slice(0, DIGEST_LIST_LIMIT), total: Math.max(total, items.length) };
}

function newestFirst<T extends { at: string }>(a: T, b: T): number {
  return a.at > b.at ? -1 : a.at < b.at ? 1 : 0;
}

/** The director's digest for the period that ends at `until`, from what the durable record holds. */
export function composeDigest(sources: DigestSources): DirectorsDigest {
  const { from, until } = digestPeriod(sources.until);
  const inPeriod = (at: string) => at >= from && at < until;
  const waiting = [...sources.openTasks]
    .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))
    .map((task) => ({ ...task, overdue: task.dueAt < until }));
  const signals = sources.signals.filter((signal) => inPeriod(signal.at));
  const goNoGoReports = signals
    .filter((signal): signal is GoNoGoSignal => signal.type === 'go-no-go')
    .map((signal) => ({ dealId: signal.dealId, dealTitle: signal.dealTitle, decision: signal.decision, recommended: signal.recommendation.decision, decidedBy: signal.decidedBy, at: signal.at }))
    .sort(newestFirst);
  const strategicEscalations = signals
    .filter((signal): signal is EscalationSignal => signal.type === 'escalation' && signal.level === 'strategic')
    .map((signal): DigestEscalation => {
      const { dealId, dealTitle, at } = signal;
      return signal.subject === 'task'
        ? { dealId, dealTitle, at, id: signal.taskId, subject: 'task', kind: signal.kind }
        : { dealId, dealTitle, at, id: signal.incidentId, subject: 'incident', title: signal.title };
    })
    .sort(newestFirst);
  return {
    recipient: sources.recipient,
    from,
    until,
    waiting: capped(waiting, sources.openTaskTotal),
    goNoGoReports: capped(goNoGoReports),
    strategicEscalations: capped(strategicEscalations),
    healthFell: capped(healthFalls(sources.courses, until)),
  };
}

/** Per deal, this period's figures against the period before; the deals where they got worse, worst first. */
function healthFalls(courses: DigestSources['courses'], until: string): DigestHealthFall[] {
  const byDeal = new Map<string, DigestSources['courses'][number][]>();
  for (const course of courses) {
    const dealCourses = byDeal.get(course.dealId);
    if (dealCourses) dealCourses.push(course);
    else byDeal.set(course.dealId, [course]);
  }
  const falls: DigestHealthFall[] = [];
  for (const [dealId, dealCourses] of byDeal) {
    const { trend } = relationshipHealth(dealCourses, { until, periodDays: DIGEST_PERIOD_DAYS, periods: 2 });
    const previous = trend[0]!;
    const current = trend[1]!;
    const reasons = healthFall(previous, current);
    if (reasons.length === 0) continue;
    const { dealTitle, dealStage } = dealCourses[0]!;
    falls.push({ dealId, dealTitle, stage: dealStage, previous: figuresOnly(previous), current: figuresOnly(current), reasons });
  }
  return falls.sort((a, b) => b.reasons.length - a.reasons.length || b.current.reachedStrategic - a.current.reachedStrategic || a.dealId.localeCompare(b.dealId));
}

/** A period's figures without its bounds (the digest's period says them once). */
function figuresOnly({ from: _from, until: _until, ...figures }: HealthPeriod): HealthFigures {
  return figures;
}

/** Whether there is anything to tell: an empty digest is kept in-app but not mailed. */
export function digestIsEmpty(digest: DirectorsDigest): boolean {
  return digest.waiting.total + digest.goNoGoReports.total + digest.strategicEscalations.total + digest.healthFell.total === 0;
}

/** Who receives digests: the directors named on the deals, on either side. */
export function digestRecipients(deals: readonly { directors: readonly UserId[]; customerSide?: { directors: readonly UserId[] } }[]): UserId[] {
  return [...new Set(deals.flatMap((people) => [...people.directors, ...(people.customerSide?.directors ?? [])]))].sort();
}
