import { renderContractDocument } from './contract-document';
import { sampleStartCommand } from './deal.fixtures';
import { DealProcess, type DealState } from './deal-process';
import type { Actor } from './people';
import { ELEMENTS, type ContractTerms } from './tasks';

const MARK: Actor = { userId: 'mm.mark', roles: ['middle-manager'] };
const DANA: Actor = { userId: 'dir.dana', roles: ['director'] };

/** The mid-market standard tier, except a stricter critical resolve-within that is flagged. */
const TERMS: ContractTerms = {
  serviceLevels: {
    critical: { respondWithin: 'PT2H', resolveWithin: 'PT12H' },
    major: { respondWithin: 'PT8H', resolveWithin: 'P4D' },
    minor: { respondWithin: 'P2D', resolveWithin: 'P10D' },
  },
  discountPct: 12.5,
  agreements: ['monthly service review', 'shared incident queue'],
  customTerms: ['dedicated on-site engineer'],
};

/** Inside the mid-market bandwidth: nothing to flag. */
const AT_TIER: ContractTerms = {
  ...TERMS,
  serviceLevels: { ...TERMS.serviceLevels, critical: { respondWithin: 'PT2H', resolveWithin: 'PT16H' } },
  customTerms: [],
};

/** A customer-intimacy deal for a mid-market customer, driven to its first contract draft. */
function draftedDeal(terms: ContractTerms = TERMS): DealProcess {
  const process = DealProcess.start(
    sampleStartCommand({
      dealId: 'deal-7',
      title: 'Cold-chain logistics',
      customer: { name: 'Frost & Co', segment: 'mid-market' },
      supplier: { name: 'Polar Freight' },
      valueProposition: 'customer-intimacy',
      operationalStaff: [],
    }),
    '2026-03-02T09:00:00.000Z',
  );
  for (const element of ELEMENTS) {
    const task = process.state.tasks.find((candidate) => candidate.kind === element)!;
    process.completeTask(
      { taskId: task.id, actor: MARK, result: { assessment: 'feasible', substantiation: `${element} works on the floor, tried for a week.` } },
      '2026-03-10T09:00:00.000Z',
    );
  }
  const decision = process.state.tasks.find((task) => task.kind === 'go-no-go')!;
  process.completeTask({ taskId: decision.id, actor: MARK, result: { decision: 'go', substantiation: 'All four elements are feasible.' } }, '2026-03-11T09:00:00.000Z');
  const contract = process.state.tasks.find((task) => task.kind === 'contract' && task.status === 'open')!;
  process.completeTask({ taskId: contract.id, actor: MARK, result: terms }, '2026-03-12T09:00:00.000Z');
  return process;
}

describe('the contract document', () => {
  it('is absent while the deal has no contract', () => {
    const process = draftedDeal();
    const withoutContract: DealState = { ...process.state, contract: null };
    expect(renderContractDocument(withoutContract)).toBeNull();
  });

  it('renders the parties, the terms and the flags of the drafted contract as Markdown', () => {
    const process = draftedDeal();
    expect(renderContractDocument(process.state)).toBe(
      [
        '# Contract: Cold-chain logistics (version 1)',
        '',
        'Between **Polar Freight** (supplier) and **Frost & Co** (customer, mid-market),',
        'value proposition: customer-intimacy. Drafted by mm.mark on 2026-03-12T09:00:00.000Z.',
        '',
        '## Service levels',
        '',
        '| severity | respond within | resolve within |',
        '| --- | --- | --- |',
        '| critical | PT2H | PT12H |',
        '| major | PT8H | P4D |',
        '| minor | P2D | P10D |',
        '',
        '## Discount',
        '',
        '12.5 %',
        '',
        '## Agreements',
        '',
        '- monthly service review',
        '- shared incident queue',
        '',
        '## Custom terms',
        '',
        '- dedicated on-site engineer',
        '',
        "## For the directors' attention",
        '',
        '- serviceLevels.critical.resolveWithin PT12H is stricter than the mid-market standard tier (PT16H)',
        '- discountPct 12.5 exceeds the mid-market standard maximum of 5 %',
        '- custom term: dedicated on-site engineer',
        '',
      ].join('\n'),
    );
  });

  it('says "none" for empty lists', () => {
    const process = draftedDeal({ ...AT_TIER, discountPct: 0, agreements: [], customTerms: [] });
    const document = renderContractDocument(process.state)!;
    expect(document).toContain('## Agreements\n\n- none\n');
    expect(document).toContain('## Custom terms\n\n- none\n');
    expect(document).toContain("## For the directors' attention\n\n- none\n");
    expect(document).toContain('## Discount\n\n0 %\n');
  });

  it('renders the current version after the directors sent the contract back', () => {
    const process = draftedDeal();
    const ratification = process.state.tasks.find((task) => task.kind === 'ratification' && task.status === 'open')!;
    process.completeTask({ taskId: ratification.id, actor: DANA, result: { decision: 'reject', reason: 'Too generous.' } }, '2026-03-13T09:00:00.000Z');
    const contract = process.state.tasks.find((task) => task.kind === 'contract' && task.status === 'open')!;
    process.completeTask({ taskId: contract.id, actor: MARK, result: { ...AT_TIER, discountPct: 5 } }, '2026-03-14T09:00:00.000Z');

    const document = renderContractDocument(process.state)!;
    expect(document.split('\n')[0]).toBe('# Contract: Cold-chain logistics (version 2)');
    expect(document).toContain('Drafted by mm.mark on 2026-03-14T09:00:00.000Z.');
    expect(document).toContain('## Discount\n\n5 %\n');
    expect(document).toContain("## For the directors' attention\n\n- none\n");
    expect(document).not.toContain('dedicated on-site engineer');
  });

  it('renders from the state alone, so a restored deal renders the same document', () => {
    const process = draftedDeal();
    const restored = DealProcess.restore(JSON.parse(JSON.stringify(process.snapshot())) as ReturnType<DealProcess['snapshot']>);
    expect(renderContractDocument(restored.state)).toBe(renderContractDocument(process.state));
  });
});
