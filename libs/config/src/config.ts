import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_POLICY, DomainError, resolvePolicy, validateGuidanceOverrides, type DealPolicy, type GuidanceOverrides } from '@app/domain';
import ipaddr from 'ipaddr.js';
import { ConfigurationError, readEnvironment, type AuthMode, type LogLevel } from './environment';
import { repoRoot } from './repo-root';

export class ServerConfig {
  constructor(
    readonly port: number,
    /** The address the API listens on; loopback unless HOST says otherwise. */
    readonly host: string,
    /** Dev auth (password-less dev-login) on a non-loopback address, allowed only by an explicit override. */
    readonly devAuthOnNetwork: boolean,
    readonly logLevel: LogLevel,
    readonly bodyLimitBytes: number,
    /** Origins allowed to call the API from a browser; none by default. */
    readonly corsOrigins: string[],
    /** Requests per minute; `shared`: counted in the durable record, one budget across every API instance. */
    readonly rateLimit: { userPerMinute: number; ipPerMinute: number; shared: boolean },
    /** The built web app (`npm run build`), served at `/`; the API answers without it. */
    readonly webDir: string,
    /** The worker's own health port (liveness and readiness on HOST); null: the worker listens on nothing. */
    readonly workerHealthPort: number | null,
    /** Where the worker's SDK serves its Prometheus metrics (host:port); null: not served. */
    readonly workerMetricsAddress: string | null,
    /** On SIGTERM, how long readiness fails before the server stops taking requests, so a load balancer notices first. */
    readonly shutdownDrainMs: number,
    /** The OTLP/HTTP collector traces go to; null: none are recorded. */
    readonly otlpEndpoint: string | null,
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
    /** How long the API waits for Temporal and a worker before it answers 503 with Retry-After. */
    readonly waitMs: number,
    /** Lowers how many Updates a deal takes per run, or how many effects may wait (tests, tuning); unset: the workflow's defaults. */
    readonly dealRunLimits: { updatesPerRun?: number; effectBacklog?: number } | undefined,
    readonly dev: { port: number; uiPort: number; dataDir: string; cliPath: string | undefined },
    /**
     * Worker versioning: the worker polls as this version of the Worker Deployment, and work goes to the
     * version an operator made current. Unset (null): an unversioned worker, as before.
     */
    readonly deployment: { name: string; buildId: string } | null = null,
  ) {}
}

/** The durable record: PostgreSQL when DATABASE_URL is set, else a SQLite file under GROUNDWORK_DATA_DIR. */
export class StoreConfig {
  constructor(
    readonly databaseUrl: string | undefined,
    readonly sqliteFile: string,
  ) {}

  /** Where the store is, for logs and the start banner; a URL's password is masked. */
  get description(): string {
    if (this.databaseUrl === undefined) return `SQLite ${this.sqliteFile}`;
    const url = new URL(this.databaseUrl);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  }
}

export class AuthConfig {
  constructor(
    readonly mode: AuthMode,
    /** HMAC key for bearer tokens (HS256) in dev and jwt modes. */
    readonly jwtSecret: string,
    readonly issuer: string,
    readonly audience: string,
    /** The OIDC issuer's signing keys (oidc mode); fetched again when a token names an unknown key. */
    readonly jwksUrl: string | undefined,
    /** The least time between two fetches of the JWKS, so unknown key IDs cannot hammer the issuer. */
    readonly jwksCooldownMs: number,
    /** Where the roles are in a token: a claim name or a dotted path (realm_access.roles). */
    readonly rolesClaim: string,
    readonly devUsersFile: string,
    readonly tokenTtl: string,
    /** The web app's sign-in at the OIDC issuer (authorization code with PKCE, a public client); null: none offered. */
    readonly webSignIn: { clientId: string; scope: string } | null,
  ) {}
}

export class PolicyConfig {
  constructor(
    readonly defaults: DealPolicy,
    /** The exploration questions per value proposition and element that replace the built-in ones. */
    readonly guidance: GuidanceOverrides = {},
  ) {}
}

/** Webhook hosts allowed (empty: any public host), and whether loopback, link-local and private networks are. */
export interface WebhookTargets {
  allowedHosts: string[];
  allowPrivateNetworks: boolean;
}

export class NotificationsConfig {
  constructor(
    /** The e-mail channel; null when SMTP_HOST is unset. */
    readonly smtp: { host: string; port: number; secure: boolean; requireTls: boolean; user?: string; password?: string; from: string } | null,
    /** The webhook channel; null when WEBHOOK_SIGNING_SECRET is unset (unsigned webhooks are never sent). */
    readonly webhook: { signingSecret: string; timeoutMs: number; targets: WebhookTargets } | null,
    /** Where webhook URLs may point, checked when one is saved and on every connection. */
    readonly webhookTargets: WebhookTargets,
    /** Where people open Groundwork, for links in e-mails and chat messages. */
    readonly publicUrl: string,
  ) {}
}

