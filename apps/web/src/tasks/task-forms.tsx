import { bandwidthLimits, checkBandwidth, standardTier, validateTaskResult, type ContractTerms } from '@app/domain';
import type { Schemas, TaskKind } from '../api/client';
import { Field, linesOf, messagesFor } from '../components/fields';
import { label } from '../format';

type Deal = Schemas['DealView'];
export type Draft = Record<string, string>;
const SEVERITIES = ['critical', 'major', 'minor'] as const;

/** The result a draft stands for, in the API's shape (the same shape the domain validates); a finding answers every question. */
export function resultOf(kind: TaskKind, draft: Draft, questions: readonly string[] = []): unknown {
  switch (kind) {
    case 'go-no-go':
    case 'countersign':
      return { decision: draft.decision, substantiation: draft.substantiation ?? '' };
    case 'contract':
      return termsOf(draft);
    case 'ratification':
      return { decision: draft.decision, ...(draft.reason ? { reason: draft.reason } : {}) };
    case 'review':
      return { summary: draft.summary ?? '' };
    default: {
      const conditions = linesOf(draft.conditions ?? '');
      return {
        assessment: draft.assessment,
        substantiation: draft.substantiation ?? '',
        ...(draft.assessment === 'conditional' ? { conditions } : {}),
        ...(questions.length > 0 ? { answers: questions.map((_question, index) => draft[answerField(index)] ?? '') } : {}),
      };
    }
  }
}

const answerField = (index: number) => `answers[${index}]`;

function termsOf(draft: Draft): ContractTerms {
  return {
    discountPct: draft.discountPct === undefined || draft.discountPct === '' ? Number.NaN : Number(draft.discountPct),
    serviceLevels: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, { respondWithin: draft[`${severity}.respondWithin`] ?? '', resolveWithin: draft[`${severity}.resolveWithin`] ?? '' }]),
    ) as ContractTerms['serviceLevels'],
    agreements: linesOf(draft.agreements ?? ''),
    customTerms: linesOf(draft.customTerms ?? ''),
  };
}

/** What is wrong with a draft as the API would see it: the domain's own checks, run as the user types. */
export function problemsOf(kind: TaskKind, draft: Draft, deal: Deal, questions: readonly string[] = []): string[] {
  try {
    const result = validateTaskResult(kind, resultOf(kind, draft, questions));
    if (kind !== 'contract') return [];
    return checkBandwidth(deal.valueProposition, deal.customer.segment, result as ContractTerms).violations.map((violation) => violation.message);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/** Terms allowed but flagged for the directors' attention at ratification. */
export function flagsOf(draft: Draft, deal: Deal): string[] {
  try {
    return checkBandwidth(deal.valueProposition, deal.customer.segment, termsOf(draft)).flags;
  } catch {
    return [];
  }
}

/** A first draft: contract terms start from the standard service levels of the customer's segment. */
export function initialDraft(kind: TaskKind, deal: Deal): Draft {
  if (kind !== 'contract') return {};
  const tier = standardTier(deal.customer.segment);
  const draft: Draft = { discountPct: '0' };
  for (const severity of SEVERITIES) {
    draft[`${severity}.respondWithin`] = tier[severity].respondWithin;
    draft[`${severity}.resolveWithin`] = tier[severity].resolveWithin;
  }
  return draft;
}

interface FormProps {
  kind: TaskKind;
  /** The element whose finding a countersign task checks. */
  element: Schemas['TaskView']['element'];
  deal: Deal;
  draft: Draft;
  change: (field: string, value: string) => void;
  /** Messages from the domain's checks and the API's last refusal. */
  messages: string[];
  /** What an exploration task asks for the deal's value proposition. */
  questions: readonly string[];
}

function Choice({ name, options, value, change, legend, errors }: { name: string; options: readonly string[]; value: string | undefined; change: (value: string) => void; legend: string; errors: string[] }) {
  return (
    <fieldset className={errors.length > 0 ? 'field invalid' : 'field'} aria-describedby={errors.length > 0 ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="choice">
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => change(option)} />
          {label(option)}
        </label>
      ))}
      {errors.length > 0 && (
        <p id={`${name}-error`} className="field-error">
          {errors.join('; ')}
        </p>
      )}
    </fieldset>
  );
}

