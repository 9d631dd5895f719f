import type { Schemas } from '../api/client';
import { label } from '../format';

type Ladders = Schemas['EscalationLaddersView'];
type TaskStep = Ladders['tasks'][number];
type IncidentStep = Ladders['incidents'][number];

const CLOCK_NAMES = { respondWithin: '“respond within”', resolveWithin: '“resolve within”' } as const;

const sidesText = (sides: string[] | undefined, fallback: string) => (sides && sides.length > 0 ? sides.map((side) => `the ${side}`).join(' and ') : fallback);

export function taskStepText(step: TaskStep): string {
  const when = step.after === 1 ? 'when due' : `at ${step.after}× the time given`;
  return `${when} → ${step.level}, telling ${sidesText(step.sides, 'the task’s own side')}`;
}

export function incidentStepText(step: IncidentStep): string {
  const when = `after ${step.after.times === 1 ? '' : `${step.after.times}× `}${CLOCK_NAMES[step.after.clock]}`;
  return `${when} → ${step.level}, telling ${sidesText(step.sides, 'nobody')}`;
}

/** One ladder as a staircase: each step a rung at the height of its level, in the order declared. */
function Staircase({ title, steps }: { title: string; steps: { level: string; text: string }[] }) {
  const rung = 190;
  const width = Math.max(1, steps.length) * rung + 16;
  const heightOf = (level: string) => (level === 'strategic' ? 8 : 52);
  return (
    <figure className="ladder-picture">
      <svg viewBox={`0 0 ${width} 120`} role="img" aria-label={`${title}: ${steps.map((step) => step.text).join('; ')}`}>
        <line x1={0} y1={112} x2={width} y2={112} className="ladder-floor" />
        <text x={4} y={108} className="ladder-note">
          operational
        </text>
        {steps.map((step, index) => {
          const x = index * rung + 8;
          const y = heightOf(step.level);
          return (
            <g key={`${step.level}-${index}`}>
              <rect x={x} y={y} width={rung - 16} height={112 - y - 20} rx={4} className={`ladder-rung ${step.level}`} />
              <text x={x + 8} y={y + 18} className="ladder-level">
                {index + 1}. {label(step.level)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <strong>{title}</strong>
        <ol>
          {steps.map((step, index) => (
            <li key={`${step.level}-${index}`}>{step.text}</li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}

/** The escalation ladders a deal follows: who is told at each step, and after how long. */
export function LadderPictures({ ladders }: { ladders: Ladders }) {
  return (
    <section aria-labelledby="ladders-title">
      <h2 id="ladders-title">Escalation ladders</h2>
      <div className="ladder-pictures">
        <Staircase title="An overdue task" steps={ladders.tasks.map((step) => ({ level: step.level, text: taskStepText(step) }))} />
        <Staircase title="An incident" steps={ladders.incidents.map((step) => ({ level: step.level, text: incidentStepText(step) }))} />
      </div>
    </section>
  );
}