/** When the directors' digest goes out: a Schedule the worker keeps in step with this; null deletes it. */
export class DigestConfig {
  constructor(readonly schedule: { cron: string; timeZone: string } | null) {}
}

export interface GroundworkConfig {
  server: ServerConfig;
  temporal: TemporalConfig;
  store: StoreConfig;
  auth: AuthConfig;
  policy: PolicyConfig;
  notifications: NotificationsConfig;
  digest: DigestConfig;
}

/** Signs dev-mode tokens only; dev mode never runs where a real secret matters. */
const DEV_MODE_SECRET = 'groundwork-dev-mode-only-secret-not-for-production';

function fromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(repoRoot(), path);
}

/** A JSON variable checked by a domain validator; either failure stops the start naming the variable. */
function fromJson<T>(name: string, json: string, validate: (value: unknown) => T): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ConfigurationError(`Invalid configuration:\n  ${name}: must be JSON`);
  }
  try {
    return validate(parsed);
  } catch (error) {
    if (error instanceof DomainError) throw new ConfigurationError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
}

function policyDefaults(json: string | undefined): DealPolicy {
  return json === undefined ? DEFAULT_POLICY : fromJson('GROUNDWORK_POLICY', json, (value) => resolvePolicy(DEFAULT_POLICY, value, 'GROUNDWORK_POLICY'));
}

/** 127.0.0.0/8 and ::1 (also IPv4-mapped): reachable from this machine only. */
export function isLoopback(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'loopback';
}

