import { composeDigest, digestIsEmpty, digestPeriod, digestRecipients, healthFall, DIGEST_LIST_LIMIT, type DigestSources } from './digest';
import type { Incident } from './incidents';
import type { HealthFigures, IncidentCourse } from './relationship-health';
import type { EscalationSignal, GoNoGoSignal } from './signals';

const UNTIL = '2026-03-16T07:00:00.000Z';

function at(daysBeforeUntil: number, minutes = 0): string {
  return new Date(Date.parse(UNTIL) - daysBeforeUntil * 86_400_000 + minutes * 60_000).toISOString();
}

function figures(extra: Partial<HealthFigures> = {}): HealthFigures {
  return {
    opened: 0,
    acknowledged: 0,
    acknowledgedInTime: 0,
    resolved: 0,
    resolvedInTime: 0,
    stillOpen: 0,
    medianMinutesToAcknowledge: null,
    medianMinutesToResolve: null,
    reachedTactical: 0,
    reachedStrategic: 0,
    ...extra,
  };
}

function course(dealId: string, daysBeforeUntil: number, extra: Partial<Incident> = {}, climbs: IncidentCourse['climbs'] = []) {
  const reportedAt = at(daysBeforeUntil);
  return {
    dealId,
    dealTitle: `Deal ${dealId}`,
    dealStage: 'live' as const,
    closedAt: null,
    climbs,
    incident: {
      id: `incident-${daysBeforeUntil}`,
      severity: 'critical' as const,
      title: 'Order intake down',
      description: 'No orders arrive.',
      status: extra.resolvedAt ? ('resolved' as const) : ('reported' as const),
      level: climbs.at(-1)?.level ?? ('operational' as const),
      reportedAt,
      reportedBy: 'op.otto',
      respondBy: at(daysBeforeUntil, -30),
      resolveBy: at(daysBeforeUntil, -240),
      ...extra,
    },
  };
}

const goNoGo: GoNoGoSignal = {
  type: 'go-no-go',
  dealId: 'acme',
  dealTitle: 'Acme logistics',
  at: at(2),
  decision: 'go',
  decidedBy: 'pm.paula',
  substantiation: 'All feasible.',
  recommendation: { decision: 'go', because: [], conditions: [] },
  findings: [],
  openIncidents: [],
};

const strategic: EscalationSignal = {
  type: 'escalation',
  subject: 'incident',
  level: 'strategic',
  dealId: 'beta',
  dealTitle: 'Beta care',
  at: at(1),
  incidentId: 'incident-1',
  severity: 'critical',
  title: 'Order intake down',
  reason: 'not-resolved',
};

function sources(extra: Partial<DigestSources> = {}): DigestSources {
  return { recipient: 'dir.dana', until: UNTIL, openTasks: [], signals: [], courses: [], ...extra };
}

