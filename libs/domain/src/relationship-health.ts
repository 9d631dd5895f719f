import type { DealStage } from './deal';
import type { Incident } from './incidents';
import { LEVELS, type Level } from './people';

/** One incident as the relationship's health reads it: the incident, when it climbed, and when it stopped counting. */
export interface IncidentCourse {
  incident: Incident;
  /** When it reached a higher level, oldest first (from its IncidentEscalated events). */
  climbs: { level: Level; at: string }[];
  /** When it was closed with its deal without being resolved; null otherwise. */
  closedAt: string | null;
}

/** The incident figures of one stretch of time; durations in minutes. */
export interface HealthFigures {
  /** Incidents reported in the stretch; every other figure is about these. */
  opened: number;
  acknowledged: number;
  /** Acknowledged no later than the service level's time to respond. */
  acknowledgedInTime: number;
  resolved: number;
  /** Resolved no later than the service level's time to resolve. */
  resolvedInTime: number;
  /** Neither resolved nor closed at the end of the window. */
  stillOpen: number;
  medianMinutesToAcknowledge: number | null;
  medianMinutesToResolve: number | null;
  /** Climbed to the tactical level (and maybe beyond). */
  reachedTactical: number;
  reachedStrategic: number;
}

/** How long the window's incidents stayed at one level before they climbed, were resolved or the window ended. */
export interface LevelStay {
  level: Level;
  /** Incidents that spent time at this level. */
  incidents: number;
  medianMinutes: number | null;
  totalMinutes: number;
}

export interface HealthPeriod extends HealthFigures {
  from: string;
  until: string;
}

export interface RelationshipHealth {
  from: string;
  until: string;
  periodDays: number;
  overall: HealthFigures;
  levels: LevelStay[];
  /** One entry per period, oldest first. */
  trend: HealthPeriod[];
}

/** One deal's line in a portfolio. */
export interface DealHealthRow {
  dealId: string;
  title: string;
  stage: DealStage;
  overall: HealthFigures;
}

/** The health across the deals one may read, with a row per deal. */
export interface PortfolioHealth extends RelationshipHealth {
  deals: DealHealthRow[];
}

export interface HealthWindow {
  until: string;
  periodDays: number;
  periods: number;
}

export const DEFAULT_HEALTH_PERIODS = { periodDays: 7, periods: 8 } as const;
export const HEALTH_PERIOD_LIMITS = { periodDays: { min: 1, max: 92 }, periods: { min: 1, max: 52 } } as const;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Where the window starts: `periods` periods of `periodDays` days before its end. */
export function healthWindowStart({ until, periodDays, periods }: HealthWindow): string {
  return new Date(Date.parse(until) - periods * periodDays * DAY).toISOString();
}

/** The relationship's health over a window, from the incidents reported in it. */
export function relationshipHealth(courses: readonly IncidentCourse[], window: HealthWindow): RelationshipHealth {
  const until = Date.parse(window.until);
  const from = Date.parse(healthWindowStart(window));
  const inWindow = courses.filter(({ incident }) => reportedBetween(incident, from, until));
  const trend = Array.from({ length: window.periods }, (_unused, index) => {
    const start = from + index * window.periodDays * DAY;
    const end = start + window.periodDays * DAY;
    const figures = healthFigures(inWindow.filter(({ incident }) => reportedBetween(incident, start, end)), until);
    return { from: new Date(start).toISOString(), until: new Date(end).toISOString(), ...figures };
  });
  return {
    from: new Date(from).toISOString(),
    until: window.until,
    periodDays: window.periodDays,
    overall: healthFigures(inWindow, until),
    levels: levelStays(inWindow, until),
    trend,
  };
}

/** The figures of a set of incidents, as of `until` (epoch milliseconds). */
export function healthFigures(courses: readonly IncidentCourse[], until: number): HealthFigures {
  const incidents = courses.map((course) => course.incident);
  const acknowledged = incidents.filter((incident) => incident.acknowledgedAt !== undefined && Date.parse(incident.acknowledgedAt) <= until);
  const resolved = incidents.filter((incident) => incident.resolvedAt !== undefined && Date.parse(incident.resolvedAt) <= until);
  const reached = (level: Level) => courses.filter(({ climbs }) => climbs.some((climb) => LEVELS.indexOf(climb.level) >= LEVELS.indexOf(level) && Date.parse(climb.at) <= until)).length;
  return {
    opened: incidents.length,
    acknowledged: acknowledged.length,
    acknowledgedInTime: acknowledged.filter((incident) => incident.acknowledgedAt! <= incident.respondBy).length,
    resolved: resolved.length,
    resolvedInTime: resolved.filter((incident) => incident.resolvedAt! <= incident.resolveBy).length,
    stillOpen: courses.filter((course) => endOf(course, until) === until).length,
    medianMinutesToAcknowledge: median(acknowledged.map((incident) => minutesBetween(incident.reportedAt, incident.acknowledgedAt!))),
    medianMinutesToResolve: median(resolved.map((incident) => minutesBetween(incident.reportedAt, incident.resolvedAt!))),
    reachedTactical: reached('tactical'),
    reachedStrategic: reached('strategic'),
  };
}

/** Per level, how long incidents stayed there: from reaching it until the next climb, the resolution, the close or `until`. */
export function levelStays(courses: readonly IncidentCourse[], until: number): LevelStay[] {
  const stays = new Map<Level, number[]>(LEVELS.map((level) => [level, []]));
  for (const course of courses) {
    const end = endOf(course, until);
    const arrivals = [{ level: 'operational' as Level, at: Date.parse(course.incident.reportedAt) }, ...course.climbs.map((climb) => ({ level: climb.level, at: Date.parse(climb.at) }))]
      .filter((arrival) => arrival.at < end)
      .sort((a, b) => a.at - b.at);
    arrivals.forEach((arrival, index) => {
      const leftAt = arrivals[index + 1]?.at ?? end;
      stays.get(arrival.level)!.push((leftAt - arrival.at) / MINUTE);
    });
  }
  return LEVELS.map((level) => {
    const minutes = stays.get(level)!;
    return { level, incidents: minutes.length, medianMinutes: median(minutes), totalMinutes: round(minutes.reduce((sum, value) => sum + value, 0)) };
  });
}

function reportedBetween(incident: Incident, from: number, until: number): boolean {
  const at = Date.parse(incident.reportedAt);
  return at >= from && at < until;
}

/** When an incident stopped being a problem, or `until` if it still is one then. */
function endOf({ incident, closedAt }: IncidentCourse, until: number): number {
  const ends = [incident.resolvedAt, closedAt].filter((at): at is string => at !== undefined && at !== null).map((at) => Date.parse(at));
  return Math.min(until, ...ends);
}

function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / MINUTE;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** Minutes to one decimal: finer is noise in a report. */
function round(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}
