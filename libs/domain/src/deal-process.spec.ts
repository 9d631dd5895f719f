import type { StartDealCommand } from './deal';
import { DealProcess, type DealEffect, type DealSnapshot } from './deal-process';
import { DomainError, type DomainErrorCode } from './errors';
import type { DealEvent, DealEventData, DealEventType } from './events';
import type { Actor, Role, UserId } from './people';
import { DEFAULT_POLICY, resolvePolicy } from './policy';
import type { GoNoGoSignal } from './signals';
import { ELEMENTS, type Assessment, type ContractTerms, type Element, type Task, type TaskKind } from './tasks';

/** The events a process recorded since it started, as the timeline shows them (without their sequence numbers). */
const timeline = (process: DealProcess) => process.unrecordedEvents.map(({ sequence, ...event }) => event);

// The people of the demo set-up (domain.md), plus a director and an operational person not on the deal.
const ROLES_OF: Record<UserId, Role[]> = {
  'pm.paula': ['programme-manager'],
  'pm.pieter': ['programme-manager'],
  'dir.dana': ['director'],
  'dir.diego': ['director'],
  'dir.dora': ['director'],
  'mm.mark': ['middle-manager'],
  'mm.mia': ['middle-manager'],
  'op.otto': ['operational'],
  'op.olga': ['operational'],
  'op.oscar': ['operational'],
};
const actor = (userId: UserId): Actor => ({ userId, roles: ROLES_OF[userId] ?? [] });
const PM = actor('pm.paula');
const DANA = actor('dir.dana');
const DIEGO = actor('dir.diego');
const MARK = actor('mm.mark');
const MIA = actor('mm.mia');
const OTTO = actor('op.otto');
const OLGA = actor('op.olga');

const START = '2026-03-02T09:00:00.000Z';
/** START + P30D, the default exploration deadline. */
const DEADLINE = '2026-04-01T09:00:00.000Z';
/** The four findings come in on consecutive days; the last one opens the go/no-go. */
const FINDING_AT: Record<Element, string> = {
  processes: '2026-03-10T09:00:00.000Z',
  organisation: '2026-03-11T09:00:00.000Z',
  systems: '2026-03-12T09:00:00.000Z',
  people: '2026-03-13T09:00:00.000Z',
};
const DECIDED_AT = '2026-03-16T10:00:00.000Z';
const DRAFTED_AT = '2026-03-20T10:00:00.000Z';

function startCommand(change: Partial<StartDealCommand> = {}): StartDealCommand {
  return {
    dealId: 'deal-1',
    title: 'Field service for Acme',
    customer: { name: 'Acme Logistics', segment: 'enterprise' },
    supplier: { name: 'Globex Services' },
    valueProposition: 'operational-excellence',
    programmeManager: 'pm.paula',
    directors: ['dir.dana', 'dir.diego'],
    tacticalLeads: ['mm.mark', 'mm.mia'],
    operationalStaff: ['op.otto', 'op.olga'],
    policy: resolvePolicy(DEFAULT_POLICY, undefined),
    ...change,
  };
}

const start = (change: Partial<StartDealCommand> = {}) => DealProcess.start(startCommand(change), START);

const substantiationOf = (element: Element) => `${element}: both teams worked side by side on the floor for a week.`;
const conditionOf = (element: Element) => `a condition on ${element}`;

function findingFor(element: Element, assessment: Assessment) {
  return assessment === 'conditional'
    ? { assessment, substantiation: substantiationOf(element), conditions: [conditionOf(element)] }
    : { assessment, substantiation: substantiationOf(element) };
}

const ALL_FEASIBLE: Record<Element, Assessment> = { processes: 'feasible', organisation: 'feasible', systems: 'feasible', people: 'feasible' };

/** Inside the enterprise bandwidth of operational-excellence: the default tier and the maximum discount. */
const ENTERPRISE_TERMS: ContractTerms = {
  serviceLevels: structuredClone(DEFAULT_POLICY.incidentServiceLevels),
  discountPct: 10,
  agreements: ['monthly service review', 'shared incident queue'],
  customTerms: [],
};

function openTaskOf(process: DealProcess, kind: TaskKind, assignee?: UserId): Task {
  const tasks = process.state.tasks.filter(
    (task) => task.kind === kind && task.status === 'open' && (assignee === undefined || task.assignee === assignee),
  );
  if (tasks.length !== 1) throw new Error(`expected one open ${kind} task${assignee ? ` for ${assignee}` : ''}, found ${tasks.length}`);
  return tasks[0]!;
}

function complete(process: DealProcess, task: Task, result: unknown, now: string, by: Actor = actor(task.assignee)): Task {
  return process.completeTask({ taskId: task.id, actor: by, result }, now);
}

function explore(process: DealProcess, assessments: Record<Element, Assessment> = ALL_FEASIBLE): void {
  for (const element of ELEMENTS) {
    complete(process, openTaskOf(process, element), findingFor(element, assessments[element]), FINDING_AT[element]);
  }
}

const DECISION_SUBSTANTIATION = 'Both teams weighed the four findings together.';

function decide(process: DealProcess, decision: 'go' | 'no-go'): void {
  complete(process, openTaskOf(process, 'go-no-go'), { decision, substantiation: DECISION_SUBSTANTIATION }, DECIDED_AT, MARK);
}

function reachContract(process: DealProcess): DealProcess {
  explore(process);
  decide(process, 'go');
  process.takeEffects();
  return process;
}

function reachRatification(process: DealProcess, terms: ContractTerms = ENTERPRISE_TERMS): DealProcess {
  reachContract(process);
  complete(process, openTaskOf(process, 'contract'), terms, DRAFTED_AT, MARK);
  return process;
}

const ratify = (process: DealProcess, director: Actor, at: string) =>
  complete(process, openTaskOf(process, 'ratification', director.userId), { decision: 'ratify' }, at, director);

const reject = (process: DealProcess, director: Actor, reason: string, at: string) =>
  complete(process, openTaskOf(process, 'ratification', director.userId), { decision: 'reject', reason }, at, director);

function reachLive(process: DealProcess): DealProcess {
  reachRatification(process);
  ratify(process, DANA, '2026-03-23T10:00:00.000Z');
  ratify(process, DIEGO, '2026-03-24T10:00:00.000Z');
  return process;
}

const types = (process: DealProcess) => timeline(process).map((event) => event.type);
const stages = (process: DealProcess) =>
  eventsOf(process, 'StageChanged').map((data) => data.to);

function eventsOf<K extends DealEventType>(process: DealProcess, type: K): DealEventData[K][] {
  return timeline(process).filter((event): event is Extract<DealEvent, { type: K }> => event.type === type).map((event) => event.data as DealEventData[K]);
}

