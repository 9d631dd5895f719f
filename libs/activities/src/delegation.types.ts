import type { OutOfOffice, UserId } from '@app/domain';

export interface AwayUsersInput {
  userIds: UserId[];
  at: string;
}

/** Looks up who is out of office, so new tasks can go to their delegates. Workflows import this type only. */
export interface DelegationActivities {
  awayUsers(input: AwayUsersInput): Promise<Record<UserId, OutOfOffice>>;
}
