import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { answer, api, idempotencyKey, ok, type Role, type Schemas, type Stage } from '../api/client';
import { useSession } from '../auth/session';
import { Field, messagesFor } from '../components/fields';
import { label, relativeTime, useNow } from '../format';
import { STAGES } from './DealPage';

type Summary = Schemas['DealSummaryView'];
type Segment = Schemas['CustomerDto']['segment'];
type ValueProposition = Schemas['DealView']['valueProposition'];
const ALL_STAGES: Stage[] = [...STAGES, 'abandoned', 'rejected', 'terminated'];
const SEGMENTS: Segment[] = ['enterprise', 'mid-market', 'smb'];
const VALUE_PROPOSITIONS: ValueProposition[] = ['operational-excellence', 'customer-intimacy', 'product-leadership'];
const PAGE = 200;

type BoardFilters = { q?: string; stage?: Stage; segment?: Segment; valueProposition?: ValueProposition };

function filtersOf(search: URLSearchParams): BoardFilters {
  const pick = <T extends string>(name: string, options: readonly T[]) => (options.includes(search.get(name) as T) ? { [name]: search.get(name) as T } : {});
  return { ...(search.get('q') ? { q: search.get('q')! } : {}), ...pick('stage', ALL_STAGES), ...pick('segment', SEGMENTS), ...pick('valueProposition', VALUE_PROPOSITIONS) };
}

async function dealsMatching(filters: BoardFilters): Promise<{ deals: Summary[]; total: number }> {
  const result = await api.GET('/api/deals', { params: { query: { ...filters, limit: PAGE } } });
  return { deals: answer(result), total: Number(result.response.headers.get('X-Total-Count') ?? 0) };
}

