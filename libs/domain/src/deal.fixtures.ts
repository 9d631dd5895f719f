import type { StartDealCommand } from './deal';
import { DEFAULT_POLICY } from './policy';

/** A deal as the API would start it, for specs: one director, one lead, one operational person. */
export function sampleStartCommand(overrides: Partial<StartDealCommand> = {}): StartDealCommand {
  return {
    dealId: 'deal-1',
    title: 'Warehouse logistics',
    customer: { name: 'Acme', segment: 'enterprise' },
    supplier: { name: 'Groundwork Services' },
    valueProposition: 'operational-excellence',
    programmeManager: 'pm.paula',
    directors: ['dir.dana'],
    tacticalLeads: ['mm.mark'],
    operationalStaff: ['op.otto'],
    policy: DEFAULT_POLICY,
    ...overrides,
  };
}