describe('directors’ digest', () => {
  it('covers the seven days before it is made', () => {
    expect(digestPeriod(UNTIL)).toEqual({ from: '2026-03-09T07:00:00.000Z', until: UNTIL });
  });

  it('lists the director’s open tasks soonest first, marking those already overdue', () => {
    const digest = composeDigest(
      sources({
        openTasks: [
          { taskId: 'task-7', kind: 'ratification', dealId: 'acme', dealTitle: 'Acme logistics', dueAt: at(-3) },
          { taskId: 'task-2', kind: 'go-no-go', dealId: 'beta', dealTitle: 'Beta care', dueAt: at(1) },
        ],
      }),
    );
    expect(digest.waiting.items.map((task) => [task.taskId, task.overdue])).toEqual([
      ['task-2', true],
      ['task-7', false],
    ]);
    expect(digest.waiting.total).toBe(2);
  });

  it('reports the go/no-go decisions and strategic escalations of the period only', () => {
    const tactical: EscalationSignal = { ...strategic, level: 'tactical', at: at(1, 10) };
    const lastWeek: GoNoGoSignal = { ...goNoGo, dealId: 'old', at: at(8) };
    const digest = composeDigest(sources({ signals: [strategic, tactical, goNoGo, lastWeek] }));
    expect(digest.goNoGoReports.items).toEqual([{ dealId: 'acme', dealTitle: 'Acme logistics', decision: 'go', recommended: 'go', decidedBy: 'pm.paula', at: at(2) }]);
    expect(digest.strategicEscalations.items).toEqual([{ dealId: 'beta', dealTitle: 'Beta care', subject: 'incident', id: 'incident-1', title: 'Order intake down', at: at(1) }]);
  });

  it('names the relationships whose figures got worse than the period before, and why', () => {
    const digest = composeDigest(
      sources({
        courses: [
          // beta: last week one incident handled in time, this week one that climbed to strategic.
          course('beta', 10, { acknowledgedAt: at(10, -10), resolvedAt: at(10, -60) }),
          course('beta', 2, {}, [
            { level: 'tactical', at: at(2, -30) },
            { level: 'strategic', at: at(2, -120) },
          ]),
          // gamma: the same good week twice.
          course('gamma', 9, { acknowledgedAt: at(9, -10), resolvedAt: at(9, -60) }),
          course('gamma', 3, { acknowledgedAt: at(3, -10), resolvedAt: at(3, -60) }),
        ],
      }),
    );
    expect(digest.healthFell.items.map((fall) => fall.dealId)).toEqual(['beta']);
    const [beta] = digest.healthFell.items;
    expect(beta!.previous.reachedStrategic).toBe(0);
    expect(beta!.current).toMatchObject({ opened: 1, reachedTactical: 1, reachedStrategic: 1, stillOpen: 1 });
    expect(beta!.reasons).toEqual([
      '1 incident(s) reached the strategic level, against 0 the period before',
      '1 incident(s) reached the tactical level, against 0 the period before',
    ]);
  });

  it('counts a late acknowledgement or resolution as a fall only against handled incidents', () => {
    expect(healthFall(figures({ acknowledged: 2, acknowledgedInTime: 2 }), figures({ acknowledged: 2, acknowledgedInTime: 1 }))).toEqual(['acknowledged in time fell from 100% to 50%']);
    expect(healthFall(figures({ resolved: 4, resolvedInTime: 3 }), figures({ resolved: 1, resolvedInTime: 0 }))).toEqual(['resolved in time fell from 75% to 0%']);
    // Reported a minute ago and not yet acknowledged: nothing handled, nothing fell.
    expect(healthFall(figures({ acknowledged: 1, acknowledgedInTime: 1 }), figures({ opened: 1 }))).toEqual([]);
  });

  it('keeps the first entries of a long list and counts them all', () => {
    const openTasks = Array.from({ length: DIGEST_LIST_LIMIT + 5 }, (_unused, index) => ({
      taskId: `task-${index + 1}`,
      kind: 'ratification' as const,
      dealId: `deal-${index}`,
      dealTitle: `Deal ${index}`,
      dueAt: at(-1, index),
    }));
    const digest = composeDigest(sources({ openTasks, openTaskTotal: 140 }));
    expect(digest.waiting.items).toHaveLength(DIGEST_LIST_LIMIT);
    expect(digest.waiting.total).toBe(140);
  });

  it('is empty when nothing waits, was decided, climbed or fell', () => {
    expect(digestIsEmpty(composeDigest(sources()))).toBe(true);
    expect(digestIsEmpty(composeDigest(sources({ signals: [goNoGo] })))).toBe(false);
  });

  it('goes to the directors of both sides, each once', () => {
    expect(
      digestRecipients([
        { directors: ['dir.dana'], customerSide: { directors: ['cust.dir.carla'] } },
        { directors: ['dir.dana', 'dir.dirk'] },
      ]),
    ).toEqual(['cust.dir.carla', 'dir.dana', 'dir.dirk']);
  });
});
