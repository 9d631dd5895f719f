import { createServer, type Server } from 'node:http';
import { PassThrough } from 'node:stream';
import { Worker } from '@temporalio/worker';
import { DealDriver, FEASIBLE, expectStatus } from './support/deal-driver';
import { testEnv } from './support/test-env';
import { TestApp, eventually } from './support/test-app';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

/** A real OTLP/HTTP collector on loopback, as far as traces go: it keeps every span it is sent (JSON encoding). */
async function startCollector(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: Omit<ReceivedSpan, 'service'>[] }[] }[];
        };
        for (const resourceSpan of body.resourceSpans) {
          const service = resourceSpan.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpan.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** One trace from the HTTP request through the Temporal client to the workflow and its activities. */
describe('tracing with OpenTelemetry', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let app: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    collector = await startCollector();
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    app = await TestApp.start({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, LOG_LEVEL: 'info' }, { logStream });
  });

  afterAll(async () => {
    await app?.close();
    await collector?.close();
  });

  const named = (name: string, traceId?: string) => collector.spans.filter((span) => span.name === name && (traceId === undefined || span.traceId === traceId));
  const only = (name: string, traceId?: string) => {
    const found = named(name, traceId);
    expect(found.map((span) => span.name)).toEqual([name]);
    return found[0]!;
  };

  it('follows a deal\'s start from its request through the Update-with-start into the workflow and the activities it runs', async () => {
    await DealDriver.start(app);
    await eventually(() => {
      const request = only('POST /api/deals');
      const updateWithStart = only('UpdateWithStartWorkflow:dealRecorded', request.traceId);
      expect(updateWithStart.parentSpanId).toBe(request.spanId);
      expect(only('HandleUpdate:dealRecorded', request.traceId).parentSpanId).toBe(updateWithStart.spanId);
      // The workflow records the deal in activities: each run hangs from the workflow's scheduling of it, in the same trace.
      const scheduled = named('StartActivity:recordDeal', request.traceId);
      const runs = named('RunActivity:recordDeal', request.traceId);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      for (const run of runs) expect(scheduled.map((span) => span.spanId)).toContain(run.parentSpanId);
    }, { timeoutMs: 30_000 });
  });

  it('follows a task completion from its request into the Update\'s validator and handler, and logs the trace ID', async () => {
    const deal = await DealDriver.start(app);
    const [task] = await deal.openTasks();
    expectStatus(await deal.complete(task!, FEASIBLE), 200);
    await eventually(() => {
      const request = named('POST /api/deals/:dealId/tasks/:taskId/complete').at(-1)!;
      expect(request).toBeDefined();
      const update = only('StartWorkflowUpdate:completeTask', request.traceId);
      expect(update.parentSpanId).toBe(request.spanId);
      expect(only('ValidateUpdate:completeTask', request.traceId).parentSpanId).toBe(update.spanId);
      expect(only('HandleUpdate:completeTask', request.traceId).parentSpanId).toBe(update.spanId);
      // The request's log line names the same trace, and the workflow it touched.
      const line = logLines.map((text) => JSON.parse(text) as { route?: string; traceId?: string; workflowId?: string }).find((entry) => entry.traceId === request.traceId);
      expect(line).toMatchObject({ route: '/api/deals/:dealId/tasks/:taskId/complete', workflowId: `deal:${deal.dealId}` });
    }, { timeoutMs: 30_000 });
  });

  it('leaves nothing in a traced deal\'s history that the plain bundle of an untraced worker cannot replay', async () => {
    const deal = await DealDriver.start(app);
    const [task] = await deal.openTasks();
    expectStatus(await deal.complete(task!, FEASIBLE), 200);
    const history = await app.temporal.workflow.getHandle(`deal:${deal.dealId}`).fetchHistory();
    // The trace context travels in the history's headers, so this history is a traced one.
    expect(JSON.stringify(history)).toContain('_tracer-data');
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: testEnv('workflowBundle') } }, history)).resolves.toBeUndefined();
  });
});
