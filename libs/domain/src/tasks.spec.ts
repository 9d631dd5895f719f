import { ELEMENTS, TASK_KINDS, isElement, taskId, taskKindOf, taskSequenceOf } from './tasks';

describe('task IDs carry their kind', () => {
  it('joins the kind and the sequence', () => {
    expect(taskId('processes', 1)).toBe('processes-1');
    expect(taskId('go-no-go', 5)).toBe('go-no-go-5');
    expect(taskId('ratification', 12)).toBe('ratification-12');
  });

  it.each(TASK_KINDS)('reads the kind %s back from its ID', (kind) => {
    expect(taskKindOf(taskId(kind, 1))).toBe(kind);
    expect(taskKindOf(taskId(kind, 907))).toBe(kind);
  });

  it('reads the sequence back, also after a hyphenated kind, and nothing from a foreign ID', () => {
    expect(taskSequenceOf(taskId('ratification', 12))).toBe(12);
    expect(taskSequenceOf('go-no-go-5')).toBe(5);
    expect(taskSequenceOf('incident-3')).toBeNull();
  });

  it('reads a hyphenated kind whole, not its tail', () => {
    expect(taskKindOf('go-no-go-5')).toBe('go-no-go');
    expect(taskKindOf('no-go-5')).toBeNull();
  });

  it.each([
    ['an empty string', ''],
    ['a kind without a sequence', 'processes'],
    ['a kind with a trailing hyphen', 'processes-'],
    ['sequence zero', 'processes-0'],
    ['a sequence with a leading zero', 'processes-01'],
    ['a negative sequence', 'processes--1'],
    ['a sequence with trailing text', 'processes-1x'],
    ['a prefixed kind', 'xprocesses-1'],
    ['an unknown kind', 'incident-1'],
    ['a different case', 'Processes-1'],
    ['surrounding whitespace', ' processes-1 '],
  ])('refuses %s', (_label, id) => {
    expect(taskKindOf(id)).toBeNull();
  });

  it('tells the four B-O-S-M elements from the other kinds', () => {
    expect(ELEMENTS).toEqual(['processes', 'organisation', 'systems', 'people']);
    expect(TASK_KINDS.filter(isElement)).toEqual([...ELEMENTS]);
    for (const kind of ['go-no-go', 'contract', 'ratification', 'review'] as const) expect(isElement(kind)).toBe(false);
  });
});