/** Effects other than the delegation look-ups every new task brings. */
const besidesDelegation = (effects: DealEffect[]) => effects.filter((effect) => effect.type !== 'delegate-tasks');

function goNoGoNotifications(effects: DealEffect[]): { deliveryId: string; recipients: UserId[]; signal: GoNoGoSignal }[] {
  const found: { deliveryId: string; recipients: UserId[]; signal: GoNoGoSignal }[] = [];
  for (const effect of effects) {
    if (effect.type === 'send-externally' && effect.signal.type === 'go-no-go') {
      found.push({ deliveryId: effect.deliveryId, recipients: effect.recipients, signal: effect.signal });
    }
  }
  return found;
}

/**
 * Runs a command that must be refused: it throws a DomainError with `code` and changes nothing —
 * neither the state, nor the timeline, nor the sequences, nor the pending effects.
 */
function refused(process: DealProcess, command: () => unknown, code: DomainErrorCode): string {
  const observed = () => ({ state: process.state, events: timeline(process), effects: process.snapshot().pendingEffects });
  const before = structuredClone(observed());
  let caught: unknown;
  try {
    command();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  expect(observed()).toStrictEqual(before);
  return (caught as Error).message;
}

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('starting a deal', () => {
  it('records the contact and opens the four exploration tasks at once, round-robin over the operational staff', () => {
    const process = start();
    expect(process.state.stage).toBe('exploration');
    expect(process.state.startedAt).toBe(START);
    expect(process.state.explorationDeadline).toBe(DEADLINE);
    expect(process.isClosed).toBe(false);
    expect(process.state.tasks.map(({ id, kind, assignee, owner, level, status, openedAt, dueAt }) => ({ id, kind, assignee, owner, level, status, openedAt, dueAt }))).toEqual([
      { id: 'processes-1', kind: 'processes', assignee: 'op.otto', owner: 'mm.mark', level: 'operational', status: 'open', openedAt: START, dueAt: DEADLINE },
      { id: 'organisation-2', kind: 'organisation', assignee: 'op.olga', owner: 'mm.mia', level: 'operational', status: 'open', openedAt: START, dueAt: DEADLINE },
      { id: 'systems-3', kind: 'systems', assignee: 'op.otto', owner: 'mm.mark', level: 'operational', status: 'open', openedAt: START, dueAt: DEADLINE },
      { id: 'people-4', kind: 'people', assignee: 'op.olga', owner: 'mm.mia', level: 'operational', status: 'open', openedAt: START, dueAt: DEADLINE },
    ]);
    expect(process.state).toMatchObject({ findings: [], recommendation: null, decision: null, contract: null, ratifications: [], incidents: [], closedAt: null });
  });

  it('starts the timeline with DealStarted by the programme manager, the move to exploration and the opened tasks', () => {
    const process = start();
    expect(types(process)).toEqual(['DealStarted', 'StageChanged', 'TaskOpened', 'TaskOpened', 'TaskOpened', 'TaskOpened']);
    expect(timeline(process)[0]).toEqual({
      type: 'DealStarted',
      at: START,
      actor: 'pm.paula',
      data: {
        title: 'Field service for Acme',
        customer: { name: 'Acme Logistics', segment: 'enterprise' },
        supplier: { name: 'Globex Services' },
        valueProposition: 'operational-excellence',
        directors: ['dir.dana', 'dir.diego'],
        tacticalLeads: ['mm.mark', 'mm.mia'],
        operationalStaff: ['op.otto', 'op.olga'],
        explorationDeadline: DEADLINE,
      },
    });
    expect(timeline(process)[1]).toEqual({ type: 'StageChanged', at: START, actor: 'system', data: { from: 'strategic-contact', to: 'exploration' } });
    expect(eventsOf(process, 'TaskOpened')[0]).toEqual({
      taskId: 'processes-1',
      kind: 'processes',
      assignee: 'op.otto',
      owner: 'mm.mark',
      dueAt: DEADLINE,
      level: 'operational',
    });
    expect(besidesDelegation(process.takeEffects())).toEqual([]);
  });

  it('assigns the exploration to the tactical leads, at the tactical level, when no operational staff is named', () => {
    const process = start({ operationalStaff: [] });
    expect(process.state.tasks.map(({ assignee, owner, level }) => ({ assignee, owner, level }))).toEqual([
      { assignee: 'mm.mark', owner: 'mm.mark', level: 'tactical' },
      { assignee: 'mm.mia', owner: 'mm.mia', level: 'tactical' },
      { assignee: 'mm.mark', owner: 'mm.mark', level: 'tactical' },
      { assignee: 'mm.mia', owner: 'mm.mia', level: 'tactical' },
    ]);
  });

  it('gives all four elements to a single operational person, and wraps round with three', () => {
    expect(start({ operationalStaff: ['op.otto'], tacticalLeads: ['mm.mark'] }).state.tasks.map((task) => [task.assignee, task.owner])).toEqual([
      ['op.otto', 'mm.mark'],
      ['op.otto', 'mm.mark'],
      ['op.otto', 'mm.mark'],
      ['op.otto', 'mm.mark'],
    ]);
    expect(start({ operationalStaff: ['op.otto', 'op.olga', 'op.oscar'] }).state.tasks.map((task) => task.assignee)).toEqual([
      'op.otto',
      'op.olga',
      'op.oscar',
      'op.otto',
    ]);
  });

  it('uses an explicit exploration deadline, or the policy’s exploration period', () => {
    const explicit = start({ explorationDeadline: '2026-03-20T17:00:00.000Z' });
    expect(explicit.state.explorationDeadline).toBe('2026-03-20T17:00:00.000Z');
    expect(explicit.state.tasks.every((task) => task.dueAt === '2026-03-20T17:00:00.000Z')).toBe(true);

    const shorter = start({ policy: resolvePolicy(DEFAULT_POLICY, { taskDue: { exploration: 'P14D' } }) });
    expect(shorter.state.explorationDeadline).toBe('2026-03-16T09:00:00.000Z');
    expect(shorter.state.tasks.map((task) => task.dueAt)).toEqual(Array(4).fill('2026-03-16T09:00:00.000Z'));
  });

  it('sets each task’s timers: a reminder at 80 % of the time to due, the owner at due, the directors a period later', () => {
    expect(start().state.tasks[0]!.ladder).toEqual({
      remindAt: '2026-03-26T09:00:00.000Z',
      reminded: false,
      steps: [
        { at: DEADLINE, level: 'tactical', notify: 'owner', reached: false },
        { at: '2026-05-01T09:00:00.000Z', level: 'strategic', notify: 'directors', reached: false },
      ],
    });
  });

  it('does not change the command it starts from', () => {
    const command = startCommand();
    const before = structuredClone(command);
    const process = DealProcess.start(command, START);
    reachLive(process);
    expect(command).toStrictEqual(before);
  });

  it('shows the open tasks’ assignees and everyone on the deal in its visibility', () => {
    expect(start().visibility()).toEqual({
      stage: 'exploration',
      customer: 'Acme Logistics',
      programmeManager: 'pm.paula',
      openTaskAssignees: ['op.otto', 'op.olga'],
      participants: ['pm.paula', 'dir.dana', 'dir.diego', 'mm.mark', 'mm.mia', 'op.otto', 'op.olga'],
    });
  });
});

describe('completing exploration tasks', () => {
  it('records a finding: the task is done with its normalised result and the timeline says so', () => {
    const process = start();
    const result = { assessment: 'conditional', substantiation: substantiationOf('processes'), conditions: ['shared ticket queue'] };
    const task = complete(process, openTaskOf(process, 'processes'), result, FINDING_AT.processes, OTTO);
    expect(task).toMatchObject({ id: 'processes-1', status: 'done', completedAt: FINDING_AT.processes, completedBy: 'op.otto', result });
    expect(process.task('processes-1')).toBe(task);
    expect(process.state.findings).toEqual([{ element: 'processes', ...result, recordedBy: 'op.otto', recordedAt: FINDING_AT.processes }]);
    expect(timeline(process).slice(-2)).toEqual([
      { type: 'TaskCompleted', at: FINDING_AT.processes, actor: 'op.otto', data: { taskId: 'processes-1', kind: 'processes' } },
      {
        type: 'FindingRecorded',
        at: FINDING_AT.processes,
        actor: 'op.otto',
        data: { taskId: 'processes-1', element: 'processes', assessment: 'conditional', conditions: ['shared ticket queue'] },
      },
    ]);
    expect(process.state.stage).toBe('exploration');
    expect(process.visibility().openTaskAssignees).toEqual(['op.olga', 'op.otto']);
  });

  it('refuses completion by anyone but the assignee, the owner and the programme manager included', () => {
    const process = start();
    for (const by of [MARK, PM, OLGA, DANA]) {
      const message = refused(process, () => complete(process, process.task('processes-1'), findingFor('processes', 'feasible'), FINDING_AT.processes, by), 'forbidden');
      expect(message).toBe('task processes-1 is assigned to op.otto; only the assignee can complete it');
    }
  });

  it('refuses an unknown task as not found', () => {
    const process = start();
    for (const taskId of ['processes-99', 'contract-5', 'anything']) {
      const message = refused(
        process,
        () => process.completeTask({ taskId, actor: OTTO, result: findingFor('processes', 'feasible') }, FINDING_AT.processes),
        'not-found',
      );
      expect(message).toBe(`task ${taskId} does not exist on deal deal-1`);
    }
    expect(() => process.task('processes-99')).toThrow(DomainError);
  });

  it('refuses to complete a task that is already done, even by its assignee, as a conflict', () => {
    const process = start();
    complete(process, process.task('processes-1'), findingFor('processes', 'feasible'), FINDING_AT.processes);
    const message = refused(
      process,
      () => complete(process, process.task('processes-1'), findingFor('processes', 'not-feasible'), FINDING_AT.organisation, OTTO),
      'conflict',
    );
    expect(message).toBe('task processes-1 is done, no longer open');
    expect(process.state.findings).toHaveLength(1);
  });

  it('refuses an invalid result and changes nothing', () => {
    const process = start();
    const task = process.task('processes-1');
    expect(refused(process, () => complete(process, task, { assessment: 'feasible', substantiation: 'too short' }, FINDING_AT.processes), 'invalid-input')).toBe(
      'substantiation must be at least 20 characters',
    );
    expect(refused(process, () => complete(process, task, { decision: 'go', substantiation: substantiationOf('processes') }, FINDING_AT.processes), 'invalid-input')).toContain(
      'decision is not an allowed field',
    );
    expect(process.task('processes-1').status).toBe('open');
  });

  it('opens the go/no-go for the first tactical lead, with the recommendation, once the fourth finding is in', () => {
    const process = start();
    const assessments: Record<Element, Assessment> = { processes: 'feasible', organisation: 'conditional', systems: 'feasible', people: 'conditional' };
    for (const element of ELEMENTS.slice(0, 3)) {
      complete(process, openTaskOf(process, element), findingFor(element, assessments[element]), FINDING_AT[element]);
      expect(process.state.stage).toBe('exploration');
      expect(process.state.recommendation).toBeNull();
    }
    complete(process, openTaskOf(process, 'people'), findingFor('people', 'conditional'), FINDING_AT.people);

    expect(process.state.stage).toBe('go-no-go');
    expect(process.state.recommendation).toEqual({
      decision: 'go',
      conditions: [conditionOf('organisation'), conditionOf('people')],
      because: ['organisation', 'people'],
    });
    expect(openTaskOf(process, 'go-no-go')).toMatchObject({
      id: 'go-no-go-5',
      assignee: 'mm.mark',
      owner: 'dir.dana',
      level: 'tactical',
      openedAt: FINDING_AT.people,
      dueAt: '2026-03-18T09:00:00.000Z',
    });
    expect(types(process).slice(-4)).toEqual(['TaskCompleted', 'FindingRecorded', 'StageChanged', 'TaskOpened']);
    expect(process.visibility()).toMatchObject({ stage: 'go-no-go', openTaskAssignees: ['mm.mark'] });
    expect(besidesDelegation(process.takeEffects())).toEqual([]);
  });

  it('lets only the first tactical lead decide', () => {
    const process = start();
    explore(process);
    refused(process, () => complete(process, openTaskOf(process, 'go-no-go'), { decision: 'go', substantiation: substantiationOf('people') }, DECIDED_AT, MIA), 'forbidden');
  });
});

describe('a no-go', () => {
  const NO_GO_FINDINGS: Record<Element, Assessment> = { processes: 'feasible', organisation: 'conditional', systems: 'not-feasible', people: 'feasible' };

  function noGo(): DealProcess {
    const process = start();
    explore(process, NO_GO_FINDINGS);
    decide(process, 'no-go');
    return process;
  }

  it('recommends no-go because of the element that is not feasible', () => {
    const process = start();
    explore(process, NO_GO_FINDINGS);
    expect(process.state.recommendation).toEqual({ decision: 'no-go', conditions: [], because: ['systems'] });
  });

  it('ends the deal as abandoned, with the decision as the reason, and leaves no task open', () => {
    const process = noGo();
    expect(process.state.stage).toBe('abandoned');
    expect(process.isClosed).toBe(true);
    expect(process.state.closedAt).toBe(DECIDED_AT);
    expect(process.state.closedReason).toBe(`no-go: ${DECISION_SUBSTANTIATION}`);
    expect(process.state.decision).toEqual({
      decision: 'no-go',
      substantiation: DECISION_SUBSTANTIATION,
      decidedBy: 'mm.mark',
      decidedAt: DECIDED_AT,
      recommendation: { decision: 'no-go', conditions: [], because: ['systems'] },
    });
    expect(process.state.tasks.filter((task) => task.status === 'open')).toEqual([]);
    expect(process.state.tasks.find((task) => task.kind === 'contract')).toBeUndefined();
    expect(types(process).slice(-4)).toEqual(['GoNoGoDecided', 'DirectorsSignalled', 'StageChanged', 'DealAbandoned']);
    expect(stages(process)).toEqual(['exploration', 'go-no-go', 'abandoned']);
    expect(process.visibility()).toMatchObject({ stage: 'abandoned', openTaskAssignees: [] });
  });

  it('hands over exactly one go/no-go signal for the sponsoring directors, once', () => {
    const process = noGo();
    const effects = besidesDelegation(process.takeEffects());
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({ type: 'send-externally', deliveryId: 'deal-1:signal-1', recipients: ['dir.dana', 'dir.diego'] });
    expect(process.takeEffects()).toEqual([]);
  });

  it('carries the decision, the recommendation and every finding with its substantiation in the signal', () => {
    const [notification] = goNoGoNotifications(noGo().takeEffects());
    expect(notification!.signal).toEqual({
      type: 'go-no-go',
      dealId: 'deal-1',
      dealTitle: 'Field service for Acme',
      at: DECIDED_AT,
      decision: 'no-go',
      decidedBy: 'mm.mark',
      substantiation: DECISION_SUBSTANTIATION,
      recommendation: { decision: 'no-go', conditions: [], because: ['systems'] },
      findings: ELEMENTS.map((element) => ({
        element,
        assessment: NO_GO_FINDINGS[element],
        substantiation: substantiationOf(element),
        conditions: NO_GO_FINDINGS[element] === 'conditional' ? [conditionOf(element)] : [],
      })),
      openIncidents: [],
    });
  });

  it('keeps the delivery ID stable: the same deal decided again, or from a restored snapshot, yields the same ID', () => {
    const first = goNoGoNotifications(noGo().takeEffects())[0]!.deliveryId;
    const second = goNoGoNotifications(noGo().takeEffects())[0]!.deliveryId;

    const beforeDecision = start();
    explore(beforeDecision, NO_GO_FINDINGS);
    const restored = DealProcess.restore(json(beforeDecision.snapshot()));
    decide(restored, 'no-go');
    const third = goNoGoNotifications(restored.takeEffects())[0]!.deliveryId;

    expect(first).toMatch(/^deal-1:signal-\d+$/);
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('records that the directors were signalled with the decision: their signals land with it', () => {
    const process = noGo();
    const decided = timeline(process).find((event) => event.type === 'GoNoGoDecided')!;
    expect(timeline(process).find((event) => event.type === 'DirectorsSignalled')).toEqual({
      type: 'DirectorsSignalled',
      at: decided.at,
      actor: 'system',
      data: { signal: 'go-no-go', decision: 'no-go', recipients: ['dir.dana', 'dir.diego'] },
    });
  });

  it('reports the open incidents of a pilot to the directors and closes them with the deal', () => {
    const process = start();
    const incident = process.reportIncident(
      { actor: OTTO, incident: { severity: 'major', title: 'Pilot scanners offline', description: 'No scans since 08:00.' } },
      '2026-03-05T09:00:00.000Z',
    );
    expect(besidesDelegation(process.takeEffects()).map((effect) => effect.type)).toEqual(['send-externally', 'start-incident-timers']);
    explore(process, NO_GO_FINDINGS);
    decide(process, 'no-go');

    const effects = besidesDelegation(process.takeEffects());
    expect(effects.map((effect) => effect.type)).toEqual(['send-externally', 'tell-incident']);
    expect(goNoGoNotifications(effects)).toHaveLength(1);
    expect(goNoGoNotifications(effects)[0]!.signal.openIncidents).toEqual([
      { id: incident.id, severity: 'major', title: 'Pilot scanners offline', status: 'reported', level: 'operational' },
    ]);
    expect(effects[1]).toEqual({ type: 'tell-incident', incidentId: incident.id, change: 'closed' });
    expect(process.state.incidents[0]!.status).toBe('closed');
  });

  it('is the lead’s call: a no-go against a go recommendation abandons the deal too', () => {
    const process = start();
    explore(process, ALL_FEASIBLE);
    decide(process, 'no-go');
    expect(process.state.stage).toBe('abandoned');
    expect(goNoGoNotifications(process.takeEffects())[0]!.signal.recommendation.decision).toBe('go');
  });

  it('refuses to cancel or terminate the abandoned deal, as a conflict', () => {
    const process = noGo();
    process.takeEffects();
    expect(refused(process, () => process.cancel({ actor: PM, reason: 'again' }, '2026-03-17T09:00:00.000Z'), 'conflict')).toBe(
      'the deal is already abandoned',
    );
    refused(process, () => process.terminate({ actor: DANA, reason: 'again' }, '2026-03-17T09:00:00.000Z'), 'conflict');
  });
});

describe('a go and the contract', () => {
  it('opens the contract task for the first tactical lead and signals the directors once', () => {
    const process = start();
    explore(process);
    decide(process, 'go');
    expect(process.state.stage).toBe('contract');
    expect(openTaskOf(process, 'contract')).toMatchObject({
      id: 'contract-6',
      assignee: 'mm.mark',
      owner: 'dir.dana',
      level: 'tactical',
      openedAt: DECIDED_AT,
      dueAt: '2026-03-26T10:00:00.000Z',
    });
    const effects = besidesDelegation(process.takeEffects());
    expect(effects).toHaveLength(1);
    expect(goNoGoNotifications(effects)[0]).toMatchObject({ deliveryId: 'deal-1:signal-1', recipients: ['dir.dana', 'dir.diego'], signal: { decision: 'go' } });
  });

  it.each([
    ['max-discount', { ...ENTERPRISE_TERMS, discountPct: 10.5 }, 'exceeds the maximum discount of 10 % for enterprise customers under operational-excellence'],
    ['custom-terms', { ...ENTERPRISE_TERMS, customTerms: ['free on-site engineer'] }, 'customTerms are not allowed under operational-excellence'],
    [
      'service-level-tier',
      { ...ENTERPRISE_TERMS, serviceLevels: { ...ENTERPRISE_TERMS.serviceLevels, critical: { respondWithin: 'PT30M', resolveWithin: 'PT8H' } } },
      'serviceLevels.critical.respondWithin PT30M is stricter than the enterprise standard tier',
    ],
  ])('refuses terms outside the bandwidth (%s) with a message naming the rule, and changes nothing', (_rule, terms, expected) => {
    const process = reachContract(start());
    const message = refused(process, () => complete(process, openTaskOf(process, 'contract'), terms, DRAFTED_AT, MARK), 'invalid-input');
    expect(message).toContain(expected);
    expect(process.state.contract).toBeNull();
  });

  it('names every broken rule at once', () => {
    const process = reachContract(start());
    const message = refused(
      process,
      () => complete(process, openTaskOf(process, 'contract'), { ...ENTERPRISE_TERMS, discountPct: 20, customTerms: ['x'] }, DRAFTED_AT, MARK),
      'invalid-input',
    );
    expect(message).toContain('maximum discount');
    expect(message).toContain('customTerms are not allowed');
  });

  it('refuses terms that are not valid at all', () => {
    const process = reachContract(start());
    const terms = { ...ENTERPRISE_TERMS, serviceLevels: { ...ENTERPRISE_TERMS.serviceLevels, minor: { respondWithin: 'P5D', resolveWithin: 'P1D' } } };
    expect(refused(process, () => complete(process, openTaskOf(process, 'contract'), terms, DRAFTED_AT, MARK), 'invalid-input')).toBe(
      'serviceLevels.minor.resolveWithin must not be shorter than respondWithin',
    );
  });

  it('records the draft and opens one ratification task per sponsoring director, owned by the programme manager', () => {
    const process = reachRatification(start());
    expect(process.state.stage).toBe('ratification');
    expect(process.state.contract).toEqual({ version: 1, terms: ENTERPRISE_TERMS, flags: [], draftedBy: 'mm.mark', draftedAt: DRAFTED_AT });
    expect(
      process.state.tasks
        .filter((task) => task.kind === 'ratification')
        .map(({ id, assignee, owner, level, status, dueAt }) => ({ id, assignee, owner, level, status, dueAt })),
    ).toEqual([
      { id: 'ratification-7', assignee: 'dir.dana', owner: 'pm.paula', level: 'strategic', status: 'open', dueAt: '2026-03-27T10:00:00.000Z' },
      { id: 'ratification-8', assignee: 'dir.diego', owner: 'pm.paula', level: 'strategic', status: 'open', dueAt: '2026-03-27T10:00:00.000Z' },
    ]);
    expect(eventsOf(process, 'ContractDrafted')).toEqual([{ version: 1, flags: [], discountPct: 10 }]);
    expect(process.visibility().openTaskAssignees).toEqual(['dir.dana', 'dir.diego']);
  });

  it('flags custom terms and a larger discount under customer-intimacy for the directors', () => {
    const process = start({ valueProposition: 'customer-intimacy', customer: { name: 'Acme Logistics', segment: 'smb' } });
    reachRatification(process, { ...ENTERPRISE_TERMS, discountPct: 15, customTerms: ['dedicated account team'] });
    expect(process.state.stage).toBe('ratification');
    expect(process.state.contract!.flags).toContain('custom term: dedicated account team');
    expect(process.state.contract!.flags).toContain('discountPct 15 exceeds the smb standard maximum of 0 %');
    expect(eventsOf(process, 'ContractDrafted')[0]!.flags).toEqual(process.state.contract!.flags);
  });
});

describe('ratification', () => {
  it('goes live when every director ratifies, and the relationship starts', () => {
    const process = reachRatification(start());
    ratify(process, DANA, '2026-03-23T10:00:00.000Z');
    expect(process.state.stage).toBe('ratification');
    expect(eventsOf(process, 'ContractRatified')).toEqual([{ version: 1, director: 'dir.dana', awaiting: ['dir.diego'] }]);

    ratify(process, DIEGO, '2026-03-24T10:00:00.000Z');
    expect(process.state.stage).toBe('live');
    expect(process.state.ratifications).toEqual([
      { decision: 'ratify', director: 'dir.dana', contractVersion: 1, at: '2026-03-23T10:00:00.000Z' },
      { decision: 'ratify', director: 'dir.diego', contractVersion: 1, at: '2026-03-24T10:00:00.000Z' },
    ]);
    expect(process.state.nextReviewAt).toBe('2026-06-24T10:00:00.000Z');
    expect(timeline(process).slice(-2)).toEqual([
      { type: 'StageChanged', at: '2026-03-24T10:00:00.000Z', actor: 'system', data: { from: 'ratification', to: 'live' } },
      { type: 'RelationshipStarted', at: '2026-03-24T10:00:00.000Z', actor: 'system', data: { contractVersion: 1 } },
    ]);
    expect(process.visibility()).toMatchObject({ stage: 'live', openTaskAssignees: [] });
  });

  it('lets a director complete only their own ratification', () => {
    const process = reachRatification(start());
    refused(process, () => complete(process, openTaskOf(process, 'ratification', 'dir.diego'), { decision: 'ratify' }, '2026-03-23T10:00:00.000Z', DANA), 'forbidden');
  });

  it('needs a reason to reject', () => {
    const process = reachRatification(start());
    expect(
      refused(process, () => complete(process, openTaskOf(process, 'ratification', 'dir.dana'), { decision: 'reject' }, '2026-03-23T10:00:00.000Z', DANA), 'invalid-input'),
    ).toBe('reason is required');
  });

  it('sends the deal back to contract on a rejection, cancelling the other ratifications, with the reason in the new task', () => {
    const process = reachRatification(start());
    reject(process, DANA, 'The discount is too generous for year one.', '2026-03-23T10:00:00.000Z');

    expect(process.state.stage).toBe('contract');
    expect(process.task('ratification-7')).toMatchObject({ status: 'done', result: { decision: 'reject', reason: 'The discount is too generous for year one.' } });
    expect(process.task('ratification-8').status).toBe('cancelled');
    const contract = openTaskOf(process, 'contract');
    expect(contract).toMatchObject({ id: 'contract-9', assignee: 'mm.mark', owner: 'dir.dana', openedAt: '2026-03-23T10:00:00.000Z' });
    expect(contract.note).toBe('Contract version 1 rejected by dir.dana: The discount is too generous for year one.');
    expect(eventsOf(process, 'ContractRejected')).toEqual([{ version: 1, director: 'dir.dana', reason: 'The discount is too generous for year one.' }]);
    expect(eventsOf(process, 'TaskCancelled')).toEqual([
      { taskId: 'ratification-8', kind: 'ratification', reason: 'contract version 1 was rejected by dir.dana' },
    ]);
    expect(process.visibility().openTaskAssignees).toEqual(['mm.mark']);
    expect(besidesDelegation(process.takeEffects())).toEqual([]);
  });

  it('asks every director again for the next version, and goes live on it', () => {
    const process = reachRatification(start());
    ratify(process, DANA, '2026-03-23T10:00:00.000Z');
    reject(process, DIEGO, 'Critical incidents need a faster response.', '2026-03-23T11:00:00.000Z');
    expect(eventsOf(process, 'TaskCancelled')).toEqual([]);

    complete(process, openTaskOf(process, 'contract'), { ...ENTERPRISE_TERMS, discountPct: 5 }, '2026-03-25T10:00:00.000Z', MARK);
    expect(process.state.contract).toMatchObject({ version: 2, draftedAt: '2026-03-25T10:00:00.000Z', terms: { discountPct: 5 } });
    expect(process.state.tasks.filter((task) => task.kind === 'ratification' && task.status === 'open').map((task) => task.assignee)).toEqual([
      'dir.dana',
      'dir.diego',
    ]);
    ratify(process, DIEGO, '2026-03-26T10:00:00.000Z');
    ratify(process, DANA, '2026-03-26T11:00:00.000Z');

    expect(process.state.stage).toBe('live');
    expect(process.state.ratifications.map(({ director, decision, contractVersion }) => [director, decision, contractVersion])).toEqual([
      ['dir.dana', 'ratify', 1],
      ['dir.diego', 'reject', 1],
      ['dir.diego', 'ratify', 2],
      ['dir.dana', 'ratify', 2],
    ]);
    expect(eventsOf(process, 'RelationshipStarted')).toEqual([{ contractVersion: 2 }]);
  });
});

describe('a whole deal, start to live', () => {
  it('walks every stage in order and tells the whole story in the timeline', () => {
    const process = start();
    explore(process, { processes: 'feasible', organisation: 'conditional', systems: 'feasible', people: 'feasible' });
    decide(process, 'go');
    complete(process, openTaskOf(process, 'contract'), ENTERPRISE_TERMS, DRAFTED_AT, MARK);
    ratify(process, DANA, '2026-03-23T10:00:00.000Z');
    ratify(process, DIEGO, '2026-03-24T10:00:00.000Z');

    expect(stages(process)).toEqual(['exploration', 'go-no-go', 'contract', 'ratification', 'live']);
    expect(types(process)).toEqual([
      'DealStarted',
      'StageChanged',
      ...Array(4).fill('TaskOpened'),
      ...ELEMENTS.flatMap(() => ['TaskCompleted', 'FindingRecorded']),
      'StageChanged',
      'TaskOpened',
      'TaskCompleted',
      'GoNoGoDecided',
      'DirectorsSignalled',
      'StageChanged',
      'TaskOpened',
      'TaskCompleted',
      'ContractDrafted',
      'StageChanged',
      'TaskOpened',
      'TaskOpened',
      'TaskCompleted',
      'ContractRatified',
      'TaskCompleted',
      'ContractRatified',
      'StageChanged',
      'RelationshipStarted',
    ]);
    const times = timeline(process).map((event) => event.at);
    expect([...times].sort()).toEqual(times);
    expect(process.state.tasks.every((task) => task.status === 'done')).toBe(true);
    expect(process.state.decision).toMatchObject({ decision: 'go', recommendation: { decision: 'go', conditions: [conditionOf('organisation')] } });
  });
});

describe('cancelling a deal', () => {
  it('abandons the deal for a programme manager and cancels its open tasks', () => {
    const process = start();
    complete(process, openTaskOf(process, 'processes'), findingFor('processes', 'feasible'), FINDING_AT.processes);
    process.cancel({ actor: PM, reason: 'The customer was acquired.' }, '2026-03-11T12:00:00.000Z');

    expect(process.state).toMatchObject({ stage: 'abandoned', closedAt: '2026-03-11T12:00:00.000Z', closedReason: 'The customer was acquired.' });
    expect(process.state.tasks.map((task) => task.status)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled']);
    expect(eventsOf(process, 'TaskCancelled').map((data) => [data.taskId, data.reason])).toEqual([
      ['organisation-2', 'deal abandoned'],
      ['systems-3', 'deal abandoned'],
      ['people-4', 'deal abandoned'],
    ]);
    expect(timeline(process).at(-1)).toEqual({ type: 'DealAbandoned', at: '2026-03-11T12:00:00.000Z', actor: 'pm.paula', data: { reason: 'The customer was acquired.' } });
    expect(process.visibility()).toMatchObject({ stage: 'abandoned', openTaskAssignees: [] });
    expect(besidesDelegation(process.takeEffects())).toEqual([]);
  });

  it('refuses anyone who is not a programme manager, also the deal’s own directors and leads', () => {
    const process = start();
    for (const by of [DANA, MARK, OTTO]) {
      expect(refused(process, () => process.cancel({ actor: by, reason: 'no' }, FINDING_AT.processes), 'forbidden')).toBe(
        'only a programme manager can cancel a deal',
      );
    }
  });

  it('ends the deal as rejected when the directors had sent the contract back', () => {
    const process = reachRatification(start());
    reject(process, DIEGO, 'Not at this price.', '2026-03-23T10:00:00.000Z');
    process.cancel({ actor: PM, reason: 'The directors will not agree.' }, '2026-03-24T10:00:00.000Z');

    expect(process.state).toMatchObject({ stage: 'rejected', closedReason: 'The directors will not agree.' });
    expect(process.state.tasks.filter((task) => task.status === 'open')).toEqual([]);
    expect(process.task('contract-9').status).toBe('cancelled');
    expect(types(process).slice(-3)).toEqual(['TaskCancelled', 'StageChanged', 'DealRejected']);
    expect(eventsOf(process, 'DealRejected')).toEqual([{ reason: 'The directors will not agree.' }]);
    expect(eventsOf(process, 'DealAbandoned')).toEqual([]);
  });

  it('abandons a deal cancelled while the directors are still ratifying', () => {
    const process = reachRatification(start());
    process.cancel({ actor: PM, reason: 'Budget freeze.' }, '2026-03-23T10:00:00.000Z');
    expect(process.state.stage).toBe('abandoned');
    expect(process.state.tasks.filter((task) => task.kind === 'ratification').map((task) => task.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses to cancel a live deal, as a conflict that points to terminate', () => {
    const process = reachLive(start());
    expect(refused(process, () => process.cancel({ actor: PM, reason: 'late' }, '2026-04-01T10:00:00.000Z'), 'conflict')).toContain('terminate');
  });

  it('refuses to cancel a deal twice', () => {
    const process = start();
    process.cancel({ actor: PM, reason: 'first' }, FINDING_AT.processes);
    expect(refused(process, () => process.cancel({ actor: PM, reason: 'second' }, FINDING_AT.organisation), 'conflict')).toBe('the deal is already abandoned');
  });
});

describe('terminating a relationship', () => {
  it('lets a sponsoring director end a live relationship', () => {
    const process = reachLive(start());
    process.terminate({ actor: DIEGO, reason: 'The customer moved its operations abroad.' }, '2026-09-01T10:00:00.000Z');
    expect(process.state).toMatchObject({
      stage: 'terminated',
      closedAt: '2026-09-01T10:00:00.000Z',
      closedReason: 'The customer moved its operations abroad.',
      nextReviewAt: null,
    });
    expect(timeline(process).slice(-2)).toEqual([
      { type: 'StageChanged', at: '2026-09-01T10:00:00.000Z', actor: 'dir.diego', data: { from: 'live', to: 'terminated' } },
      { type: 'RelationshipTerminated', at: '2026-09-01T10:00:00.000Z', actor: 'dir.diego', data: { reason: 'The customer moved its operations abroad.' } },
    ]);
    expect(process.nextTimerAt()).toBeNull();
  });

  it('refuses everyone on the deal but its directors, and does not even show the deal to a director who is not on it', () => {
    const process = reachLive(start());
    for (const by of [PM, MARK, OTTO]) {
      expect(refused(process, () => process.terminate({ actor: by, reason: 'no' }, '2026-09-01T10:00:00.000Z'), 'forbidden')).toBe(
        'only a sponsoring director of this deal can terminate the relationship',
      );
    }
    expect(refused(process, () => process.terminate({ actor: actor('dir.dora'), reason: 'no' }, '2026-09-01T10:00:00.000Z'), 'not-found')).toContain(
      'does not exist',
    );
  });

  it('refuses to terminate a deal that is not live, as a conflict', () => {
    const exploring = start();
    expect(refused(exploring, () => exploring.terminate({ actor: DANA, reason: 'early' }, FINDING_AT.processes), 'conflict')).toBe(
      'only a live relationship can be terminated; the deal is in exploration',
    );
    const contracting = reachContract(start());
    refused(contracting, () => contracting.terminate({ actor: DANA, reason: 'early' }, DRAFTED_AT), 'conflict');
    const terminated = reachLive(start());
    terminated.terminate({ actor: DANA, reason: 'done' }, '2026-09-01T10:00:00.000Z');
    expect(refused(terminated, () => terminated.terminate({ actor: DIEGO, reason: 'again' }, '2026-09-02T10:00:00.000Z'), 'conflict')).toBe(
      'the deal is already terminated',
    );
  });
});

describe('reassigning a task', () => {
  it('lets the owner hand the task to someone else, who may then complete it instead', () => {
    const process = start();
    const task = process.reassignTask({ taskId: 'processes-1', actor: MARK, assignee: 'op.oscar', reason: 'Otto is on leave.' }, '2026-03-03T09:00:00.000Z');
    expect(task).toMatchObject({ id: 'processes-1', assignee: 'op.oscar', owner: 'mm.mark' });
    expect(timeline(process).at(-1)).toEqual({
      type: 'TaskReassigned',
      at: '2026-03-03T09:00:00.000Z',
      actor: 'mm.mark',
      data: { taskId: 'processes-1', from: 'op.otto', to: 'op.oscar', reason: 'Otto is on leave.' },
    });
    expect(process.visibility().openTaskAssignees).toEqual(['op.oscar', 'op.olga', 'op.otto']);
    expect(process.visibility().participants).toContain('op.oscar');

    refused(process, () => complete(process, process.task('processes-1'), findingFor('processes', 'feasible'), FINDING_AT.processes, OTTO), 'forbidden');
    complete(process, process.task('processes-1'), findingFor('processes', 'feasible'), FINDING_AT.processes, actor('op.oscar'));
    expect(process.state.findings[0]!.recordedBy).toBe('op.oscar');
  });

  it('lets any programme manager reassign any task, the go/no-go included', () => {
    const process = start();
    process.reassignTask({ taskId: 'people-4', actor: PM, assignee: 'op.otto', reason: 'balance the load' }, '2026-03-03T09:00:00.000Z');
    expect(process.task('people-4').assignee).toBe('op.otto');
    explore(process);
    process.reassignTask({ taskId: 'go-no-go-5', actor: actor('pm.pieter'), assignee: 'mm.mia', reason: 'Mark is ill.' }, '2026-03-14T09:00:00.000Z');
    expect(process.visibility().openTaskAssignees).toEqual(['mm.mia']);
  });

  it('refuses anyone but the owner or a programme manager', () => {
    const process = start();
    for (const by of [MIA, OTTO, DANA, OLGA]) {
      expect(refused(process, () => process.reassignTask({ taskId: 'processes-1', actor: by, assignee: 'op.olga', reason: 'x' }, '2026-03-03T09:00:00.000Z'), 'forbidden')).toBe(
        "only the task's owner (mm.mark) or a programme manager can reassign task processes-1",
      );
    }
  });

  it('refuses to reassign a task to the person who already has it', () => {
    const process = start();
    expect(refused(process, () => process.reassignTask({ taskId: 'processes-1', actor: MARK, assignee: 'op.otto', reason: 'x' }, '2026-03-03T09:00:00.000Z'), 'invalid-input')).toBe(
      'assignee: task processes-1 is already assigned to op.otto',
    );
  });

  it('refuses a task that is no longer open, or unknown', () => {
    const process = start();
    complete(process, process.task('processes-1'), findingFor('processes', 'feasible'), FINDING_AT.processes);
    refused(process, () => process.reassignTask({ taskId: 'processes-1', actor: MARK, assignee: 'op.olga', reason: 'x' }, FINDING_AT.organisation), 'conflict');
    refused(process, () => process.reassignTask({ taskId: 'processes-42', actor: MARK, assignee: 'op.olga', reason: 'x' }, FINDING_AT.organisation), 'not-found');
  });
});

describe('task timers', () => {
  it('reminds the assignee at 80 % and escalates an overdue operational task to its owner, then to the directors', () => {
    const process = start();
    expect(process.nextTimerAt()).toBe('2026-03-26T09:00:00.000Z');

    process.fireTimers('2026-03-26T08:59:59.999Z');
    expect(besidesDelegation(process.takeEffects())).toEqual([]);
    process.fireTimers('2026-03-26T09:00:00.000Z');
    expect(eventsOf(process, 'TaskReminded').map((data) => [data.taskId, data.assignee])).toEqual([
      ['processes-1', 'op.otto'],
      ['organisation-2', 'op.olga'],
      ['systems-3', 'op.otto'],
      ['people-4', 'op.olga'],
    ]);
    process.takeEffects();
    expect(process.nextTimerAt()).toBe(DEADLINE);

    process.fireTimers(DEADLINE);
    expect(eventsOf(process, 'TaskEscalated')[0]).toEqual({ taskId: 'processes-1', level: 'tactical', notified: ['mm.mark'], dueAt: DEADLINE });
    expect(process.task('processes-1').level).toBe('tactical');
    process.takeEffects();

    process.fireTimers('2026-05-01T09:00:00.000Z');
    expect(eventsOf(process, 'TaskEscalated')[4]).toEqual({ taskId: 'processes-1', level: 'strategic', notified: ['dir.dana', 'dir.diego'], dueAt: DEADLINE });
    expect(process.nextTimerAt()).toBeNull();
  });

  it('escalates an overdue tactical task to the strategic level, whose people are the sponsoring directors', () => {
    // Without operational staff the lead both carries and owns the exploration task.
    const process = start({ operationalStaff: [] });
    process.fireTimers(DEADLINE);
    const escalation = eventsOf(process, 'TaskEscalated').find((data) => data.taskId === 'processes-1');
    expect(escalation?.level).toBe('strategic');
    expect(escalation?.notified).toEqual(expect.arrayContaining(['dir.dana', 'dir.diego']));
    expect(escalation?.notified).not.toContain('mm.mark');
  });
});

describe('restoring a deal from its snapshot', () => {
  /** The rest of a deal after exploration has begun, with a reassignment and a rejected first draft. */
  function continueDeal(process: DealProcess): DealEffect[] {
    const effects: DealEffect[] = [];
    process.reassignTask({ taskId: 'people-4', actor: MIA, assignee: 'op.otto', reason: 'Olga moved teams.' }, '2026-03-09T09:00:00.000Z');
    for (const element of ELEMENTS.slice(1)) {
      complete(process, openTaskOf(process, element), findingFor(element, element === 'systems' ? 'conditional' : 'feasible'), FINDING_AT[element]);
    }
    decide(process, 'go');
    effects.push(...process.takeEffects());
    reject(reachRatificationFromContract(process), DANA, 'Too generous.', '2026-03-23T10:00:00.000Z');
    complete(process, openTaskOf(process, 'contract'), { ...ENTERPRISE_TERMS, discountPct: 3 }, '2026-03-25T10:00:00.000Z', MARK);
    ratify(process, DANA, '2026-03-26T10:00:00.000Z');
    ratify(process, DIEGO, '2026-03-26T11:00:00.000Z');
    process.fireTimers('2026-06-26T11:00:00.000Z');
    effects.push(...process.takeEffects());
    return effects;
  }

  function reachRatificationFromContract(process: DealProcess): DealProcess {
    complete(process, openTaskOf(process, 'contract'), ENTERPRISE_TERMS, DRAFTED_AT, MARK);
    return process;
  }

  it('continues identically after a JSON round trip, as continue-as-new carries it', () => {
    const original = start();
    complete(original, openTaskOf(original, 'processes'), findingFor('processes', 'feasible'), FINDING_AT.processes);
    const carried: DealSnapshot = json(original.snapshot());
    const restored = DealProcess.restore(carried);
    expect(restored.snapshot()).toEqual(original.snapshot());
    expect(restored.visibility()).toEqual(original.visibility());

    const originalEffects = continueDeal(original);
    const restoredEffects = continueDeal(restored);

    expect(restored.state.stage).toBe('live');
    expect(restored.snapshot()).toEqual(original.snapshot());
    expect(restoredEffects).toEqual(originalEffects);
    expect(restored.visibility()).toEqual(original.visibility());
    expect(openTaskOf(restored, 'review').id).toBe(openTaskOf(original, 'review').id);
  });

  it('carries the same snapshot after years of quarterly reviews: only the latest review done stays, to be discussed', () => {
    const process = reachLive(start());
    let quarter = Date.parse('2026-06-24T10:00:00.000Z');
    const doReview = () => {
      const at = new Date((quarter += 92 * 86_400_000)).toISOString();
      process.fireTimers(at);
      const review = openTaskOf(process, 'review');
      complete(process, review, { summary: 'Stable quarter.' }, at, actor(review.assignee));
      process.takeChanges();
      process.forgetPastReviews();
      process.takeEffects();
      return review.id;
    };
    const reviewIds = [doReview(), doReview()];
    const carried = JSON.stringify(process.handOver()).length;
    for (let year = 0; year < 5; year += 1) for (let each = 0; each < 4; each += 1) reviewIds.push(doReview());
    // Review IDs grow by a digit or two; everything else stays.
    expect(JSON.stringify(process.handOver()).length).toBeLessThan(carried + 10);
    const [older, latest] = reviewIds.slice(-2);
    const comment = (taskId: string) => process.commentOnTask({ taskId, actor: MARK, text: 'Looking back at this one.' }, '2031-09-01T10:00:00.000Z');
    expect(comment(latest!).comments).toHaveLength(1);
    expect(refused(process, () => comment(older!), 'conflict')).toMatch(/is a past review, closed and kept in the deal's record only/);
    refused(process, () => comment('review-999'), 'not-found');
  });

  it('keeps counting task IDs where the snapshot left off', () => {
    const original = start();
    explore(original);
    const restored = DealProcess.restore(json(original.snapshot()));
    decide(restored, 'go');
    expect(openTaskOf(restored, 'contract').id).toBe('contract-6');
  });

  it('does not share state with the process it was taken from', () => {
    const original = start();
    const restored = DealProcess.restore(json(original.snapshot()));
    complete(original, openTaskOf(original, 'processes'), findingFor('processes', 'feasible'), FINDING_AT.processes);
    expect(restored.task('processes-1').status).toBe('open');
    expect(restored.version).toBe(6);
    expect(original.version).toBeGreaterThan(6);
  });
});

describe('handing effects to the workflow', () => {
  it('hands over the oldest effects first, as many as asked, and takes back the undone ones ahead of newer ones', () => {
    const process = start();
    process.reportIncident({ actor: OTTO, incident: { severity: 'major', title: 'Pilot scanners offline', description: 'No scans since 08:00.' } }, '2026-03-05T09:00:00.000Z');
    const all = process.snapshot().pendingEffects;
    expect(all.map((effect) => effect.type)).toEqual(['delegate-tasks', 'send-externally', 'start-incident-timers']);
    expect(process.pendingEffectCount).toBe(all.length);

    const [first, ...rest] = all;
    expect(process.takeEffects(1)).toEqual([first]);
    expect(process.pendingEffectCount).toBe(rest.length);
    process.returnEffects([first!]);
    expect(process.takeEffects()).toEqual(all);
    expect(process.pendingEffectCount).toBe(0);
    expect(process.hasEffects).toBe(false);
  });
});