export function TaskForm({ kind, element, deal, draft, change, messages, questions }: FormProps) {
  const errorsOf = (field: string) => messagesFor(messages, field);
  const textarea = (field: string, rows = 4) => <textarea rows={rows} value={draft[field] ?? ''} onChange={(event) => change(field, event.target.value)} />;
  switch (kind) {
    case 'go-no-go':
      return (
        <>
          <GoNoGoBrief deal={deal} />
          <Choice name="decision" legend="Decision" options={['go', 'no-go']} value={draft.decision} change={(value) => change('decision', value)} errors={errorsOf('decision')} />
          <Field label="Substantiation" hint="Why, in terms of the four findings" errors={errorsOf('substantiation')}>
            {textarea('substantiation', 6)}
          </Field>
        </>
      );
    case 'countersign': {
      const finding = deal.findings.find((candidate) => candidate.element === element);
      return (
        <>
          <section aria-labelledby="brief-title" className="brief">
            <h2 id="brief-title">The finding on {label(element ?? '')} you check for {deal.customer.name}</h2>
            {finding ? <FindingsList deal={{ ...deal, findings: [finding] }} /> : <p>The finding is no longer on the deal.</p>}
          </section>
          <Choice
            name="decision"
            legend="Does it hold on your floor?"
            options={['co-sign', 'contest']}
            value={draft.decision}
            change={(value) => change('decision', value)}
            errors={errorsOf('decision')}
          />
          <Field label="Substantiation" hint="Co-sign: what you checked. Contest: what does not hold; the finding goes back to its assignee" errors={errorsOf('substantiation')}>
            {textarea('substantiation', 5)}
          </Field>
        </>
      );
    }
    case 'contract':
      return <ContractForm deal={deal} draft={draft} change={change} errorsOf={errorsOf} />;
    case 'ratification':
      return (
        <>
          <RatificationBrief deal={deal} />
          <Choice name="decision" legend="Decision" options={['ratify', 'reject']} value={draft.decision} change={(value) => change('decision', value)} errors={errorsOf('decision')} />
          <Field label="Reason" hint="Required when you reject" errors={errorsOf('reason')}>
            {textarea('reason', 3)}
          </Field>
        </>
      );
    case 'review':
      return (
        <Field label="Review summary" errors={errorsOf('summary')}>
          {textarea('summary', 6)}
        </Field>
      );
    default:
      return (
        <>
          <Choice
            name="assessment"
            legend={`Assessment of ${label(kind)}`}
            options={['feasible', 'conditional', 'not-feasible']}
            value={draft.assessment}
            change={(value) => change('assessment', value)}
            errors={errorsOf('assessment')}
          />
          <Field label="Substantiation" hint="What you found, and why it leads to this assessment" errors={errorsOf('substantiation')}>
            {textarea('substantiation', 6)}
          </Field>
          {draft.assessment === 'conditional' && (
            <Field label="Conditions" hint="One per line" errors={errorsOf('conditions')}>
              {textarea('conditions', 3)}
            </Field>
          )}
          {questions.length > 0 && (
            <fieldset className="questions">
              <legend>Questions that matter for {label(deal.valueProposition)}</legend>
              {questions.map((question, index) => (
                <Field key={question} label={question} errors={errorsOf(answerField(index))}>
                  {textarea(answerField(index), 2)}
                </Field>
              ))}
            </fieldset>
          )}
        </>
      );
  }
}

function GoNoGoBrief({ deal }: { deal: Deal }) {
  return (
    <section aria-labelledby="brief-title" className="brief">
      <h2 id="brief-title">Recommendation and findings</h2>
      {deal.recommendation && (
        <p>
          Recommendation: <strong>{label(deal.recommendation.decision)}</strong>
          {deal.recommendation.because.length > 0 && <> because of {deal.recommendation.because.map(label).join(', ')}</>}
          {deal.recommendation.conditions.length > 0 && <> on conditions: {deal.recommendation.conditions.join('; ')}</>}
        </p>
      )}
      <FindingsList deal={deal} />
      <AdviceList advice={deal.advice ?? []} />
    </section>
  );
}

