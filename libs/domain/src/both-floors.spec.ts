import { sampleStartCommand } from './deal.fixtures';
import { DealProcess } from './deal-process';
import { DomainError } from './errors';
import type { Actor, Role, UserId } from './people';
import type { GoNoGoSignal } from './signals';
import { ELEMENTS, type Element, type Task, type TaskKind } from './tasks';

const ROLES_OF: Record<UserId, Role[]> = {
  'pm.paula': ['programme-manager'],
  'dir.dana': ['director'],
  'dir.diego': ['director'],
  'mm.mark': ['middle-manager'],
  'mm.carla': ['middle-manager'],
  'op.otto': ['operational'],
  'op.cas': ['operational'],
  'adv.ada': ['advisor'],
};
const actor = (userId: UserId): Actor => ({ userId, roles: ROLES_OF[userId] ?? [] });

const START = '2026-03-02T09:00:00.000Z';
const LATER = '2026-03-05T09:00:00.000Z';
const SUBSTANTIATION = 'Walked the process with both floors on site';

const twoSided = (overrides: Parameters<typeof sampleStartCommand>[0] = {}) =>
  sampleStartCommand({
    customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
    advisors: ['adv.ada'],
    ...overrides,
  });

function openTask(process: DealProcess, kind: TaskKind, element?: Element): Task {
  const tasks = process.state.tasks.filter((task) => task.kind === kind && task.status === 'open' && (element === undefined || task.element === element));
  if (tasks.length !== 1) throw new Error(`expected one open ${kind} task, found ${tasks.length}`);
  return tasks[0]!;
}

function complete(process: DealProcess, task: Task, result: unknown, now = LATER): void {
  process.completeTask({ taskId: task.id, actor: actor(task.assignee), result }, now);
}

function recordFinding(process: DealProcess, element: Element): void {
  complete(process, openTask(process, element), { assessment: 'feasible', substantiation: `${element}: ${SUBSTANTIATION}` });
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('exploration by both floors', () => {
  it('asks the customer’s counterpart on the element’s floor to co-sign each finding, and waits for all four', () => {
    const process = DealProcess.start(twoSided(), START);
    expect(process.state.countersigning).toBe(true);
    for (const element of ELEMENTS) recordFinding(process, element);

    expect(process.state.stage).toBe('exploration');
    const countersigns = process.state.tasks.filter((task) => task.kind === 'countersign');
    expect(countersigns.map((task) => [task.element, task.assignee, task.owner, task.level])).toEqual(
      ELEMENTS.map((element) => [element, 'op.cas', 'mm.carla', 'operational']),
    );
    for (const element of ELEMENTS.slice(0, 3)) complete(process, openTask(process, 'countersign', element), { decision: 'co-sign', substantiation: SUBSTANTIATION });
    expect(process.state.stage).toBe('exploration');

    complete(process, openTask(process, 'countersign', 'people'), { decision: 'co-sign', substantiation: SUBSTANTIATION });
    expect(process.state.stage).toBe('go-no-go');
    expect(process.state.findings.map((finding) => finding.coSigned?.by)).toEqual(['op.cas', 'op.cas', 'op.cas', 'op.cas']);
  });

  it('sends a contested finding back to its assignee with the reason, and asks again for the new one', () => {
    const process = DealProcess.start(twoSided(), START);
    for (const element of ELEMENTS) recordFinding(process, element);
    const reason = 'The night shift runs another process than the one described';
    complete(process, openTask(process, 'countersign', 'processes'), { decision: 'contest', substantiation: reason });

    expect(process.state.findings.map((finding) => finding.element)).toEqual(['organisation', 'systems', 'people']);
    const reopened = openTask(process, 'processes');
    expect([reopened.assignee, reopened.owner, reopened.level, reopened.note]).toEqual(['op.otto', 'mm.mark', 'operational', `Contested by op.cas: ${reason}`]);
    expect(reopened.questions).toEqual(process.state.tasks.find((task) => task.kind === 'processes')!.questions);
    const contested = process.unrecordedEvents.find((event) => event.type === 'FindingContested');
    expect(contested?.data).toEqual(expect.objectContaining({ element: 'processes', substantiation: reason, reopenedTaskId: reopened.id }));

    for (const element of ['organisation', 'systems', 'people'] as const) complete(process, openTask(process, 'countersign', element), { decision: 'co-sign', substantiation: SUBSTANTIATION });
    expect(process.state.stage).toBe('exploration');
    recordFinding(process, 'processes');
    complete(process, openTask(process, 'countersign', 'processes'), { decision: 'co-sign', substantiation: SUBSTANTIATION });
    expect(process.state.stage).toBe('go-no-go');
  });

  it('climbs an overdue co-signature on the customer’s side: their lead, then their directors', () => {
    const process = DealProcess.start(twoSided(), START);
    recordFinding(process, 'processes');
    const task = openTask(process, 'countersign');
    process.takeChanges();
    process.fireTimers('2026-06-01T09:00:00.000Z');
    const climbs = process.unrecordedEvents.filter((event) => event.type === 'TaskEscalated' && event.data.taskId === task.id).map((event) => event.data);
    expect(climbs).toEqual([
      { taskId: task.id, level: 'tactical', notified: ['mm.carla'], dueAt: task.dueAt },
      { taskId: task.id, level: 'strategic', notified: ['dir.diego'], dueAt: task.dueAt },
    ]);
  });

  it('falls back to the customer’s tactical lead when the customer names no operational staff', () => {
    const process = DealProcess.start(twoSided({ customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: [] } }), START);
    recordFinding(process, 'systems');
    expect([openTask(process, 'countersign').assignee, openTask(process, 'countersign').level]).toEqual(['mm.carla', 'tactical']);
  });

  it('explores on one floor as before when the deal names no customer counterparts, or was started by code without it', () => {
    for (const process of [
      DealProcess.start(sampleStartCommand(), START),
      DealProcess.start(twoSided({ customerSide: { directors: ['dir.diego'], tacticalLeads: [], operationalStaff: [] } }), START),
      DealProcess.start(twoSided(), START, { bothFloors: false }),
    ]) {
      expect(process.state.countersigning).toBeUndefined();
      for (const element of ELEMENTS) recordFinding(process, element);
      expect(process.state.stage).toBe('go-no-go');
    }
  });

  it('lets only the counterpart decide, with a substantiation, co-sign or contest', () => {
    const process = DealProcess.start(twoSided(), START);
    recordFinding(process, 'processes');
    const task = openTask(process, 'countersign');
    expect(refusal(() => process.completeTask({ taskId: task.id, actor: actor('op.otto'), result: { decision: 'co-sign', substantiation: SUBSTANTIATION } }, LATER))).toMatch(/^forbidden: .*assigned to op\.cas/);
    expect(refusal(() => process.checkCompleteTask({ taskId: task.id, actor: actor('op.cas'), result: { decision: 'approve', substantiation: SUBSTANTIATION } }))).toBe('invalid-input: decision must be one of: co-sign, contest');
    expect(refusal(() => process.checkCompleteTask({ taskId: task.id, actor: actor('op.cas'), result: { decision: 'contest', substantiation: 'no' } }))).toBe('invalid-input: substantiation must be at least 20 characters');
  });
});

