import type { Level, Schemas, TaskKind } from '../api/client';

export type OpenTask = Schemas['OpenTaskSummaryView'];

export const TASK_KINDS: TaskKind[] = ['processes', 'organisation', 'systems', 'people', 'countersign', 'go-no-go', 'contract', 'ratification', 'review'];
export const LEVELS: Level[] = ['operational', 'tactical', 'strategic'];

/** The filters of My tasks, as the URL keeps them (so a view can be bookmarked and shared). */
export interface TaskFilters {
  deal?: string;
  kind?: TaskKind;
  level?: Level;
  overdue?: boolean;
}

export function filtersFromSearch(search: URLSearchParams): TaskFilters {
  const kind = search.get('kind');
  const level = search.get('level');
  const overdue = search.get('overdue');
  return {
    ...(search.get('deal') ? { deal: search.get('deal')! } : {}),
    ...(TASK_KINDS.includes(kind as TaskKind) ? { kind: kind as TaskKind } : {}),
    ...(LEVELS.includes(level as Level) ? { level: level as Level } : {}),
    ...(overdue === 'true' || overdue === 'false' ? { overdue: overdue === 'true' } : {}),
  };
}

export function searchFromFilters(filters: TaskFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.deal) search.set('deal', filters.deal);
  if (filters.kind) search.set('kind', filters.kind);
  if (filters.level) search.set('level', filters.level);
  if (filters.overdue !== undefined) search.set('overdue', String(filters.overdue));
  return search;
}

export const isOverdue = (task: OpenTask, now: number): boolean => new Date(task.dueAt).getTime() < now;

/** Whether a task passes the filters, leaving out one of them (for the counts beside that filter's options). */
export function matches(task: OpenTask, filters: TaskFilters, now: number, except?: keyof TaskFilters): boolean {
  return (
    (except === 'deal' || !filters.deal || task.dealId === filters.deal) &&
    (except === 'kind' || !filters.kind || task.kind === filters.kind) &&
    (except === 'level' || !filters.level || task.level === filters.level) &&
    (except === 'overdue' || filters.overdue === undefined || isOverdue(task, now) === filters.overdue)
  );
}

/** Per option of one filter, how many tasks the other filters leave with that option. */
export function countsFor<K extends keyof TaskFilters>(tasks: OpenTask[], filters: TaskFilters, now: number, filter: K, valueOf: (task: OpenTask) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of tasks) {
    if (!matches(task, filters, now, filter)) continue;
    const value = valueOf(task);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
