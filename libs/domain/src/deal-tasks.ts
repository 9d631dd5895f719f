import { checkBandwidth } from './bandwidth';
import { addWorkingTime, checkWorkingDurations } from './calendar';
import { peopleOfSide, type DealPeople } from './deal';
import type { DealJournal } from './deal-journal';
import { requireText } from './deal-journal';
import {
  MAX_PLANNING_HORIZON,
  assertVisibleTo,
  type CommentOnTaskCommand,
  type CompleteTaskCommand,
  type MoveDueDateCommand,
  type ReassignTaskCommand,
} from './deal-state';
import { addDuration, isIsoInstant } from './durations';
import { taskLadderFor, type EscalationStep, type TaskLadder } from './escalation';
import { conflict, forbidden, invalidInput, notFound } from './errors';
import { LIMITS } from './limits';
import { delegateOf, type OutOfOffice } from './out-of-office';
import type { OpenedAssignment } from './deal-record';
import { SYSTEM_ACTOR, hasRole, type Level, type Side, type UserId } from './people';
import { serviceLevelDurations, taskLadderOf } from './policy';
import { checkAnswers } from './guidance';
import { validateTaskResult } from './task-results';
import { MAX_TASK_COMMENTS, isElement, taskId, taskKindOf, taskSequenceOf, type ContractTerms, type Element, type FindingResult, type Task, type TaskKind, type TaskResult } from './tasks';

export interface OpenTaskSpec {
  assignee: UserId;
  owner: UserId;
  level: Level;
  now: string;
  dueAt?: string;
  note?: string;
  questions?: string[];
  element?: Element;
}

/**
 * The deal's human work: tasks with their ladders (a reminder, then escalations one level at a time),
 * and what people do with a task besides completing it — reassign, delegate, move, discuss.
 */
export class TaskBoard {
  constructor(private readonly journal: DealJournal) {}

  private get state() {
    return this.journal.state;
  }

  task(id: string): Task {
    const task = this.state.tasks.find((candidate) => candidate.id === id);
    if (task) return task;
    // Past reviews of a live relationship live on in the durable record only.
    const sequence = taskSequenceOf(id);
    if (taskKindOf(id) === 'review' && sequence !== null && sequence <= this.journal.data.taskSequence) {
      throw conflict(`task ${id} is a past review, closed and kept in the deal's record only; discuss the latest review instead`);
    }
    throw notFound(`task ${id} does not exist on deal ${this.state.dealId}`);
  }

  open(): Task[] {
    return this.state.tasks.filter((task) => task.status === 'open');
  }

  requireOpen(id: string): Task {
    const task = this.task(id);
    if (task.status !== 'open') throw conflict(`task ${task.id} is ${task.status}, no longer open`);
    return task;
  }

  checkComplete(command: CompleteTaskCommand): { task: Task; result: TaskResult; flags: string[] } {
    assertVisibleTo(this.state, command.actor);
    const task = this.requireOpen(command.taskId);
    if (command.actor.userId !== task.assignee) {
      throw forbidden(`task ${task.id} is assigned to ${task.assignee}; only the assignee can complete it`);
    }
    const result = validateTaskResult(task.kind, command.result);
    if (isElement(task.kind)) checkAnswers(task.questions, (result as FindingResult).answers);
    if (task.kind !== 'contract') return { task, result, flags: [] };
    checkWorkingDurations(serviceLevelDurations((result as ContractTerms).serviceLevels, 'serviceLevels'), this.state.calendar);
    const verdict = checkBandwidth(this.state.valueProposition, this.state.customer.segment, result as ContractTerms);
    if (verdict.violations.length > 0) {
      throw invalidInput(verdict.violations.map((violation) => violation.message).join('; '));
    }
    return { task, result, flags: verdict.flags };
  }

  /** Marks the task done with its result; what the result means for the deal is the stages' concern. */
  complete(command: CompleteTaskCommand, now: string): { task: Task; result: TaskResult; flags: string[] } {
    const checked = this.checkComplete(command);
    const actor = command.actor.userId;
    Object.assign(checked.task, { status: 'done', completedAt: now, completedBy: actor, result: checked.result });
    this.journal.record('TaskCompleted', now, actor, { taskId: checked.task.id, kind: checked.task.kind });
    return checked;
  }

  checkReassign(command: ReassignTaskCommand): Task {
    assertVisibleTo(this.state, command.actor);
    const task = this.requireOpen(command.taskId);
    const { actor } = command;
    if (actor.userId !== task.owner && !hasRole(actor, 'programme-manager')) {
      throw forbidden(`only the task's owner (${task.owner}) or a programme manager can reassign task ${task.id}`);
    }
    if (task.kind === 'ratification') throw invalidInput('a ratification belongs to its sponsoring director and cannot be reassigned');
    requireText(command.assignee, 'assignee', LIMITS.userId);
    requireText(command.reason, 'reason');
    if (command.assignee === task.assignee) throw invalidInput(`assignee: task ${task.id} is already assigned to ${task.assignee}`);
    return task;
  }

