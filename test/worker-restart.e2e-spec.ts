import type { DealEvent, DealState } from '@app/domain';
import { DealDriver, FEASIBLE, dealBody, expectStatus, retryWhileUnavailable } from './support/deal-driver';
import { TestApp } from './support/test-app';

describe('a deal survives its worker', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ TEMPORAL_WAIT_MS: '1500' });
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
    // Sent while no worker runs: the API answers 503 within its wait; Temporal holds the Update, and a
    // retry with the same Idempotency-Key once a worker is back returns its outcome, applied once.
    const otto = await app.as(systems!.assignee);
    const complete = () =>
      otto.post(`/api/deals/${deal.dealId}/tasks/${systems!.id}/complete`, FEASIBLE).set('Idempotency-Key', 'systems-finding-1');
    const unavailable = await complete();
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('5');
    expect(unavailable.body.message).toContain('Idempotency-Key');
    // Reads come from the durable record: no worker needed, and nothing of the refused command shows.
    const read = expectStatus(await otto.get(`/api/deals/${deal.dealId}`), 200);
    expect((read.body as DealState).tasks.find((task) => task.id === systems!.id)?.status).toBe('open');
    expectStatus(await otto.get('/api/tasks'), 200);
    await app.startWorker();

    const retried = expectStatus(await retryWhileUnavailable(complete), 200);
    expect(retried.body).toMatchObject({ id: systems!.id, status: 'done' });
    expectStatus(await complete(), 200);
    const timeline = (await otto.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
    expect(timeline.filter((event) => event.type === 'TaskCompleted' && event.data.taskId === systems!.id)).toHaveLength(1);
    expectStatus(await deal.complete(people!, FEASIBLE), 200);
    const state = await deal.state();
    expect(state.stage).toBe('go-no-go');
    expect(state.findings.map((finding) => finding.element)).toEqual(['processes', 'organisation', 'systems', 'people']);
  });

  it('answers a start sent again while no worker runs only once the deal is readable', async () => {
    await app.stopWorker();
    const paula = await app.as('pm.paula');
    const key = `start-without-worker-${Date.now()}`;
    const start = () => paula.post('/api/deals', dealBody({ dealId: undefined })).set('Idempotency-Key', key);
    // The first attempt starts the workflow, but nobody writes its first record: 503, as is the retry
    // (found by the soak: the retry said 201 for a deal whose reads were 404).
    expect((await start()).status).toBe(503);
    expect((await start()).status).toBe(503);
    await app.startWorker();
    const started = expectStatus(await retryWhileUnavailable(start), 201).body as { dealId: string };
    expectStatus(await paula.get(`/api/deals/${started.dealId}`), 200);
    expect((expectStatus(await start(), 201).body as { dealId: string }).dealId).toBe(started.dealId);
  });
});
