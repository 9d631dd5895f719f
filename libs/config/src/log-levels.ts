import type { LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from './environment';

const ORDER: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
const NEST: Record<LogLevel, NestLogLevel[]> = { error: ['error'], warn: ['warn'], info: ['log'], debug: ['debug', 'verbose'] };

/** Nest's logger takes the list of levels to show; LOG_LEVEL names the lowest one. */
export function nestLogLevels(level: LogLevel): NestLogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1).flatMap((shown) => NEST[shown]);
}

/** The Temporal SDK's runtime logger names its levels in capitals. */
export function temporalLogLevel(level: LogLevel): 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' {
  return level.toUpperCase() as 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
}
