import { pino, type DestinationStream } from 'pino';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { logFormat, type LogLevel } from '@app/config';

/** The Temporal SDK names its levels in capitals, pino in lower case; the names are the same. */
const SDK_LEVEL = { error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG' } as const;

/**
 * The Temporal SDK's log (the runtime's own lines, and each workflow's and activity's `log`, which
 * carry the namespace, task queue, workflow ID, run ID and, with tracing on, the trace ID) written as
 * JSON lines in the format of every other Groundwork log.
 */
export function runtimeLogger(level: LogLevel, destination?: DestinationStream): DefaultLogger {
  const logger = destination ? pino(logFormat(level), destination) : pino(logFormat(level));
  return new DefaultLogger(SDK_LEVEL[level], ({ level: entryLevel, message, meta }: LogEntry) => {
    const method = entryLevel === 'TRACE' ? 'trace' : (entryLevel.toLowerCase() as LogLevel);
    logger[method]({ ...meta }, message);
  });
}
