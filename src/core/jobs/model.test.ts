import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDomainError } from '../errors.ts';
import { checkName, checkSingletonKey, defineJob, nextOccurrence, parsePayload, retryDelay, retryPolicy, shouldRetry } from './model.ts';

describe('nextOccurrence', () => {
  it.each([
    ['daily 09:00 in summer time', '0 9 * * *', 'Europe/Berlin', '2026-10-23T12:00:00Z', '2026-10-24T07:00:00.000Z'],
    ['daily 09:00 after the clocks went back', '0 9 * * *', 'Europe/Berlin', '2026-10-24T07:00:00Z', '2026-10-25T08:00:00.000Z'],
    ['daily 09:00 after the clocks went forward', '0 9 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T07:00:00.000Z'],
    ['02:30 falls into the spring gap and runs right after it', '30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T01:30:00.000Z'],
    ['02:30 in the repeated autumn hour runs once', '30 2 * * *', 'Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00.000Z'],
    ['every six hours in New York', '0 */6 * * *', 'America/New_York', '2026-11-26T12:00:00Z', '2026-11-26T17:00:00.000Z'],
    ['strictly after the given instant', '0 9 * * *', 'UTC', '2026-11-26T09:00:00Z', '2026-11-27T09:00:00.000Z'],
  ])('%s', (_case, cron, timeZone, after, expected) => {
    expect(nextOccurrence(cron, timeZone, new Date(after)).toISOString()).toBe(expected);
  });

  it.each([
    ['', 'Europe/Berlin', 'cron'],
    ['every day', 'Europe/Berlin', 'cron'],
    ['0 9 * * *', 'Berlin', 'timeZone'],
  ])('refuses cron %j in zone %s', (cron, timeZone, field) => {
    const error = (() => {
      try {
        return nextOccurrence(cron, timeZone, new Date());
      } catch (caught) {
        return caught;
      }
    })();
    expect(isDomainError(error, 'validation') ? error.details[0]?.field : error).toBe(field);
  });
});

describe('retries', () => {
  it.each([
    [30, 1, 30],
    [30, 2, 60],
    [30, 3, 120],
    [30, 10, 3600],
    [0, 5, 0],
  ])('base %is after %i failed attempts waits %is', (base, attempts, expected) => {
    expect(retryDelay(base, attempts)).toBe(expected);
  });

  it.each([
    [1, 2, true],
    [2, 2, true],
    [3, 2, false],
    [1, 0, false],
  ])('attempt %i with retry limit %i is retried: %s', (attempts, limit, expected) => {
    expect(shouldRetry(attempts, limit)).toBe(expected);
  });

  it('defaults to two retries, 30 s apart at first, and refuses negative limits', () => {
    expect(retryPolicy({})).toEqual({ retryLimit: 2, retryDelaySeconds: 30 });
    expect(() => retryPolicy({ retryLimit: -1 })).toThrow(/retryLimit/);
    expect(() => retryPolicy({ retryDelaySeconds: 1.5 })).toThrow(/retryDelaySeconds/);
  });
});

describe('names and payloads', () => {
  it('accepts the names both adapters can hold and refuses others', () => {
    expect(checkName('name', 'catalogue.feed-import')).toBe('catalogue.feed-import');
    expect(checkName('name', 'event/performance.changed/search')).toBe('event/performance.changed/search');
    expect(() => checkName('name', 'feed import')).toThrow(/name/);
    expect(() => checkName('name', '')).toThrow(/name/);
  });

  it('keeps keys starting with "~" for jobs enqueued without one', () => {
    expect(checkSingletonKey(undefined)).toBeNull();
    expect(checkSingletonKey('feed-1')).toBe('feed-1');
    expect(() => checkSingletonKey('~mine')).toThrow(/singletonKey/);
  });

  it('parses a payload with defaults and names the wrong field', () => {
    const job = defineJob('test.payload', z.object({ feedId: z.string(), attempts: z.number().default(0) }));
    expect(parsePayload(job, { feedId: 'f1' })).toEqual({ feedId: 'f1', attempts: 0 });
    expect(() => parsePayload(job, { feedId: 1 })).toThrow(/payload\.feedId/);
  });
});
