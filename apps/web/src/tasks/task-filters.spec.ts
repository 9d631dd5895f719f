import { describe, it, expect } from '@jest/globals';
import { countsFor, filtersFromSearch, matches, searchFromFilters, type OpenTask } from './task-filters';

const NOW = Date.parse('2026-12-05T12:00:00Z');

function task(id: string, fields: Partial<OpenTask>): OpenTask {
  return { dealId: 'north', dealTitle: 'North', id, kind: 'processes', level: 'operational', dueAt: '2026-12-06T12:00:00Z', ...fields } as OpenTask;
}

const TASKS = [
  task('processes-1', {}),
  task('systems-3', { kind: 'systems', dueAt: '2026-12-01T09:00:00Z', level: 'tactical' }),
  task('go-no-go-5', { dealId: 'south', kind: 'go-no-go', level: 'tactical' }),
  task('people-4', { dealId: 'south', kind: 'people', dueAt: '2026-11-30T09:00:00Z', level: 'strategic' }),
];

describe('the filters of My tasks', () => {
  it('read back from the URL exactly what they wrote to it, so a bookmarked view opens as it was left', () => {
    const filters = { deal: 'north', kind: 'systems', level: 'tactical', overdue: true } as const;
    expect(searchFromFilters(filters).toString()).toBe('deal=north&kind=systems&level=tactical&overdue=true');
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
    expect(filtersFromSearch(new URLSearchParams('overdue=false'))).toEqual({ overdue: false });
  });

  it('leave out what a hand-edited URL gets wrong instead of filtering everything away', () => {
    expect(filtersFromSearch(new URLSearchParams('kind=lunch&level=board&overdue=maybe&deal='))).toEqual({});
  });

  it('keep the tasks that pass every filter, overdue measured against now', () => {
    const shown = (filters: Parameters<typeof matches>[1]) => TASKS.filter((each) => matches(each, filters, NOW)).map((each) => each.id);
    expect(shown({})).toEqual(['processes-1', 'systems-3', 'go-no-go-5', 'people-4']);
    expect(shown({ overdue: true })).toEqual(['systems-3', 'people-4']);
    expect(shown({ overdue: false, level: 'tactical' })).toEqual(['go-no-go-5']);
    expect(shown({ deal: 'south', kind: 'people' })).toEqual(['people-4']);
  });

  it("count each option of a filter under the other filters, so the counts say what choosing it would show", () => {
    const filters = { deal: 'south', level: 'tactical' } as const;
    expect(Object.fromEntries(countsFor(TASKS, filters, NOW, 'level', (each) => each.level))).toEqual({ tactical: 1, strategic: 1 });
    expect(Object.fromEntries(countsFor(TASKS, filters, NOW, 'deal', (each) => each.dealId))).toEqual({ north: 1, south: 1 });
    expect(Object.fromEntries(countsFor(TASKS, { overdue: true }, NOW, 'overdue', (each) => String(each.dueAt < new Date(NOW).toISOString())))).toEqual({ false: 2, true: 2 });
  });
});
