import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { answer, api, type Schemas } from '../api/client';
import { dateTime, label } from '../format';

type Digest = Schemas['DirectorsDigestView'];

const dealPath = (dealId: string) => `/deals/${encodeURIComponent(dealId)}`;

function More({ list }: { list: { items: unknown[]; total: number } }) {
  const more = list.total - list.items.length;
  return more > 0 ? <p>…and {more} more.</p> : null;
}

/** The latest weekly digest the Schedule made for this director: the same one the e-mail carries. */
export function WeeklyDigest() {
  const digests = useQuery({
    queryKey: ['me', 'digests'],
    queryFn: async () => answer(await api.GET('/api/me/digests', { params: { query: { limit: 1 } } })),
  });
  const digest: Digest | undefined = digests.data?.[0];
  return (
    <section aria-labelledby="digest-title">
      <h2 id="digest-title">This week's digest</h2>
      {digests.isSuccess && digest === undefined && <p>No digest yet: one is made every week.</p>}
      {digest && (
        <article className="card" aria-label="Weekly digest">
          <p>
            {dateTime(digest.from)} to {dateTime(digest.until)}
          </p>
          <h3>Waiting for you ({digest.waiting.total})</h3>
          <ul>
            {digest.waiting.items.map((task) => (
              <li key={`${task.dealId}/${task.taskId}`}>
                <Link to={`${dealPath(task.dealId)}/tasks/${encodeURIComponent(task.taskId)}`}>
                  {label(task.kind)}: {task.dealTitle}
                </Link>{' '}
                <span>
                  due {dateTime(task.dueAt)}
                  {task.overdue && <strong> · overdue</strong>}
                </span>
              </li>
            ))}
          </ul>
          <More list={digest.waiting} />
          <h3>Go/no-go reports ({digest.goNoGoReports.total})</h3>
          <ul>
            {digest.goNoGoReports.items.map((report) => (
              <li key={`${report.dealId}/${report.at}`}>
                <Link to={dealPath(report.dealId)}>{report.dealTitle}</Link>: {label(report.decision)} by {report.decidedBy}
                {report.decision !== report.recommended && <strong> · against the recommendation</strong>}
              </li>
            ))}
          </ul>
          <More list={digest.goNoGoReports} />
          <h3>Reached the strategic level ({digest.strategicEscalations.total})</h3>
          <ul>
            {digest.strategicEscalations.items.map((escalation) => (
              <li key={`${escalation.dealId}/${escalation.id}/${escalation.at}`}>
                <Link to={dealPath(escalation.dealId)}>{escalation.dealTitle}</Link>:{' '}
                {escalation.subject === 'incident' ? `incident “${escalation.title ?? escalation.id}”` : `overdue ${label(escalation.kind ?? 'task')}`}
              </li>
            ))}
          </ul>
          <More list={digest.strategicEscalations} />
          <h3>Health fell ({digest.healthFell.total})</h3>
          <ul>
            {digest.healthFell.items.map((fall) => (
              <li key={fall.dealId}>
                <Link to={dealPath(fall.dealId)}>{fall.dealTitle}</Link>
                <ul>
                  {fall.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <More list={digest.healthFell} />
        </article>
      )}
    </section>
  );
}
