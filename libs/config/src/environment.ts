import 'reflect-metadata';
import { Type, plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsIP, IsNotEmpty, IsOptional, IsString, IsTimeZone, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';

export const AUTH_MODES = ['dev', 'jwt', 'oidc'] as const;
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type AuthMode = (typeof AUTH_MODES)[number];

/** The environment variables Groundwork reads; property names are the variable names, so errors name them. */
export class EnvironmentVariables {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  PORT?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  WORKER_HEALTH_PORT?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60_000)
  SHUTDOWN_DRAIN_MS?: number;

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be the http(s) URL of an OTLP/HTTP collector, e.g. http://127.0.0.1:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional() @Matches(/^[\w.-]+:\d{1,5}$/, { message: 'WORKER_METRICS_ADDRESS must be host:port to serve the worker\'s Prometheus metrics on, e.g. 127.0.0.1:9464' })
  WORKER_METRICS_ADDRESS?: string;

  @IsOptional() @IsIP(undefined, { message: 'HOST must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST?: string;

  @IsOptional() @IsIn(['true', 'false'])
  AUTH_DEV_ALLOW_NETWORK?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(120_000)
  TEMPORAL_WAIT_MS?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(10) @Max(1_800)
  GROUNDWORK_DEAL_UPDATES_PER_RUN?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000)
  GROUNDWORK_DEAL_EFFECT_BACKLOG?: number;

  @IsOptional() @IsString() @IsNotEmpty()
  GROUNDWORK_DATA_DIR?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  GROUNDWORK_WEB_DIR?: string;

  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @Matches(/^[^\s:]+:\d{1,5}$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  TEMPORAL_NAMESPACE?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  TEMPORAL_TASK_QUEUE?: string;

  @IsOptional() @Matches(/^[\w.+-]{1,255}$/, { message: 'TEMPORAL_WORKER_BUILD_ID must be a build ID of letters, digits and . _ + - (e.g. a git commit or 1.7.0)' })
  TEMPORAL_WORKER_BUILD_ID?: string;

  @IsOptional() @Matches(/^[\w.-]{1,255}$/, { message: 'TEMPORAL_DEPLOYMENT_NAME must be a name of letters, digits and . _ -' })
  TEMPORAL_DEPLOYMENT_NAME?: string;

  @IsOptional() @IsIn(['true', 'false'])
  TEMPORAL_TLS?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  TEMPORAL_TLS_CERT_PATH?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  TEMPORAL_TLS_KEY_PATH?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  TEMPORAL_API_KEY?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  TEMPORAL_DEV_PORT?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  TEMPORAL_DEV_UI_PORT?: number;

  @IsOptional() @IsString() @IsNotEmpty()
  TEMPORAL_CLI_PATH?: string;

  @IsOptional() @IsIn(AUTH_MODES)
  AUTH_MODE?: AuthMode;

  @IsOptional() @IsString() @Matches(/^.{32,}$/, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  AUTH_DEV_USERS_FILE?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  AUTH_ISSUER?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  AUTH_AUDIENCE?: string;

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  AUTH_JWKS_COOLDOWN_MS?: number;

  @IsOptional() @IsString() @Matches(/^[\w.:-]{1,200}$/, { message: 'AUTH_OIDC_CLIENT_ID must be a client ID of letters, digits and . _ : -' })
  AUTH_OIDC_CLIENT_ID?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  AUTH_OIDC_SCOPE?: string;

  @IsOptional() @IsString() @Matches(/^[\w-]+(\.[\w-]+)*$/, { message: 'AUTH_ROLES_CLAIM must be a claim name or a dotted path such as realm_access.roles' })
  AUTH_ROLES_CLAIM?: string;

  @IsOptional() @IsString()
  NODE_ENV?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  RATE_LIMIT_USER_PER_MINUTE?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  RATE_LIMIT_IP_PER_MINUTE?: number;

  @IsOptional() @IsIn(['memory', 'store'], { message: 'RATE_LIMIT_STORE must be memory (per API instance) or store (shared through the durable record)' })
  RATE_LIMIT_STORE?: 'memory' | 'store';

  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(64 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES?: number;

  @IsOptional() @IsString() @IsNotEmpty()
  CORS_ORIGINS?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  SMTP_HOST?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  SMTP_PORT?: number;

  @IsOptional() @IsIn(['true', 'false'])
  SMTP_SECURE?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  SMTP_USER?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  SMTP_PASSWORD?: string;

  @IsOptional() @IsString() @Matches(/@/, { message: 'SMTP_FROM must name an address, e.g. "Groundwork <groundwork@example.com>"' })
  SMTP_FROM?: string;

  @IsOptional() @IsString() @Matches(/^.{16,}$/, { message: 'WEBHOOK_SIGNING_SECRET must be at least 16 characters' })
  WEBHOOK_SIGNING_SECRET?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional() @IsString() @Matches(/^\s*(\*\.)?[a-z0-9.-]+(\s*,\s*(\*\.)?[a-z0-9.-]+)*\s*$/i, {
    message: 'WEBHOOK_ALLOWED_HOSTS must list host names, comma-separated, e.g. "hooks.slack.com,*.webhook.office.com"',
  })
  WEBHOOK_ALLOWED_HOSTS?: string;

  @IsOptional() @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE_NETWORKS?: string;

  @IsOptional() @IsIn(['true', 'false'])
  SMTP_REQUIRE_TLS?: string;

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  GROUNDWORK_POLICY?: string;

  @IsOptional() @IsString() @IsNotEmpty()
  GROUNDWORK_GUIDANCE?: string;

  @IsOptional() @IsString() @Matches(/^(off|[\d*,/-]+ [\d*,/-]+ [\d*,/?LW#-]+ [\d*,/A-Za-z-]+ [\d*,/?LA-Za-z#-]+)$/, {
    message: 'GROUNDWORK_DIGEST_SCHEDULE must be a five-field cron expression (minute hour day month weekday), e.g. "0 7 * * 1", or off',
  })
  GROUNDWORK_DIGEST_SCHEDULE?: string;

  @IsOptional() @IsString() @IsTimeZone({ message: 'GROUNDWORK_DIGEST_TIMEZONE must be an IANA time zone, e.g. Europe/Amsterdam' })
  GROUNDWORK_DIGEST_TIMEZONE?: string;

  @IsOptional() @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Reads and validates the environment; a bad value throws a ConfigurationError naming the variable. */
export function readEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const variables = plainToInstance(EnvironmentVariables, set);
  // whitelist drops the rest of the process environment; only Groundwork's variables are checked.
  const errors = validateSync(variables, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const messages = Object.values(error.constraints ?? {}).join('; ');
      return `${error.property}=${JSON.stringify(env[error.property])}: ${messages}`;
    });
    throw new ConfigurationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return variables;
}
