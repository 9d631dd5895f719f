import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  type HttpException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { isDomainErrorCode, type DomainErrorCode } from '@app/domain';
import { CATCHING_UP_FAILURE, RUN_ENDING_FAILURE } from '@app/workflows';

const HTTP_BY_CODE: Record<DomainErrorCode, (message: string) => HttpException> = {
  'invalid-input': (message) => new BadRequestException(message),
  forbidden: (message) => new ForbiddenException(message),
  'not-found': (message) => new NotFoundException(message),
  conflict: (message) => new ConflictException(message),
};

/** A domain refusal as the HTTP error that says the same: 400, 403, 404 or 409. */
export function httpErrorFromDomain(code: DomainErrorCode, message: string): HttpException {
  return HTTP_BY_CODE[code](message);
}

/** gRPC answers that mean "not now": the server, or a worker behind it, did not answer in time. */
const UNAVAILABLE_CODES = new Set<number>([
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.CANCELLED,
  GrpcStatus.RESOURCE_EXHAUSTED,
]);

function grpcCodeOf(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.code;
  return undefined;
}

/** True when Temporal or a worker did not answer within the wait: a 503 the client may retry. */
export function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = grpcCodeOf(error);
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  // A query to a workflow no worker polls for ("no poller seen for task queue recently"), or whose
  // workflow task keeps failing for now ("Workflow Task in failed state").
  return code === GrpcStatus.FAILED_PRECONDITION && /poller|failed state/i.test((error as Error).message + String((error as { cause?: Error }).cause?.message));
}

const NOT_APPLIED_FAILURES = new Set<string>([RUN_ENDING_FAILURE, CATCHING_UP_FAILURE]);

/**
 * The server refused an Update because the workflow task it was delivered in failed (a
 * continue-as-new that raced a new event), the workflow's tasks keep failing for now (an
 * overloaded worker), or the deal's run is ending: nothing was applied, so the same Update may be
 * sent again.
 */
export function isUpdateNotApplied(error: unknown): boolean {
  // The deal's run is about to continue as new (the next run takes it), or is catching up on its effects.
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && NOT_APPLIED_FAILURES.has(error.cause.type ?? '')) return true;
  const code = grpcCodeOf(error);
  const cause = error instanceof ServiceError ? error.cause : error;
  return code === GrpcStatus.FAILED_PRECONDITION && /workflow task (failure|in failed state)/i.test((cause as Error | undefined)?.message ?? '');
}

export function temporalUnavailable(waitMs: number): ServiceUnavailableException {
  return new ServiceUnavailableException(
    `Temporal or the Groundwork worker did not answer within ${Math.round(waitMs / 100) / 10} s; ` +
      'retry later, with the same Idempotency-Key for a command',
  );
}

/**
 * Temporal has no workflow for the deal: it never existed, it has ended (kept or deleted at
 * retention), or an operator ended it. A 404 the deal service looks behind, unlike a domain not-found.
 */
export class DealWorkflowNotFoundException extends NotFoundException {
  constructor(dealId: string) {
    super(`deal ${dealId} does not exist`);
  }
}

/** Turns a refused Update (its ApplicationFailure type is a domain error code) into the matching HTTP error. */
export function httpErrorFromTemporal(error: unknown, dealId: string, waitMs: number): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const { type, message } = error.cause;
    if (isDomainErrorCode(type)) return HTTP_BY_CODE[type](message);
  }
  if (error instanceof WorkflowNotFoundError) return new DealWorkflowNotFoundException(dealId);
  if (error instanceof WorkflowExecutionAlreadyStartedError) return new ConflictException(`deal ${dealId} already exists`);
  // Not applied, and no time left to send it again: the client may retry it.
  if (isTemporalUnavailable(error) || isUpdateNotApplied(error)) return temporalUnavailable(waitMs);
  return error;
}