/** Builds the typed configuration from the environment; throws a ConfigurationError naming a bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GroundworkConfig {
  const vars = readEnvironment(env);
  const embedded = vars.TEMPORAL_ADDRESS === undefined;
  const webhookTargets: WebhookTargets = {
    allowedHosts: vars.WEBHOOK_ALLOWED_HOSTS?.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean) ?? [],
    allowPrivateNetworks: vars.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true',
  };
  const devPort = vars.TEMPORAL_DEV_PORT ?? 7233;
  const mode: AuthMode = vars.AUTH_MODE ?? (embedded ? 'dev' : 'jwt');
  const refuse = (message: string) => new ConfigurationError(`Invalid configuration:\n  ${message}`);
  if (mode === 'dev' && vars.NODE_ENV === 'production') {
    throw refuse('AUTH_MODE: dev mode (demo users, dev-login) never runs with NODE_ENV=production; use jwt or oidc');
  }
  if (mode === 'jwt' && vars.AUTH_JWT_SECRET === undefined) throw refuse('AUTH_JWT_SECRET: required when AUTH_MODE is jwt');
  if (mode === 'oidc') {
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const) {
      if (vars[name] === undefined) throw refuse(`${name}: required when AUTH_MODE is oidc`);
    }
    if (vars.AUTH_OIDC_CLIENT_ID !== undefined && !/^https?:\/\/\S+$/.test(vars.AUTH_ISSUER!)) {
      throw refuse('AUTH_ISSUER: must be the issuer URL when AUTH_OIDC_CLIENT_ID is set (the web app discovers the issuer from it)');
    }
  }
  const host = vars.HOST ?? '127.0.0.1';
  const devAuthOnNetwork = vars.AUTH_DEV_ALLOW_NETWORK === 'true';
  if (mode === 'dev' && !isLoopback(host) && !devAuthOnNetwork) {
    throw refuse(
      `HOST=${host}: dev mode hands out tokens without a password, so it listens on loopback only; ` +
        'use AUTH_MODE=jwt or oidc, or set AUTH_DEV_ALLOW_NETWORK=true to expose it anyway',
    );
  }
  const dataDir = fromRoot(vars.GROUNDWORK_DATA_DIR ?? 'data');
  const tlsWanted = vars.TEMPORAL_TLS === 'true' || vars.TEMPORAL_TLS_CERT_PATH !== undefined || vars.TEMPORAL_API_KEY !== undefined;
  return {
    server: new ServerConfig(
      vars.PORT ?? 3000,
      host,
      devAuthOnNetwork,
      vars.LOG_LEVEL ?? 'info',
      vars.HTTP_BODY_LIMIT_BYTES ?? 2 * 1024 * 1024,
      vars.CORS_ORIGINS?.split(',').map((origin) => origin.trim()).filter(Boolean) ?? [],
      {
        userPerMinute: vars.RATE_LIMIT_USER_PER_MINUTE ?? 600,
        ipPerMinute: vars.RATE_LIMIT_IP_PER_MINUTE ?? 1200,
        // On PostgreSQL the API scales out, so the budget is shared by default; the embedded SQLite default runs one API.
        shared: (vars.RATE_LIMIT_STORE ?? (vars.DATABASE_URL === undefined ? 'memory' : 'store')) === 'store',
      },
      fromRoot(vars.GROUNDWORK_WEB_DIR ?? 'dist/web'),
      vars.WORKER_HEALTH_PORT ?? null,
      vars.WORKER_METRICS_ADDRESS ?? null,
      vars.SHUTDOWN_DRAIN_MS ?? 0,
      vars.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
    ),
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
      vars.TEMPORAL_WAIT_MS ?? 10_000,
      vars.GROUNDWORK_DEAL_UPDATES_PER_RUN === undefined && vars.GROUNDWORK_DEAL_EFFECT_BACKLOG === undefined
        ? undefined
        : {
            ...(vars.GROUNDWORK_DEAL_UPDATES_PER_RUN === undefined ? {} : { updatesPerRun: vars.GROUNDWORK_DEAL_UPDATES_PER_RUN }),
            ...(vars.GROUNDWORK_DEAL_EFFECT_BACKLOG === undefined ? {} : { effectBacklog: vars.GROUNDWORK_DEAL_EFFECT_BACKLOG }),
          },
      {
        port: devPort,
        uiPort: vars.TEMPORAL_DEV_UI_PORT ?? 8233,
        dataDir,
        cliPath: vars.TEMPORAL_CLI_PATH,
      },
      vars.TEMPORAL_WORKER_BUILD_ID === undefined ? null : { name: vars.TEMPORAL_DEPLOYMENT_NAME ?? 'groundwork', buildId: vars.TEMPORAL_WORKER_BUILD_ID },
    ),
    store: new StoreConfig(vars.DATABASE_URL, join(dataDir, 'groundwork.db')),
    auth: new AuthConfig(
      mode,
      vars.AUTH_JWT_SECRET ?? DEV_MODE_SECRET,
      vars.AUTH_ISSUER ?? 'groundwork',
      vars.AUTH_AUDIENCE ?? 'groundwork-api',
      vars.AUTH_JWKS_URL,
      vars.AUTH_JWKS_COOLDOWN_MS ?? 30_000,
      vars.AUTH_ROLES_CLAIM ?? 'roles',
      fromRoot(vars.AUTH_DEV_USERS_FILE ?? 'config/demo-users.json'),
      '12h',
      mode === 'oidc' && vars.AUTH_OIDC_CLIENT_ID !== undefined ? { clientId: vars.AUTH_OIDC_CLIENT_ID, scope: vars.AUTH_OIDC_SCOPE ?? 'openid profile' } : null,
    ),
    policy: new PolicyConfig(
      policyDefaults(vars.GROUNDWORK_POLICY),
      vars.GROUNDWORK_GUIDANCE === undefined ? {} : fromJson('GROUNDWORK_GUIDANCE', vars.GROUNDWORK_GUIDANCE, (value) => validateGuidanceOverrides(value, 'GROUNDWORK_GUIDANCE')),
    ),
    notifications: new NotificationsConfig(
      vars.SMTP_HOST === undefined
        ? null
        : {
            host: vars.SMTP_HOST,
            port: vars.SMTP_PORT ?? 587,
            secure: vars.SMTP_SECURE === 'true',
            requireTls: vars.SMTP_REQUIRE_TLS === 'true',
            ...(vars.SMTP_USER ? { user: vars.SMTP_USER } : {}),
            ...(vars.SMTP_PASSWORD ? { password: vars.SMTP_PASSWORD } : {}),
            from: vars.SMTP_FROM ?? 'Groundwork <groundwork@localhost>',
          },
      vars.WEBHOOK_SIGNING_SECRET === undefined ? null : { signingSecret: vars.WEBHOOK_SIGNING_SECRET, timeoutMs: vars.WEBHOOK_TIMEOUT_MS ?? 5_000, targets: webhookTargets },
      webhookTargets,
      (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT ?? 3000}`).replace(/\/$/, ''),
    ),
    digest: new DigestConfig(
      vars.GROUNDWORK_DIGEST_SCHEDULE === 'off' ? null : { cron: vars.GROUNDWORK_DIGEST_SCHEDULE ?? '0 7 * * 1', timeZone: vars.GROUNDWORK_DIGEST_TIMEZONE ?? 'UTC' },
    ),
  };
}
