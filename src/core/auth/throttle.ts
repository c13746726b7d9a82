import type { Clock } from '../clock.ts';
import { DomainError } from '../errors.ts';

/*
 * Password guesses are counted in the memory of this process, per key: after `limit`
 * attempts within the window a key is refused until its oldest counted attempt leaves
 * the window. An attempt is counted (reserved) before the password is checked, so that
 * parallel requests cannot all pass while the first is still hashing; a right password
 * takes its attempt back.
 *
 * A login counts against two keys: the address together with the client IP (10 tries),
 * and the address alone with a higher limit (50), so that spreading guesses over many
 * IPs buys an attacker little, while a person who mistyped stays unhindered. The current
 * password asked when changing one's own password counts against the account (10 tries).
 *
 * Memory stays bounded: the keys sit in a Map in the order they were last counted, so
 * the front is the stalest. Each reservation drops keys from the front whose newest
 * attempt has left the window, and past `maxKeys` it drops the stalest even if live.
 * Both are O(1) per dropped key, never a scan of all keys. A dropped live key forgets at
 * most `limit` guesses; filling 100 000 keys takes 100 000 counted attempts, each
 * costing a scrypt hash (or, for an over-long password, an equally refused request).
 *
 * Known limit: with several `foyer serve` processes each counts on its own, so the
 * effective limit is `limit` times the process count; a restart forgets the counts. For
 * guessing a password with 10 tries per 15 minutes that is still far too slow to matter.
 */

export interface ThrottleRule {
  key: string;
  limit: number;
  /**
   * What a right password does to the count: 'clear' forgets it (the caller proved who
   * it is), 'release' takes back only this attempt (others' failures under a shared key
   * such as the bare address keep counting).
   */
  onSuccess: 'clear' | 'release';
}

export interface LoginThrottle {
  /**
   * Counts one attempt against every rule's key, all or none: 0 when the attempt may go
   * on, else the milliseconds until it may be made (and nothing is counted).
   */
  reserve(rules: readonly ThrottleRule[]): number;
  /** The password was right: clears or takes back what reserve() counted. */
  succeeded(rules: readonly ThrottleRule[]): void;
  /** How many keys are held in memory. */
  trackedKeys(): number;
}

export const LOGIN_LIMIT_PER_ADDRESS_AND_IP = 10;
export const LOGIN_LIMIT_PER_ADDRESS = 50;
export const PASSWORD_CHECK_LIMIT_PER_ACCOUNT = 10;

export function loginRules(email: string, ip: string): ThrottleRule[] {
  return [
    { key: `login:${email}|${ip}`, limit: LOGIN_LIMIT_PER_ADDRESS_AND_IP, onSuccess: 'clear' },
    { key: `login:${email}`, limit: LOGIN_LIMIT_PER_ADDRESS, onSuccess: 'release' },
  ];
}

/** The current password asked by PATCH /api/auth/me, counted per account. */
export function passwordCheckRules(staffId: string): ThrottleRule[] {
  return [{ key: `password:${staffId}`, limit: PASSWORD_CHECK_LIMIT_PER_ACCOUNT, onSuccess: 'clear' }];
}

/** The 429 for a refused reservation: `what` names the attempts, e.g. 'failed logins'. */
export function tooManyAttempts(what: string, waitMs: number): DomainError {
  const minutes = Math.ceil(waitMs / 60_000);
  return new DomainError('rate_limited', `too many ${what}: try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`, [], {
    retryAfterSeconds: Math.ceil(waitMs / 1000),
  });
}

export function createLoginThrottle({ clock, windowMs = 15 * 60_000, maxKeys = 100_000 }: { clock: Clock; windowMs?: number; maxKeys?: number }): LoginThrottle {
  // Per key the times of its counted attempts, oldest first, at most its limit of them.
  const attempts = new Map<string, number[]>();

  function live(key: string, now: number): number[] {
    const times = attempts.get(key);
    if (times === undefined) return [];
    while (times.length > 0 && (times[0] ?? now) <= now - windowMs) times.shift();
    return times;
  }

  function dropStale(now: number): void {
    for (const [key, times] of attempts) {
      const newest = times[times.length - 1];
      if (attempts.size <= maxKeys && newest !== undefined && newest > now - windowMs) return;
      attempts.delete(key);
    }
  }

  return {
    reserve(rules) {
      const now = clock.now().getTime();
      let waitMs = 0;
      for (const rule of rules) {
        const times = live(rule.key, now);
        if (times.length < rule.limit) continue;
        const oldest = times[times.length - rule.limit] ?? now;
        waitMs = Math.max(waitMs, Math.max(1, oldest + windowMs - now));
      }
      if (waitMs > 0) return waitMs;
      for (const rule of rules) {
        const times = live(rule.key, now);
        times.push(now);
        if (times.length > rule.limit) times.splice(0, times.length - rule.limit);
        // Deleted and set again, so the key moves to the back: the Map stays ordered by last use.
        attempts.delete(rule.key);
        attempts.set(rule.key, times);
      }
      dropStale(now);
      return 0;
    },
    succeeded(rules) {
      for (const rule of rules) {
        if (rule.onSuccess === 'clear') {
          attempts.delete(rule.key);
          continue;
        }
        const times = attempts.get(rule.key);
        times?.pop();
        if (times?.length === 0) attempts.delete(rule.key);
      }
    },
    trackedKeys: () => attempts.size,
  };
}