/** Deals by stage, with search and filters kept in the URL; programme managers start deals here. */
export function BoardPage() {
  const { has } = useSession();
  const now = useNow();
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const deals = useQuery({ queryKey: ['deals', filters], queryFn: () => dealsMatching(filters) });
  const set = (change: Partial<BoardFilters>) => {
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...filters, ...change })) if (value) next.set(name, value);
    setSearch(next, { replace: true });
  };
  const byStage = (stage: Stage) => (deals.data?.deals ?? []).filter((deal) => deal.stage === stage);
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title">Deals</h1>
      <form className="filters" role="search" aria-label="Find deals" onSubmit={(event) => event.preventDefault()}>
        <label>
          Search
          <input type="search" value={filters.q ?? ''} onChange={(event) => set({ q: event.target.value || undefined })} placeholder="Title or customer" />
        </label>
        <label>
          Stage
          <select value={filters.stage ?? ''} onChange={(event) => set({ stage: (event.target.value || undefined) as Stage })}>
            <option value="">All stages</option>
            {ALL_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {label(stage)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Segment
          <select value={filters.segment ?? ''} onChange={(event) => set({ segment: (event.target.value || undefined) as Segment })}>
            <option value="">All segments</option>
            {SEGMENTS.map((segment) => (
              <option key={segment} value={segment}>
                {label(segment)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Value proposition
          <select value={filters.valueProposition ?? ''} onChange={(event) => set({ valueProposition: (event.target.value || undefined) as ValueProposition })}>
            <option value="">All</option>
            {VALUE_PROPOSITIONS.map((value) => (
              <option key={value} value={value}>
                {label(value)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {deals.error && <p role="alert">{deals.error.message}</p>}
      {deals.data && <p aria-live="polite">{deals.data.total} deals</p>}
      <div className="board">
        {ALL_STAGES.filter((stage) => byStage(stage).length > 0 || STAGES.includes(stage)).map((stage) => (
          <section key={stage} aria-label={`Stage ${label(stage)}`} className="column">
            <h2>
              {label(stage)} <span className="badge">{byStage(stage).length}</span>
            </h2>
            <ul>
              {byStage(stage).map((deal) => (
                <li key={deal.dealId} className="card">
                  <Link to={`/deals/${encodeURIComponent(deal.dealId)}`}>{deal.title}</Link>
                  <span>
                    {deal.customer} · {label(deal.valueProposition)} · updated {relativeTime(deal.updatedAt, now)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {has('programme-manager') && <StartDeal />}
    </section>
  );
}

const PEOPLE_FIELDS = ['directors', 'tacticalLeads', 'operationalStaff', 'customerSide.directors', 'customerSide.tacticalLeads', 'customerSide.operationalStaff', 'advisors'] as const;
type PeopleField = (typeof PEOPLE_FIELDS)[number];
const customerSide = ['customerSide.directors', 'customerSide.tacticalLeads', 'customerSide.operationalStaff'] as const;

function StartDeal() {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const users = useQuery({ queryKey: ['dev-users'], queryFn: () => ok(api.GET('/api/auth/dev-users')), retry: false });
  const [form, setForm] = useState({ title: '', customer: '', segment: 'enterprise' as Segment, supplier: '', valueProposition: 'operational-excellence' as ValueProposition, dealId: '', policy: '', calendar: '' });
  const [people, setPeople] = useState<Record<PeopleField, string[]>>(Object.fromEntries(PEOPLE_FIELDS.map((field) => [field, []])) as unknown as Record<PeopleField, string[]>);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (body: Schemas['StartDealDto']) => ok(api.POST('/api/deals', { params: { header: { 'Idempotency-Key': idempotencyKey() } }, body })),
    onSuccess: async ({ dealId }) => {
      await queries.invalidateQueries({ queryKey: ['deals'] });
      await navigate(`/deals/${encodeURIComponent(dealId)}`);
    },
  });
  const json = (field: 'policy' | 'calendar') => {
    if (!form[field].trim()) return undefined;
    try {
      return JSON.parse(form[field]) as Record<string, never>;
    } catch {
      throw new Error(`${field} must be JSON`);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      setJsonError(null);
      const policy = json('policy');
      const calendar = json('calendar');
      start.mutate({
        title: form.title,
        customer: { name: form.customer, segment: form.segment },
        supplier: { name: form.supplier },
        valueProposition: form.valueProposition,
        directors: people.directors,
        tacticalLeads: people.tacticalLeads,
        operationalStaff: people.operationalStaff,
        ...(customerSide.some((field) => people[field].length > 0)
          ? { customerSide: { directors: people['customerSide.directors'], tacticalLeads: people['customerSide.tacticalLeads'], operationalStaff: people['customerSide.operationalStaff'] } }
          : {}),
        ...(people.advisors.length > 0 ? { advisors: people.advisors } : {}),
        ...(form.dealId ? { dealId: form.dealId } : {}),
        ...(policy ? { policy } : {}),
        ...(calendar ? { calendar } : {}),
      });
    } catch (error) {
      setJsonError((error as Error).message);
    }
  };
  const messages = [...(start.error ? [start.error.message] : []), ...(jsonError ? [jsonError] : [])];
  const errorsOf = (field: string) => messagesFor(messages, field);
  const text = (field: 'title' | 'customer' | 'supplier' | 'dealId') => <input value={form[field]} onChange={(event) => setForm({ ...form, [field]: event.target.value })} />;
  // The supplier's people come from the organisation named as supplier, when the directory knows it; the customer's from the others.
  const supplierKnown = users.data?.some((user) => user.organisation === form.supplier) ?? false;
  const onSide = (user: Schemas['DemoUserView'], field: PeopleField) =>
    field === 'advisors' || !supplierKnown || (field.startsWith('customerSide.') ? user.organisation !== form.supplier : user.organisation === form.supplier);
  const picker = (field: PeopleField, role: Role, legend: string) => (
    <fieldset className={errorsOf(field).length > 0 ? 'field invalid' : 'field'}>
      <legend>{legend}</legend>
      {users.data ? (
        users.data
          .filter((user) => user.roles.includes(role) && onSide(user, field))
          .map((user) => (
            <label key={user.id} className="choice">
              <input
                type="checkbox"
                checked={people[field].includes(user.id)}
                onChange={(event) => setPeople({ ...people, [field]: event.target.checked ? [...people[field], user.id] : people[field].filter((id) => id !== user.id) })}
              />
              {user.name}
            </label>
          ))
      ) : (
        <Field label={`${legend} (user IDs, comma-separated)`}>
          <input value={people[field].join(', ')} onChange={(event) => setPeople({ ...people, [field]: event.target.value.split(',').map((id) => id.trim()).filter(Boolean) })} />
        </Field>
      )}
      {errorsOf(field).length > 0 && <p className="field-error">{errorsOf(field).join('; ')}</p>}
    </fieldset>
  );
  const unplaced = messages.filter((message) => !['title', 'customer', 'supplier', 'dealId', ...PEOPLE_FIELDS, 'policy', 'calendar'].some((field) => messagesFor([message], field).length > 0));
  return (
    <form onSubmit={submit} aria-labelledby="start-title" className="start-deal">
      <h2 id="start-title">Start a deal</h2>
      <Field label="Title" errors={errorsOf('title')}>
        {text('title')}
      </Field>
      <Field label="Customer" errors={errorsOf('customer')}>
        {text('customer')}
      </Field>
      <Field label="Customer segment">
        <select value={form.segment} onChange={(event) => setForm({ ...form, segment: event.target.value as Segment })}>
          {SEGMENTS.map((segment) => (
            <option key={segment} value={segment}>
              {label(segment)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Supplier" errors={errorsOf('supplier')}>
        {text('supplier')}
      </Field>
      <Field label="Value proposition">
        <select value={form.valueProposition} onChange={(event) => setForm({ ...form, valueProposition: event.target.value as ValueProposition })}>
          {VALUE_PROPOSITIONS.map((value) => (
            <option key={value} value={value}>
              {label(value)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="side">
        <legend>Supplier's side</legend>
        {picker('directors', 'director', 'Directors (strategic)')}
        {picker('tacticalLeads', 'middle-manager', 'Tactical leads')}
        {picker('operationalStaff', 'operational', 'Operational staff')}
      </fieldset>
      <fieldset className="side">
        <legend>Customer's side (optional)</legend>
        {picker('customerSide.directors', 'director', "Customer's directors (strategic)")}
        {picker('customerSide.tacticalLeads', 'middle-manager', "Customer's tactical counterparts")}
        {picker('customerSide.operationalStaff', 'operational', "Customer's floor (operational)")}
      </fieldset>
      {picker('advisors', 'advisor', 'Outside advisors (optional)')}
      <details>
        <summary>Optional: deal ID, policy, calendar</summary>
        <Field label="Deal ID" hint="Leave empty for a generated one" errors={errorsOf('dealId')}>
          {text('dealId')}
        </Field>
        <Field label="Policy (JSON)" errors={errorsOf('policy')}>
          <textarea rows={3} value={form.policy} onChange={(event) => setForm({ ...form, policy: event.target.value })} />
        </Field>
        <Field label="Calendar (JSON)" errors={errorsOf('calendar')}>
          <textarea rows={3} value={form.calendar} onChange={(event) => setForm({ ...form, calendar: event.target.value })} />
        </Field>
      </details>
      {unplaced.length > 0 && (
        <p role="alert" className="error">
          {unplaced.join('; ')}
        </p>
      )}
      <button type="submit" disabled={start.isPending}>
        Start deal
      </button>
    </form>
  );
}
