import { addWorkingMillis, workingMillis, workingMillisBetween, type BusinessCalendar } from './calendar';
import { LEVELS, type Level } from './people';
import type { ServiceLevel } from './policy';

/** One rung of an escalation ladder: at `at` the work climbs to `level` and that level is told. */
export interface EscalationStep {
  at: string;
  level: Level;
  /** Who is told: the task's owner (one level up) or the deal's sponsoring directors. */
  notify: 'owner' | 'directors';
  reached: boolean;
}

/** The durable timers of an open task: a reminder before it is due, then one step up at a time. */
export interface TaskLadder {
  remindAt: string;
  reminded: boolean;
  steps: EscalationStep[];
}

function levelAbove(level: Level): Level {
  return LEVELS[Math.min(LEVELS.indexOf(level) + 1, LEVELS.length - 1)]!;
}

/**
 * Reminder at `reminderAt` of the (working) time from `from` to due; overdue at due → the owner's
 * level; a further period of the same length → the sponsoring directors.
 */
export function taskLadder(from: string, dueAt: string, reminderAt: number, level: Level, calendar?: BusinessCalendar): TaskLadder {
  const span = workingMillisBetween(from, dueAt, calendar);
  return {
    remindAt: addWorkingMillis(from, Math.round(span * reminderAt), calendar),
    reminded: false,
    steps: [
      { at: dueAt, level: levelAbove(level), notify: 'owner', reached: false },
      { at: addWorkingMillis(dueAt, span, calendar), level: 'strategic', notify: 'directors', reached: false },
    ],
  };
}

/** A task's ladder; when its assignee owns it (a lead exploring alone), overdue goes straight to the directors. */
export function taskLadderFor(from: string, dueAt: string, reminderAt: number, level: Level, ownsItself: boolean, calendar?: BusinessCalendar): TaskLadder {
  const ladder = taskLadder(from, dueAt, reminderAt, level, calendar);
  if (!ownsItself) return ladder;
  return { ...ladder, steps: [{ at: dueAt, level: 'strategic', notify: 'directors', reached: false }] };
}

/** When an incident's clocks run out, counted from its report in the deal's working time. */
export interface IncidentDeadlines {
  respondBy: string;
  resolveBy: string;
  /** Unresolved by then, it climbs to the strategic level: a further "resolve within" after resolveBy. */
  strategicAt: string;
}

export function incidentDeadlines(reportedAt: string, serviceLevel: ServiceLevel, calendar?: BusinessCalendar): IncidentDeadlines {
  const resolveMillis = workingMillis(serviceLevel.resolveWithin, calendar);
  const resolveBy = addWorkingMillis(reportedAt, resolveMillis, calendar);
  return {
    respondBy: addWorkingMillis(reportedAt, workingMillis(serviceLevel.respondWithin, calendar), calendar),
    resolveBy,
    strategicAt: addWorkingMillis(resolveBy, resolveMillis, calendar),
  };
}

export interface IncidentClimb {
  level: 'tactical' | 'strategic';
  reason: 'not-acknowledged' | 'not-resolved';
  at: string;
}

/**
 * The climbs an incident's clocks make (the incident workflow's rule, as a function of its course):
 * not acknowledged by respondBy, or else not resolved by resolveBy → tactical; not resolved by
 * strategicAt → strategic. `endedAt` is when it was resolved or closed (null: still open); only
 * climbs due by `until` count.
 */
export function incidentClimbs(deadlines: IncidentDeadlines, course: { acknowledgedAt?: string; endedAt: string | null }, until: string): IncidentClimb[] {
  const endedBefore = (at: string) => course.endedAt !== null && course.endedAt < at;
  const climbs: IncidentClimb[] = [];
  const unacknowledged = !endedBefore(deadlines.respondBy) && !(course.acknowledgedAt !== undefined && course.acknowledgedAt < deadlines.respondBy);
  if (unacknowledged) climbs.push({ level: 'tactical', reason: 'not-acknowledged', at: deadlines.respondBy });
  else if (!endedBefore(deadlines.resolveBy)) climbs.push({ level: 'tactical', reason: 'not-resolved', at: deadlines.resolveBy });
  if (!endedBefore(deadlines.strategicAt)) climbs.push({ level: 'strategic', reason: 'not-resolved', at: deadlines.strategicAt });
  return climbs.filter((climb) => climb.at <= until);
}
