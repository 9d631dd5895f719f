import { DealProcess } from './deal-process';
import { sampleStartCommand } from './deal.fixtures';
import { DEFAULT_GUIDANCE, checkAnswers, guidanceFor, validateGuidanceOverrides } from './guidance';
import { VALUE_PROPOSITIONS } from './deal';
import { ELEMENTS } from './tasks';

const START = '2026-03-02T09:00:00.000Z';

describe('guidance per value proposition', () => {
  it('asks every element at least one question for every value proposition', () => {
    for (const proposition of VALUE_PROPOSITIONS) {
      for (const element of ELEMENTS) expect(DEFAULT_GUIDANCE[proposition][element].length).toBeGreaterThan(0);
    }
  });

  it('asks operational excellence about fixed bandwidths and customer intimacy about room to deviate', () => {
    expect(guidanceFor('operational-excellence').processes.join(' ')).toMatch(/fixed bandwidths/);
    expect(guidanceFor('customer-intimacy').organisation.join(' ')).toMatch(/depart from the existing structures/);
    expect(guidanceFor('customer-intimacy').systems.join(' ')).toMatch(/adapt fast/);
  });

  it('puts configured questions in place of the defaults, element by element', () => {
    const overrides = validateGuidanceOverrides({ 'customer-intimacy': { systems: ['Can the order system take a one-off price?'] } });
    const guidance = guidanceFor('customer-intimacy', overrides);
    expect(guidance.systems).toEqual(['Can the order system take a one-off price?']);
    expect(guidance.people).toEqual(DEFAULT_GUIDANCE['customer-intimacy'].people);
    expect(guidanceFor('operational-excellence', overrides)).toEqual(DEFAULT_GUIDANCE['operational-excellence']);
  });

  it.each([
    [[], 'guidance must be an object'],
    [{ cheapest: {} }, 'guidance.cheapest is not a value proposition'],
    [{ 'customer-intimacy': { finance: [] } }, 'guidance.customer-intimacy.finance is not an element'],
    [{ 'customer-intimacy': { systems: 'Why?' } }, 'guidance.customer-intimacy.systems must be a list'],
    [{ 'customer-intimacy': { systems: ['  '] } }, 'guidance.customer-intimacy.systems[0] must be a question'],
  ])('refuses overrides %j, naming the path', (value, message) => {
    expect(() => validateGuidanceOverrides(value)).toThrow(message);
  });

  it('takes one answer per question, or none at all', () => {
    expect(() => checkAnswers(['Why?', 'How?'], ['Because.', 'Like this.'])).not.toThrow();
    expect(() => checkAnswers(['Why?', 'How?'], undefined)).not.toThrow();
    expect(() => checkAnswers(['Why?', 'How?'], ['Because.'])).toThrow("answers must answer each of the task's 2 questions, in order");
    expect(() => checkAnswers(undefined, ['Because.'])).toThrow('answers: this task asks no questions');
  });
});

describe('an exploration that carries the questions', () => {
  const guidance = guidanceFor('customer-intimacy');
  const process = DealProcess.start(sampleStartCommand({ valueProposition: 'customer-intimacy', guidance }), START);

  it('gives each element’s task its questions, and keeps them out of the deal’s state', () => {
    expect(process.state.tasks.map((task) => task.questions)).toEqual(ELEMENTS.map((element) => guidance[element]));
    expect('guidance' in process.state).toBe(false);
  });

  it('records the answers with the questions on the finding, and refuses answers that do not match', () => {
    const task = process.state.tasks[0]!;
    const actor = { userId: task.assignee, roles: ['operational' as const] };
    const result = { assessment: 'feasible', substantiation: 'Custom agreements are registered per order line already.' };
    expect(() => process.checkCompleteTask({ taskId: task.id, actor, result: { ...result, answers: [] } })).toThrow('answers must answer each');
    process.completeTask({ taskId: task.id, actor, result: { ...result, answers: ['Yes: the order desk logs them in the CRM.'] } }, START);
    expect(process.state.findings[0]).toMatchObject({ element: 'processes', questions: guidance.processes, answers: ['Yes: the order desk logs them in the CRM.'] });
  });
});
