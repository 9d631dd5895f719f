import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ELEMENTS, isUnresolved, type Element } from '@app/domain';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, idempotencyKey, ok, type Schemas, type Stage } from '../api/client';
import { useMe, useSession } from '../auth/session';
import { Field, messagesFor } from '../components/fields';
import { countdown, dateTime, label, relativeTime, useNow } from '../format';
import { AdviceList, FindingsList } from '../tasks/task-forms';
import { DealHealth } from './HealthCharts';
import { LadderPictures } from './LadderPicture';
import { Ladder, useDeal } from '../tasks/TaskPage';

type Deal = Schemas['DealView'];
type Incident = Schemas['IncidentView'];

export const STAGES: Stage[] = ['strategic-contact', 'exploration', 'go-no-go', 'contract', 'ratification', 'live'];
const ENDED: Stage[] = ['abandoned', 'rejected', 'terminated'];

export function DealPage() {
  const { dealId = '' } = useParams();
  const deal = useDeal(dealId);
  if (deal.isPending) return <p>Loading…</p>;
  if (deal.error) return <p role="alert">{deal.error.message}</p>;
  return <DealView deal={deal.data} />;
}

function DealView({ deal }: { deal: Deal }) {
  const { has } = useSession();
  const me = useMe();
  const now = useNow();
  const reached = STAGES.indexOf(deal.stage);
  return (
    <article aria-labelledby="deal-title">
      <h1 id="deal-title">{deal.title}</h1>
      <p>
        {deal.customer.name} ({label(deal.customer.segment)}) · {label(deal.valueProposition)} · supplier {deal.supplier.name} · programme manager {deal.programmeManager}
      </p>
      <ol className="stages" aria-label="Stage progress">
        {STAGES.map((stage, index) => (
          <li key={stage} className={stage === deal.stage ? 'current' : index < reached || deal.stage === 'live' ? 'done' : ''} aria-current={stage === deal.stage ? 'step' : undefined}>
            {label(stage)}
          </li>
        ))}
        {ENDED.includes(deal.stage) && (
          <li className="current ended" aria-current="step">
            {label(deal.stage)}
            {deal.closedReason && `: ${deal.closedReason}`}
          </li>
        )}
      </ol>
      <section aria-labelledby="people-title">
        <h2 id="people-title">People by level</h2>
        <table className="relationship-map">
          <caption>
            Who is in contact at each level: {deal.customer.name} and {deal.supplier.name}
          </caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Customer's side</th>
              <th scope="col">Supplier's side</th>
            </tr>
          </thead>
          <tbody>
            {deal.relationshipMap.levels.map((row) => (
              <tr key={row.level}>
                <th scope="row">{label(row.level)}</th>
                <td>{row.customer.join(', ') || '—'}</td>
                <td>{row.supplier.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <RelationshipPicture deal={deal} />
        {deal.relationshipMap.advisors.length > 0 && <p>Outside advisors: {deal.relationshipMap.advisors.join(', ')}</p>}
      </section>
      <section aria-labelledby="tasks-title">
        <h2 id="tasks-title">Tasks</h2>
        <ul className="cards">
          {deal.tasks.map((task) => (
            <li key={task.id} className={task.status === 'open' && new Date(task.dueAt).getTime() < now ? 'card overdue' : 'card'}>
              <Link to={`/deals/${encodeURIComponent(deal.dealId)}/tasks/${encodeURIComponent(task.id)}`}>
                {label(task.kind)} ({task.id})
              </Link>
              <span>
                {task.status} · {task.assignee} · due {relativeTime(task.dueAt, now)} · level {label(task.level)}
              </span>
              {task.status === 'open' && (
                <details>
                  <summary>Ladder</summary>
                  <Ladder task={task} />
                </details>
              )}
            </li>
          ))}
        </ul>
      </section>
      <LadderPictures ladders={deal.ladders} />
      {deal.findings.length > 0 && (
        <section aria-labelledby="findings-title">
          <h2 id="findings-title">Findings</h2>
          <FindingsList deal={deal} />
          {deal.decision && (
            <p>
              Decision: <strong>{label(deal.decision.decision)}</strong> by {deal.decision.decidedBy}: {deal.decision.substantiation}
            </p>
          )}
        </section>
      )}
      {((deal.advice?.length ?? 0) > 0 || deal.advisors?.includes(me.id)) && <Advice deal={deal} canAdvise={has('advisor') && !!deal.advisors?.includes(me.id)} />}
      {deal.stage !== 'strategic-contact' && <Incidents deal={deal} now={now} />}
      {(deal.stage === 'live' || deal.incidentCount > 0) && <DealHealth dealId={deal.dealId} />}
      <Timeline dealId={deal.dealId} />
      {has('programme-manager') && !deal.closedAt && deal.stage !== 'live' && <EndDeal deal={deal} action="cancel" />}
      {has('director') && deal.directors.includes(me.id) && deal.stage === 'live' && <EndDeal deal={deal} action="terminate" />}
    </article>
  );
}

/** The advisors' advice for the go/no-go report, and the form an advisor on the deal writes it in. */
function Advice({ deal, canAdvise }: { deal: Deal; canAdvise: boolean }) {
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const [element, setElement] = useState('');
  const give = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/deals/{dealId}/advice', {
          params: { path: { dealId: deal.dealId }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: { text, ...(element ? { element: element as Element } : {}) },
        }),
      ),
    onSuccess: async () => {
      setText('');
      await queries.invalidateQueries({ queryKey: ['deal', deal.dealId] });
    },
  });
  const messages = give.error ? [give.error.message] : [];
  const open = deal.stage === 'exploration' || deal.stage === 'go-no-go';
  return (
    <section aria-labelledby="advice-title">
      <h2 id="advice-title">Advice</h2>
      <AdviceList advice={deal.advice ?? []} />
      {(deal.advice?.length ?? 0) === 0 && <p>No advice yet.</p>}
      {canAdvise && open && (
        <form
          aria-label="Give advice"
          onSubmit={(event) => {
            event.preventDefault();
            give.mutate();
          }}
        >
          <Field label="On element" hint="Leave empty for advice on the deal as a whole" errors={messagesFor(messages, 'element')}>
            <select value={element} onChange={(event) => setElement(event.target.value)}>
              <option value="">The deal as a whole</option>
              {ELEMENTS.map((name) => (
                <option key={name} value={name}>
                  {label(name)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Your advice" hint="The go/no-go report carries it to the directors" errors={messagesFor(messages, 'text')}>
            <textarea rows={3} value={text} onChange={(event) => setText(event.target.value)} />
          </Field>
          {messages.length > 0 && messagesFor(messages, 'text').length + messagesFor(messages, 'element').length === 0 && <p role="alert">{messages[0]}</p>}
          <button type="submit" disabled={give.isPending || !text.trim()}>
            Give advice
          </button>
        </form>
      )}
    </section>
  );
}

/**
 * The relationship map as a picture: the customer's people on the left, the supplier's on the right,
 * one band per level, a line where both sides are in contact, the advisors between them.
 */
function RelationshipPicture({ deal }: { deal: Deal }) {
  const rowHeight = 64;
  const width = 640;
  const levels = deal.relationshipMap.levels;
  const advisors = deal.relationshipMap.advisors;
  const height = levels.length * rowHeight + (advisors.length > 0 ? 40 : 8);
  const names = (people: string[]) => (people.length > 0 ? people.join(', ') : 'nobody named');
  return (
    <figure className="relationship-picture">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`map-title-${deal.dealId}`}>
        <title id={`map-title-${deal.dealId}`}>
          {levels.map((row) => `${label(row.level)}: ${deal.customer.name} ${names(row.customer)}; ${deal.supplier.name} ${names(row.supplier)}`).join('. ')}
        </title>
        {levels.map((row, index) => {
          const y = index * rowHeight + 8;
          const linked = row.customer.length > 0 && row.supplier.length > 0;
          return (
            <g key={row.level}>
              <text x={width / 2} y={y + 12} textAnchor="middle" className="map-level">
                {label(row.level)}
              </text>
              <rect x={8} y={y + 18} width={220} height={36} rx={6} className={row.customer.length > 0 ? 'map-side customer' : 'map-side empty'} />
              <text x={118} y={y + 41} textAnchor="middle">
                {names(row.customer)}
              </text>
              <rect x={width - 228} y={y + 18} width={220} height={36} rx={6} className={row.supplier.length > 0 ? 'map-side supplier' : 'map-side empty'} />
              <text x={width - 118} y={y + 41} textAnchor="middle">
                {names(row.supplier)}
              </text>
              <line x1={228} y1={y + 36} x2={width - 228} y2={y + 36} className={linked ? 'map-contact' : 'map-contact missing'} />
            </g>
          );
        })}
        {advisors.length > 0 && (
          <text x={width / 2} y={height - 12} textAnchor="middle" className="map-advisors">
            Advisors: {advisors.join(', ')}
          </text>
        )}
      </svg>
      <figcaption>
        {deal.customer.name} (left) and {deal.supplier.name} (right); a dashed line marks a level where one side names nobody.
      </figcaption>
    </figure>
  );
}

function Incidents({ deal, now }: { deal: Deal; now: number }) {
  const queries = useQueryClient();
  const refresh = () => queries.invalidateQueries({ queryKey: ['deal', deal.dealId] });
  const [severity, setSeverity] = useState<Incident['severity']>('major');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const report = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/deals/{dealId}/incidents', { params: { path: { dealId: deal.dealId }, header: { 'Idempotency-Key': idempotencyKey() } }, body: { severity, title, description } })),
    onSuccess: async () => {
      setTitle('');
      setDescription('');
      await refresh();
    },
  });
  const act = useMutation({
    mutationFn: ({ incident, action, resolution }: { incident: Incident; action: 'acknowledge' | 'resolve'; resolution?: string }) => {
      const params = { path: { dealId: deal.dealId, incidentId: incident.id }, header: { 'Idempotency-Key': idempotencyKey() } };
      return action === 'acknowledge'
        ? ok(api.POST('/api/deals/{dealId}/incidents/{incidentId}/acknowledge', { params }))
        : ok(api.POST('/api/deals/{dealId}/incidents/{incidentId}/resolve', { params, body: { resolution: resolution ?? '' } }));
    },
    onSuccess: refresh,
  });
  const reportMessages = report.error ? [report.error.message] : [];
  const open = deal.incidents.filter(isUnresolved);
  return (
    <section aria-labelledby="incidents-title">
      <h2 id="incidents-title">Incidents</h2>
      <p>
        {open.length} open of {deal.incidentCount}
      </p>
      <ul className="cards">
        {open.map((incident) => (
          <IncidentCard key={incident.id} incident={incident} now={now} busy={act.isPending} act={(action, resolution) => act.mutate({ incident, action, ...(resolution ? { resolution } : {}) })} />
        ))}
      </ul>
      {act.error && <p role="alert">{act.error.message}</p>}
      {!deal.closedAt && (
        <form
          aria-labelledby="report-title"
          onSubmit={(event) => {
            event.preventDefault();
            report.mutate();
          }}
        >
          <h3 id="report-title">Report an incident</h3>
          <Field label="Severity">
            <select value={severity} onChange={(event) => setSeverity(event.target.value as Incident['severity'])}>
              <option value="critical">critical</option>
              <option value="major">major</option>
              <option value="minor">minor</option>
            </select>
          </Field>
          <Field label="Title" errors={messagesFor(reportMessages, 'title')}>
            <input value={title} onChange={(event) => setTitle(event.target.value)} />
          </Field>
          <Field label="Description" errors={messagesFor(reportMessages, 'description')}>
            <textarea rows={3} value={description} onChange={(event) => setDescription(event.target.value)} />
          </Field>
          {reportMessages.length > 0 && messagesFor(reportMessages, 'title').length + messagesFor(reportMessages, 'description').length === 0 && <p role="alert">{reportMessages[0]}</p>}
          <button type="submit" disabled={report.isPending}>
            Report incident
          </button>
        </form>
      )}
    </section>
  );
}

function IncidentCard({ incident, now, busy, act }: { incident: Incident; now: number; busy: boolean; act: (action: 'acknowledge' | 'resolve', resolution?: string) => void }) {
  const [resolution, setResolution] = useState('');
  return (
    <li className={`card severity-${incident.severity}`}>
      <strong>
        {incident.title} ({incident.severity})
      </strong>
      <span>
        {incident.status} · level {label(incident.level)} · reported by {incident.reportedBy} {relativeTime(incident.reportedAt, now)}
      </span>
      {incident.status === 'reported' && (
        <span>
          Respond: <time dateTime={incident.respondBy}>{countdown(incident.respondBy, now)}</time>
        </span>
      )}
      <span>
        Resolve: <time dateTime={incident.resolveBy}>{countdown(incident.resolveBy, now)}</time>
      </span>
      <div className="actions">
        {incident.status === 'reported' && (
          <button type="button" disabled={busy} onClick={() => act('acknowledge')}>
            Acknowledge {incident.title}
          </button>
        )}
        <Field label={`Resolution of ${incident.title}`}>
          <input value={resolution} onChange={(event) => setResolution(event.target.value)} />
        </Field>
        <button type="button" disabled={busy || !resolution.trim()} onClick={() => act('resolve', resolution)}>
          Resolve {incident.title}
        </button>
      </div>
    </li>
  );
}

const TIMELINE_PAGE = 50;

/** Who an escalation step told, as the event records it. */
function toldIn(event: Schemas['DealEventView']): string[] {
  const notified = (event.data as { notified?: unknown }).notified;
  return Array.isArray(notified) ? notified.filter((id): id is string => typeof id === 'string') : [];
}

function Timeline({ dealId }: { dealId: string }) {
  const [pages, setPages] = useState(1);
  const timeline = useQuery({
    queryKey: ['deal', dealId, 'timeline', pages],
    queryFn: async () => {
      const events: Schemas['DealEventView'][] = [];
      for (let page = 0; page < pages; page += 1) {
        const next = await ok(api.GET('/api/deals/{dealId}/timeline', { params: { path: { dealId }, query: { after: events.at(-1)?.sequence ?? 0, limit: TIMELINE_PAGE } } }));
        events.push(...next);
        if (next.length < TIMELINE_PAGE) return { events, more: false };
      }
      return { events, more: true };
    },
  });
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline">
        {timeline.data?.events.map((event) => (
          <li key={event.sequence}>
            <time dateTime={event.at}>{dateTime(event.at)}</time> <strong>{event.type}</strong> by {event.actor}
            {toldIn(event).length > 0 && <> · told {toldIn(event).join(', ')}</>}
          </li>
        ))}
      </ol>
      {timeline.data?.more && (
        <button type="button" onClick={() => setPages(pages + 1)}>
          Show more events
        </button>
      )}
    </section>
  );
}

function EndDeal({ deal, action }: { deal: Deal; action: 'cancel' | 'terminate' }) {
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const end = useMutation({
    mutationFn: () =>
      action === 'cancel'
        ? ok(api.POST('/api/deals/{dealId}/cancel', { params: { path: { dealId: deal.dealId }, header: { 'Idempotency-Key': idempotencyKey() } }, body: { reason } }))
        : ok(api.POST('/api/deals/{dealId}/terminate', { params: { path: { dealId: deal.dealId }, header: { 'Idempotency-Key': idempotencyKey() } }, body: { reason } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['deal', deal.dealId] }),
  });
  const title = action === 'cancel' ? 'Cancel this deal' : 'Terminate the relationship';
  return (
    <form
      aria-label={title}
      className="danger-zone"
      onSubmit={(event) => {
        event.preventDefault();
        end.mutate();
      }}
    >
      <h2>{title}</h2>
      <Field label={`Reason to ${action}`} errors={end.error ? [end.error.message] : []}>
        <input value={reason} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <button type="submit" className="danger" disabled={end.isPending}>
        {title}
      </button>
    </form>
  );
}
