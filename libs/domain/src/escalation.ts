import { addWorkingMillis, workingMillis, workingMillisBetween, type BusinessCalendar } from './calendar';
import { LEVELS, type Level, type Side } from './people';
import type { IncidentLadderStep, ServiceLevel, TaskLadderStep } from './policy';

/** One rung of an escalation ladder: at `at` the work climbs to `level` and that level is told. */
export interface EscalationStep {
  at: string;
  level: Level;
  /** Who is told: the task's owner (one level up) or the deal's sponsoring directors. */
  notify: 'owner' | 'directors';
  /** The sides told (see TaskLadderStep); absent: the task's own side. */
  sides?: Side[];
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

/** `times` a span from the start: counted on from the first span's end, so whole multiples land where a chain of spans would. */
function multipleAfter(firstEnd: string, span: number, times: number, calendar?: BusinessCalendar): string {
  return times === 1 ? firstEnd : addWorkingMillis(firstEnd, Math.round(span * (times - 1)), calendar);
}

/**
 * A task's ladder from `from` to due: a reminder at `reminderAt` of the (working) time to due, then
 * the steps, each `after` times that time. A tactical step goes to the owner, one level above the
 * task; a strategic one to the directors.
 */
export function taskLadder(from: string, dueAt: string, reminderAt: number, level: Level, steps: readonly TaskLadderStep[], calendar?: BusinessCalendar): TaskLadder {
  const span = workingMillisBetween(from, dueAt, calendar);
  return {
    remindAt: addWorkingMillis(from, Math.round(span * reminderAt), calendar),
    reminded: false,
    steps: steps.map((step) => ({
      at: multipleAfter(dueAt, span, step.after, calendar),
      level: step.level === 'strategic' ? 'strategic' : levelAbove(level),
      notify: step.level === 'strategic' ? 'directors' : 'owner',
      ...(step.sides === undefined ? {} : { sides: [...step.sides] }),
      reached: false,
    })),
  };
}

/** A task's ladder; when its assignee owns it (a lead exploring alone), its first step goes straight to the directors. */
export function taskLadderFor(
  from: string,
  dueAt: string,
  reminderAt: number,
  level: Level,
  ownsItself: boolean,
  steps: readonly TaskLadderStep[],
  calendar?: BusinessCalendar,
): TaskLadder {
  const ladder = taskLadder(from, dueAt, reminderAt, level, steps, calendar);
  const first = ladder.steps[0];
  if (!ownsItself || !first) return ladder;
  return { ...ladder, steps: [{ at: first.at, level: 'strategic', notify: 'directors', ...(first.sides ? { sides: first.sides } : {}), reached: false }] };
}

/** When an incident's service-level clocks run out, counted from its report in the deal's working time. */
export interface IncidentDeadlines {
  respondBy: string;
  resolveBy: string;
}

function serviceLevelMillis(serviceLevel: ServiceLevel, calendar?: BusinessCalendar): Record<keyof ServiceLevel, number> {
  return { respondWithin: workingMillis(serviceLevel.respondWithin, calendar), resolveWithin: workingMillis(serviceLevel.resolveWithin, calendar) };
}

export function incidentDeadlines(reportedAt: string, serviceLevel: ServiceLevel, calendar?: BusinessCalendar): IncidentDeadlines {
  const millis = serviceLevelMillis(serviceLevel, calendar);
  return { respondBy: addWorkingMillis(reportedAt, millis.respondWithin, calendar), resolveBy: addWorkingMillis(reportedAt, millis.resolveWithin, calendar) };
}

type LadderTiming = Pick<IncidentLadderStep, 'level' | 'after'>;

/** An incident ladder's steps with the moment each comes due, soonest first (steps due together keep their order). */
export function timeIncidentLadder<Step extends LadderTiming>(ladder: readonly Step[], reportedAt: string, serviceLevel: ServiceLevel, calendar?: BusinessCalendar): (Step & { at: string })[] {
  const millis = serviceLevelMillis(serviceLevel, calendar);
  const deadlineOf = (clock: keyof ServiceLevel) => addWorkingMillis(reportedAt, millis[clock], calendar);
  return ladder
    .map((step) => ({ ...step, at: multipleAfter(deadlineOf(step.after.clock), millis[step.after.clock], step.after.times, calendar) }))
    .sort((first, second) => Date.parse(first.at) - Date.parse(second.at));
}

export interface IncidentClimb {
  level: 'tactical' | 'strategic';
  reason: 'not-acknowledged' | 'not-resolved';
  at: string;
}

/** A step's clock: the respond clock stops at acknowledgement, the resolve clock at resolution. */
export function climbReason(step: LadderTiming): IncidentClimb['reason'] {
  return step.after.clock === 'respondWithin' ? 'not-acknowledged' : 'not-resolved';
}

/** Whether a step climbs: only to a level above the one reached. */
export function climbsAbove(level: Level, reached: Level): boolean {
  return LEVELS.indexOf(level) > LEVELS.indexOf(reached);
}

/**
 * The climbs an incident's timed ladder makes (the incident workflow's rule, as a function of its
 * course): each step whose clock still runs at its moment, to a level above the one reached.
 * `endedAt` is when it was resolved or closed (null: still open); only climbs due by `until` count.
 */
export function incidentClimbs<Step extends LadderTiming & { at: string }>(
  timed: readonly Step[],
  course: { acknowledgedAt?: string; endedAt: string | null },
  until: string,
): (IncidentClimb & { step: Step })[] {
  const before = (moment: string | null | undefined, at: string) => moment !== null && moment !== undefined && moment < at;
  const climbs: (IncidentClimb & { step: Step })[] = [];
  let reached: Level = 'operational';
  for (const step of timed) {
    const stopped = before(course.endedAt, step.at) || (step.after.clock === 'respondWithin' && before(course.acknowledgedAt, step.at));
    if (stopped || !climbsAbove(step.level, reached)) continue;
    reached = step.level;
    climbs.push({ level: step.level, reason: climbReason(step), at: step.at, step });
  }
  return climbs.filter((climb) => climb.at <= until);
}
