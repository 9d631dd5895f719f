import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@app/domain';
import { storeFaultOf } from '@app/store';
import { httpErrorFromDomain } from './temporal-errors';

interface FastifyClientError {
  statusCode: number;
  message: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  const status = (error as Partial<FastifyClientError> | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Every error leaves as `{ statusCode, error, message }`. Domain refusals become their 4xx, client
 * errors raised by Fastify itself (a malformed JSON body, a body too large) keep theirs, a store that
 * is down or full is a 503; anything unexpected is a logged 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let statusCode: number;
    let message: string;
    // A domain refusal raised outside a workflow (a store read's cursor, say) says what it refuses.
    if (exception instanceof DomainError) exception = httpErrorFromDomain(exception.code, exception.message);
    const storeFault = storeFaultOf(exception);
    if (storeFault !== null) {
      statusCode = HttpStatus.SERVICE_UNAVAILABLE;
      message = `The durable record is unavailable for now: ${storeFault}. Nothing already acknowledged is lost; retry shortly, with the same Idempotency-Key for a command.`;
      this.logger.warn(`store fault: ${(exception as Error).message}`);
    } else if (exception instanceof HttpException) {
      statusCode = exception.getStatus();
      const body = exception.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
    } else if (isFastifyClientError(exception)) {
      statusCode = exception.statusCode;
      message = exception.message;
    } else {
      statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
      message = 'Internal server error';
      this.logger.error(describeUnexpected(exception));
    }
    // Temporal, the worker or the store is out of reach for now: tell clients when to try again.
    if (statusCode === (HttpStatus.SERVICE_UNAVAILABLE as number)) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    void reply.status(statusCode).send(errorBody(statusCode, message));
  }
}

export const RETRY_AFTER_SECONDS = 5;

/** Messages may quote what a client sent; they never grow with it. */
const MAX_MESSAGE_LENGTH = 1_000;

/** The one error shape of the contract: `{ statusCode, error, message }`. */
export function errorBody(statusCode: number, message: string): { statusCode: number; error: string; message: string } {
  const error = HttpStatus[statusCode]?.toLowerCase().split('_').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
  const clipped = message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
  return { statusCode, error: error ?? 'Error', message: clipped };
}

/** The stack, and what caused it (a gRPC status carries the server's reason), for the log only. */
function describeUnexpected(exception: unknown): string {
  if (!(exception instanceof Error)) return String(exception);
  const cause = exception.cause instanceof Error ? `\ncaused by: ${exception.cause.message}` : '';
  return `${exception.stack ?? exception.message}${cause}`;
}
