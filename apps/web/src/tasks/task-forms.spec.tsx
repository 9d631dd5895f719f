import { describe, it, expect } from '@jest/globals';
import { render, screen, within } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { initialDraft, problemsOf, resultOf, TaskForm, type Draft } from './task-forms';

type Deal = Schemas['DealView'];

/** The fields of a deal the forms read; the rest of the view does not matter to them. */
function dealOf(valueProposition: Deal['valueProposition'], segment: Deal['customer']['segment']): Deal {
  return { dealId: 'north', title: 'North', valueProposition, customer: { name: 'Frost BV', segment }, findings: [], recommendation: null, contract: null, advice: [] } as unknown as Deal;
}

const ENTERPRISE_EXCELLENCE = dealOf('operational-excellence', 'enterprise');

describe('the task forms', () => {
  it('start a contract from the standard service levels of the customer’s segment, which the bandwidth allows', () => {
    const draft = initialDraft('contract', dealOf('operational-excellence', 'mid-market'));
    expect(draft).toMatchObject({ discountPct: '0', 'critical.respondWithin': 'PT2H', 'critical.resolveWithin': 'PT16H', 'minor.resolveWithin': 'PT240H' });
    expect(problemsOf('contract', draft, dealOf('operational-excellence', 'mid-market'))).toEqual([]);
    expect(initialDraft('processes', ENTERPRISE_EXCELLENCE)).toEqual({});
  });

  it('say which rule of the value proposition a term breaks, as the user types, before anything is sent', () => {
    const draft: Draft = { ...initialDraft('contract', ENTERPRISE_EXCELLENCE), discountPct: '50', customTerms: 'Free on-site engineer\n', 'critical.respondWithin': 'PT30M' };
    expect(problemsOf('contract', draft, ENTERPRISE_EXCELLENCE)).toEqual([
      'serviceLevels.critical.respondWithin PT30M is stricter than the enterprise standard tier (PT1H) that operational-excellence allows',
      'discountPct 50 exceeds the maximum discount of 10 % for enterprise customers under operational-excellence',
      'customTerms are not allowed under operational-excellence: agreements must stay inside the predefined bandwidth',
    ]);
    // Customer intimacy allows the same terms (flagged for the directors), up to a 25 % discount.
    expect(problemsOf('contract', { ...draft, discountPct: '20' }, dealOf('customer-intimacy', 'enterprise'))).toEqual([]);
  });

  it('hold a finding to the rules the workflow applies: a real substantiation and an answer to each question', () => {
    const questions = ['Are the processes standard?'];
    const draft: Draft = { assessment: 'conditional', substantiation: 'Too short', conditions: 'A second picker\n\n' };
    expect(resultOf('processes', draft, questions)).toEqual({ assessment: 'conditional', substantiation: 'Too short', conditions: ['A second picker'], answers: [''] });
    expect(problemsOf('processes', draft, ENTERPRISE_EXCELLENCE, questions)).toEqual(['substantiation must be at least 20 characters']);
    const complete = { ...draft, substantiation: 'Walked the night shift with their team leads.', 'answers[0]': 'Yes, but for cross-dock orders.' };
    expect(problemsOf('processes', complete, ENTERPRISE_EXCELLENCE, questions)).toEqual([]);
    expect(problemsOf('ratification', { decision: 'reject' }, ENTERPRISE_EXCELLENCE)).toEqual(['reason is required']);
  });

  it('show the bandwidth’s limits on the contract form and each broken rule beside its field', () => {
    const draft: Draft = { ...initialDraft('contract', ENTERPRISE_EXCELLENCE), discountPct: '50' };
    const messages = problemsOf('contract', draft, ENTERPRISE_EXCELLENCE);
    render(<TaskForm kind="contract" element={undefined} deal={ENTERPRISE_EXCELLENCE} draft={draft} change={() => undefined} messages={messages} questions={[]} />);
    const limits = screen.getByRole('heading', { name: 'Bandwidth of operational excellence for enterprise customers' }).closest('section')!;
    expect(within(limits).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Discount at most 10 %.',
      'Service levels no stricter than the standard tier: critical respond PT1H, resolve PT8H; major respond PT4H, resolve PT48H; minor respond PT24H, resolve PT120H.',
      'Custom terms are not allowed.',
    ]);
    const discount = screen.getByLabelText('Discount (%)');
    expect(discount.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(discount.getAttribute('aria-describedby')!)?.textContent).toBe('discountPct 50 exceeds the maximum discount of 10 % for enterprise customers under operational-excellence');
    expect(screen.getByLabelText('critical: respond within').getAttribute('aria-invalid')).toBeNull();
  });

  it('ask each question of the value proposition on a finding’s form, and the conditions only when conditional', () => {
    const questions = ['Are the processes standard?', 'Do fixed bandwidths hold?'];
    const props = { kind: 'processes' as const, element: undefined, deal: ENTERPRISE_EXCELLENCE, change: () => undefined, messages: [], questions };
    const { rerender } = render(<TaskForm {...props} draft={{ assessment: 'feasible' }} />);
    expect(screen.getByRole('group', { name: 'Questions that matter for operational excellence' })).toBeTruthy();
    expect(screen.getByLabelText('Do fixed bandwidths hold?')).toBeTruthy();
    expect(screen.queryByLabelText('Conditions')).toBeNull();
    rerender(<TaskForm {...props} draft={{ assessment: 'conditional' }} />);
    expect(screen.getByLabelText('Conditions')).toBeTruthy();
  });
});
