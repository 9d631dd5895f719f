import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  type HttpException,
  NotFoundException,
} from '@nestjs/common';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { isDomainErrorCode, type DomainErrorCode } from '@app/domain';

const HTTP_BY_CODE: Record<DomainErrorCode, (message: string) => HttpException> = {
  'invalid-input': (message) => new BadRequestException(message),
  forbidden: (message) => new ForbiddenException(message),
  'not-found': (message) => new NotFoundException(message),
  conflict: (message) => new ConflictException(message),
};

/** Turns a refused Update (its ApplicationFailure type is a domain error code) into the matching HTTP error. */
export function httpErrorFromTemporal(error: unknown, dealId: string): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const { type, message } = error.cause;
    if (isDomainErrorCode(type)) return HTTP_BY_CODE[type](message);
  }
  if (error instanceof WorkflowNotFoundError) return new NotFoundException(`deal ${dealId} does not exist`);
  if (error instanceof WorkflowExecutionAlreadyStartedError) return new ConflictException(`deal ${dealId} already exists`);
  return error;
}
