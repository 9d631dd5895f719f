import { isAway, NO_EXTERNAL_CHANNELS, type DeliveredSignal, type DirectorsDigest, type EscalationSignal, type GoNoGoSignal, type NotificationPreferences, type OutOfOffice, type UserId, type WebhookFlavour } from '@app/domain';
import type { Store } from './store';

export type SentOutcome = 'sent' | 'refused';

/** Each user's part of the durable record: signals feed, settings, and what went out to them. */
export class UserRecords {
  constructor(private readonly store: Store) {}

  /** A user's signals in arrival order, after the given position. */
  async signals(recipient: UserId, page: { after?: number; limit: number }): Promise<(DeliveredSignal & { position: number })[]> {
    const rows = await this.store.db
      .selectFrom('signals')
      .select(['position', 'data'])
      .where('recipient', '=', recipient)
      .where('position', '>', page.after ?? 0)
      .orderBy('position')
      .limit(page.limit)
      .execute();
    return rows.map((row) => ({ ...(JSON.parse(row.data) as DeliveredSignal), position: Number(row.position) }));
  }

  /** A user's go/no-go reports and escalations that arrived from (inclusive) until (exclusive): what a digest reports. */
  async digestSignals(recipient: UserId, period: { from: string; until: string }, limit: number): Promise<(GoNoGoSignal | EscalationSignal)[]> {
    const rows = await this.store.db
      .selectFrom('signals')
      .select('data')
      .where('recipient', '=', recipient)
      .where('type', 'in', ['go-no-go', 'escalation'])
      .where('at', '>=', period.from)
      .where('at', '<', period.until)
      .orderBy('at')
      .limit(limit)
      .execute();
    return rows.map((row) => JSON.parse(row.data) as GoNoGoSignal | EscalationSignal);
  }

  /** Keeps a digest; one made again for the same recipient and period leaves the first in place. */
  async saveDigest(digest: DirectorsDigest, at: string): Promise<DirectorsDigest> {
    await this.store.db
      .insertInto('digests')
      .values({ recipient: digest.recipient, period_end: digest.until, period_start: digest.from, created_at: at, data: JSON.stringify(digest) })
      .onConflict((conflict) => conflict.columns(['recipient', 'period_end']).doNothing())
      .execute();
    const stored = await this.store.db
      .selectFrom('digests')
      .select('data')
      .where('recipient', '=', digest.recipient)
      .where('period_end', '=', digest.until)
      .executeTakeFirstOrThrow();
    return JSON.parse(stored.data) as DirectorsDigest;
  }

  /** A user's digests, newest first. */
  async digests(recipient: UserId, limit: number): Promise<DirectorsDigest[]> {
    const rows = await this.store.db.selectFrom('digests').select('data').where('recipient', '=', recipient).orderBy('period_end', 'desc').limit(limit).execute();
    return rows.map((row) => JSON.parse(row.data) as DirectorsDigest);
  }

  async preferences(userId: UserId): Promise<NotificationPreferences> {
    const row = await this.store.db.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!row) return NO_EXTERNAL_CHANNELS;
    return {
      email: row.email,
      webhook: row.webhook_url === null ? null : { url: row.webhook_url, flavour: row.webhook_flavour as WebhookFlavour },
    };
  }

  async setPreferences(userId: UserId, preferences: NotificationPreferences, at: string): Promise<NotificationPreferences> {
    const values = {
      email: preferences.email,
      webhook_url: preferences.webhook?.url ?? null,
      webhook_flavour: preferences.webhook?.flavour ?? null,
      updated_at: at,
    };
    await this.store.db
      .insertInto('notification_preferences')
      .values({ user_id: userId, ...values })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet(values))
      .execute();
    return preferences;
  }

  /** Of these users, the ones with a channel set among those that can send. */
  async wantingExternal(userIds: UserId[], channels: { email: boolean; webhook: boolean }): Promise<Set<UserId>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.store.db.selectFrom('notification_preferences').select(['user_id', 'email', 'webhook_url']).where('user_id', 'in', userIds).execute();
    return new Set(rows.filter((row) => (channels.email && row.email !== null) || (channels.webhook && row.webhook_url !== null)).map((row) => row.user_id));
  }

  async outOfOffice(userId: UserId): Promise<OutOfOffice | null> {
    const row = await this.store.db.selectFrom('out_of_office').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row ? { from: row.starts_at, until: row.ends_at, delegate: row.delegate } : null;
  }

  async setOutOfOffice(userId: UserId, period: OutOfOffice | null): Promise<OutOfOffice | null> {
    if (period === null) {
      await this.store.db.deleteFrom('out_of_office').where('user_id', '=', userId).execute();
      return null;
    }
    const values = { starts_at: period.from, ends_at: period.until, delegate: period.delegate };
    await this.store.db
      .insertInto('out_of_office')
      .values({ user_id: userId, ...values })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet(values))
      .execute();
    return period;
  }

  /** Of these users, the ones away at `at`, with their periods. */
  async awayAmong(userIds: UserId[], at: string): Promise<Record<UserId, OutOfOffice>> {
    if (userIds.length === 0) return {};
    const rows = await this.store.db.selectFrom('out_of_office').selectAll().where('user_id', 'in', userIds).execute();
    const away = rows
      .map((row) => [row.user_id, { from: row.starts_at, until: row.ends_at, delegate: row.delegate }] as const)
      .filter(([, period]) => isAway(period, at));
    return Object.fromEntries(away);
  }

  /** Whether this notification already went out (or was refused for good) on this channel. */
  async wasSent(notificationId: string, channel: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('sent_notifications')
      .select('outcome')
      .where('notification_id', '=', notificationId)
      .where('channel', '=', channel)
      .executeTakeFirst();
    return row !== undefined;
  }

  async recordSent(record: { notificationId: string; channel: string; recipient: UserId; outcome: SentOutcome; at: string }): Promise<void> {
    await this.store.db
      .insertInto('sent_notifications')
      .values({ notification_id: record.notificationId, channel: record.channel, recipient: record.recipient, outcome: record.outcome, at: record.at })
      .onConflict((conflict) => conflict.columns(['notification_id', 'channel']).doNothing())
      .execute();
  }

  /** What went out to a user, newest first (for operators and tests). */
  async sentTo(recipient: UserId): Promise<{ notificationId: string; channel: string; outcome: SentOutcome }[]> {
    const rows = await this.store.db.selectFrom('sent_notifications').selectAll().where('recipient', '=', recipient).orderBy('at', 'desc').execute();
    return rows.map((row) => ({ notificationId: row.notification_id, channel: row.channel, outcome: row.outcome as SentOutcome }));
  }
}
