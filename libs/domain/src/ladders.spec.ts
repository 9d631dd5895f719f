import { sampleStartCommand } from './deal.fixtures';
import { DealProcess } from './deal-process';
import { toldAtStep } from './deal-tasks';
import { DomainError } from './errors';
import { incidentClimbs, taskLadder, timeIncidentLadder } from './escalation';
import { DEFAULT_POLICY, resolvePolicy, type IncidentLadderStep } from './policy';

const START = '2026-03-02T09:00:00.000Z';
const hoursAfter = (from: string, hours: number) => new Date(Date.parse(from) + hours * 3_600_000).toISOString();

const people = {
  programmeManager: 'pm.paula',
  directors: ['dir.dana'],
  tacticalLeads: ['mm.mark'],
  operationalStaff: ['op.otto'],
  customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
};

function refusal(override: unknown): string {
  try {
    resolvePolicy(DEFAULT_POLICY, override);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as Error).message;
  }
  throw new Error(`the override ${JSON.stringify(override)} was accepted`);
}

describe('declarative ladders in a deal’s policy', () => {
  it('replaces a whole ladder it is given and keeps the other', () => {
    const incidents: IncidentLadderStep[] = [{ level: 'strategic', sides: ['customer', 'supplier'], after: { clock: 'respondWithin', times: 2 } }];
    const policy = resolvePolicy(DEFAULT_POLICY, { ladders: { incidents } });
    expect(policy.ladders).toEqual({ tasks: DEFAULT_POLICY.ladders!.tasks, incidents: [{ ...incidents[0], sides: ['supplier', 'customer'] }] });
  });

  it('reads the shorthand incidentEscalation as the sides of the incident steps to that level', () => {
    const policy = resolvePolicy(DEFAULT_POLICY, {
      ladders: { incidents: [{ level: 'tactical', sides: ['supplier', 'customer'], after: { clock: 'resolveWithin', times: 1 } }] },
      incidentEscalation: { tactical: ['customer'] },
    });
    expect(policy.ladders!.incidents).toEqual([{ level: 'tactical', sides: ['customer'], after: { clock: 'resolveWithin', times: 1 } }]);
    expect(policy.incidentEscalation).toBeUndefined();
  });

  it.each([
    [{ ladders: [] }, 'policy.ladders must be an object'],
    [{ ladders: { people: [] } }, 'policy.ladders.people is not a policy field'],
    [{ ladders: { tasks: [] } }, 'policy.ladders.tasks must be a list of 1 to 6 steps'],
    [{ ladders: { tasks: [{ level: 'operational', after: 1 }] } }, 'policy.ladders.tasks[0].level must be one of tactical, strategic'],
    [{ ladders: { tasks: [{ level: 'tactical', after: 0.5 }] } }, 'policy.ladders.tasks[0].after must be a number from 1 to 100'],
    [{ ladders: { tasks: [{ level: 'tactical', after: 2 }, { level: 'strategic', after: 2 }] } }, 'policy.ladders.tasks[1].after must be later than the step before'],
    [{ ladders: { tasks: [{ level: 'tactical', sides: [], after: 1 }] } }, 'policy.ladders.tasks[0].sides must name one or both sides: supplier, customer'],
    [{ ladders: { incidents: [{ level: 'tactical', after: { clock: 'respondWithin', times: 1 } }] } }, 'policy.ladders.incidents[0].sides must name one or both sides'],
    [{ ladders: { incidents: [{ level: 'tactical', sides: ['supplier'], after: { clock: 'soon', times: 1 } }] } }, 'policy.ladders.incidents[0].after.clock must be one of respondWithin, resolveWithin'],
    [{ ladders: { incidents: [{ level: 'tactical', sides: ['supplier'], after: 'PT4H' }] } }, 'policy.ladders.incidents[0].after must be an object'],
    [{ ladders: { incidents: [{ level: 'tactical', sides: ['supplier'], after: { clock: 'resolveWithin', times: '2' } }] } }, 'policy.ladders.incidents[0].after.times must be a number from 1 to 100'],
  ])('refuses %j, naming the field', (override, message) => {
    expect(refusal(override)).toContain(message);
  });
});

