import { peopleOnDeal, relationshipMap } from './deal';
import { sampleStartCommand } from './deal.fixtures';
import { DealProcess } from './deal-process';
import { dealParticipants } from './deal-state';
import { DEFAULT_POLICY, resolvePolicy } from './policy';

describe('the relationship map', () => {
  const command = sampleStartCommand({
    directors: ['dir.dana'],
    tacticalLeads: ['mm.mark'],
    operationalStaff: ['op.otto'],
    customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
    advisors: ['adv.ada'],
  });

  it('names per level, strategic first, the customer’s and the supplier’s people, and the advisors', () => {
    expect(relationshipMap(command)).toEqual({
      levels: [
        { level: 'strategic', customer: ['dir.diego'], supplier: ['dir.dana'] },
        { level: 'tactical', customer: ['mm.carla'], supplier: ['mm.mark'] },
        { level: 'operational', customer: ['op.cas'], supplier: ['op.otto'] },
      ],
      advisors: ['adv.ada'],
    });
  });

  it('counts a deal started without a customer side as all supplier', () => {
    const flat = sampleStartCommand();
    expect(relationshipMap(flat).levels.map((row) => row.customer)).toEqual([[], [], []]);
    expect(peopleOnDeal(flat)).toEqual(['pm.paula', 'dir.dana', 'mm.mark', 'op.otto']);
  });

  it('lets both sides and the advisors read the deal; the supplier’s side still does the work', () => {
    const process = DealProcess.start(command, '2026-03-02T09:00:00.000Z');
    expect(dealParticipants(process.state)).toEqual(['pm.paula', 'dir.dana', 'mm.mark', 'op.otto', 'dir.diego', 'mm.carla', 'op.cas', 'adv.ada']);
    expect(new Set(process.state.tasks.map((task) => task.assignee))).toEqual(new Set(['op.otto']));
  });
});

describe('the incident ladder across both organisations', () => {
  const bothSides = sampleStartCommand({
    customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
    directors: ['dir.dana'],
    tacticalLeads: ['mm.mark'],
  });
  const timersOf = (process: DealProcess) => {
    process.reportIncident({ actor: { userId: 'op.otto', roles: ['operational'] }, incident: { severity: 'major', title: 'Scanner link down', description: 'Dock 3.' } }, '2026-03-02T10:00:00.000Z');
    const effect = process.snapshot().pendingEffects.find((pending) => pending.type === 'start-incident-timers');
    if (effect?.type !== 'start-incident-timers') return null;
    const { ladder, tactical, strategic } = effect.input;
    if (!ladder) return { tactical, strategic };
    const toldAt = (level: 'tactical' | 'strategic') => ladder.find((step) => step.level === level)?.notified;
    return { tactical: toldAt('tactical'), strategic: toldAt('strategic') };
  };

  it('tells both sides’ tactical people and both sides’ sponsors by default, the supplier’s first', () => {
    expect(timersOf(DealProcess.start(bothSides, '2026-03-02T09:00:00.000Z'))).toEqual({ tactical: ['mm.mark', 'mm.carla'], strategic: ['dir.dana', 'dir.diego'] });
  });

  it('tells only the sides a deal’s policy names at each step', () => {
    const policy = resolvePolicy(DEFAULT_POLICY, { incidentEscalation: { tactical: ['supplier'] } });
    expect(policy.ladders!.incidents.map((step) => [step.level, step.sides])).toEqual([
      ['tactical', ['supplier']],
      ['tactical', ['supplier']],
      ['strategic', ['supplier', 'customer']],
    ]);
    expect(timersOf(DealProcess.start({ ...bothSides, policy }, '2026-03-02T09:00:00.000Z'))).toEqual({ tactical: ['mm.mark'], strategic: ['dir.dana', 'dir.diego'] });
  });

  it('tells the supplier’s chain alone in a deal started before the ladder named sides', () => {
    const { ladders: _declared, ...older } = DEFAULT_POLICY;
    expect(timersOf(DealProcess.start(sampleStartCommand({ policy: older }), '2026-03-02T09:00:00.000Z'))).toEqual({ tactical: ['mm.mark'], strategic: ['dir.dana'] });
  });

  it.each([[{ tactical: [] }], [{ tactical: ['both'] }], [{ strategic: ['customer', 'customer'] }], [{ operational: ['supplier'] }]])('refuses the ladder %j, naming the field', (ladder) => {
    expect(() => resolvePolicy(DEFAULT_POLICY, { incidentEscalation: ladder })).toThrow('policy.incidentEscalation');
  });
});
