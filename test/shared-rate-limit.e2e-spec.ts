import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { createApiApp } from '@app/api';
import { startPostgres, type RunningPostgres } from './support/postgres-server';
import { testEnv } from './support/test-env';

const BUDGET = 12;

/**
 * Two API instances on one PostgreSQL store enforce one budget: the throttler counts in the durable
 * record. With RATE_LIMIT_STORE=memory each instance would grant the budget again.
 */
describe('rate limits shared by two API instances', () => {
  let postgres: RunningPostgres;
  let dataDir: string;
  const started: NestFastifyApplication[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    dataDir = await mkdtemp(join(tmpdir(), 'groundwork-rate-limit-'));
  }, 60_000);

  afterAll(async () => {
    for (const api of started) await api.close();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function twoInstances(vars: Record<string, string>): Promise<[NestFastifyApplication, NestFastifyApplication]> {
    const config = loadConfig({ TEMPORAL_ADDRESS: testEnv('temporalAddress'), DATABASE_URL: postgres.url, AUTH_MODE: 'dev', LOG_LEVEL: 'error', GROUNDWORK_DATA_DIR: dataDir, ...vars });
    const apis = [await createApiApp(config), await createApiApp(config)] as const;
    for (const api of apis) {
      await api.init();
      started.push(api);
    }
    return [apis[0], apis[1]];
  }

  /** Alternates between the instances, as a load balancer would; the statuses in order. */
  async function alternate(apis: NestFastifyApplication[], path: string, times: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < times; attempt += 1) statuses.push((await request(apis[attempt % apis.length]!.getHttpServer()).get(path)).status);
    return statuses;
  }

  it('answers 429 once the budget is spent across both instances, on either one', async () => {
    const apis = await twoInstances({ RATE_LIMIT_IP_PER_MINUTE: String(BUDGET) });
    const statuses = await alternate(apis, '/api/auth/settings', BUDGET + 4);
    expect(statuses.slice(0, BUDGET)).toEqual(Array<number>(BUDGET).fill(200));
    expect(statuses.slice(BUDGET)).toEqual([429, 429, 429, 429]);
    const refused = await request(apis[0].getHttpServer()).get('/api/auth/settings').expect(429);
    expect(Number(refused.headers['retry-after-per-ip'] ?? refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('grants each instance its own budget with RATE_LIMIT_STORE=memory, the difference the shared store makes', async () => {
    const apis = await twoInstances({ RATE_LIMIT_IP_PER_MINUTE: String(BUDGET), RATE_LIMIT_STORE: 'memory' });
    const statuses = await alternate(apis, '/api/auth/settings', 2 * BUDGET + 2);
    expect(statuses.slice(0, 2 * BUDGET)).toEqual(Array<number>(2 * BUDGET).fill(200));
    expect(statuses.slice(2 * BUDGET)).toEqual([429, 429]);
  });
});
