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
