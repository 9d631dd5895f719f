import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '@app/domain';

/**
 * Runs a domain check or command; a DomainError leaves as an ApplicationFailure whose type is its
 * code (the only failure a handler may throw), which the API turns into 400/403/404/409.
 */
export function refusingAsFailure<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof DomainError) {
      throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
    }
    throw error;
  }
}
