import type { Incident } from './incidents';
import { levelStays, relationshipHealth, type IncidentCourse } from './relationship-health';

const UNTIL = '2026-03-29T00:00:00.000Z';
const WINDOW = { until: UNTIL, periodDays: 7, periods: 4 };

/** An incident reported `day` days after the window starts (1 March), with a 1 h response and 8 h resolution time. */
function course(day: number, extra: Partial<Incident> = {}, climbs: IncidentCourse['climbs'] = [], closedAt: string | null = null): IncidentCourse {
  const reportedAt = at(day);
  return {
    incident: {
      id: `incident-${day}`,
      severity: 'major',
      title: 'Scanner link down',
      description: 'Dock 3 cannot scan.',
      status: extra.resolvedAt ? 'resolved' : extra.acknowledgedAt ? 'acknowledged' : 'reported',
      level: climbs.at(-1)?.level ?? 'operational',
      reportedAt,
      reportedBy: 'op.otto',
      respondBy: at(day, 60),
      resolveBy: at(day, 8 * 60),
      ...extra,
    },
    climbs,
    closedAt,
  };
}

function at(day: number, minutes = 0): string {
  return new Date(Date.parse('2026-03-01T00:00:00.000Z') + day * 86_400_000 + minutes * 60_000).toISOString();
}

describe('relationship health', () => {
  const handledInTime = course(1, { acknowledgedAt: at(1, 30), resolvedAt: at(1, 120) });
  const lateAndEscalated = course(8, { acknowledgedAt: at(8, 90), resolvedAt: at(8, 600) }, [{ level: 'tactical', at: at(8, 60) }]);
  const stillOpenAtStrategic = course(
    20,
    {},
    [
      { level: 'tactical', at: at(20, 60) },
      { level: 'strategic', at: at(20, 180) },
    ],
  );
  const closedWithItsDeal = course(26, { acknowledgedAt: at(26, 10) }, [], at(26, 40));
  const beforeTheWindow = course(-3, { acknowledgedAt: at(-3, 5), resolvedAt: at(-3, 10) });
  const health = relationshipHealth([handledInTime, lateAndEscalated, stillOpenAtStrategic, closedWithItsDeal, beforeTheWindow], WINDOW);

  it('counts the window’s incidents against their service levels, and leaves out those reported before it', () => {
    expect(health.from).toBe('2026-03-01T00:00:00.000Z');
    expect(health.overall).toEqual({
      opened: 4,
      acknowledged: 3,
      acknowledgedInTime: 2,
      resolved: 2,
      resolvedInTime: 1,
      stillOpen: 1,
      medianMinutesToAcknowledge: 30,
      medianMinutesToResolve: 360,
      reachedTactical: 2,
      reachedStrategic: 1,
    });
  });

  it('gives the trend per period, oldest first, each period counting the incidents reported in it', () => {
    expect(health.trend.map(({ from, until, opened, reachedTactical, stillOpen }) => ({ from, until, opened, reachedTactical, stillOpen }))).toEqual([
      { from: at(0), until: at(7), opened: 1, reachedTactical: 0, stillOpen: 0 },
      { from: at(7), until: at(14), opened: 1, reachedTactical: 1, stillOpen: 0 },
      { from: at(14), until: at(21), opened: 1, reachedTactical: 1, stillOpen: 1 },
      { from: at(21), until: at(28), opened: 1, reachedTactical: 0, stillOpen: 0 },
    ]);
  });

  it('measures how long problems stayed at each level until they climbed, were resolved, closed or the window ended', () => {
    // Operational: 120 (resolved), 60 (climbed), 60 (climbed), 40 (closed with the deal).
    // Tactical: 540 (60 → resolved at 600), 120 (60 → strategic at 180). Strategic: open until the window ends.
    const strategicMinutes = (Date.parse(UNTIL) - Date.parse(at(20, 180))) / 60_000;
    expect(health.levels).toEqual([
      { level: 'operational', incidents: 4, medianMinutes: 60, totalMinutes: 280 },
      { level: 'tactical', incidents: 2, medianMinutes: 330, totalMinutes: 660 },
      { level: 'strategic', incidents: 1, medianMinutes: strategicMinutes, totalMinutes: strategicMinutes },
    ]);
  });

  it('reads the figures as of the window’s end: what happened later does not count yet', () => {
    const later = relationshipHealth([lateAndEscalated], { until: at(8, 75), periodDays: 1, periods: 1 });
    expect(later.overall).toMatchObject({ opened: 1, acknowledged: 0, resolved: 0, stillOpen: 1, reachedTactical: 1 });
    expect(later.levels.map((stay) => stay.totalMinutes)).toEqual([60, 15, 0]);
  });

  it('has no medians and empty periods when nothing was reported', () => {
    const quiet = relationshipHealth([], WINDOW);
    expect(quiet.overall).toMatchObject({ opened: 0, medianMinutesToAcknowledge: null, medianMinutesToResolve: null });
    expect(quiet.trend).toHaveLength(4);
    expect(levelStays([], Date.parse(UNTIL)).every((stay) => stay.incidents === 0 && stay.medianMinutes === null)).toBe(true);
  });
});