/** The outside advisors' advice, as the go/no-go report carries it. */
export function AdviceList({ advice }: { advice: readonly Schemas['AdviceView'][] }) {
  if (advice.length === 0) return null;
  return (
    <section aria-label="Advice from outside advisors" className="advice">
      <h3>Advice from outside advisors</h3>
      <ul>
        {advice.map((item) => (
          <li key={`${item.by}/${item.at}`}>
            {item.element && <strong>{label(item.element)}: </strong>}
            {item.text} <small>— {item.by}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FindingsList({ deal }: { deal: Deal }) {
  return (
    <dl className="findings">
      {deal.findings.map((finding) => (
        <div key={finding.element}>
          <dt>
            {label(finding.element)}: <strong>{label(finding.assessment)}</strong> <small>by {finding.recordedBy}</small>
            {finding.coSigned && <small className="co-signed"> · co-signed by {finding.coSigned.by}</small>}
          </dt>
          <dd>
            {finding.substantiation}
            {finding.conditions && finding.conditions.length > 0 && <> (conditions: {finding.conditions.join('; ')})</>}
            {finding.coSigned && <p className="hint">{finding.coSigned.by}: {finding.coSigned.substantiation}</p>}
            {finding.questions && finding.questions.length > 0 && (
              <dl className="answers">
                {finding.questions.map((question, index) => (
                  <div key={question}>
                    <dt>{question}</dt>
                    <dd>{finding.answers?.[index] ?? <em>Not answered</em>}</dd>
                  </div>
                ))}
              </dl>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function RatificationBrief({ deal }: { deal: Deal }) {
  const contract = deal.contract;
  if (!contract) return null;
  return (
    <section aria-labelledby="contract-title" className="brief">
      <h2 id="contract-title">Contract, version {contract.version}</h2>
      {contract.flags.length > 0 ? (
        <>
          <h3>Flagged for your attention</h3>
          <ul className="flags">
            {contract.flags.map((flag) => (
              <li key={flag}>{flag}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>No terms flagged: everything lies inside the standard bandwidth.</p>
      )}
      {contract.document && (
        <pre className="contract-document" tabIndex={0} aria-label="The contract as rendered">
          {contract.document}
        </pre>
      )}
    </section>
  );
}

function ContractForm({ deal, draft, change, errorsOf }: { deal: Deal; draft: Draft; change: (field: string, value: string) => void; errorsOf: (field: string) => string[] }) {
  const flags = flagsOf(draft, deal);
  const input = (field: string, type = 'text') => <input type={type} value={draft[field] ?? ''} onChange={(event) => change(field, event.target.value)} />;
  const limits = bandwidthLimits(deal.valueProposition, deal.customer.segment);
  return (
    <>
      <section aria-labelledby="limits-title" className="brief">
        <h3 id="limits-title">
          Bandwidth of {label(deal.valueProposition)} for {label(deal.customer.segment)} customers
        </h3>
        <ul>
          <li>
            Discount at most {limits.maxDiscountPct} %{limits.flaggedDiscountAbovePct < limits.maxDiscountPct && `; above ${limits.flaggedDiscountAbovePct} % it is flagged for the directors`}.
          </li>
          <li>
            Service levels {limits.tierRequired ? 'no stricter than' : 'stricter than this are flagged:'} the standard tier:{' '}
            {SEVERITIES.map((severity) => `${severity} respond ${limits.standardTier[severity].respondWithin}, resolve ${limits.standardTier[severity].resolveWithin}`).join('; ')}.
          </li>
          <li>Custom terms {limits.customTerms === 'refused' ? 'are not allowed' : 'are allowed and flagged for the directors'}.</li>
        </ul>
        <p className="hint">The terms are checked against these as you type.</p>
      </section>
      <Field label="Discount (%)" errors={errorsOf('discountPct')}>
        {input('discountPct', 'number')}
      </Field>
      <fieldset>
        <legend>Service levels (ISO 8601 durations, e.g. PT4H, P2D)</legend>
        {SEVERITIES.map((severity) => (
          <div key={severity} className="row">
            <Field label={`${label(severity)}: respond within`} errors={errorsOf(`serviceLevels.${severity}.respondWithin`)}>
              {input(`${severity}.respondWithin`)}
            </Field>
            <Field label={`${label(severity)}: resolve within`} errors={errorsOf(`serviceLevels.${severity}.resolveWithin`)}>
              {input(`${severity}.resolveWithin`)}
            </Field>
          </div>
        ))}
      </fieldset>
      <Field label="Agreements" hint="One per line" errors={errorsOf('agreements')}>
        <textarea rows={3} value={draft.agreements ?? ''} onChange={(event) => change('agreements', event.target.value)} />
      </Field>
      <Field label="Custom terms" hint="One per line; outside the standard bandwidth" errors={errorsOf('customTerms')}>
        <textarea rows={3} value={draft.customTerms ?? ''} onChange={(event) => change('customTerms', event.target.value)} />
      </Field>
      {flags.length > 0 && (
        <section aria-label="Flagged terms" className="flags">
          <h3>The directors will see these flagged</h3>
          <ul>
            {flags.map((flag) => (
              <li key={flag}>{flag}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
