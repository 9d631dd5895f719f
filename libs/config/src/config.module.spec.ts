import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { ServerConfig, StoreConfig, loadConfig, type GroundworkConfig } from './config';
import { GroundworkConfigModule } from './config.module';

async function configured(env: NodeJS.ProcessEnv) {
  const config = loadConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [GroundworkConfigModule.forRoot(config)] }).compile();
  return { config, moduleRef };
}

describe('GroundworkConfigModule', () => {
  it('serves each concern through ConfigService and under its class, the very object loadConfig resolved', async () => {
    const { config, moduleRef } = await configured({ PORT: '4100', DATABASE_URL: 'postgres://groundwork:pw@db.internal/groundwork' });
    try {
      const configService = moduleRef.get<ConfigService<GroundworkConfig, true>>(ConfigService);
      expect(configService.get('server', { infer: true })).toBe(config.server);
      expect(configService.get('server.port', { infer: true })).toBe(4100);
      expect(moduleRef.get(ServerConfig)).toBe(config.server);
      expect(moduleRef.get(StoreConfig).description).toBe('PostgreSQL postgres://groundwork:***@db.internal/groundwork');
    } finally {
      await moduleRef.close();
    }
  });

  it('keeps apps with different environments apart and leaves process.env as it found it', async () => {
    const before = { ...process.env };
    const first = await configured({ PORT: '4101', TEMPORAL_TASK_QUEUE: 'first' });
    const second = await configured({ PORT: '4102', TEMPORAL_TASK_QUEUE: 'second' });
    try {
      expect(first.moduleRef.get(ConfigService).get('temporal.taskQueue')).toBe('first');
      expect(second.moduleRef.get(ConfigService).get('temporal.taskQueue')).toBe('second');
      expect(second.moduleRef.get(ServerConfig).port).toBe(4102);
      // No fallback to the process's own variables: a concern's field is read from the loaded configuration only.
      expect(first.moduleRef.get(ConfigService).get('PATH')).toBeUndefined();
      expect(process.env).toEqual(before);
    } finally {
      await Promise.all([first.moduleRef.close(), second.moduleRef.close()]);
    }
  });
});
