import { VALUE_PROPOSITIONS, type ValueProposition } from './deal';
import { invalidInput } from './errors';
import { LIMITS } from './limits';
import { ELEMENTS, type ExplorationGuidance } from './tasks';

/** How many questions one element may ask: a finding answers each of them. */
export const MAX_QUESTIONS_PER_ELEMENT = 8;

/**
 * The defaults, after the article on Operational Excellence in marketing & sales (Treacy & Wiersema's
 * three value propositions over the four B-O-S-M elements): each proposition asks for a different
 * arrangement, and an organisation must know sharply what it can and cannot offer.
 */
export const DEFAULT_GUIDANCE: Record<ValueProposition, ExplorationGuidance> = {
  'operational-excellence': {
    processes: [
      'Which of the customer’s orders fit our standard processes unchanged, and which would need an exception?',
      'Can every agreement be kept within the fixed bandwidths and the predefined customer group?',
    ],
    organisation: ['Is the structure that delivers clear and stable: who owns each step, at both organisations?'],
    systems: ['Do standardised, reliable systems cover the orders end to end, fast and without manual correction?'],
    people: ['Can the people on the floor work in a structured, reliable way and still put themselves in the customer’s place?'],
  },
  'customer-intimacy': {
    processes: ['Where will the customer ask to deviate from the standard, and can we register and follow up such custom agreements?'],
    organisation: ['Is there room to depart from the existing structures, with people kept free to jump on the customer’s specific questions?'],
    systems: ['Can the systems adapt fast, or handle one-off procedures outside the regular systems when the customer needs it?'],
    people: ['Are the people flexible and creative enough to handle last-minute changes to the customer’s wishes?'],
  },
  'product-leadership': {
    processes: ['Can new products reach this customer quickly, with the processes around them ready at launch?'],
    organisation: ['Who at both organisations carries a new product from introduction into daily use?'],
    systems: ['Do the systems take new products and versions without rework?'],
    people: ['Do the people on the floor know the products well enough to support the customer with each new release?'],
  },
};

/** Overrides per value proposition and element, as GROUNDWORK_GUIDANCE gives them. */
export type GuidanceOverrides = Partial<Record<ValueProposition, Partial<ExplorationGuidance>>>;

/** Checks overrides from configuration; throws an invalid-input DomainError naming the path. */
export function validateGuidanceOverrides(value: unknown, root = 'guidance'): GuidanceOverrides {
  const fields = objectAt(value, root);
  return Object.fromEntries(
    Object.entries(fields).map(([proposition, elements]) => {
      if (!(VALUE_PROPOSITIONS as readonly string[]).includes(proposition)) throw invalidInput(`${root}.${proposition} is not a value proposition (${VALUE_PROPOSITIONS.join(', ')})`);
      const perElement = objectAt(elements, `${root}.${proposition}`);
      return [
        proposition,
        Object.fromEntries(
          Object.entries(perElement).map(([element, questions]) => {
            const path = `${root}.${proposition}.${element}`;
            if (!(ELEMENTS as readonly string[]).includes(element)) throw invalidInput(`${path} is not an element (${ELEMENTS.join(', ')})`);
            if (!Array.isArray(questions) || questions.length > MAX_QUESTIONS_PER_ELEMENT) throw invalidInput(`${path} must be a list of at most ${MAX_QUESTIONS_PER_ELEMENT} questions`);
            questions.forEach((question, index) => {
              if (typeof question !== 'string' || question.trim() === '' || question.length > LIMITS.title) throw invalidInput(`${path}[${index}] must be a question of 1 to ${LIMITS.title} characters`);
            });
            return [element, questions as string[]];
          }),
        ),
      ];
    }),
  );
}

/** The questions for a deal's value proposition: the defaults, with the configured overrides in their place. */
export function guidanceFor(valueProposition: ValueProposition, overrides: GuidanceOverrides = {}): ExplorationGuidance {
  return { ...DEFAULT_GUIDANCE[valueProposition], ...overrides[valueProposition] };
}

/**
 * Checks a finding's answers against its task's questions: one answer per question, in order.
 * Answers may be left out altogether (the go/no-go report then shows the questions as unanswered).
 */
export function checkAnswers(questions: readonly string[] | undefined, answers: readonly string[] | undefined): void {
  if (answers === undefined) return;
  const asked = questions?.length ?? 0;
  if (answers.length !== asked) {
    throw invalidInput(asked === 0 ? 'answers: this task asks no questions' : `answers must answer each of the task's ${asked} questions, in order`);
  }
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput(`${path} must be an object`);
  return value as Record<string, unknown>;
}
