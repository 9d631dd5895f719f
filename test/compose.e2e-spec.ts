import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, readEnvironment, repoRoot } from '@app/config';

interface ComposeService {
  command: string[] | null;
  environment: Record<string, string>;
  healthcheck: string[] | null;
}

/**
 * docker-compose.yml as Compose itself reads it: compose-go, the specification's reference loader
 * (ops/compose-check), validates it against the Compose JSON schema and resolves its anchors and
 * variables. There is no Docker engine here, so the file is held against the product instead: the
 * same start commands as package.json, only variables Groundwork reads, and a configuration that loads.
 */
const root = repoRoot();

/** Loads a Compose file through ops/compose-check (`go run` fetches compose-go from the module proxy once). */
function composeCheck(file: string): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)('go', ['run', '.', file], {
    cwd: join(root, 'ops', 'compose-check'),
    env: { ...process.env, GROUNDWORK_JWT_SECRET: 'a-compose-check-secret-of-32-characters' },
    timeout: 180_000,
  });
}

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>;

  beforeAll(async () => {
    services = JSON.parse((await composeCheck(join(root, 'docker-compose.yml'))).stdout) as Record<string, ComposeService>;
  }, 200_000);

  it('is valid against the Compose Specification\'s schema, and refuses a key it does not define', async () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
    const broken = (await readFile(join(root, 'docker-compose.yml'), 'utf8')).replace('  worker:\n', '  worker:\n    replicas_of_the_worker: 2\n');
    const dir = await mkdtemp(join(tmpdir(), 'groundwork-compose-'));
    try {
      await writeFile(join(dir, 'docker-compose.yml'), broken);
      await expect(composeCheck(join(dir, 'docker-compose.yml'))).rejects.toMatchObject({ stderr: expect.stringContaining('services.worker.replicas_of_the_worker') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 200_000);

  it('starts the API and the worker with the commands of package.json, as the Dockerfile\'s image does', async () => {
    const scripts = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(services.api!.command!.join(' ')).toBe(scripts['start:api']);
    expect(services.worker!.command!.join(' ')).toBe(scripts['start:worker']);
    // The image both services run: built with `npm run build` (the workflow bundle prebuilt in it), the API by default.
    const dockerfile = await readFile(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    expect((JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[]).join(' ')).toBe(scripts['start:api']);
  });

  it('sets only variables Groundwork reads, and each process\'s configuration loads from them', () => {
    for (const name of ['api', 'worker'] as const) {
      const { environment } = services[name]!;
      const read = Object.entries(readEnvironment(environment)).filter(([, value]) => value !== undefined);
      expect(read.map(([key]) => key).sort()).toEqual(Object.keys(environment).sort());
      const config = loadConfig(environment);
      expect(config.store.databaseUrl).toMatch(/^postgres:\/\/.+@postgresql:5432\/groundwork$/);
      expect(config.temporal).toMatchObject({ address: 'temporal:7233', embedded: false });
      expect(config.server.shutdownDrainMs).toBe(5000);
    }
    expect(loadConfig(services.api!.environment).server).toMatchObject({ port: 3000, host: '0.0.0.0' });
    expect(loadConfig(services.worker!.environment).server).toMatchObject({ workerHealthPort: 3001, workerMetricsAddress: '0.0.0.0:9464' });
  });

  it('probes each process at the readiness it serves', () => {
    expect(services.api!.healthcheck!.join(' ')).toContain('http://127.0.0.1:3000/api/health/ready');
    expect(services.worker!.healthcheck!.join(' ')).toContain('http://127.0.0.1:3001/health/ready');
  });
});
