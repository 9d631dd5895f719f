import { PassThrough } from 'node:stream';
import { log } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { runtimeLogger } from './runtime-logger';

describe("the worker's log", () => {
  it("writes an activity's lines as JSON in the API's format, with the workflow ID and the run ID", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)));
    const environment = new MockActivityEnvironment(
      { workflowExecution: { workflowId: 'deal:north', runId: 'run-7' }, activityType: 'sendExternally', workflowType: 'dealWorkflow' },
      { logger: runtimeLogger('info', destination) },
    );
    await environment.run(() => {
      log.warn('webhook to op.otto refused for good', { channel: 'webhook' });
      log.debug('below the level, left out');
      return Promise.resolve();
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    // pino's line, as the API writes its request lines: numeric level, time, pid, hostname, msg.
    expect(lines[0]).toMatchObject({ level: 40, msg: 'webhook to op.otto refused for good', channel: 'webhook', workflowId: 'deal:north', workflowRunId: 'run-7', activityType: 'sendExternally' });
    expect(Object.keys(lines[0]!)).toEqual(expect.arrayContaining(['time', 'pid', 'hostname']));
  });
});
