import { DEFAULT_GUIDANCE, ELEMENTS } from '@app/domain';
import { DealDriver, FEASIBLE, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

const OWN_SYSTEMS_QUESTION = 'Can the order system take a one-off price for this customer?';

describe('exploration guided by the deal’s value proposition', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ GROUNDWORK_GUIDANCE: JSON.stringify({ 'customer-intimacy': { systems: [OWN_SYSTEMS_QUESTION] } }) });
  });

  afterAll(async () => {
    await app.terminateRunningDeals();
    await app.close();
  });

  it('gives each element’s task the questions of its value proposition, configured ones in place of the defaults', async () => {
    const excellence = await DealDriver.start(app, { valueProposition: 'operational-excellence' });
    expect(Object.fromEntries((await excellence.openTasks()).map((task) => [task.kind, task.questions]))).toEqual(DEFAULT_GUIDANCE['operational-excellence']);

    const intimacy = await DealDriver.start(app, { valueProposition: 'customer-intimacy' });
    const questions = Object.fromEntries((await intimacy.openTasks()).map((task) => [task.kind, task.questions]));
    expect(questions).toEqual({ ...DEFAULT_GUIDANCE['customer-intimacy'], systems: [OWN_SYSTEMS_QUESTION] });
    expect(Object.keys(questions).sort()).toEqual([...ELEMENTS].sort());
  });

  it('records a finding’s answers with the questions, refuses answers that do not match them, and shows unanswered ones', async () => {
    const deal = await DealDriver.start(app, { valueProposition: 'customer-intimacy' });
    const [processes, , systems] = await deal.openTasks();
    const mismatch = expectStatus(await deal.complete(systems!, { ...FEASIBLE, answers: ['Yes.', 'And more.'] }), 400);
    expect(mismatch.body.message).toBe("answers must answer each of the task's 1 questions, in order");
    expectStatus(await deal.complete(systems!, { ...FEASIBLE, answers: [' '] }), 400);
    expect((await deal.state()).findings).toEqual([]);

    expectStatus(await deal.complete(systems!, { ...FEASIBLE, answers: ['Yes: the pricing engine takes a per-customer override.'] }), 200);
    expectStatus(await deal.complete(processes!, FEASIBLE), 200);
    const { findings } = await deal.state();
    expect(findings.find((finding) => finding.element === 'systems')).toMatchObject({
      questions: [OWN_SYSTEMS_QUESTION],
      answers: ['Yes: the pricing engine takes a per-customer override.'],
    });
    const unanswered = findings.find((finding) => finding.element === 'processes');
    expect(unanswered).toMatchObject({ questions: DEFAULT_GUIDANCE['customer-intimacy'].processes });
    expect(unanswered).not.toHaveProperty('answers');
  });
});
