import { DealProcess } from './deal-process';
import { type DomainError } from './errors';
import type { Actor } from './people';
import { sampleStartCommand } from './deal.fixtures';

/** The events a process recorded since it started, as the timeline shows them (without their sequence numbers). */
const timeline = (process: DealProcess) => process.unrecordedEvents.map(({ sequence, ...event }) => event);

const START = '2027-03-01T09:00:00.000Z';
const command = sampleStartCommand({ operationalStaff: ['op.otto', 'op.olga'] });
const as = (userId: string, ...roles: Actor['roles']): Actor => ({ userId, roles });
const away = { 'op.otto': { from: '2027-02-20T00:00:00.000Z', until: '2027-03-10T00:00:00.000Z', delegate: 'op.olga' } };

describe('delegating the tasks of people who are out of office', () => {
  it('asks for the delegates of all new tasks at once', () => {
    const effects = DealProcess.start(command, START).takeEffects();
    expect(effects).toEqual([{ type: 'delegate-tasks', taskIds: ['processes-1', 'organisation-2', 'systems-3', 'people-4'] }]);
  });

  it('names the assignees of the tasks waiting for delegation, each once, until the delegation is taken', () => {
    const process = DealProcess.start(command, START);
    expect(process.assigneesAwaitingDelegation().sort()).toEqual([...new Set(process.state.tasks.map((task) => task.assignee))].sort());
    process.takeEffects();
    expect(process.assigneesAwaitingDelegation()).toEqual([]);
  });

  it("hands an away assignee's open tasks to the delegate, keeps the owner and records it", () => {
    const process = DealProcess.start(command, START);
    process.delegateTasks(['processes-1', 'systems-3', 'organisation-2'], away, START);
    const byId = Object.fromEntries(process.state.tasks.map((task) => [task.id, task]));
    expect(byId['processes-1']).toMatchObject({ assignee: 'op.olga', delegatedFrom: 'op.otto', owner: 'mm.mark' });
    expect(byId['systems-3']).toMatchObject({ assignee: 'op.olga', delegatedFrom: 'op.otto', owner: 'mm.mark' });
    expect(byId['organisation-2']).toMatchObject({ assignee: 'op.olga' });
    expect(byId['organisation-2']?.delegatedFrom).toBeUndefined();
    expect(timeline(process).filter((event) => event.type === 'TaskDelegated').map((event) => event.data)).toEqual([
      { taskId: 'processes-1', from: 'op.otto', to: 'op.olga', until: '2027-03-10T00:00:00.000Z' },
      { taskId: 'systems-3', from: 'op.otto', to: 'op.olga', until: '2027-03-10T00:00:00.000Z' },
    ]);
  });

  it('leaves tasks alone outside the period', () => {
    const process = DealProcess.start(command, START);
    process.delegateTasks(['processes-1'], away, '2027-03-10T00:00:00.000Z');
    expect(process.state.tasks[0]?.assignee).toBe('op.otto');
  });
});

