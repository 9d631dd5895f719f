import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ok, type Schemas } from '../api/client';
import { label } from '../format';

type Figures = Schemas['HealthFiguresView'];
type LevelStay = Schemas['LevelStayView'];
type Period = Schemas['HealthPeriodView'];

/** "45 min", "3 h 20 min", "2 d 4 h": a stay or a median, at the precision a reader needs. */
export function minutes(value: number | null): string {
  if (value === null) return '—';
  const whole = Math.round(value);
  if (whole < 60) return `${whole} min`;
  if (whole < 1440) return `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, '0')} min`;
  return `${Math.floor(whole / 1440)} d ${Math.floor((whole % 1440) / 60)} h`;
}

const shortDate = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short' });

function HealthSummary({ figures }: { figures: Figures }) {
  return (
    <dl className="facts health-facts">
      <dt>Incidents opened</dt>
      <dd>{figures.opened}</dd>
      <dt>Acknowledged in time</dt>
      <dd>
        {figures.acknowledgedInTime} of {figures.acknowledged} (median {minutes(figures.medianMinutesToAcknowledge)})
      </dd>
      <dt>Resolved in time</dt>
      <dd>
        {figures.resolvedInTime} of {figures.resolved} (median {minutes(figures.medianMinutesToResolve)})
      </dd>
      <dt>Still open</dt>
      <dd>{figures.stillOpen}</dd>
      <dt>Climbed to tactical / strategic</dt>
      <dd>
        {figures.reachedTactical} / {figures.reachedStrategic}
      </dd>
    </dl>
  );
}

const BAR_WIDTH = 220;

/** Median time at each level as horizontal bars; the label says the figures for those who cannot see the bars. */
function LevelStayChart({ levels }: { levels: LevelStay[] }) {
  const longest = Math.max(1, ...levels.map((stay) => stay.medianMinutes ?? 0));
  const description = levels.map((stay) => `${stay.level}: ${stay.incidents} incidents, median ${minutes(stay.medianMinutes)}`).join('; ');
  return (
    <figure className="chart">
      <svg role="img" aria-label={`Time at each level. ${description}`} viewBox={`0 0 ${BAR_WIDTH + 190} ${levels.length * 28}`} width="100%">
        {levels.map((stay, index) => (
          <g key={stay.level} transform={`translate(0 ${index * 28})`}>
            <text x="0" y="17" className="chart-label">
              {label(stay.level)}
            </text>
            <rect x="90" y="4" height="18" width={Math.max(1, ((stay.medianMinutes ?? 0) / longest) * BAR_WIDTH)} className={`bar level-${stay.level}`} />
            <text x={96 + ((stay.medianMinutes ?? 0) / longest) * BAR_WIDTH} y="17" className="chart-value">
              {minutes(stay.medianMinutes)} ({stay.incidents})
            </text>
          </g>
        ))}
      </svg>
      <figcaption>Median time an incident stayed at each level (incidents in brackets)</figcaption>
    </figure>
  );
}

/** Incidents opened per period, the part that climbed to tactical darker. */
function TrendChart({ trend }: { trend: Period[] }) {
  const highest = Math.max(1, ...trend.map((period) => period.opened));
  const column = 36;
  const height = 90;
  const description = trend.map((period) => `${shortDate.format(new Date(period.from))}: ${period.opened} opened, ${period.reachedTactical} climbed`).join('; ');
  return (
    <figure className="chart">
      <svg role="img" aria-label={`Incidents per period. ${description}`} viewBox={`0 0 ${trend.length * column} ${height + 20}`} width="100%">
        {trend.map((period, index) => {
          const opened = (period.opened / highest) * height;
          const climbed = (period.reachedTactical / highest) * height;
          return (
            <g key={period.from} transform={`translate(${index * column} 0)`}>
              <rect x="4" y={height - opened} width={column - 8} height={opened} className="bar opened" />
              <rect x="4" y={height - climbed} width={column - 8} height={climbed} className="bar climbed" />
              <text x={column / 2} y={height + 14} textAnchor="middle" className="chart-label">
                {shortDate.format(new Date(period.from))}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Incidents opened per period; the darker part climbed to the tactical level or beyond</figcaption>
    </figure>
  );
}

function HealthReport({ health }: { health: Schemas['RelationshipHealthView'] }) {
  return (
    <>
      <HealthSummary figures={health.overall} />
      <div className="charts">
        <LevelStayChart levels={health.levels} />
        <TrendChart trend={health.trend} />
      </div>
    </>
  );
}

/** A deal's relationship health: its incidents of the last eight weeks against the service levels, per level. */
export function DealHealth({ dealId }: { dealId: string }) {
  const health = useQuery({
    queryKey: ['deal', dealId, 'health'],
    queryFn: () => ok(api.GET('/api/deals/{dealId}/health', { params: { path: { dealId } } })),
  });
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">Relationship health, last 8 weeks</h2>
      {health.error && <p role="alert">{health.error.message}</p>}
      {health.data && <HealthReport health={health.data} />}
    </section>
  );
}

/** Every relationship the director sponsors (every one, for a programme manager): the same figures, and one row per deal. */
export function PortfolioHealth() {
  const health = useQuery({ queryKey: ['relationship-health'], queryFn: () => ok(api.GET('/api/relationship-health')) });
  return (
    <section aria-labelledby="portfolio-title">
      <h2 id="portfolio-title">Health of your relationships, last 8 weeks</h2>
      {health.error && <p role="alert">{health.error.message}</p>}
      {health.data && (
        <>
          <HealthReport health={health.data} />
          {health.data.deals.length === 0 ? (
            <p>No live relationships yet.</p>
          ) : (
            <table className="health-table">
              <caption>Per deal, most incidents still open first</caption>
              <thead>
                <tr>
                  <th scope="col">Deal</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Still open</th>
                  <th scope="col">Resolved in time</th>
                  <th scope="col">Reached strategic</th>
                </tr>
              </thead>
              <tbody>
                {health.data.deals.map((deal) => (
                  <tr key={deal.dealId}>
                    <th scope="row">
                      <Link to={`/deals/${encodeURIComponent(deal.dealId)}`}>{deal.title}</Link> <small>{label(deal.stage)}</small>
                    </th>
                    <td>{deal.overall.opened}</td>
                    <td>{deal.overall.stillOpen}</td>
                    <td>
                      {deal.overall.resolvedInTime} of {deal.overall.resolved}
                    </td>
                    <td>{deal.overall.reachedStrategic}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
