import { describe, it, expect } from '@jest/globals';
import { act, render, renderHook, screen } from '@testing-library/react';
import { Field, fieldOf, linesOf, messagesFor, useDraft } from './fields';

describe('fields and their messages', () => {
  const messages = [
    'serviceLevels.major.respondWithin must be an ISO 8601 duration',
    'conditions[2] must be at most 10000 characters',
    'substantiation must be at least 20 characters',
    'The server refused: task systems-3 is done, no longer open',
  ];

  it('places each message of the API or the domain beside the field it names, and fields under it', () => {
    expect(fieldOf('discountPct: 50 exceeds the maximum')).toBe('discountPct');
    expect(messagesFor(messages, 'serviceLevels.major.respondWithin')).toEqual([messages[0]]);
    expect(messagesFor(messages, 'serviceLevels')).toEqual([messages[0]]);
    expect(messagesFor(messages, 'conditions')).toEqual([messages[1]]);
    expect(messagesFor(messages, 'substantiation')).toEqual([messages[2]]);
    expect(messagesFor(messages, 'sub')).toEqual([]);
  });

  it('turns a textarea into a list, one item per line, blank lines left out', () => {
    expect(linesOf('  first \n\n second\n   \n')).toEqual(['first', 'second']);
    expect(linesOf('')).toEqual([]);
  });

  it('labels its control and, with errors, marks it invalid and describes it by the error and the hint', () => {
    const { rerender } = render(
      <Field label="Substantiation" hint="Why, in a few sentences">
        <textarea />
      </Field>,
    );
    const control = screen.getByLabelText('Substantiation');
    expect(control.getAttribute('aria-invalid')).toBeNull();
    expect(control.getAttribute('aria-describedby')).toBe(screen.getByText('Why, in a few sentences').id);

    rerender(
      <Field label="Substantiation" hint="Why, in a few sentences" errors={['substantiation must be at least 20 characters']}>
        <textarea />
      </Field>,
    );
    expect(control.getAttribute('aria-invalid')).toBe('true');
    const described = control.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['Why, in a few sentences', 'substantiation must be at least 20 characters']);
  });

  it('keeps a draft in the tab’s session storage, so what was typed survives a reload, until it is cleared', () => {
    sessionStorage.clear();
    const first = renderHook(() => useDraft('draft.deal-1.processes-1', { substantiation: '' }));
    act(() => first.result.current[1]({ substantiation: 'Walked the night shift.' }));
    first.unmount();

    const reloaded = renderHook(() => useDraft('draft.deal-1.processes-1', { substantiation: '' }));
    expect(reloaded.result.current[0]).toEqual({ substantiation: 'Walked the night shift.' });
    const other = renderHook(() => useDraft('draft.deal-1.systems-3', { substantiation: '' }));
    expect(other.result.current[0]).toEqual({ substantiation: '' });

    act(() => reloaded.result.current[2]());
    expect(sessionStorage.getItem('draft.deal-1.processes-1')).toBeNull();
  });
});
