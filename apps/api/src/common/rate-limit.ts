import { SkipThrottle, ThrottlerModule, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import { ServerConfig } from '@app/config';
import { RateLimitWindows } from '@app/store';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

interface TrackedRequest extends AuthenticatedRequest {
  ip: string;
}

const MINUTE_MS = 60_000;
const PER_IP = 'per-ip';
const PER_USER = 'per-user';

/** Leaves a controller out of both budgets (probes, scrapes). */
export const NotRateLimited = () => SkipThrottle({ [PER_IP]: true, [PER_USER]: true });

/**
 * The throttler's storage in the durable record: every API instance counts against one budget.
 * A fixed window per budget and caller; past its limit a caller waits for the window to end.
 */
class SharedThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly windows: RateLimitWindows) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): ReturnType<ThrottlerStorage['increment']> {
    const now = Date.now();
    const { hits, windowEndsAt } = await this.windows.hit(`${throttlerName}:${key}`, ttl, now);
    const timeToExpire = Math.max(1, Math.ceil((windowEndsAt - now) / 1_000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }
}

/**
 * Two budgets per minute: one per client address, one per authenticated user (so one user cannot
 * starve others from behind a shared proxy). The throttler guard runs after authentication.
 */
export function rateLimitModule() {
  return ThrottlerModule.forRootAsync({
    inject: [ServerConfig, RateLimitWindows],
    useFactory: (server: ServerConfig, windows: RateLimitWindows): ThrottlerModuleOptions => ({
      errorMessage: 'too many requests: wait a minute before trying again',
      ...(server.rateLimit.shared ? { storage: new SharedThrottlerStorage(windows) } : {}),
      throttlers: [
        { name: PER_IP, ttl: MINUTE_MS, limit: server.rateLimit.ipPerMinute, getTracker: (req) => (req as TrackedRequest).ip },
        {
          name: PER_USER,
          ttl: MINUTE_MS,
          limit: server.rateLimit.userPerMinute,
          getTracker: (req) => {
            const request = req as TrackedRequest;
            return request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`;
          },
        },
      ],
    }),
  });
}
