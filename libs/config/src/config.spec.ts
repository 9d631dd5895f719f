import { join } from 'node:path';
import { DEFAULT_POLICY } from '@app/domain';
import { loadConfig } from './config';
import { ConfigurationError } from './environment';
import { repoRoot } from './repo-root';

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration from the environment', () => {
  it('runs embedded in dev mode with nothing set', () => {
    const config = loadConfig({ PATH: '/usr/bin', HOME: '/root' });
    expect(config.server).toMatchObject({ port: 3000, host: '127.0.0.1', devAuthOnNetwork: false, logLevel: 'info' });
    expect(config.temporal.waitMs).toBe(10_000);
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'groundwork',
      embedded: true,
      tls: false,
      dev: { port: 7233, uiPort: 8233, dataDir: join(repoRoot(), 'data'), cliPath: undefined },
    });
    expect(config.auth.mode).toBe('dev');
    expect(config.auth.devUsersFile).toBe(join(repoRoot(), 'config/demo-users.json'));
    expect(config.policy.defaults).toEqual(DEFAULT_POLICY);
  });

  it('joins a cluster when TEMPORAL_ADDRESS is set, and then wants verified tokens', () => {
    expect(refusal({ TEMPORAL_ADDRESS: 'temporal.internal:7233' })).toContain('AUTH_JWT_SECRET');
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'deals',
      TEMPORAL_API_KEY: 'key',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      TEMPORAL_DEV_PORT: '7300',
      GROUNDWORK_DATA_DIR: '/var/lib/groundwork',
    });
    expect(config.temporal).toMatchObject({ address: 'temporal.internal:7233', namespace: 'deals', embedded: false, tls: {}, apiKey: 'key' });
    expect(config.temporal.dev).toMatchObject({ port: 7300, dataDir: '/var/lib/groundwork' });
    expect(config.auth.mode).toBe('jwt');
  });

  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ TEMPORAL_DEV_PORT: '0' }, 'TEMPORAL_DEV_PORT'],
    [{ TEMPORAL_DEV_UI_PORT: '8233x' }, 'TEMPORAL_DEV_UI_PORT'],
    [{ TEMPORAL_ADDRESS: 'no-port' }, 'TEMPORAL_ADDRESS must be host:port'],
    [{ AUTH_MODE: 'magic' }, 'AUTH_MODE'],
    [{ AUTH_MODE: 'jwt', AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET must be at least 32 characters'],
    [{ TEMPORAL_TLS: 'yes' }, 'TEMPORAL_TLS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ GROUNDWORK_POLICY: '{' }, 'GROUNDWORK_POLICY: must be JSON'],
    [{ NODE_ENV: 'production' }, 'AUTH_MODE: dev mode (demo users, dev-login) never runs with NODE_ENV=production'],
    [{ AUTH_MODE: 'dev', NODE_ENV: 'production' }, 'AUTH_MODE: dev mode'],
    [{ AUTH_MODE: 'oidc', AUTH_AUDIENCE: 'api', AUTH_JWKS_URL: 'https://id.example/jwks' }, 'AUTH_ISSUER: required when AUTH_MODE is oidc'],
    [{ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'api', AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL must be an http(s) URL'],
    [{ AUTH_ROLES_CLAIM: 'roles..x' }, 'AUTH_ROLES_CLAIM'],
    [{ HTTP_BODY_LIMIT_BYTES: '10' }, 'HTTP_BODY_LIMIT_BYTES'],
    [{ HOST: 'everywhere' }, 'HOST must be an IP address'],
    [{ HOST: '0.0.0.0' }, 'HOST=0.0.0.0: dev mode hands out tokens without a password'],
    [{ HOST: '192.168.1.20', AUTH_MODE: 'dev' }, 'AUTH_DEV_ALLOW_NETWORK=true'],
    [{ TEMPORAL_WAIT_MS: '5' }, 'TEMPORAL_WAIT_MS'],
    [{ RATE_LIMIT_USER_PER_MINUTE: '0' }, 'RATE_LIMIT_USER_PER_MINUTE'],
    [{ GROUNDWORK_POLICY: '{"taskDue":{"contract":"soon"}}' }, 'GROUNDWORK_POLICY.taskDue.contract'],
    [{ GROUNDWORK_GUIDANCE: '[' }, 'GROUNDWORK_GUIDANCE: must be JSON'],
    [{ GROUNDWORK_GUIDANCE: '{"cheapest":{}}' }, 'GROUNDWORK_GUIDANCE.cheapest is not a value proposition'],
    [{ GROUNDWORK_GUIDANCE: '{"customer-intimacy":{"systems":[""]}}' }, 'GROUNDWORK_GUIDANCE.customer-intimacy.systems[0] must be a question'],
  ])('refuses %j with a message naming the variable', (env, expected) => {
    expect(refusal(env)).toContain(expected);
  });

  it('listens on loopback by default; dev auth goes on the network only by an explicit override', () => {
    expect(loadConfig({ HOST: '127.0.0.2' }).server.host).toBe('127.0.0.2');
    expect(loadConfig({ HOST: '::1' }).server.host).toBe('::1');
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_DEV_ALLOW_NETWORK: 'true' }).server).toMatchObject({ host: '0.0.0.0', devAuthOnNetwork: true });
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_MODE: 'jwt', AUTH_JWT_SECRET: 'x'.repeat(32) }).server.host).toBe('0.0.0.0');
  });

  it('verifies OIDC tokens against the configured issuer, audience and keys', () => {
    const { auth } = loadConfig({
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: 'https://id.example',
      AUTH_AUDIENCE: 'groundwork',
      AUTH_JWKS_URL: 'https://id.example/jwks',
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      NODE_ENV: 'production',
    });
    expect(auth).toMatchObject({ mode: 'oidc', issuer: 'https://id.example', audience: 'groundwork', jwksUrl: 'https://id.example/jwks', rolesClaim: 'realm_access.roles', jwksCooldownMs: 30_000 });
  });

  it('keeps browsers out by default and limits bodies and request rates', () => {
    expect(loadConfig({}).server).toMatchObject({ corsOrigins: [], bodyLimitBytes: 2 * 1024 * 1024, rateLimit: { userPerMinute: 600, ipPerMinute: 1200 } });
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example, https://ops.example' }).server.corsOrigins).toEqual(['https://app.example', 'https://ops.example']);
  });

  it('takes exploration questions per value proposition and element from GROUNDWORK_GUIDANCE', () => {
    const config = loadConfig({ GROUNDWORK_GUIDANCE: '{"customer-intimacy":{"systems":["Can the order system take a one-off price?"]}}' });
    expect(config.policy.guidance).toEqual({ 'customer-intimacy': { systems: ['Can the order system take a one-off price?'] } });
    expect(loadConfig({}).policy.guidance).toEqual({});
  });

  it('takes policy defaults from GROUNDWORK_POLICY', () => {
    const config = loadConfig({ GROUNDWORK_POLICY: '{"taskDue":{"contract":"P3D"},"reminderAt":0.5}' });
    expect(config.policy.defaults.taskDue).toEqual({ ...DEFAULT_POLICY.taskDue, contract: 'P3D' });
    expect(config.policy.defaults.reminderAt).toBe(0.5);
  });

  it('schedules the directors’ digest on Mondays at 07:00 UTC unless told otherwise, or not at all', () => {
    expect(loadConfig({}).digest.schedule).toEqual({ cron: '0 7 * * 1', timeZone: 'UTC' });
    expect(loadConfig({ GROUNDWORK_DIGEST_SCHEDULE: '30 8 * * 5', GROUNDWORK_DIGEST_TIMEZONE: 'Europe/Amsterdam' }).digest.schedule).toEqual({ cron: '30 8 * * 5', timeZone: 'Europe/Amsterdam' });
    expect(loadConfig({ GROUNDWORK_DIGEST_SCHEDULE: 'off' }).digest.schedule).toBeNull();
    expect(() => loadConfig({ GROUNDWORK_DIGEST_SCHEDULE: 'every monday' })).toThrow(/GROUNDWORK_DIGEST_SCHEDULE must be a five-field cron expression/);
    expect(() => loadConfig({ GROUNDWORK_DIGEST_TIMEZONE: 'Mars/Olympus' })).toThrow(/GROUNDWORK_DIGEST_TIMEZONE must be an IANA time zone/);
  });
});
