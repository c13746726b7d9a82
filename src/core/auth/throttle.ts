import type { Clock } from '../clock.ts';

/*
 * Failed logins are counted per e-mail address and client IP, in the memory of this
 * process: after `limit` failures within `windowMs` that pair is refused until the oldest
 * failure leaves the window. A successful login clears the count.
 *
 * Known limit: with several `foyer serve` processes each counts on its own, so the
 * effective limit is `limit` times the process count; a restart forgets the counts. For
 * guessing a password with 10 tries per 15 minutes that is still far too slow to matter.
 */

export interface LoginThrottle {
  /** Milliseconds until the next attempt is allowed, or 0 when it is allowed now. */
  retryAfterMs(key: string): number;
  recordFailure(key: string): void;
  recordSuccess(key: string): void;
}

// Above this many tracked pairs, stale entries are swept so memory stays bounded.
const SWEEP_ABOVE = 10_000;

export function createLoginThrottle({ clock, limit = 10, windowMs = 15 * 60_000 }: { clock: Clock; limit?: number; windowMs?: number }): LoginThrottle {
  const failures = new Map<string, number[]>();

  function recent(key: string, now: number): number[] {
    const list = (failures.get(key) ?? []).filter((at) => now - at < windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  }

  function sweep(now: number): void {
    for (const key of [...failures.keys()]) recent(key, now);
  }

  return {
    retryAfterMs(key) {
      const now = clock.now().getTime();
      const list = recent(key, now);
      if (list.length < limit) return 0;
      const oldest = list[list.length - limit] ?? now;
      return Math.max(1, oldest + windowMs - now);
    },
    recordFailure(key) {
      const now = clock.now().getTime();
      if (failures.size > SWEEP_ABOVE) sweep(now);
      failures.set(key, [...recent(key, now), now]);
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
