import { describe, expect, it } from 'vitest';
import { createTestClock } from '../clock.ts';
import { createLoginThrottle } from './throttle.ts';

describe('login throttle', () => {
  it('refuses the eleventh failure within 15 minutes until the first one ages out', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock });
    for (let i = 0; i < 10; i += 1) {
      expect(throttle.retryAfterMs('anna|1.2.3.4')).toBe(0);
      throttle.recordFailure('anna|1.2.3.4');
      clock.advance(1000);
    }
    expect(throttle.retryAfterMs('anna|1.2.3.4')).toBe(15 * 60_000 - 10_000);
    expect(throttle.retryAfterMs('anna|5.6.7.8')).toBe(0);
    clock.advance(15 * 60_000 - 10_000);
    expect(throttle.retryAfterMs('anna|1.2.3.4')).toBe(0);
  });

  it('forgets the failures after a successful login', () => {
    const clock = createTestClock();
    const throttle = createLoginThrottle({ clock, limit: 2 });
    throttle.recordFailure('k');
    throttle.recordFailure('k');
    expect(throttle.retryAfterMs('k')).toBeGreaterThan(0);
    throttle.recordSuccess('k');
    expect(throttle.retryAfterMs('k')).toBe(0);
  });
});