describe('a task’s declarative ladder', () => {
  const DUE = hoursAfter(START, 10);

  it('puts each step at its multiple of the time the task was given, and a tactical step one level above the task', () => {
    const ladder = taskLadder(START, DUE, 0.8, 'tactical', [{ level: 'tactical', after: 1 }, { level: 'strategic', sides: ['customer'], after: 1.5 }]);
    expect(ladder.remindAt).toBe(hoursAfter(START, 8));
    expect(ladder.steps).toEqual([
      { at: DUE, level: 'strategic', notify: 'owner', reached: false },
      { at: hoursAfter(START, 15), level: 'strategic', notify: 'directors', sides: ['customer'], reached: false },
    ]);
  });

  type Step = Parameters<typeof toldAtStep>[0];
  it.each<[string, Step, 'processes' | 'countersign', string[]]>([
    ['the own side alone when the step names no side', { notify: 'owner', level: 'tactical' }, 'processes', ['mm.mark']],
    ['the owner and the other side’s tactical counterparts', { notify: 'owner', level: 'tactical', sides: ['supplier', 'customer'] }, 'processes', ['mm.mark', 'mm.carla']],
    ['both sides’ directors at the strategic step', { notify: 'directors', level: 'strategic', sides: ['supplier', 'customer'] }, 'processes', ['dir.dana', 'dir.diego']],
    ['a co-signature’s supplier counterparts, not its customer owner, when only the supplier is named', { notify: 'owner', level: 'tactical', sides: ['supplier'] }, 'countersign', ['mm.mark']],
    ['a co-signature’s own directors: the customer’s', { notify: 'directors', level: 'strategic' }, 'countersign', ['dir.diego']],
  ])('tells %s', (_case, step, kind, told) => {
    expect(toldAtStep(step, { kind, owner: kind === 'countersign' ? 'mm.carla' : 'mm.mark' }, people)).toEqual(told);
  });

  it('escalates a two-sided deal’s overdue exploration to both organisations when its policy says so', () => {
    const policy = resolvePolicy(DEFAULT_POLICY, { ladders: { tasks: [{ level: 'tactical', sides: ['supplier', 'customer'], after: 1 }] } });
    const process = DealProcess.start(sampleStartCommand({ ...people, policy }), START);
    const task = process.state.tasks.find((candidate) => candidate.kind === 'processes')!;
    process.fireTimers(task.dueAt);
    const climbs = process.unrecordedEvents.filter((event) => event.type === 'TaskEscalated' && event.data.taskId === task.id).map((event) => event.data);
    expect(climbs).toEqual([{ taskId: task.id, level: 'tactical', notified: ['mm.mark', 'mm.carla'], dueAt: task.dueAt }]);
  });
});

describe('an incident’s declarative ladder', () => {
  const serviceLevel = { respondWithin: 'PT1H', resolveWithin: 'PT8H' };
  const straightUp: IncidentLadderStep[] = [
    { level: 'strategic', sides: ['supplier', 'customer'], after: { clock: 'respondWithin', times: 2 } },
    { level: 'tactical', sides: ['supplier'], after: { clock: 'respondWithin', times: 1 } },
  ];

  it('times the steps soonest first and climbs only above the level reached', () => {
    const timed = timeIncidentLadder(straightUp, START, serviceLevel);
    expect(timed.map((step) => [step.level, step.at])).toEqual([
      ['tactical', hoursAfter(START, 1)],
      ['strategic', hoursAfter(START, 2)],
    ]);
    expect(incidentClimbs(timed, { endedAt: null }, hoursAfter(START, 3)).map((climb) => [climb.level, climb.reason, climb.at])).toEqual([
      ['tactical', 'not-acknowledged', hoursAfter(START, 1)],
      ['strategic', 'not-acknowledged', hoursAfter(START, 2)],
    ]);
  });

  it('stops a respond-clock step at acknowledgement and a resolve-clock step only at resolution', () => {
    const ladder: IncidentLadderStep[] = [...straightUp, { level: 'strategic', sides: ['customer'], after: { clock: 'resolveWithin', times: 1 } }];
    const timed = timeIncidentLadder(ladder, START, serviceLevel);
    const climbs = incidentClimbs(timed, { acknowledgedAt: hoursAfter(START, 0.5), endedAt: null }, hoursAfter(START, 24));
    expect(climbs.map((climb) => [climb.level, climb.reason, climb.step.sides])).toEqual([['strategic', 'not-resolved', ['customer']]]);
  });

  it('hands each step with the people it tells to the incident’s workflow', () => {
    const policy = resolvePolicy(DEFAULT_POLICY, { ladders: { incidents: straightUp } });
    const process = DealProcess.start(sampleStartCommand({ ...people, policy }), START);
    process.reportIncident({ actor: { userId: 'op.cas', roles: ['operational'] }, incident: { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2.' } }, START);
    const effect = process.snapshot().pendingEffects.find((pending) => pending.type === 'start-incident-timers');
    expect(effect?.type === 'start-incident-timers' && effect.input.ladder).toEqual([
      { level: 'strategic', after: { clock: 'respondWithin', times: 2 }, notified: ['dir.dana', 'dir.diego'] },
      { level: 'tactical', after: { clock: 'respondWithin', times: 1 }, notified: ['mm.mark'] },
    ]);
  });
});