describe('advice from outside both organisations', () => {
  it('carries an advisor’s advice into the decision and the directors’ report', () => {
    const process = DealProcess.start(twoSided(), START);
    process.giveAdvice({ actor: actor('adv.ada'), text: 'Standardise the intake before you promise fixed bandwidths', element: 'processes' }, LATER);
    process.giveAdvice({ actor: actor('adv.ada'), text: 'Both floors should meet monthly' }, LATER);
    for (const element of ELEMENTS) {
      recordFinding(process, element);
      complete(process, openTask(process, 'countersign', element), { decision: 'co-sign', substantiation: SUBSTANTIATION });
    }
    complete(process, openTask(process, 'go-no-go'), { decision: 'go', substantiation: 'All four elements feasible and co-signed' });

    const advice = [
      { by: 'adv.ada', at: LATER, text: 'Standardise the intake before you promise fixed bandwidths', element: 'processes' },
      { by: 'adv.ada', at: LATER, text: 'Both floors should meet monthly' },
    ];
    expect(process.state.decision?.advice).toEqual(advice);
    const report = process.takeChanges()!.signals.find((signal) => signal.type === 'go-no-go') as GoNoGoSignal | undefined;
    expect(report?.advice).toEqual(advice);
    expect(report?.findings.map((finding) => finding.coSignedBy)).toEqual(['op.cas', 'op.cas', 'op.cas', 'op.cas']);
  });

  it('takes advice only from the deal’s advisors, before the decision, on a known element', () => {
    const process = DealProcess.start(twoSided(), START);
    expect(refusal(() => process.checkGiveAdvice({ actor: actor('mm.mark'), text: 'advice' }))).toBe('forbidden: only an outside advisor named on this deal can give advice');
    expect(refusal(() => process.checkGiveAdvice({ actor: actor('adv.ada'), text: ' ' }))).toBe('invalid-input: text is required');
    expect(refusal(() => process.checkGiveAdvice({ actor: actor('adv.ada'), text: 'advice', element: 'finance' }))).toBe('invalid-input: element must be one of: processes, organisation, systems, people');
    const flat = DealProcess.start(sampleStartCommand({ advisors: ['adv.ada'] }), START);
    for (const element of ELEMENTS) recordFinding(flat, element);
    complete(flat, openTask(flat, 'go-no-go'), { decision: 'go', substantiation: 'All four elements are feasible' });
    expect(refusal(() => flat.checkGiveAdvice({ actor: actor('adv.ada'), text: 'too late' }))).toBe('conflict: advice goes into the go/no-go report; the deal is in contract');
  });
});
