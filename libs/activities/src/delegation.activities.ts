import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { isAway, type OutOfOffice, type UserId } from '@app/domain';
import { inboxWorkflowId, outOfOfficeQuery } from '@app/workflows';
import type { AwayUsersInput, DelegationActivities } from './delegation.types';

/** Reads each user's out-of-office period from their inbox workflow. */
@Injectable()
export class DelegationService implements DelegationActivities {
  constructor(@Inject(Client) private readonly client: Client) {}

  async awayUsers({ userIds, at }: AwayUsersInput): Promise<Record<UserId, OutOfOffice>> {
    const periods = await Promise.all(
      userIds.map(async (userId) => {
        try {
          return [userId, await this.client.workflow.getHandle(inboxWorkflowId(userId)).query(outOfOfficeQuery)] as const;
        } catch (error) {
          // No inbox yet: the user never set anything, so is not away.
          if (error instanceof WorkflowNotFoundError) return [userId, null] as const;
          throw error;
        }
      }),
    );
    return Object.fromEntries(periods.filter((entry): entry is readonly [UserId, OutOfOffice] => isAway(entry[1], at)));
  }
}
