import type { Generated } from 'kysely';

/** The SQL dialects the store speaks: SQLite embedded, PostgreSQL at scale. */
export type StoreDialect = 'sqlite' | 'postgres';

/**
 * The durable record's tables. Rows hold what users read; JSON columns keep each entity whole as
 * the domain shapes it, and the plain columns beside them are what lists filter and sort on.
 */
export interface StoreSchema {
  deals: DealsTable;
  deal_people: DealPeopleTable;
  deal_tasks: DealTasksTable;
  deal_incidents: DealIncidentsTable;
  deal_events: DealEventsTable;
  signals: SignalsTable;
  notification_preferences: NotificationPreferencesTable;
  out_of_office: OutOfOfficeTable;
  sent_notifications: SentNotificationsTable;
  digests: DigestsTable;
  rate_limit_windows: RateLimitWindowsTable;
}

export interface DealsTable {
  deal_id: string;
  /** The sequence number of the last event written; a row is only ever replaced by a later version. */
  version: number;
  title: string;
  customer: string;
  segment: string;
  value_proposition: string;
  programme_manager: string;
  stage: string;
  opened_at: string;
  closed_at: string | null;
  updated_at: string;
  /** Lower-cased title and customer, for the lists' text filter. */
  search_text: string;
  /** `user:Idempotency-Key` of the start request, so a retried start answers as the first did. */
  start_key: string | null;
  /** The deal without its tasks and incidents (DealHead), as JSON. */
  head: string;
}

/** Everyone who may read a deal besides programme managers: named on it or holding one of its tasks. */
export interface DealPeopleTable {
  deal_id: string;
  user_id: string;
}

export interface DealTasksTable {
  deal_id: string;
  task_id: string;
  /** Opening order within the deal (the number in the task ID). */
  sequence: number;
  version: number;
  kind: string;
  assignee: string;
  owner: string;
  level: string;
  status: string;
  due_at: string;
  opened_at: string;
  data: string;
}

export interface DealIncidentsTable {
  deal_id: string;
  incident_id: string;
  sequence: number;
  version: number;
  severity: string;
  status: string;
  level: string;
  reported_at: string;
  data: string;
}

/** The domain timeline: append-only, one row per event, numbered per deal from 1. */
export interface DealEventsTable {
  deal_id: string;
  sequence: number;
  type: string;
  at: string;
  actor: string;
  data: string;
}

export interface SignalsTable {
  /** Arrival order across all users. */
  position: Generated<number>;
  recipient: string;
  /** Unique per deal and notice; with the recipient it keeps a retried write from landing twice. */
  delivery_id: string;
  deal_id: string;
  type: string;
  at: string;
  data: string;
}

export interface NotificationPreferencesTable {
  user_id: string;
  email: string | null;
  webhook_url: string | null;
  webhook_flavour: string | null;
  updated_at: string;
}

export interface OutOfOfficeTable {
  user_id: string;
  starts_at: string;
  ends_at: string;
  delegate: string;
}

/** One row per (notification, channel) that went out or was refused for good: the guard against sending twice. */
export interface SentNotificationsTable {
  notification_id: string;
  channel: string;
  recipient: string;
  outcome: string;
  at: string;
}

/** A director's digest as it was made; a digest made again for the same period is not stored twice. */
export interface DigestsTable {
  recipient: string;
  /** The end of the period covered (exclusive), ISO time. */
  period_end: string;
  period_start: string;
  created_at: string;
  /** The DirectorsDigest, as JSON. */
  data: string;
}

/** One fixed window of a rate-limit budget: how many requests it took, and when it ends (epoch ms). */
export interface RateLimitWindowsTable {
  key: string;
  hits: number;
  window_ends_at: number | string;
}
