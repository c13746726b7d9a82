import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { createLoginThrottle, type LoginThrottle, tooManyAttempts } from '../auth/throttle.ts';
import type { Clock } from '../clock.ts';

/*
 * Rate limits for routes that anyone may call (sign-up, confirmation, preference
 * centre). A route names its limits in its config; one preHandler counts them, after
 * the body is parsed and validated, so a limit can count per e-mail address as well as
 * per client IP (request.ip, which honours FOYER_TRUST_PROXY).
 *
 * The counting is the login throttle's (core/auth/throttle.ts): in this process's
 * memory, reserved before the work is done, bounded in keys, on the injected clock so
 * tests move time instead of waiting. Its known limit holds here too: with several
 * processes each counts on its own.
 */

export interface RateLimit {
  /** Keys of different limits never mix: 'signup-ip', 'signup-address', 'public-ip'. */
  name: string;
  limit: number;
  windowMs: number;
  /** What is counted, for the 429 message: 'sign-ups', 'requests'. */
  what: string;
  /** The key to count under; null skips this limit for the request. Default: the client IP. */
  key?: (request: FastifyRequest) => string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: readonly RateLimit[];
  }
}

export function createRateLimitHook(clock: Clock): preHandlerAsyncHookHandler {
  // One throttle per window length: a throttle counts every key in one window.
  const throttles = new Map<number, LoginThrottle>();
  function throttleFor(windowMs: number): LoginThrottle {
    let throttle = throttles.get(windowMs);
    if (throttle === undefined) {
      throttle = createLoginThrottle({ clock, windowMs });
      throttles.set(windowMs, throttle);
    }
    return throttle;
  }

  return async (request) => {
    const limits = request.routeOptions.config.rateLimit;
    if (limits === undefined || limits.length === 0) return;
    const counted: Array<{ throttle: LoginThrottle; key: string; limit: number }> = [];
    for (const limit of limits) {
      const key = limit.key === undefined ? request.ip : limit.key(request);
      if (key === null) continue;
      const throttle = throttleFor(limit.windowMs);
      const rule = { key: `${limit.name}:${key}`, limit: limit.limit, onSuccess: 'release' as const };
      const waitMs = throttle.reserve([rule]);
      if (waitMs > 0) {
        // All or nothing: a refused request gives back what the limits before it counted.
        for (const done of counted) done.throttle.succeeded([{ key: done.key, limit: done.limit, onSuccess: 'release' }]);
        throw tooManyAttempts(limit.what, waitMs);
      }
      counted.push({ throttle, key: rule.key, limit: limit.limit });
    }
  };
}
