import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import type { LogLevel } from './environment';

/** Headers that carry secrets; pino replaces them wherever a request is logged. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'];

/**
 * The one log format of the API and the worker: pino's JSON, one object per line — requests,
 * Nest's own messages and the Temporal SDK's (activity and workflow lines with their IDs) alike.
 */
export function logFormat(level: LogLevel): LoggerOptions {
  return { level, redact: REDACTED_PATHS };
}

/**
 * Nest's logger through pino (nestjs-pino). `fastifyLogs`: an HTTP app whose Fastify already logs
 * each request in this format; messages inside a request then carry its request ID.
 */
export function loggerModule(level: LogLevel, fastifyLogs: boolean): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: { ...logFormat(level), autoLogging: false }, ...(fastifyLogs ? { useExisting: true } : {}) });
}
