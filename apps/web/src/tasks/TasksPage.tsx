import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { answer, api } from '../api/client';
import { dateTime, label, relativeTime, useNow } from '../format';
import { LEVELS, TASK_KINDS, countsFor, filtersFromSearch, isOverdue, matches, searchFromFilters, type OpenTask, type TaskFilters } from './task-filters';

const PAGE = 200;

/** Every open task of the signed-in user, soonest due first, following the API's cursor. */
async function myOpenTasks(): Promise<OpenTask[]> {
  const tasks: OpenTask[] = [];
  let cursor: string | undefined;
  do {
    const result = await api.GET('/api/tasks', { params: { query: { assignee: 'me', limit: PAGE, ...(cursor ? { cursor } : {}) } } });
    tasks.push(...answer(result));
    cursor = result.response.headers.get('X-Next-Cursor') ?? undefined;
  } while (cursor);
  return tasks;
}

export function TasksPage() {
  const now = useNow();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const tasks = useQuery({ queryKey: ['tasks', 'mine'], queryFn: myOpenTasks });
  const all = tasks.data ?? [];
  const shown = all.filter((task) => matches(task, filters, now));
  const set = (change: Partial<TaskFilters>) => setSearch(searchFromFilters({ ...filters, ...change }), { replace: true });
  const deals = [...new Map(all.map((task) => [task.dealId, task.dealTitle])).entries()];
  const count = (filter: keyof TaskFilters, valueOf: (task: OpenTask) => string) => countsFor(all, filters, now, filter, valueOf);
  const byDeal = count('deal', (task) => task.dealId);
  const byKind = count('kind', (task) => task.kind);
  const byLevel = count('level', (task) => task.level);
  const byOverdue = count('overdue', (task) => String(isOverdue(task, now)));
  const any = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);

  return (
    <section aria-labelledby="tasks-title">
      <h1 id="tasks-title">My tasks</h1>
      <form className="filters" aria-label="Filter tasks" onSubmit={(event) => event.preventDefault()}>
        <label>
          Deal
          <select value={filters.deal ?? ''} onChange={(event) => set({ deal: event.target.value || undefined })}>
            <option value="">All deals ({any(byDeal)})</option>
            {deals.map(([id, title]) => (
              <option key={id} value={id}>
                {title} ({byDeal.get(id) ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={filters.kind ?? ''} onChange={(event) => set({ kind: (event.target.value || undefined) as TaskFilters['kind'] })}>
            <option value="">All kinds ({any(byKind)})</option>
            {TASK_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {label(kind)} ({byKind.get(kind) ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          Level
          <select value={filters.level ?? ''} onChange={(event) => set({ level: (event.target.value || undefined) as TaskFilters['level'] })}>
            <option value="">All levels ({any(byLevel)})</option>
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {label(level)} ({byLevel.get(level) ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          Due
          <select
            value={filters.overdue === undefined ? '' : String(filters.overdue)}
            onChange={(event) => set({ overdue: event.target.value === '' ? undefined : event.target.value === 'true' })}
          >
            <option value="">Any ({any(byOverdue)})</option>
            <option value="true">Overdue ({byOverdue.get('true') ?? 0})</option>
            <option value="false">Not yet due ({byOverdue.get('false') ?? 0})</option>
          </select>
        </label>
      </form>
      {tasks.isPending && <p>Loading…</p>}
      {tasks.error && <p role="alert">{tasks.error.message}</p>}
      {tasks.data && (
        <p aria-live="polite" data-testid="task-count">
          {shown.length} of {all.length} open tasks
        </p>
      )}
      <ul className="cards" aria-label="Open tasks">
        {shown.map((task) => {
          const overdue = isOverdue(task, now);
          return (
            <li key={`${task.dealId}/${task.id}`} className={overdue ? 'card overdue' : 'card'}>
              <Link to={`/deals/${encodeURIComponent(task.dealId)}/tasks/${encodeURIComponent(task.id)}`}>
                <strong>{label(task.kind)}</strong> · {task.dealTitle}
              </Link>
              <span>
                Due <time dateTime={task.dueAt} title={dateTime(task.dueAt)}>{relativeTime(task.dueAt, now)}</time>
              </span>
              {overdue && <span className="tag danger">Overdue</span>}
              <span className={`tag level-${task.level}`}>Level: {label(task.level)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
