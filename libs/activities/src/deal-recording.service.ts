import { Inject, Injectable } from '@nestjs/common';
import type { OutOfOffice, UserId } from '@app/domain';
import { DealRecords, UserRecords } from '@app/store';
import type { AwayUsersInput, RecordDealInput } from '@app/workflows';

/** The deal workflow's window on the durable record: it writes the deal, and reads who is away. */
@Injectable()
export class DealRecordingService {
  constructor(
    @Inject(DealRecords) private readonly deals: DealRecords,
    @Inject(UserRecords) private readonly users: UserRecords,
  ) {}

  recordDeal({ changes, startKey }: RecordDealInput): Promise<void> {
    return this.deals.record(changes, startKey);
  }

  awayUsers({ userIds, at }: AwayUsersInput): Promise<Record<UserId, OutOfOffice>> {
    return this.users.awayAmong(userIds, at);
  }
}
