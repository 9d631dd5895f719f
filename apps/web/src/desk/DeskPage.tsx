import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { answer, api } from '../api/client';
import { PortfolioHealth } from '../deals/HealthCharts';
import { dateTime, label } from '../format';
import { useSignalFeed, type Signal } from '../live/signals';
import { AdviceList } from '../tasks/task-forms';
import { WeeklyDigest } from './WeeklyDigest';

interface SignalledFinding {
  element?: string;
  assessment?: string;
  substantiation?: string;
  coSignedBy?: string;
}

const dealLink = (signal: Signal) => `/deals/${encodeURIComponent(signal.dealId)}`;

/** What waits for a director: go/no-go reports, ratification requests, escalations that reached the strategic level. */
export function DeskPage() {
  const { signals } = useSignalFeed();
  const ratifications = useQuery({
    queryKey: ['tasks', 'ratification'],
    queryFn: async () => answer(await api.GET('/api/tasks', { params: { query: { assignee: 'me', kind: 'ratification' } } })),
  });
  const reports = signals.filter((signal) => signal.type === 'go-no-go').reverse();
  const escalations = signals.filter((signal) => signal.type === 'escalation' && signal.level === 'strategic').reverse();
  return (
    <section aria-labelledby="desk-title">
      <h1 id="desk-title">Director's desk</h1>
      <WeeklyDigest />
      <section aria-labelledby="ratify-title">
        <h2 id="ratify-title">Ratification requests</h2>
        {ratifications.data?.length === 0 && <p>Nothing to ratify.</p>}
        <ul className="cards">
          {ratifications.data?.map((task) => (
            <li key={`${task.dealId}/${task.id}`} className="card">
              <Link to={`/deals/${encodeURIComponent(task.dealId)}/tasks/${encodeURIComponent(task.id)}`}>Ratify the contract of {task.dealTitle}</Link>
              <span>due {dateTime(task.dueAt)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="reports-title">
        <h2 id="reports-title">Go/no-go reports</h2>
        {reports.length === 0 && <p>No reports yet.</p>}
        {reports.map((signal) => (
          <article key={signal.id} className="card" aria-label={`Go/no-go report on ${signal.dealTitle}`}>
            <h3>
              <Link to={dealLink(signal)}>{signal.dealTitle}</Link>: {label(signal.decision ?? '')}
            </h3>
            <p>{signal.substantiation}</p>
            <dl className="findings">
              {((signal.findings ?? []) as SignalledFinding[]).map((finding) => (
                <div key={finding.element}>
                  <dt>
                    {label(finding.element ?? '')}: <strong>{label(finding.assessment ?? '')}</strong>
                    {finding.coSignedBy && <small> · co-signed by {finding.coSignedBy}</small>}
                  </dt>
                  <dd>{finding.substantiation}</dd>
                </div>
              ))}
            </dl>
            <AdviceList advice={signal.advice ?? []} />
            <small>{dateTime(signal.at)}</small>
          </article>
        ))}
      </section>
      <section aria-labelledby="escalations-title">
        <h2 id="escalations-title">Escalations at the strategic level</h2>
        {escalations.length === 0 && <p>None.</p>}
        <ul className="cards">
          {escalations.map((signal) => (
            <li key={signal.id} className="card">
              <Link to={dealLink(signal)}>
                {signal.subject === 'incident' ? 'Incident' : 'Task'} on {signal.dealTitle}
              </Link>
              <span>{dateTime(signal.at)}</span>
            </li>
          ))}
        </ul>
      </section>
      <PortfolioHealth />
    </section>
  );
}
