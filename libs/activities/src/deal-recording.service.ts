import { Inject, Injectable, Optional } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { delegateOf, type DealChanges, type OutOfOffice, type UserId } from '@app/domain';
import { EmailSender, WebhookSender } from '@app/notifications';
import { DealRecords, STORE_UNAVAILABLE_FAILURE, UserRecords, storeFaultOf } from '@app/store';
import type { AwayUsersInput, RecordDealInput, RecordedDeal } from '@app/workflows';

/** The deal workflow's window on the durable record: it writes the deal, and reads who is away. */
@Injectable()
export class DealRecordingService {
  constructor(
    @Inject(DealRecords) private readonly deals: DealRecords,
    @Inject(UserRecords) private readonly users: UserRecords,
    @Optional() @Inject(EmailSender) private readonly email?: EmailSender,
    @Optional() @Inject(WebhookSender) private readonly webhook?: WebhookSender,
  ) {}

  /**
   * Writes the changes, and says which of their notices go out by e-mail or webhook, so the others cost
   * no activity. Who is away is read first: a new task's notice to an assignee who is away is not
   * written, as the workflow hands that task to the delegate on the same reading.
   */
  async recordDeal({ changes: taken, startKey, lookUpAway }: RecordDealInput): Promise<RecordedDeal> {
    const away = lookUpAway && (await this.awayUsers(lookUpAway));
    const changes = away && lookUpAway ? withoutNoticesOfDelegated(taken, away, lookUpAway.at) : taken;
    try {
      await this.deals.record(changes, startKey);
    } catch (error) {
      // Retried until the fault clears; the reason is kept on the pending activity, where the API finds it.
      const fault = storeFaultOf(error);
      if (fault !== null) throw ApplicationFailure.retryable(`the durable record cannot be written: ${fault}`, STORE_UNAVAILABLE_FAILURE);
      throw error;
    }
    const sendExternally = await this.wantedExternally(changes.signals);
    return { sendExternally, ...(away ? { away } : {}) };
  }

  private async wantedExternally(signals: RecordDealInput['changes']['signals']): Promise<string[]> {
    if (signals.length === 0 || (!this.email && !this.webhook)) return [];
    const wanting = await this.users.wantingExternal([...new Set(signals.map((signal) => signal.recipient))], {
      email: this.email !== undefined,
      webhook: this.webhook !== undefined,
    });
    return [...new Set(signals.filter((signal) => wanting.has(signal.recipient)).map((signal) => signal.id))];
  }

  awayUsers({ userIds, at }: AwayUsersInput): Promise<Record<UserId, OutOfOffice>> {
    return this.users.awayAmong(userIds, at);
  }
}

/** The changes without the opening notices of tasks that go to a delegate (see DealProcess.settleAssignments). */
function withoutNoticesOfDelegated(changes: DealChanges, away: Record<UserId, OutOfOffice>, at: string): DealChanges {
  const dropped = new Set((changes.assignments ?? []).filter(({ assignee }) => delegateOf(away[assignee], assignee, at) !== null).map(({ noticeId }) => noticeId));
  return dropped.size === 0 ? changes : { ...changes, signals: changes.signals.filter((signal) => !dropped.has(signal.id)) };
}
