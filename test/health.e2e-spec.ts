import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { createApiApp } from '@app/api';
import { findFreePort } from '@app/temporal-cli';
import { TestApp } from './support/test-app';

/** Liveness and readiness the way an orchestrator reads them, for the API and for the worker's own port. */
describe('health for orchestrators', () => {
  it('serves the API\'s liveness and readiness, with Temporal and the store checked', async () => {
    const app = await TestApp.start();
    try {
      expect((await app.http.get('/api/health/live').expect(200)).body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      const ready = (await app.http.get('/api/health/ready').expect(200)).body;
      expect(ready).toMatchObject({
        status: 'ok',
        info: { process: { status: 'up' }, temporal: { status: 'up', address: app.config.temporal.address, namespace: 'default' }, store: { status: 'up', dialect: 'sqlite' } },
        error: {},
      });
      expect((await app.http.get('/api/health').expect(200)).body).toEqual(ready);
    } finally {
      await app.close();
    }
  });

  it('serves the worker\'s liveness and readiness on WORKER_HEALTH_PORT, the worker polling, and closes the port with the worker', async () => {
    const port = await findFreePort();
    const app = await TestApp.start({ WORKER_HEALTH_PORT: String(port) });
    try {
      const worker = request(`http://127.0.0.1:${port}`);
      await worker.get('/health/live').expect(200);
      expect((await worker.get('/health/ready').expect(200)).body).toMatchObject({
        status: 'ok',
        info: { worker: { status: 'up' }, temporal: { status: 'up' }, store: { status: 'up' } },
      });
      await app.stopWorker();
      // Stopped, the port is closed with it: an orchestrator sees the probe fail either way.
      await expect(worker.get('/health/ready')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await app.close();
    }
  });

  it('answers readiness 503 naming Temporal while it cannot be reached, and stays live', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'groundwork-health-'));
    const address = `127.0.0.1:${await findFreePort()}`;
    const api = await createApiApp(loadConfig({ TEMPORAL_ADDRESS: address, AUTH_MODE: 'dev', LOG_LEVEL: 'error', GROUNDWORK_DATA_DIR: dataDir }));
    await api.init();
    try {
      const http = () => request(api.getHttpServer());
      const ready = await http().get('/api/health/ready').expect(503);
      expect(ready.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(new RegExp(`^not ready; temporal: Temporal at ${address} is not reachable: .+`)) });
      expect(ready.body.message).not.toContain('store');
      await http().get('/api/health/live').expect(200);
    } finally {
      await api.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
