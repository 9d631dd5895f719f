import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DealEvent, DealState, DealStage } from '@app/domain';
import { dealWorkflowId } from '@app/workflows';
import { DealDriver, dealBody, expectStatus } from './support/deal-driver';
import { signalsOf } from './support/signals';
import { TestApp, eventually } from './support/test-app';
import { testEnv } from './support/test-env';

/**
 * What an operator does at retention: the deal's executions are gone from Temporal. The server
 * deletes in the background, so this asks again until describe no longer finds the deal.
 */
async function deleteExecution(app: TestApp, dealId: string): Promise<void> {
  const workflowId = dealWorkflowId(dealId);
  await eventually(
    async () => {
      await promisify(execFile)(testEnv('cliPath'), ['workflow', 'delete', '--yes', '--workflow-id', workflowId, '--address', testEnv('temporalAddress')], {
        timeout: 30_000,
      }).catch((error: unknown) => {
        // Asked again after the server already deleted it.
        if (!/not found/i.test(String((error as { stderr?: string }).stderr))) throw error;
      });
      const gone = await app.temporal.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          () => false,
          (error: unknown) => error instanceof WorkflowNotFoundError,
        );
      if (!gone) throw new Error(`deal ${dealId} still has an execution`);
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );
}

/**
 * Temporal keeps a closed workflow only for the namespace's retention; the durable record keeps the
 * deal for good. Each way a deal can end, then its execution deleted as retention would.
 */
describe('closed deals live on in the durable record after Temporal forgot them', () => {
  let app: TestApp;
  const closed: { deal: DealDriver; stage: DealStage; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    const start = async (): Promise<{ deal: DealDriver; body: Record<string, unknown> }> => {
      const body = dealBody();
      const response = expectStatus(await (await app.as('pm.paula')).post('/api/deals', body), 201);
      return { deal: new DealDriver(app, (response.body as { dealId: string }).dealId), body };
    };

    const noGo = await start();
    await noGo.deal.explore({ people: { assessment: 'not-feasible', substantiation: 'No night shift to match the customer.' } });
    await noGo.deal.decide('no-go', 'The people element cannot be met.');
    closed.push({ ...noGo, stage: 'abandoned' });

    const cancelled = await start();
    expectStatus(await (await app.as('pm.paula')).post(`/api/deals/${cancelled.deal.dealId}/cancel`, { reason: 'The customer chose another supplier.' }), 200);
    closed.push({ ...cancelled, stage: 'abandoned' });

    const rejected = await start();
    await rejected.deal.explore();
    await rejected.deal.decide('go');
    await rejected.deal.draftContract();
    const [ratification] = await rejected.deal.openTasks('ratification');
    expectStatus(await rejected.deal.complete(ratification!, { decision: 'reject', reason: 'The service levels are too loose.' }), 200);
    expectStatus(await (await app.as('pm.paula')).post(`/api/deals/${rejected.deal.dealId}/cancel`, { reason: 'No agreement in sight.' }), 200);
    closed.push({ ...rejected, stage: 'rejected' });

    const terminated = await start();
    await terminated.deal.explore();
    await terminated.deal.decide('go');
    await terminated.deal.draftContract();
    await terminated.deal.ratifyAll();
    expectStatus(await (await app.as('dir.dana')).post(`/api/deals/${terminated.deal.dealId}/terminate`, { reason: 'The customer was acquired.' }), 200);
    closed.push({ ...terminated, stage: 'terminated' });

    for (const { deal } of closed) await deleteExecution(app, deal.dealId);
  }, 300_000);

  afterAll(async () => {
    await app.close();
  });

  it('still reads each deal, its timeline and its go/no-go report', async () => {
    const pm = await app.as('pm.paula');
    for (const { deal, stage } of closed) {
      const state = (await pm.get(`/api/deals/${deal.dealId}`).expect(200)).body as DealState;
      expect(state.stage).toBe(stage);
      expect(state.closedAt).not.toBeNull();
      const timeline = (await pm.get(`/api/deals/${deal.dealId}/timeline`).expect(200)).body as DealEvent[];
      expect(timeline[0]?.type).toBe('DealStarted');
      expect(timeline.at(-1)?.type).toMatch(/^(DealAbandoned|DealRejected|RelationshipTerminated)$/);
    }
    const [noGo] = closed;
    const report = ((await pm.get(`/api/deals/${noGo!.deal.dealId}`).expect(200)).body as DealState).decision;
    expect(report).toMatchObject({ decision: 'no-go', substantiation: 'The people element cannot be met.', recommendation: { decision: 'no-go' } });
  });

  it("still shows the directors' signals and lists the deals", async () => {
    const signals = await signalsOf(app, 'dir.dana', closed[0]!.deal.dealId);
    expect(signals.filter((signal) => signal.type === 'go-no-go')).toHaveLength(1);
    const pm = await app.as('pm.paula');
    for (const { deal, stage, body } of closed) {
      const listed = (await pm.get(`/api/deals?customer=${encodeURIComponent((body.customer as { name: string }).name)}`).expect(200)).body as { dealId: string; stage: string; running: boolean }[];
      expect(listed).toEqual([expect.objectContaining({ dealId: deal.dealId, stage, running: false })]);
    }
  });

  it('refuses a second deal under a used ID with 409, and a command on an ended deal with 409', async () => {
    const pm = await app.as('pm.paula');
    for (const { deal, body } of closed) {
      const again = expectStatus(await pm.post('/api/deals', { ...body, title: 'A second deal under the same ID' }), 409);
      expect(again.body.message).toContain(deal.dealId);
    }
    const terminated = closed.at(-1)!.deal;
    const report = { severity: 'minor', title: 'Late', description: 'Once' };
    expectStatus(await (await app.as('op.otto')).post(`/api/deals/${terminated.dealId}/incidents`, report), 409);
    expect(((await pm.get(`/api/deals/${terminated.dealId}`).expect(200)).body as DealState).title).toBe(closed.at(-1)!.body.title);
    // To someone not on the deal, an ended deal does not exist, as a running one does not.
    expectStatus(await (await app.as('adv.ada')).post(`/api/deals/${terminated.dealId}/incidents`, report), 404);
  });

  it('answers 409 naming the cause for a deal whose workflow an operator ended outside Groundwork, and 404 to outsiders', async () => {
    const deal = await DealDriver.start(app);
    const [task] = await deal.openTasks('processes');
    const finding = { assessment: 'feasible', substantiation: 'Fits the night shift.' };
    await app.temporal.workflow.getHandle(dealWorkflowId(deal.dealId)).terminate('ended by an operator');
    // While Temporal still keeps the closed workflow, and once it has deleted it.
    for (const deleted of [false, true]) {
      if (deleted) await deleteExecution(app, deal.dealId);
      const refused = expectStatus(await deal.complete(task!, finding), 409);
      expect(refused.body.message).toContain('no longer runs in Temporal');
      expectStatus(await deal.complete(task!, finding, 'adv.ada'), 404);
    }
    expect((await deal.state()).stage).toBe('exploration');
  });
});
