/** The ApplicationFailure type an activity fails with when the store has a fault: the API relays its message. */
export const STORE_UNAVAILABLE_FAILURE = 'StoreUnavailable';

/**
 * Faults of the store's server or disk, as opposed to a bug: each passes once the fault clears (a
 * full disk is freed, a restarted PostgreSQL takes connections again), so the API answers 503.
 */
const SQLITE_FAULTS: Record<string, string> = {
  SQLITE_FULL: 'the disk under the SQLite file is full',
  SQLITE_IOERR: 'the disk under the SQLite file failed to read or write',
  SQLITE_BUSY: 'the SQLite file is locked by another writer',
  SQLITE_LOCKED: 'the SQLite file is locked by another writer',
  SQLITE_READONLY: 'the SQLite file cannot be written',
  SQLITE_CANTOPEN: 'the SQLite file cannot be opened',
};

/** PostgreSQL's SQLSTATE classes and codes of an unavailable server (08 connection, 53 resources, 57P operator intervention). */
const POSTGRES_FAULT_STATE = /^(08|53|57P)/;

const CONNECTION_FAULT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** pg's own messages for a pool that cannot connect, or a connection the server closed. */
const CONNECTION_FAULT_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|connection terminated|Client has encountered a connection error/;

/** What is wrong with the store, in words for the user, when `error` is such a fault; null otherwise. */
export function storeFaultOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    // An extended SQLite code (SQLITE_IOERR_WRITE) belongs to its primary one (SQLITE_IOERR).
    const sqlite = SQLITE_FAULTS[/^SQLITE_[A-Z]+/.exec(code)?.[0] ?? ''];
    if (sqlite) return sqlite;
    if (POSTGRES_FAULT_STATE.test(code)) return code.startsWith('53') ? 'PostgreSQL is out of resources (disk, memory or connections)' : 'PostgreSQL is shutting down or refusing connections';
    if (CONNECTION_FAULT_CODES.has(code)) return 'PostgreSQL cannot be reached';
  }
  // Node reports a refused connection to each address of a name as one AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => storeFaultOf(inner) !== null)) return 'PostgreSQL cannot be reached';
  if (typeof message === 'string' && CONNECTION_FAULT_MESSAGE.test(message)) return 'the connection to PostgreSQL was lost';
  return null;
}
