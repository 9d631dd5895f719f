import { randomUUID } from 'node:crypto';
import { isElement, type DealState, type Task, type TaskKind } from '@app/domain';
import type { Response } from 'supertest';
import { ENTERPRISE_TIER_TERMS, FEASIBLE } from '../../bench/deals';
import type { TestApp } from './test-app';

// The same task results the benchmark sends.
export { ENTERPRISE_TIER_TERMS, FEASIBLE };

export function dealBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dealId: `deal-${randomUUID()}`,
    title: 'Warehouse logistics for Acme',
    customer: { name: `Acme ${randomUUID().slice(0, 8)}`, segment: 'enterprise' },
    supplier: { name: 'Groundwork Services' },
    valueProposition: 'operational-excellence',
    directors: ['dir.dana', 'dir.diego'],
    tacticalLeads: ['mm.mark', 'mm.mia'],
    operationalStaff: ['op.otto', 'op.olga'],
    ...overrides,
  };
}

/** Drives a deal through the HTTP API as the people named on it would. */
export class DealDriver {
  constructor(
    readonly app: TestApp,
    readonly dealId: string,
  ) {}

  static async start(app: TestApp, overrides: Record<string, unknown> = {}): Promise<DealDriver> {
    const body = dealBody(overrides);
    const pm = await app.as('pm.paula');
    const response = await pm.post('/api/deals', body).expect(201);
    return new DealDriver(app, (response.body as { dealId: string }).dealId);
  }

  async state(as = 'pm.paula'): Promise<DealState> {
    const user = await this.app.as(as);
    return (await user.get(`/api/deals/${this.dealId}`).expect(200)).body as DealState;
  }

  async openTasks(kind?: TaskKind): Promise<Task[]> {
    const { tasks } = await this.state();
    return tasks.filter((task) => task.status === 'open' && (kind === undefined || task.kind === kind));
  }

  /** Completes a task and returns the raw response (no status expectation). */
  async complete(task: Pick<Task, 'id' | 'assignee'>, result: object, as = task.assignee): Promise<Response> {
    const user = await this.app.as(as);
    return user.post(`/api/deals/${this.dealId}/tasks/${task.id}/complete`, result);
  }

  /** Records a finding on every element task still open. */
  async explore(results: Partial<Record<TaskKind, object>> = {}): Promise<void> {
    for (const task of (await this.openTasks()).filter((candidate) => isElement(candidate.kind))) {
      expectStatus(await this.complete(task, results[task.kind] ?? FEASIBLE), 200);
    }
  }

  /** The customer's counterparts co-sign every finding waiting for them. */
  async coSignAll(substantiation = 'Checked on our floor with the people who do the work.'): Promise<void> {
    for (const task of await this.openTasks('countersign')) {
      expectStatus(await this.complete(task, { decision: 'co-sign', substantiation }), 200);
    }
  }

  async decide(decision: 'go' | 'no-go', substantiation = 'All four elements were explored with the floor teams.'): Promise<void> {
    const [task] = await this.openTasks('go-no-go');
    expectStatus(await this.complete(task!, { decision, substantiation }), 200);
  }

  async draftContract(terms: object = ENTERPRISE_TIER_TERMS): Promise<void> {
    const [task] = await this.openTasks('contract');
    expectStatus(await this.complete(task!, terms), 200);
  }

  async ratifyAll(): Promise<void> {
    for (const task of await this.openTasks('ratification')) {
      expectStatus(await this.complete(task, { decision: 'ratify' }), 200);
    }
  }
}

/** Fails with the response body in the message, so a refused request says why. */
export function expectStatus(response: Response, status: number): Response {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response;
}

/** Sends again, as a client honouring Retry-After would (sooner, to keep specs short), while the answer is 503. */
export async function retryWhileUnavailable(send: () => PromiseLike<Response>, attempts = 20): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (response.status !== 503 || attempt >= attempts) return response;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
