import { Inject, Injectable, Optional } from '@nestjs/common';
import { NotificationsConfig } from '@app/config';
import { composeDigest, digestIsEmpty, digestPeriod, DIGEST_LIST_LIMIT, DIGEST_PERIOD_DAYS, healthWindowStart, type UserId } from '@app/domain';
import { EmailSender } from '@app/notifications';
import { DealRecords, UserRecords } from '@app/store';
import type { DigestRecipientsInput, DigestSent, SendDigestInput } from '@app/workflows';
import { ExternalDeliveryService } from './external-delivery.service';

/** More go/no-go reports and escalations than this in a week are counted, not listed, anyway. */
const SIGNALS_READ = 1_000;

/** The directors' digest: composed from the durable record, kept once per period, mailed once where chosen. */
@Injectable()
export class DigestService {
  constructor(
    @Inject(DealRecords) private readonly deals: DealRecords,
    @Inject(UserRecords) private readonly users: UserRecords,
    @Inject(ExternalDeliveryService) private readonly delivery: ExternalDeliveryService,
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
    @Optional() @Inject(EmailSender) private readonly email?: EmailSender,
  ) {}

  async digestRecipients({ until, after, limit }: DigestRecipientsInput): Promise<UserId[]> {
    const directors = await this.deals.directorsOfDeals(digestPeriod(until).from);
    return directors.filter((director) => after === undefined || director > after).slice(0, limit);
  }

  async sendDigest({ recipient, until }: SendDigestInput): Promise<DigestSent> {
    const period = digestPeriod(until);
    const [waiting, signals, courses] = await Promise.all([
      this.deals.openTasks({ assignee: recipient }, { offset: 0, limit: DIGEST_LIST_LIMIT }),
      this.users.digestSignals(recipient, period, SIGNALS_READ),
      this.deals.incidentCourses({ readableBy: recipient }, healthWindowStart({ until: period.until, periodDays: DIGEST_PERIOD_DAYS, periods: 2 })),
    ]);
    const composed = composeDigest({
      recipient,
      until: period.until,
      openTasks: waiting.items.map(({ id, kind, dealId, dealTitle, dueAt }) => ({ taskId: id, kind, dealId, dealTitle, dueAt })),
      openTaskTotal: waiting.total,
      signals,
      courses,
    });
    // A retried attempt finds the digest the first one kept, so what is mailed is what the desk shows.
    const digest = await this.users.saveDigest(composed, new Date().toISOString());
    if (!this.email || digestIsEmpty(digest)) return { mailed: false };
    const { email } = await this.users.preferences(recipient);
    if (!email) return { mailed: false };
    const deliveryId = `digest:${digest.until}:${recipient}`;
    const mailed = await this.delivery.deliverOnce(deliveryId, recipient, 'email', () =>
      this.email!.sendDigest(deliveryId, digest, { type: 'email', address: email }, { desk: `${this.config.publicUrl}/desk` }),
    );
    return { mailed };
  }
}
