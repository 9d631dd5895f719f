import { DealDriver, FEASIBLE, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

describe('a deal survives its worker', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps its state when the worker stops mid-exploration, and a new worker carries on, including work sent meanwhile', async () => {
    const deal = await DealDriver.start(app);
    const [processes, organisation, systems, people] = await deal.openTasks();
    expectStatus(await deal.complete(processes!, FEASIBLE), 200);
    expectStatus(await deal.complete(organisation!, FEASIBLE), 200);

    await app.stopWorker();
    // Sent while no worker runs: Temporal holds the Update until a worker takes it.
    const pending = deal.complete(systems!, FEASIBLE);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await app.startWorker();

    expectStatus(await pending, 200);
    expectStatus(await deal.complete(people!, FEASIBLE), 200);
    const state = await deal.state();
    expect(state.stage).toBe('go-no-go');
    expect(state.findings.map((finding) => finding.element)).toEqual(['processes', 'organisation', 'systems', 'people']);
  });
});
