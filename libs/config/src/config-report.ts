import type { GroundworkConfig } from './config';

const MASK = '***';
/** Fields holding a secret, wherever they sit in the configuration. */
const SECRET_KEY = /secret|password|apikey|token/i;
/** Fields holding a URL that may carry credentials. */
const URL_KEY = /url$/i;

function masked(key: string, value: unknown): unknown {
  if (value === undefined || value === null) return value ?? null;
  if (SECRET_KEY.test(key)) return MASK;
  if (typeof value === 'string' && URL_KEY.test(key) && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const url = new URL(value);
    if (url.password) url.password = MASK;
    return url.toString();
  }
  if (Array.isArray(value)) return value.map((item) => masked('', item));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, masked(childKey, child)]));
  return value;
}

/** The resolved configuration per concern as `--check-config` prints it: every secret masked, a URL's password too. */
export function configReport(config: GroundworkConfig): Record<string, unknown> {
  return masked('', config) as Record<string, unknown>;
}

/**
 * `--check-config` on a process's command line: print the resolved configuration (secrets masked)
 * and stop, 0 when it is valid; an invalid one throws as at start, naming the variable.
 */
export function checkConfigRequested(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--check-config');
}
