import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from '@temporalio/client';
import request from 'supertest';
import { loadConfig, type GroundworkConfig } from '@app/config';
import { createApiApp } from '@app/api';
import { createWorkerApp, defaultWorkflowSource } from '@app/worker';
import { DEAL_WORKFLOW_TYPE } from '@app/workflows';
import { testEnv } from './test-env';

export type Http = ReturnType<typeof request>;

/**
 * The product as it runs: the API and a worker (separate Nest applications) against the real Temporal
 * dev server of the global setup.
 */
export class TestApp {
  private worker: INestApplicationContext | undefined;
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly config: GroundworkConfig,
    readonly api: NestFastifyApplication,
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}, options: { logStream?: NodeJS.WritableStream } = {}): Promise<TestApp> {
    const config = loadConfig({
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      TEMPORAL_TASK_QUEUE: 'groundwork-test',
      GROUNDWORK_DATA_DIR: testEnv('dataDir'),
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'warn',
      ...env,
    });
    const app = new TestApp(config, await createApiApp(config, options));
    await app.startWorker();
    return app;
  }

  /** The API's own Temporal client, for specs that look behind the API (runs, histories). */
  get temporal(): Client {
    return this.api.get(Client);
  }

  get http(): Http {
    return request(this.api.getHttpServer());
  }

  /** The run's shared bundle; a worker that exports traces bundles the sources with the tracing interceptors instead. */
  async startWorker(): Promise<void> {
    const traced = this.config.server.otlpEndpoint !== null;
    this.worker = await createWorkerApp(this.config, traced ? defaultWorkflowSource(true) : { workflowBundle: { codePath: testEnv('workflowBundle') } });
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  /** Listens on a free loopback port, for clients outside this process (curl, a browser); returns the API's base URL. */
  async listen(): Promise<string> {
    await this.api.listen({ port: 0, host: '127.0.0.1' });
    const address = this.api.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('the API is not listening on a TCP port');
    return `http://127.0.0.1:${address.port}/api`;
  }

  /** A bearer token for a demo user, through the real dev-login endpoint. */
  async token(userId: string): Promise<string> {
    const cached = this.tokens.get(userId);
    if (cached) return cached;
    const response = await this.http.post('/api/auth/dev-login').send({ userId }).expect(200);
    const token = (response.body as { token: string }).token;
    this.tokens.set(userId, token);
    return token;
  }

  async as(userId: string): Promise<{ get: (path: string) => request.Test; post: (path: string, body?: object) => request.Test; put: (path: string, body: object) => request.Test }> {
    const auth = `Bearer ${await this.token(userId)}`;
    return {
      get: (path) => this.http.get(path).set('Authorization', auth),
      post: (path, body = {}) => this.http.post(path).set('Authorization', auth).send(body),
      put: (path, body) => this.http.put(path).set('Authorization', auth).send(body),
    };
  }

  /**
   * Terminates the deals still running on the shared dev server, so a spec that leaves large or busy
   * deals behind (fuzzing, thousands of Updates) does not slow down the specs after it.
   */
  async terminateRunningDeals(): Promise<void> {
    const running = this.temporal.workflow.list({ query: `WorkflowType = '${DEAL_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'` });
    for await (const execution of running) {
      await this.temporal.workflow.getHandle(execution.workflowId).terminate('cleared by the spec that left it running').catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.api.close();
  }
}

/** Polls until `check` passes: for effects that land asynchronously (activities, visibility). */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 20_000, intervalMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
