import { ESCALATION_LEVELS, SERVICE_LEVEL_CLOCKS, SIDES, type EscalationLevel, type IncidentLadderStep, type ServiceLevelClock, type Side, type TaskLadderStep } from '@app/domain';
import { Field, messagesFor } from '../components/fields';
import { label } from '../format';

/** A ladder step as typed: the multiple stays text until the proposal is sent, so a half-typed number is checked, not lost. */
export interface StepDraft {
  level: EscalationLevel;
  sides: Side[];
  after: string;
  clock: ServiceLevelClock;
}

export interface LadderDrafts {
  tasks: StepDraft[];
  incidents: StepDraft[];
}

export function draftsOf(ladders: { tasks: TaskLadderStep[]; incidents: IncidentLadderStep[] }): LadderDrafts {
  return {
    tasks: ladders.tasks.map((step) => ({ level: step.level, sides: step.sides ?? [], after: String(step.after), clock: 'resolveWithin' })),
    incidents: ladders.incidents.map((step) => ({ level: step.level, sides: step.sides, after: String(step.after.times), clock: step.after.clock })),
  };
}

/** The drafts in the API's shape; a task step naming no side tells the task's own side. */
export function laddersOf(drafts: LadderDrafts): { tasks: TaskLadderStep[]; incidents: IncidentLadderStep[] } {
  return {
    tasks: drafts.tasks.map((step) => ({ level: step.level, ...(step.sides.length > 0 ? { sides: step.sides } : {}), after: Number(step.after) })),
    incidents: drafts.incidents.map((step) => ({ level: step.level, sides: step.sides, after: { clock: step.clock, times: Number(step.after) } })),
  };
}

const CLOCK_LABELS: Record<ServiceLevelClock, string> = { respondWithin: 'respond within', resolveWithin: 'resolve within' };

/** Edits one ladder's steps: level, the sides told and after how long, with the domain's messages beside each step. */
export function LadderEditor({ ladder, drafts, messages, onChange }: { ladder: keyof LadderDrafts; drafts: LadderDrafts; messages: string[]; onChange: (drafts: LadderDrafts) => void }) {
  const steps = drafts[ladder];
  const subject = ladder === 'tasks' ? 'Task' : 'Incident';
  const replace = (next: StepDraft[]) => onChange({ ...drafts, [ladder]: next });
  const update = (index: number, change: Partial<StepDraft>) => replace(steps.map((step, at) => (at === index ? { ...step, ...change } : step)));
  return (
    <fieldset>
      <legend>{ladder === 'tasks' ? 'Task ladder: once overdue, after a multiple of the time the task was given (1 = when due)' : 'Incident ladder: after a multiple of a service-level clock'}</legend>
      {steps.map((step, index) => {
        const path = `policy.ladders.${ladder}[${index}]`;
        const name = `${subject} step ${index + 1}`;
        return (
          <fieldset key={index} className={messagesFor(messages, path).length > 0 ? 'field invalid' : 'field'} aria-label={name}>
            <legend>{name}</legend>
            <div className="row">
              <Field label={`${name}: level`}>
                <select value={step.level} onChange={(event) => update(index, { level: event.target.value as EscalationLevel })}>
                  {ESCALATION_LEVELS.map((level) => (
                    <option key={level} value={level}>
                      {label(level)}
                    </option>
                  ))}
                </select>
              </Field>
              {ladder === 'incidents' && (
                <Field label={`${name}: clock`}>
                  <select value={step.clock} onChange={(event) => update(index, { clock: event.target.value as ServiceLevelClock })}>
                    {SERVICE_LEVEL_CLOCKS.map((clock) => (
                      <option key={clock} value={clock}>
                        {CLOCK_LABELS[clock]}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              <Field label={`${name}: times`} errors={messagesFor(messages, `${path}.after`)}>
                <input inputMode="decimal" value={step.after} onChange={(event) => update(index, { after: event.target.value })} />
              </Field>
            </div>
            {SIDES.map((side) => (
              <label key={side} className="choice">
                <input
                  type="checkbox"
                  checked={step.sides.includes(side)}
                  onChange={(event) => update(index, { sides: SIDES.filter((candidate) => (candidate === side ? event.target.checked : step.sides.includes(candidate))) })}
                />
                {name}: tell the {side}
              </label>
            ))}
            {ladder === 'tasks' && step.sides.length === 0 && <small className="hint">No side ticked: the task’s own side is told.</small>}
            {messagesFor(messages, `${path}.sides`).map((message) => (
              <p key={message} className="field-error">
                {message}
              </p>
            ))}
            {steps.length > 1 && (
              <button type="button" onClick={() => replace(steps.filter((_step, at) => at !== index))}>
                Remove {name.toLowerCase()}
              </button>
            )}
          </fieldset>
        );
      })}
      {messagesFor(messages, `policy.ladders.${ladder}`)
        .filter((message) => !/\[\d+\]/.test(message.split(' ')[0] ?? ''))
        .map((message) => (
          <p key={message} className="field-error">
            {message}
          </p>
        ))}
      <button type="button" onClick={() => replace([...steps, { level: 'strategic', sides: ['supplier', 'customer'], after: '2', clock: 'resolveWithin' }])}>
        Add a {subject.toLowerCase()} step
      </button>
    </fieldset>
  );
}