  reassign(command: ReassignTaskCommand, now: string): Task {
    const task = this.checkReassign(command);
    const from = task.assignee;
    task.assignee = command.assignee;
    this.journal.record('TaskReassigned', now, command.actor.userId, { taskId: task.id, from, to: command.assignee, reason: command.reason });
    // The old assignee's pending reminder and escalations are cancelled; the new assignee gets a fresh ladder.
    task.ladder = this.restartedLadder(task, now);
    this.noticeAssignment(task, now);
    return task;
  }

  checkComment(command: CommentOnTaskCommand): Task {
    assertVisibleTo(this.state, command.actor);
    const task = this.task(command.taskId);
    requireText(command.text, 'text');
    if ((task.comments?.length ?? 0) >= MAX_TASK_COMMENTS) throw conflict(`task ${task.id} has reached ${MAX_TASK_COMMENTS} comments`);
    return task;
  }

  /** Anyone on the deal may discuss any of its tasks, open or done. */
  comment(command: CommentOnTaskCommand, now: string): Task {
    const task = this.checkComment(command);
    task.comments = [...(task.comments ?? []), { author: command.actor.userId, at: now, text: command.text }];
    this.journal.record('TaskCommented', now, command.actor.userId, { taskId: task.id, text: command.text });
    return task;
  }

  checkMoveDueDate(command: MoveDueDateCommand, now: string): Task {
    assertVisibleTo(this.state, command.actor);
    const task = this.requireOpen(command.taskId);
    if (command.actor.userId !== task.owner && !hasRole(command.actor, 'programme-manager')) {
      throw forbidden(`only the task's owner (${task.owner}) or a programme manager can move the due date of task ${task.id}`);
    }
    requireText(command.reason, 'reason');
    if (!isIsoInstant(command.dueAt)) throw invalidInput('dueAt must be an ISO 8601 date-time');
    if (command.dueAt <= now) throw invalidInput('dueAt must lie in the future');
    if (command.dueAt > addDuration(now, MAX_PLANNING_HORIZON)) throw invalidInput(`dueAt must lie within ${MAX_PLANNING_HORIZON} from now`);
    return task;
  }

  /** Moves a task's due date; its ladder is recomputed from now, the steps already reached stay reached. */
  moveDueDate(command: MoveDueDateCommand, now: string): Task {
    const task = this.checkMoveDueDate(command, now);
    const from = task.dueAt;
    task.dueAt = command.dueAt;
    task.ladder = this.restartedLadder(task, now);
    this.journal.record('TaskDueDateMoved', now, command.actor.userId, { taskId: task.id, from, to: command.dueAt, reason: command.reason });
    return task;
  }

  /**
   * Hands the still-open tasks among `taskIds` whose assignee is away to that person's delegate. The
   * owner, and so the escalation ladder, stays as it was.
   */
  delegate(taskIds: string[], away: Record<UserId, OutOfOffice>, now: string): void {
    for (const task of this.open().filter((candidate) => taskIds.includes(candidate.id))) {
      const period = away[task.assignee];
      const delegate = delegateOf(period, task.assignee, now);
      if (delegate !== null) this.handOver(task, delegate, period!.until, now);
      this.noticeAssignment(task, now);
    }
  }

  /**
   * Hands tasks told to their assignee at opening to the delegate of an assignee who was away `at`
   * (when the record checked; the record dropped those notices), and tells the delegate. A task done
   * or reassigned meanwhile stays as it is.
   */
  settleAssignments(assignments: OpenedAssignment[], away: Record<UserId, OutOfOffice>, at: string, now: string): void {
    for (const { taskId, assignee } of assignments) {
      const task = this.state.tasks.find((candidate) => candidate.id === taskId);
      const delegate = delegateOf(away[assignee], assignee, at);
      if (task?.status !== 'open' || task.assignee !== assignee || delegate === null) continue;
      this.handOver(task, delegate, away[assignee]!.until, now);
      this.noticeAssignment(task, now);
    }
  }

  private handOver(task: Task, delegate: UserId, until: string, now: string): void {
    const from = task.assignee;
    Object.assign(task, { assignee: delegate, delegatedFrom: from });
    this.journal.record('TaskDelegated', now, SYSTEM_ACTOR, { taskId: task.id, from, to: delegate, until });
  }

  /** The moments the open tasks' ladders wait for: reminders not sent, the next step of each. */
  pendingMoments(): string[] {
    const moments: string[] = [];
    for (const task of this.open()) {
      if (!task.ladder.reminded) moments.push(task.ladder.remindAt);
      const step = task.ladder.steps.find((candidate) => !candidate.reached);
      if (step) moments.push(step.at);
    }
    return moments;
  }

