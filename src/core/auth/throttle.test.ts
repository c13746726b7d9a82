import { describe, expect, it } from 'vitest';
import { createTestClock } from '../clock.ts';
import { createLoginThrottle, LOGIN_LIMIT_PER_ADDRESS, loginRules, type ThrottleRule } from './throttle.ts';

const rule = (key: string, limit = 2, onSuccess: ThrottleRule['onSuccess'] = 'clear'): ThrottleRule => ({ key, limit, onSuccess });

describe('login throttle', () => {
  it('refuses the eleventh attempt within 15 minutes until the first one ages out', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock });
    for (let i = 0; i < 10; i += 1) {
      expect(throttle.reserve(loginRules('anna@theater.example', '1.2.3.4'))).toBe(0);
      clock.advance(1000);
    }
    expect(throttle.reserve(loginRules('anna@theater.example', '1.2.3.4'))).toBe(15 * 60_000 - 10_000);
    expect(throttle.reserve(loginRules('anna@theater.example', '5.6.7.8'))).toBe(0);
    clock.advance(15 * 60_000 - 10_000);
    expect(throttle.reserve(loginRules('anna@theater.example', '1.2.3.4'))).toBe(0);
  });

  it('refuses an address tried from many IPs once its own, higher limit is reached', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock });
    for (let i = 0; i < LOGIN_LIMIT_PER_ADDRESS; i += 1) expect(throttle.reserve(loginRules('anna@theater.example', `10.0.${i}.1`))).toBe(0);
    expect(throttle.reserve(loginRules('anna@theater.example', '10.9.9.9'))).toBe(15 * 60_000);
    expect(throttle.reserve(loginRules('jo@theater.example', '10.9.9.9'))).toBe(0);
  });

  it('counts nothing for a refused attempt, under any of its keys', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock });
    expect(throttle.reserve([rule('full', 1)])).toBe(0);
    for (let i = 0; i < 3; i += 1) expect(throttle.reserve([rule('free', 2), rule('full', 1)])).toBeGreaterThan(0);
    expect(throttle.reserve([rule('free', 2)])).toBe(0);
    expect(throttle.reserve([rule('free', 2)])).toBe(0);
  });

  it('clears the caller’s count on success, but takes back only its own attempt from a shared key', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock });
    const mine = [rule('pair', 2, 'clear'), rule('address', 3, 'release')];
    expect(throttle.reserve([rule('address', 3, 'release')])).toBe(0); // someone else's failure
    expect(throttle.reserve(mine)).toBe(0);
    expect(throttle.reserve(mine)).toBe(0);
    expect(throttle.reserve(mine)).toBeGreaterThan(0);
    throttle.succeeded(mine);
    // The pair is forgotten; the address keeps the other failure and the first of mine.
    expect(throttle.reserve(mine)).toBe(0);
    expect(throttle.reserve([rule('address', 3, 'release')])).toBeGreaterThan(0);
  });

  it('keeps at most maxKeys keys, dropping the least recently counted first', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) throttle.reserve([rule(key, 1)]);
    expect(throttle.reserve([rule('a', 1)])).toBeGreaterThan(0); // refused: 'a' is not moved to the back
    throttle.reserve([rule('d', 1)]); // the fourth key pushes out the stalest, 'a'
    expect(throttle.trackedKeys()).toBe(3);
    expect(throttle.reserve([rule('b', 1)])).toBeGreaterThan(0);
    expect(throttle.reserve([rule('a', 1)])).toBe(0);
  });

  it('drops keys whose attempts have all left the window, without waiting to be full', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock });
    for (let i = 0; i < 100; i += 1) throttle.reserve(loginRules(`guess-${i}@theater.example`, '10.0.0.1'));
    expect(throttle.trackedKeys()).toBe(200);
    clock.advance(15 * 60_000);
    throttle.reserve(loginRules('anna@theater.example', '10.0.0.1'));
    expect(throttle.trackedKeys()).toBe(2);
  });
});
