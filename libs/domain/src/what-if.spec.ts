import { DomainError } from './errors';
import { incidentClimbs, timeIncidentLadder } from './escalation';
import type { Incident } from './incidents';
import { DEFAULT_LADDERS, DEFAULT_POLICY } from './policy';
import type { Task } from './tasks';
import { validateEscalationProposal, whatIf, type DealEscalationRecord } from './what-if';

const REPORTED = '2026-03-02T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(REPORTED) + hours * 3_600_000).toISOString();
const NOW = at(24 * 30);

const incident = (overrides: Partial<Incident> = {}): Incident => ({
  id: 'incident-1',
  severity: 'critical',
  title: 'Cold store alarm',
  description: 'Dock 2 is warming up.',
  status: 'resolved',
  level: 'operational',
  reportedAt: REPORTED,
  reportedBy: 'op.cas',
  respondBy: at(1),
  resolveBy: at(8),
  ...overrides,
});

const deal = (overrides: Partial<DealEscalationRecord> = {}): DealEscalationRecord => ({
  dealId: 'deal-1',
  title: 'Warehouse logistics',
  stage: 'exploration',
  people: {
    programmeManager: 'pm.paula',
    directors: ['dir.dana'],
    tacticalLeads: ['mm.mark'],
    operationalStaff: ['op.otto'],
    customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
  },
  policy: DEFAULT_POLICY,
  contractServiceLevels: null,
  liveSince: null,
  closedAt: null,
  incidents: [],
  tasks: [],
  ...overrides,
});

describe('the climbs of an incident’s clocks on the default ladder', () => {
  const deadlines = timeIncidentLadder(DEFAULT_LADDERS.incidents, REPORTED, { respondWithin: 'PT1H', resolveWithin: 'PT8H' });

  it.each([
    ['acknowledged and resolved in time', { acknowledgedAt: at(0.5), endedAt: at(4) }, []],
    ['not acknowledged, resolved late', { endedAt: at(10) }, [['tactical', 'not-acknowledged', at(1)]]],
    ['acknowledged in time, resolved late', { acknowledgedAt: at(0.5), endedAt: at(10) }, [['tactical', 'not-resolved', at(8)]]],
    ['never acknowledged nor resolved', { endedAt: null }, [['tactical', 'not-acknowledged', at(1)], ['strategic', 'not-resolved', at(16)]]],
    ['resolved before anyone acknowledged', { endedAt: at(0.5) }, []],
  ])('%s', (_case, course, expected) => {
    expect(incidentClimbs(deadlines, course, NOW).map((climb) => [climb.level, climb.reason, climb.at])).toEqual(expected);
  });

  it('counts only the climbs due by now', () => {
    expect(incidentClimbs(deadlines, { endedAt: null }, at(2)).map((climb) => climb.level)).toEqual(['tactical']);
  });
});

describe('what-if for escalation policies', () => {
  const slow = incident({ resolvedAt: at(10), acknowledgedAt: at(2) });
  const actualClimb = { level: 'tactical' as const, at: at(1), notified: ['mm.mark', 'mm.carla'] };

  it('replays under the deal’s own policy to what actually happened', () => {
    const report = whatIf([deal({ incidents: [{ incident: slow, climbs: [actualClimb] }] })], { policy: {} }, NOW);
    expect(report.deals[0]!.items).toEqual([{ subject: 'incident', id: 'incident-1', what: 'Cold store alarm', actual: [actualClimb], proposed: [actualClimb], changed: false }]);
    expect([report.changed, report.actual, report.proposed]).toEqual([0, { tactical: 1, strategic: 0 }, { tactical: 1, strategic: 0 }]);
  });

  it('shows what looser service levels and a supplier-only ladder would have done', () => {
    const proposal = validateEscalationProposal({ policy: { incidentServiceLevels: { critical: { respondWithin: 'PT4H', resolveWithin: 'PT12H' } }, incidentEscalation: { tactical: ['supplier'] } } });
    const report = whatIf([deal({ incidents: [{ incident: slow, climbs: [actualClimb] }] })], proposal, NOW);
    expect(report.deals[0]!.items[0]).toMatchObject({ proposed: [], changed: true });
    const never = incident({ status: 'reported', resolvedAt: undefined });
    const open = whatIf([deal({ incidents: [{ incident: never, climbs: [] }] })], proposal, NOW).deals[0]!.items[0]!;
    expect(open.proposed).toEqual([
      { level: 'tactical', at: at(4), notified: ['mm.mark'] },
      { level: 'strategic', at: at(24), notified: ['dir.dana', 'dir.diego'] },
    ]);
  });

  it('keeps a live relationship’s incidents on the contract’s service levels', () => {
    const contract = { ...DEFAULT_POLICY.incidentServiceLevels, critical: { respondWithin: 'PT1H', resolveWithin: 'PT8H' } };
    const proposal = validateEscalationProposal({ policy: { incidentServiceLevels: { critical: { respondWithin: 'PT4H' } } } });
    const live = deal({ stage: 'live', contractServiceLevels: contract, liveSince: at(-1), incidents: [{ incident: slow, climbs: [actualClimb] }] });
    expect(whatIf([live], proposal, NOW).changed).toBe(0);
  });

  it('retimes tasks under a proposed due time: the owner, then the directors', () => {
    const task: Task = {
      id: 'go-no-go-5',
      kind: 'go-no-go',
      assignee: 'mm.mark',
      owner: 'dir.dana',
      openedAt: REPORTED,
      dueAt: at(24 * 5),
      status: 'done',
      level: 'tactical',
      ladder: { remindAt: at(96), reminded: true, steps: [] },
      completedAt: at(24 * 3),
    };
    const proposal = validateEscalationProposal({ policy: { taskDue: { 'go-no-go': 'P2D' } } });
    const [item] = whatIf([deal({ tasks: [{ task, openedLevel: 'tactical', endedAt: task.completedAt!, escalations: [] }] })], proposal, NOW).deals[0]!.items;
    expect(item).toEqual({ subject: 'task', id: 'go-no-go-5', what: 'go-no-go', actual: [], proposed: [{ level: 'strategic', at: at(48), notified: ['dir.dana'] }], changed: true });
  });

  it.each([
    [{ policy: { reviewEvery: 'P1M' } }, 'policy.reviewEvery is not part of an escalation policy (taskDue, incidentServiceLevels, ladders, incidentEscalation)'],
    [{ policy: { incidentEscalation: { tactical: ['nobody'] } } }, 'policy.incidentEscalation.tactical must name one or both sides: supplier, customer'],
    [{ policy: { incidentServiceLevels: { critical: { respondWithin: 'soon' } } } }, 'policy.incidentServiceLevels.critical.respondWithin'],
    [{ policy: [] }, 'policy must be an object'],
    [{ calendar: { timeZone: 'Mars/Olympus' } }, 'calendar'],
  ])('refuses %j, naming the field', (input, message) => {
    expect(() => validateEscalationProposal(input)).toThrow(DomainError);
    expect(() => validateEscalationProposal(input)).toThrow(message);
  });
});