describe('telling assignees at opening, then handing on the tasks of those away (1.7)', () => {
  const noticedAtOpening = () => DealProcess.start(command, START, { assignmentsNoticedAtOpening: true });

  it("tells each new task's assignee with the opening, in the same changes, and asks for no delegation effect", () => {
    const process = noticedAtOpening();
    const changes = process.takeChanges()!;
    expect(changes.assignments).toEqual(
      process.state.tasks.map((task) => ({ taskId: task.id, assignee: task.assignee, noticeId: expect.stringMatching(/^deal-.*:signal-\d+$/) })),
    );
    const noticed = changes.signals.filter((signal) => signal.type === 'task-assigned');
    expect(noticed.map((signal) => [signal.id, signal.recipient])).toEqual(changes.assignments!.map((assignment) => [assignment.noticeId, assignment.assignee]));
    expect(process.takeEffects().map((effect) => effect.type)).not.toContain('delegate-tasks');
    expect(process.takeChanges()).toBeNull();
  });

  it("hands on the tasks of an assignee away when the record read it, tells the delegate, and leaves the others alone", () => {
    const process = noticedAtOpening();
    const { assignments } = process.takeChanges()!;
    const later = '2027-03-01T09:00:01.000Z';
    process.settleAssignments(assignments!, away, START, later);
    const byId = Object.fromEntries(process.state.tasks.map((task) => [task.id, task]));
    expect(byId['processes-1']).toMatchObject({ assignee: 'op.olga', delegatedFrom: 'op.otto' });
    expect(byId['organisation-2']).toMatchObject({ assignee: 'op.olga' });
    expect(byId['organisation-2']?.delegatedFrom).toBeUndefined();
    const changes = process.takeChanges()!;
    expect(changes.events.map((event) => [event.type, event.at, (event.data as { taskId: string }).taskId])).toEqual([
      ['TaskDelegated', later, 'processes-1'],
      ['TaskDelegated', later, 'systems-3'],
    ]);
    expect(changes.signals.map((signal) => [signal.type, signal.recipient, signal.type === 'task-assigned' ? signal.taskId : null])).toEqual([
      ['task-assigned', 'op.olga', 'processes-1'],
      ['task-assigned', 'op.olga', 'systems-3'],
    ]);
  });

  it('decides at the moment the record read who is away, and changes nothing when nobody is', () => {
    const process = noticedAtOpening();
    const { assignments } = process.takeChanges()!;
    process.settleAssignments(assignments!, away, '2027-03-10T00:00:00.000Z', '2027-03-10T00:00:00.000Z');
    process.settleAssignments(assignments!, {}, START, START);
    expect(process.takeChanges()).toBeNull();
    expect(process.state.tasks.every((task) => task.delegatedFrom === undefined)).toBe(true);
  });

  it('leaves a task done or reassigned before the record answered with whoever has it', () => {
    const process = noticedAtOpening();
    const { assignments } = process.takeChanges()!;
    process.reassignTask({ taskId: 'processes-1', actor: as('mm.mark', 'middle-manager'), assignee: 'mm.mark', reason: 'I take it' }, START);
    process.settleAssignments(assignments!, away, START, START);
    expect(process.task('processes-1')).toMatchObject({ assignee: 'mm.mark' });
    expect(process.task('processes-1').delegatedFrom).toBeUndefined();
    expect(process.task('systems-3')).toMatchObject({ assignee: 'op.olga', delegatedFrom: 'op.otto' });
  });
});

describe('comments on a task', () => {
  it('lets anyone on the deal discuss a task, and keeps the thread in order', () => {
    const process = DealProcess.start(command, START);
    process.commentOnTask({ taskId: 'processes-1', actor: as('mm.mark', 'middle-manager'), text: 'Start with the night shift.' }, START);
    process.commentOnTask({ taskId: 'processes-1', actor: as('op.otto', 'operational'), text: 'Booked for Tuesday.' }, '2027-03-01T10:00:00.000Z');
    expect(process.state.tasks[0]?.comments).toEqual([
      { author: 'mm.mark', at: START, text: 'Start with the night shift.' },
      { author: 'op.otto', at: '2027-03-01T10:00:00.000Z', text: 'Booked for Tuesday.' },
    ]);
    expect(timeline(process).filter((event) => event.type === 'TaskCommented')).toHaveLength(2);
  });

  it('hides the deal from outsiders and refuses empty text, changing nothing', () => {
    const process = DealProcess.start(command, START);
    const before = JSON.stringify(process.snapshot());
    const refusal = (actor: Actor, text: string) => {
      try {
        process.commentOnTask({ taskId: 'processes-1', actor, text }, START);
      } catch (error) {
        return (error as DomainError).code;
      }
      return 'accepted';
    };
    expect(refusal(as('mm.mia', 'middle-manager'), 'Hello')).toBe('not-found');
    expect(refusal(as('mm.mark', 'middle-manager'), '   ')).toBe('invalid-input');
    expect(JSON.stringify(process.snapshot())).toBe(before);
  });
});

describe('reassigning a task', () => {
  const reassign = (process: DealProcess, at: string) =>
    process.reassignTask({ taskId: 'processes-1', actor: as('mm.mark', 'middle-manager'), assignee: 'op.olga', reason: 'Otto is on leave' }, at);

  it("starts the new assignee's timers afresh and tells them", () => {
    const process = DealProcess.start(command, START);
    process.takeEffects();
    const halfway = '2027-03-16T09:00:00.000Z';
    const task = reassign(process, halfway);
    // Fifteen days left to due: the reminder comes at 80 % of them, twelve days on.
    expect(task.ladder.remindAt).toBe('2027-03-28T09:00:00.000Z');
    expect(task.ladder.steps.map((step) => step.at)).toEqual([task.dueAt, '2027-04-15T09:00:00.000Z']);
    expect(process.takeEffects()).toEqual([
      expect.objectContaining({ type: 'send-externally', recipients: ['op.olga'], signal: expect.objectContaining({ type: 'task-assigned', taskId: 'processes-1' }) }),
    ]);
  });
});
