import { DealDriver } from './support/deal-driver';
import { findFreePort } from '@app/temporal-cli';
import { TestApp, eventually } from './support/test-app';

/** The worker's SDK metrics, from the Temporal runtime's own Prometheus exporter on WORKER_METRICS_ADDRESS. */
describe('worker metrics', () => {
  let app: TestApp;
  let address: string;

  beforeAll(async () => {
    address = `127.0.0.1:${await findFreePort()}`;
    app = await TestApp.start({ WORKER_METRICS_ADDRESS: address });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves the SDK\'s worker metrics for its task queue once it has run workflow tasks and activities', async () => {
    await DealDriver.start(app);
    await eventually(async () => {
      const text = await (await fetch(`http://${address}/metrics`)).text();
      expect(text).toMatch(/^temporal_workflow_task_execution_latency\w*\{[^}]*task_queue="groundwork-test"/m);
      expect(text).toMatch(/^temporal_activity_execution_latency\w*\{[^}]*task_queue="groundwork-test"/m);
      expect(text).toMatch(/^temporal_worker_task_slots_available\{/m);
    });
  });
});
