import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { StoreDialect } from './schema';

/**
 * Versioned migrations, applied in name order at start by whichever process opens the store first
 * (Kysely's migrator takes a lock, so an API and a worker starting together do not race).
 */
function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001_durable_record': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('deals')
          .addColumn('deal_id', 'text', (column) => column.primaryKey())
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('title', 'text', (column) => column.notNull())
          .addColumn('customer', 'text', (column) => column.notNull())
          .addColumn('segment', 'text', (column) => column.notNull())
          .addColumn('value_proposition', 'text', (column) => column.notNull())
          .addColumn('programme_manager', 'text', (column) => column.notNull())
          .addColumn('stage', 'text', (column) => column.notNull())
          .addColumn('opened_at', 'text', (column) => column.notNull())
          .addColumn('closed_at', 'text')
          .addColumn('updated_at', 'text', (column) => column.notNull())
          .addColumn('search_text', 'text', (column) => column.notNull())
          .addColumn('start_key', 'text')
          .addColumn('head', 'text', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('deals_by_stage').on('deals').columns(['stage', 'updated_at']).execute();
        await db.schema.createIndex('deals_by_updated').on('deals').columns(['updated_at', 'deal_id']).execute();

        await db.schema
          .createTable('deal_people')
          .addColumn('deal_id', 'text', (column) => column.notNull())
          .addColumn('user_id', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('deal_people_pk', ['deal_id', 'user_id'])
          .execute();
        await db.schema.createIndex('deal_people_by_user').on('deal_people').columns(['user_id', 'deal_id']).execute();

        await db.schema
          .createTable('deal_tasks')
          .addColumn('deal_id', 'text', (column) => column.notNull())
          .addColumn('task_id', 'text', (column) => column.notNull())
          .addColumn('sequence', 'integer', (column) => column.notNull())
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('kind', 'text', (column) => column.notNull())
          .addColumn('assignee', 'text', (column) => column.notNull())
          .addColumn('owner', 'text', (column) => column.notNull())
          .addColumn('level', 'text', (column) => column.notNull())
          .addColumn('status', 'text', (column) => column.notNull())
          .addColumn('due_at', 'text', (column) => column.notNull())
          .addColumn('opened_at', 'text', (column) => column.notNull())
          .addColumn('data', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('deal_tasks_pk', ['deal_id', 'task_id'])
          .execute();
        await db.schema.createIndex('deal_tasks_open_by_assignee').on('deal_tasks').columns(['assignee', 'status', 'due_at']).execute();

        await db.schema
          .createTable('deal_incidents')
          .addColumn('deal_id', 'text', (column) => column.notNull())
          .addColumn('incident_id', 'text', (column) => column.notNull())
          .addColumn('sequence', 'integer', (column) => column.notNull())
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('severity', 'text', (column) => column.notNull())
          .addColumn('status', 'text', (column) => column.notNull())
          .addColumn('level', 'text', (column) => column.notNull())
          .addColumn('reported_at', 'text', (column) => column.notNull())
          .addColumn('data', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('deal_incidents_pk', ['deal_id', 'incident_id'])
          .execute();

        await db.schema
          .createTable('deal_events')
          .addColumn('deal_id', 'text', (column) => column.notNull())
          .addColumn('sequence', 'integer', (column) => column.notNull())
          .addColumn('type', 'text', (column) => column.notNull())
          .addColumn('at', 'text', (column) => column.notNull())
          .addColumn('actor', 'text', (column) => column.notNull())
          .addColumn('data', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('deal_events_pk', ['deal_id', 'sequence'])
          .execute();

        await db.schema
          .createTable('signals')
          .addColumn('position', dialect === 'postgres' ? 'bigserial' : 'integer', (column) =>
            dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
          )
          .addColumn('recipient', 'text', (column) => column.notNull())
          .addColumn('delivery_id', 'text', (column) => column.notNull())
          .addColumn('deal_id', 'text', (column) => column.notNull())
          .addColumn('type', 'text', (column) => column.notNull())
          .addColumn('at', 'text', (column) => column.notNull())
          .addColumn('data', 'text', (column) => column.notNull())
          .addUniqueConstraint('signals_once_per_recipient', ['recipient', 'delivery_id'])
          .execute();
        await db.schema.createIndex('signals_by_recipient').on('signals').columns(['recipient', 'position']).execute();

        await db.schema
          .createTable('notification_preferences')
          .addColumn('user_id', 'text', (column) => column.primaryKey())
          .addColumn('email', 'text')
          .addColumn('webhook_url', 'text')
          .addColumn('webhook_flavour', 'text')
          .addColumn('updated_at', 'text', (column) => column.notNull())
          .execute();

        await db.schema
          .createTable('out_of_office')
          .addColumn('user_id', 'text', (column) => column.primaryKey())
          .addColumn('starts_at', 'text', (column) => column.notNull())
          .addColumn('ends_at', 'text', (column) => column.notNull())
          .addColumn('delegate', 'text', (column) => column.notNull())
          .execute();

        await db.schema
          .createTable('sent_notifications')
          .addColumn('notification_id', 'text', (column) => column.notNull())
          .addColumn('channel', 'text', (column) => column.notNull())
          .addColumn('recipient', 'text', (column) => column.notNull())
          .addColumn('outcome', 'text', (column) => column.notNull())
          .addColumn('at', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('sent_notifications_pk', ['notification_id', 'channel'])
          .execute();
      },
    },
    // The relationship's health reads incidents by report time and a deal's escalations without its whole timeline.
    '0002_relationship_health': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema.createIndex('deal_incidents_by_report').on('deal_incidents').columns(['reported_at']).execute();
        await db.schema.createIndex('deal_events_by_type').on('deal_events').columns(['deal_id', 'type', 'at']).execute();
      },
    },
    // Each director's weekly digest, kept as it was made (one per recipient and period end).
    '0003_directors_digests': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('digests')
          .addColumn('recipient', 'text', (column) => column.notNull())
          .addColumn('period_end', 'text', (column) => column.notNull())
          .addColumn('period_start', 'text', (column) => column.notNull())
          .addColumn('created_at', 'text', (column) => column.notNull())
          .addColumn('data', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('digests_pk', ['recipient', 'period_end'])
          .execute();
        await db.schema.createIndex('signals_by_recipient_type').on('signals').columns(['recipient', 'type', 'at']).execute();
      },
    },
    // Rate-limit windows shared by every API instance (one row per budget and caller).
    '0004_rate_limit_windows': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('rate_limit_windows')
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('hits', 'integer', (column) => column.notNull())
          .addColumn('window_ends_at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('rate_limit_windows_by_end').on('rate_limit_windows').columns(['window_ends_at']).execute();
      },
    },
  };
}

class StaticMigrations implements MigrationProvider {
  constructor(private readonly dialect: StoreDialect) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrations(this.dialect));
  }
}

/** Brings the schema to the newest version; a failed migration stops the start with its error. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: StoreDialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrations(dialect), migrationTableName: 'groundwork_migrations', migrationLockTableName: 'groundwork_migrations_lock' });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
