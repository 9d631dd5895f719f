import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DEFAULT_POLICY, validateEscalationProposal } from '@app/domain';
import { api, ok, type Schemas } from '../api/client';
import { Field, messagesFor } from '../components/fields';
import { dateTime, label } from '../format';
import { LadderEditor, draftsOf, laddersOf, type LadderDrafts } from './LadderEditor';

type Report = Schemas['WhatIfReportView'];
type Item = Schemas['WhatIfItemView'];
const SEVERITIES = ['critical', 'major', 'minor'] as const;
const STEPS = ['tactical', 'strategic'] as const;
type Draft = Record<string, string>;

function initialDraft(): Draft {
  const draft: Draft = {};
  for (const severity of SEVERITIES) {
    draft[`${severity}.respondWithin`] = DEFAULT_POLICY.incidentServiceLevels[severity].respondWithin;
    draft[`${severity}.resolveWithin`] = DEFAULT_POLICY.incidentServiceLevels[severity].resolveWithin;
  }
  return draft;
}

const DEFAULT_LADDER_DRAFTS = draftsOf(DEFAULT_POLICY.ladders!);

/** The proposal a draft stands for, in the API's shape (the same shape the domain validates). */
function proposalOf(draft: Draft, ladders: LadderDrafts) {
  return {
    policy: {
      incidentServiceLevels: Object.fromEntries(
        SEVERITIES.map((severity) => [severity, { respondWithin: draft[`${severity}.respondWithin`] ?? '', resolveWithin: draft[`${severity}.resolveWithin`] ?? '' }]),
      ),
      ladders: laddersOf(ladders),
    },
  };
}

function problemsOf(draft: Draft, ladders: LadderDrafts): string[] {
  try {
    validateEscalationProposal(proposalOf(draft, ladders));
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/** A programme manager's what-if: a proposed escalation policy replayed over the recorded deals, before it is deployed. */
export function WhatIfPage() {
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [ladders, setLadders] = useState<LadderDrafts>(DEFAULT_LADDER_DRAFTS);
  const ask = useMutation({ mutationFn: () => ok(api.POST('/api/what-if/escalation', { body: proposalOf(draft, ladders) })) });
  const problems = problemsOf(draft, ladders);
  const messages = [...problems, ...(ask.error ? [ask.error.message] : [])];
  const change = (field: string, value: string) => setDraft({ ...draft, [field]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length === 0) ask.mutate();
  };
  return (
    <section aria-labelledby="what-if-title">
      <h1 id="what-if-title">What-if for escalation policies</h1>
      <p>Propose service levels and the ladders' steps (level, who is told, after how long); the recorded incidents and tasks of the last 90 days are replayed under it, beside what actually climbed. Nothing changes.</p>
      <form aria-label="Proposed policy" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Service levels (ISO 8601 durations, e.g. PT4H, P2D)</legend>
          {SEVERITIES.map((severity) => (
            <div key={severity} className="row">
              {(['respondWithin', 'resolveWithin'] as const).map((key) => (
                <Field key={key} label={`${label(severity)}: ${key === 'respondWithin' ? 'respond' : 'resolve'} within`} errors={messagesFor(messages, `policy.incidentServiceLevels.${severity}.${key}`)}>
                  <input value={draft[`${severity}.${key}`] ?? ''} onChange={(event) => change(`${severity}.${key}`, event.target.value)} />
                </Field>
              ))}
            </div>
          ))}
        </fieldset>
        <LadderEditor ladder="incidents" drafts={ladders} messages={messages} onChange={setLadders} />
        <LadderEditor ladder="tasks" drafts={ladders} messages={messages} onChange={setLadders} />
        {ask.error && messagesFor([ask.error.message], 'policy').length === 0 && <p role="alert">{ask.error.message}</p>}
        <button type="submit" disabled={ask.isPending || problems.length > 0}>
          Replay the recorded deals
        </button>
      </form>
      {ask.data && <WhatIfResult report={ask.data} />}
    </section>
  );
}

function WhatIfResult({ report }: { report: Report }) {
  const changed = report.deals.flatMap((deal) => deal.items.filter((item) => item.changed).map((item) => ({ deal, item })));
  return (
    <section aria-labelledby="what-if-result-title">
      <h2 id="what-if-result-title">What would have climbed</h2>
      <p data-testid="what-if-summary">
        {report.incidents} incidents and {report.tasks} tasks replayed; {report.changed} would have gone differently.
      </p>
      <ClimbChart report={report} />
      {changed.length === 0 ? (
        <p>The proposal handles every replayed incident and task as the current policies did.</p>
      ) : (
        <table className="what-if-table">
          <caption>What the proposal changes</caption>
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col">Incident or task</th>
              <th scope="col">Actually</th>
              <th scope="col">Under the proposal</th>
            </tr>
          </thead>
          <tbody>
            {changed.map(({ deal, item }) => (
              <tr key={`${deal.dealId}/${item.id}`}>
                <td>
                  <Link to={`/deals/${encodeURIComponent(deal.dealId)}`}>{deal.title}</Link>
                </td>
                <td>{item.subject === 'incident' ? item.what : `${label(item.what)} task (${item.id})`}</td>
                <td>{climbsText(item.actual)}</td>
                <td>{climbsText(item.proposed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function climbsText(climbs: Item['actual']): string {
  if (climbs.length === 0) return 'no escalation';
  return climbs.map((climb) => `${climb.level} ${dateTime(climb.at)}, told ${climb.notified.join(', ') || 'nobody'}`).join('; ');
}

/** Climbs per level, what happened beside what the proposal would do, as paired bars. */
function ClimbChart({ report }: { report: Report }) {
  const highest = Math.max(1, ...STEPS.flatMap((step) => [report.actual[step], report.proposed[step]]));
  const width = 240;
  const description = STEPS.map((step) => `${step}: ${report.actual[step]} actually, ${report.proposed[step]} under the proposal`).join('; ');
  return (
    <figure className="chart">
      <svg role="img" aria-label={`Escalations per level. ${description}`} viewBox={`0 0 ${width + 200} ${STEPS.length * 52}`} width="100%">
        {STEPS.map((step, index) => (
          <g key={step} transform={`translate(0 ${index * 52})`}>
            <text x="0" y="28" className="chart-label">
              {label(step)}
            </text>
            <rect x="90" y="6" height="18" width={Math.max(1, (report.actual[step] / highest) * width)} className="bar opened" />
            <text x={96 + (report.actual[step] / highest) * width} y="19" className="chart-value">
              {report.actual[step]} actually
            </text>
            <rect x="90" y="28" height="18" width={Math.max(1, (report.proposed[step] / highest) * width)} className="bar climbed" />
            <text x={96 + (report.proposed[step] / highest) * width} y="41" className="chart-value">
              {report.proposed[step]} proposed
            </text>
          </g>
        ))}
      </svg>
      <figcaption>Escalations per level: the lighter bar what happened, the darker bar what the proposal would have done</figcaption>
    </figure>
  );
}
