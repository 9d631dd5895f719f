import { peopleOnDeal, relationshipMap } from './deal';
import { sampleStartCommand } from './deal.fixtures';
import { DealProcess } from './deal-process';
import { dealParticipants } from './deal-state';

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
