import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { migrateToLatest } from './migrations';
import type { StoreDialect, StoreSchema } from './schema';

export interface StoreLocation {
  /** postgres://… selects PostgreSQL; without it the store is the SQLite file. */
  databaseUrl: string | undefined;
  sqliteFile: string;
}

/**
 * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR). Kysely's ROLLBACK
 * then fails with "no transaction is active" and that error replaces the cause; skip it when nothing
 * is open, so a full disk is reported as one.
 */
class KeepingCauseSqliteDriver extends SqliteDriver {
  constructor(private readonly database: Database.Database) {
    super({ database: keepingStatements(database) });
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

/**
 * Kysely prepares every query afresh, and better-sqlite3 compiles the SQL each time (a tenth of the
 * worker's main thread under the lifecycle bench). The store's queries are a bounded set of texts;
 * keep the compiled statements. Reusing one is safe: Kysely runs one query at a time on SQLite.
 */
function keepingStatements(database: Database.Database): SqliteDatabase {
  const statements = new LRUCache<string, Database.Statement>({ max: 500 });
  return {
    close: () => database.close(),
    prepare: (text) => {
      const kept = statements.get(text);
      if (kept) return kept;
      const statement = database.prepare(text);
      statements.set(text, statement);
      return statement;
    },
  };
}

class KeepingCauseSqliteDialect extends SqliteDialect {
  constructor(private readonly database: Database.Database) {
    super({ database });
  }

  override createDriver(): Driver {
    return new KeepingCauseSqliteDriver(this.database);
  }
}

/** The durable record's connection: one Kysely instance over SQLite or PostgreSQL, migrated on open. */
export class Store {
  private constructor(
    readonly db: Kysely<StoreSchema>,
    readonly dialect: StoreDialect,
  ) {}

  static async open(location: StoreLocation): Promise<Store> {
    const store = location.databaseUrl === undefined ? Store.sqlite(location.sqliteFile) : Store.postgres(location.databaseUrl);
    try {
      await migrateToLatest(store.db as Kysely<unknown>, store.dialect);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private static sqlite(file: string): Store {
    mkdirSync(dirname(file), { recursive: true });
    const database = new Database(file);
    // WAL lets the API read while the worker writes (also from another process); FULL sync makes
    // every committed transaction survive a power cut, not only a crash of the process.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 5000');
    return new Store(new Kysely<StoreSchema>({ dialect: new KeepingCauseSqliteDialect(database) }), 'sqlite');
  }

  private static postgres(connectionString: string): Store {
    const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000 });
    // A connection the server dropped must not take the process down, whether it sat idle in the pool
    // (the pool's 'error') or checked out between queries (the client's own); the pool then replaces it.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new Store(new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }

  /** One round trip to the database: readiness, not a migration or a write. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
