import { loadConfig } from './config';
import { checkConfigRequested, configReport } from './config-report';

describe('--check-config', () => {
  const secrets = {
    AUTH_JWT_SECRET: 'jwt-secret-sentinel-0123456789abcdef',
    TEMPORAL_API_KEY: 'temporal-api-key-sentinel',
    SMTP_PASSWORD: 'smtp-password-sentinel',
    WEBHOOK_SIGNING_SECRET: 'webhook-secret-sentinel',
  };
  const env = {
    ...secrets,
    AUTH_MODE: 'jwt',
    TEMPORAL_ADDRESS: 'temporal.example:7233',
    DATABASE_URL: 'postgres://groundwork:db-password-sentinel@db.example:5432/groundwork',
    SMTP_HOST: 'smtp.example',
    SMTP_USER: 'mailer',
    PORT: '8080',
  };

  it('prints every concern resolved, with each secret and the database password masked', () => {
    const report = configReport(loadConfig(env));
    const printed = JSON.stringify(report);
    for (const secret of [...Object.values(secrets), 'db-password-sentinel']) expect(printed).not.toContain(secret);
    expect(report).toMatchObject({
      server: { port: 8080, host: '127.0.0.1', workerHealthPort: null },
      temporal: { address: 'temporal.example:7233', apiKey: '***', embedded: false },
      store: { databaseUrl: 'postgres://groundwork:***@db.example:5432/groundwork' },
      auth: { mode: 'jwt', jwtSecret: '***' },
      notifications: { smtp: { host: 'smtp.example', user: 'mailer', password: '***' }, webhook: { signingSecret: '***' } },
    });
    expect(Object.keys(report).sort()).toEqual(['auth', 'digest', 'notifications', 'policy', 'server', 'store', 'temporal']);
  });

  it('is asked for on the command line only', () => {
    expect(checkConfigRequested(['node', 'main.js', '--check-config'])).toBe(true);
    expect(checkConfigRequested(['node', 'main.js'])).toBe(false);
  });
});
