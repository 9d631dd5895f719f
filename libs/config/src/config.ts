import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_POLICY, DomainError, resolvePolicy, type DealPolicy } from '@app/domain';
import { ConfigurationError, readEnvironment, type AuthMode, type LogLevel } from './environment';
import { repoRoot } from './repo-root';

export class ServerConfig {
  constructor(
    readonly port: number,
    readonly logLevel: LogLevel,
  ) {}
}

export class TemporalConfig {
  constructor(
    readonly address: string,
    readonly namespace: string,
    readonly taskQueue: string,
    /** True when Groundwork starts its own dev server instead of joining a cluster. */
    readonly embedded: boolean,
    readonly tls: { clientCertPath?: string; clientKeyPath?: string } | false,
    readonly apiKey: string | undefined,
    readonly dev: { port: number; uiPort: number; dataDir: string; cliPath: string | undefined },
  ) {}
}

export class AuthConfig {
  constructor(
    readonly mode: AuthMode,
    /** HMAC key for bearer tokens (HS256). */
    readonly jwtSecret: string,
    readonly devUsersFile: string,
    readonly tokenTtl: string,
  ) {}
}

export class PolicyConfig {
  constructor(readonly defaults: DealPolicy) {}
}

export interface GroundworkConfig {
  server: ServerConfig;
  temporal: TemporalConfig;
  auth: AuthConfig;
  policy: PolicyConfig;
}

/** Signs dev-mode tokens only; dev mode never runs where a real secret matters. */
const DEV_MODE_SECRET = 'groundwork-dev-mode-only-secret-not-for-production';

function fromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(repoRoot(), path);
}

function policyDefaults(json: string | undefined): DealPolicy {
  if (json === undefined) return DEFAULT_POLICY;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ConfigurationError('Invalid configuration:\n  GROUNDWORK_POLICY: must be JSON');
  }
  try {
    return resolvePolicy(DEFAULT_POLICY, parsed, 'GROUNDWORK_POLICY');
  } catch (error) {
    if (error instanceof DomainError) throw new ConfigurationError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
}

/** Builds the typed configuration from the environment; throws a ConfigurationError naming a bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GroundworkConfig {
  const vars = readEnvironment(env);
  const embedded = vars.TEMPORAL_ADDRESS === undefined;
  const devPort = vars.TEMPORAL_DEV_PORT ?? 7233;
  const mode: AuthMode = vars.AUTH_MODE ?? (embedded ? 'dev' : 'jwt');
  if (mode === 'jwt' && vars.AUTH_JWT_SECRET === undefined) {
    throw new ConfigurationError('Invalid configuration:\n  AUTH_JWT_SECRET: required when AUTH_MODE is jwt');
  }
  const tlsWanted = vars.TEMPORAL_TLS === 'true' || vars.TEMPORAL_TLS_CERT_PATH !== undefined || vars.TEMPORAL_API_KEY !== undefined;
  return {
    server: new ServerConfig(vars.PORT ?? 3000, vars.LOG_LEVEL ?? 'info'),
    temporal: new TemporalConfig(
      vars.TEMPORAL_ADDRESS ?? `127.0.0.1:${devPort}`,
      vars.TEMPORAL_NAMESPACE ?? 'default',
      vars.TEMPORAL_TASK_QUEUE ?? 'groundwork',
      embedded,
      vars.TEMPORAL_TLS === 'false' || !tlsWanted
        ? false
        : {
            ...(vars.TEMPORAL_TLS_CERT_PATH ? { clientCertPath: fromRoot(vars.TEMPORAL_TLS_CERT_PATH) } : {}),
            ...(vars.TEMPORAL_TLS_KEY_PATH ? { clientKeyPath: fromRoot(vars.TEMPORAL_TLS_KEY_PATH) } : {}),
          },
      vars.TEMPORAL_API_KEY,
      {
        port: devPort,
        uiPort: vars.TEMPORAL_DEV_UI_PORT ?? 8233,
        dataDir: fromRoot(vars.GROUNDWORK_DATA_DIR ?? 'data'),
        cliPath: vars.TEMPORAL_CLI_PATH,
      },
    ),
    auth: new AuthConfig(
      mode,
      vars.AUTH_JWT_SECRET ?? DEV_MODE_SECRET,
      fromRoot(vars.AUTH_DEV_USERS_FILE ?? 'config/demo-users.json'),
      '12h',
    ),
    policy: new PolicyConfig(policyDefaults(vars.GROUNDWORK_POLICY)),
  };
}
