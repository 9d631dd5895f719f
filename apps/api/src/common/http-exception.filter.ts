import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

interface FastifyClientError {
  statusCode: number;
  message: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  const status = (error as Partial<FastifyClientError> | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Every error leaves as `{ statusCode, error, message }`. Client errors raised by Fastify itself (a
 * malformed JSON body, a body too large) keep their 4xx; anything unexpected is a logged 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let statusCode: number;
    let message: string;
    if (exception instanceof HttpException) {
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
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    const error = HttpStatus[statusCode]?.toLowerCase().split('_').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
    void reply.status(statusCode).send({ statusCode, error: error ?? 'Error', message });
  }
}
