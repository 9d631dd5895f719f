import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { DealWorkflowNotFoundException, httpErrorFromTemporal, isTemporalUnavailable, isUpdateNotApplied } from './temporal-errors';

/** What the SDK throws for a refused RPC: a ServiceError around the gRPC status. */
function grpcError(code: status, details: string): ServiceError {
  const cause = Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
  return new ServiceError('Workflow Update failed', { cause });
}

describe('Temporal errors as HTTP answers', () => {
  it.each([
    ['a deadline', grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded')],
    ['an unreachable server', grpcError(status.UNAVAILABLE, 'No connection established')],
    ['a query without a worker', grpcError(status.FAILED_PRECONDITION, 'no poller seen for task queue recently, worker may be down')],
    ['an Update that timed out', new WorkflowUpdateRPCTimeoutOrCancelledError('timeout')],
    ['a workflow whose tasks keep failing', grpcError(status.FAILED_PRECONDITION, 'Unable to query workflow due to Workflow Task in failed state.')],
  ])('answers 503 for %s', (_case, error) => {
    expect(isTemporalUnavailable(error)).toBe(true);
    expect(httpErrorFromTemporal(error, 'acme', 10_000)).toBeInstanceOf(ServiceUnavailableException);
  });

  it('knows an Update that was not applied and may be sent again', () => {
    expect(isUpdateNotApplied(grpcError(status.FAILED_PRECONDITION, 'Unable to perform workflow execution update due to unexpected workflow task failure.'))).toBe(true);
    expect(isUpdateNotApplied(grpcError(status.FAILED_PRECONDITION, 'The limit on the total number of distinct updates in this workflow has been reached (2000).'))).toBe(false);
    expect(isUpdateNotApplied(grpcError(status.INVALID_ARGUMENT, 'workflow task failure'))).toBe(false);
  });

  it('keeps a missing deal a 404 and leaves anything unknown to the 500 handler', () => {
    const gone = httpErrorFromTemporal(new WorkflowNotFoundError('gone', 'deal:acme', undefined), 'acme', 10_000);
    expect(gone).toBeInstanceOf(NotFoundException);
    // The deal service tells a missing workflow from a missing task or incident by this class.
    expect(gone).toBeInstanceOf(DealWorkflowNotFoundException);
    const unknown = grpcError(status.FAILED_PRECONDITION, 'The limit on the total number of distinct updates in this workflow has been reached (2000).');
    expect(httpErrorFromTemporal(unknown, 'acme', 10_000)).toBe(unknown);
  });
});