  /** Reminds and escalates every open task whose moment has come, one level at a time. */
  fireTimers(now: string): void {
    for (const task of this.open()) {
      const { ladder } = task;
      if (!ladder.reminded && ladder.remindAt <= now) {
        ladder.reminded = true;
        this.journal.record('TaskReminded', now, SYSTEM_ACTOR, { taskId: task.id, assignee: task.assignee, dueAt: task.dueAt });
        this.journal.notify([task.assignee], now, { type: 'reminder', taskId: task.id, kind: task.kind, assignee: task.assignee, dueAt: task.dueAt });
      }
      for (const step of ladder.steps.filter((candidate) => !candidate.reached && candidate.at <= now)) {
        step.reached = true;
        task.level = step.level;
        const notified = toldAtStep(step, task, this.state);
        this.journal.record('TaskEscalated', now, SYSTEM_ACTOR, { taskId: task.id, level: step.level, notified, dueAt: task.dueAt });
        this.journal.notify(notified, now, {
          type: 'escalation',
          subject: 'task',
          level: step.level,
          taskId: task.id,
          kind: task.kind,
          assignee: task.assignee,
          dueAt: task.dueAt,
        });
      }
    }
  }

  openTask(kind: TaskKind, spec: OpenTaskSpec): Task {
    this.journal.data.taskSequence += 1;
    const { policy, calendar } = this.state;
    const dueAt = spec.dueAt ?? addWorkingTime(spec.now, policy.taskDue[isElement(kind) ? 'exploration' : kind], calendar);
    const task: Task = {
      id: taskId(kind, this.journal.data.taskSequence),
      kind,
      assignee: spec.assignee,
      owner: spec.owner,
      openedAt: spec.now,
      dueAt,
      status: 'open',
      level: spec.level,
      ladder: this.ladderFor(spec.now, dueAt, spec.level, spec.assignee, spec.owner),
      ...(spec.note === undefined ? {} : { note: spec.note }),
      ...(spec.questions === undefined || spec.questions.length === 0 ? {} : { questions: [...spec.questions] }),
      ...(spec.element === undefined ? {} : { element: spec.element }),
    };
    this.state.tasks.push(task);
    const noticedAtOpening = this.journal.options.assignmentsNoticedAtOpening;
    if (!noticedAtOpening) {
      // The assignee may be away: the workflow asks the store, delegates, then tells whoever has it.
      const pending = this.journal.effects.at(-1);
      if (pending?.type === 'delegate-tasks') pending.taskIds.push(task.id);
      else this.journal.effects.push({ type: 'delegate-tasks', taskIds: [task.id] });
    }
    this.journal.record('TaskOpened', spec.now, SYSTEM_ACTOR, {
      taskId: task.id,
      kind,
      assignee: task.assignee,
      owner: task.owner,
      dueAt,
      level: task.level,
    });
    // The assignee is told at once; the record checks whether they are away (see settleAssignments).
    if (noticedAtOpening) this.journal.assignmentOpened({ taskId: task.id, assignee: task.assignee, noticeId: this.noticeAssignment(task, spec.now) });
    return task;
  }

  cancel(task: Task, reason: string, now: string): void {
    task.status = 'cancelled';
    this.journal.record('TaskCancelled', now, SYSTEM_ACTOR, { taskId: task.id, kind: task.kind, reason });
  }

  /** The person a task ends up with is told it is theirs. */
  private noticeAssignment(task: Task, now: string): string {
    return this.journal.notify([task.assignee], now, {
      type: 'task-assigned',
      taskId: task.id,
      kind: task.kind,
      assignee: task.assignee,
      owner: task.owner,
      dueAt: task.dueAt,
    })!;
  }

  /** The ladder from `now` to the task's due time; levels the task already climbed are not climbed again. */
  private restartedLadder(task: Task, now: string): TaskLadder {
    const ladder = this.ladderFor(now, task.dueAt, task.level, task.assignee, task.owner);
    return { ...ladder, steps: ladder.steps.filter((step) => step.level !== task.level || step.notify === 'directors') };
  }

  private ladderFor(from: string, dueAt: string, level: Level, assignee: UserId, owner: UserId): TaskLadder {
    const { policy, calendar } = this.state;
    return taskLadderFor(from, dueAt, policy.reminderAt, level, assignee === owner, taskLadderOf(policy), calendar);
  }
}

/** The organisation whose work a task is: the customer's for a co-signature, the supplier's else. */
export function taskSide(task: Pick<Task, 'kind'>): Side {
  return task.kind === 'countersign' ? 'customer' : 'supplier';
}

/**
 * Who a task's step tells. On the task's own side: its owner, or that side's sponsoring directors
 * (the supplier's when the customer names none). On the other side, if the step names it: its people
 * of the level the task reached.
 */
export function toldAtStep(step: Pick<EscalationStep, 'notify' | 'level' | 'sides'>, task: Pick<Task, 'kind' | 'owner'>, people: DealPeople): UserId[] {
  const ownSide = taskSide(task);
  const own = (): UserId[] => {
    if (step.notify === 'owner') return [task.owner];
    const directors = peopleOfSide(people, ownSide, 'strategic');
    return directors.length > 0 ? directors : people.directors;
  };
  const sides = step.sides ?? [ownSide];
  const told = sides.flatMap((side) => (side === ownSide ? own() : peopleOfSide(people, side, step.level === 'strategic' ? 'strategic' : 'tactical')));
  return [...new Set(told)];
}
