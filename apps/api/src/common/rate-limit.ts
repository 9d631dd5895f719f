import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ServerConfig } from '@app/config';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

interface TrackedRequest extends AuthenticatedRequest {
  ip: string;
}

const MINUTE_MS = 60_000;

/**
 * Two budgets per minute: one per client address, one per authenticated user (so one user cannot
 * starve others from behind a shared proxy). The throttler guard runs after authentication.
 */
export function rateLimitModule(server: ServerConfig) {
  const options: ThrottlerModuleOptions = {
    errorMessage: 'too many requests: wait a minute before trying again',
    throttlers: [
      { name: 'per-ip', ttl: MINUTE_MS, limit: server.rateLimit.ipPerMinute, getTracker: (req) => (req as TrackedRequest).ip },
      {
        name: 'per-user',
        ttl: MINUTE_MS,
        limit: server.rateLimit.userPerMinute,
        getTracker: (req) => {
          const request = req as TrackedRequest;
          return request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`;
        },
      },
    ],
  };
  return ThrottlerModule.forRoot(options);
}
