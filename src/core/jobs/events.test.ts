import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { isDomainError } from '../errors.ts';
import { testEngine } from '../testing/database.ts';
import { createEvents, defineEvent, type Events } from './events.ts';
import type { Jobs } from './jobs.ts';
import { createJobsStorage, type JobsStorage } from './testing.ts';

const performanceChanged = defineEvent(
  'performance.changed',
  z.object({ performanceId: z.string(), houseId: z.string(), status: z.enum(['scheduled', 'cancelled']).default('scheduled') }),
);

let storage: JobsStorage;
let database: Database;
let jobs: Jobs;
let events: Events;

beforeEach(async () => {
  storage = await createJobsStorage();
  const clock = createTestClock(testEngine === 'sqlite' ? '2026-09-01T08:00:00.000Z' : new Date());
  ({ jobs, database } = await storage.openJobs(clock));
  events = createEvents({ jobs, clock });
});

afterEach(async () => {
  await storage.drop();
});

/** A write the event reports, so a rollback has something to undo. */
async function insertHouse(executor: Database['db'], slug: string) {
  const now = new Date().toISOString();
  await executor
    .insertInto('house')
    .values({
      id: slug,
      slug,
      name: 'Stadttheater',
      time_zone: 'Europe/Berlin',
      languages: '["de"]',
      default_language: 'de',
      currency: 'EUR',
      street: null,
      postal_code: null,
      city: null,
      country: null,
      website: null,
      email: null,
      phone: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

describe(`domain events on ${testEngine}`, () => {
  it('every subscriber gets each published event once, with the same event id', async () => {
    const received: Array<{ subscriber: string; payload: unknown; eventId: string }> = [];
    for (const subscriber of ['search-index', 'newsletter']) {
      events.subscribe(performanceChanged, subscriber, async (payload, context) => {
        received.push({ subscriber, payload, eventId: context.eventId });
      });
    }
    const published = await events.publish(performanceChanged, { performanceId: 'p1', houseId: 'h1' });
    expect(published.subscribers).toBe(2);
    await jobs.runDueJobs();

    expect(received.map((entry) => entry.subscriber).sort()).toEqual(['newsletter', 'search-index']);
    for (const entry of received) {
      expect(entry.payload).toEqual({ performanceId: 'p1', houseId: 'h1', status: 'scheduled' });
      expect(entry.eventId).toBe(published.eventId);
    }
  });

  it('a failing subscriber is retried on its own, without running the others again', async () => {
    let searchRuns = 0;
    let newsletterRuns = 0;
    events.subscribe(performanceChanged, 'search-index', async () => {
      searchRuns += 1;
    });
    events.subscribe(
      performanceChanged,
      'newsletter',
      async () => {
        newsletterRuns += 1;
        if (newsletterRuns === 1) throw new Error('mail server busy');
      },
      { retryDelaySeconds: 0 },
    );
    await events.publish(performanceChanged, { performanceId: 'p1', houseId: 'h1' });
    await jobs.runDueJobs();
    expect({ searchRuns, newsletterRuns }).toEqual({ searchRuns: 1, newsletterRuns: 2 });
  });

  it('an event published in a transaction that rolls back is never delivered', async () => {
    const received: string[] = [];
    events.subscribe(performanceChanged, 'search-index', async (payload) => {
      received.push(payload.performanceId);
    });
    await database.db
      .transaction()
      .execute(async (trx) => {
        await insertHouse(trx, 'rolled-back');
        await events.publish(performanceChanged, { performanceId: 'lost', houseId: 'rolled-back' }, { executor: trx });
        throw new Error('the write failed');
      })
      .catch(() => undefined);
    await database.db.transaction().execute(async (trx) => {
      await insertHouse(trx, 'committed');
      await events.publish(performanceChanged, { performanceId: 'kept', houseId: 'committed' }, { executor: trx });
    });

    await jobs.runDueJobs();
    expect(received).toEqual(['kept']);
    const houses = await database.db.selectFrom('house').select('id').execute();
    expect(houses.map((house) => house.id)).toEqual(['committed']);
  });

  it('publishing an event nobody subscribes to writes nothing', async () => {
    expect((await events.publish(performanceChanged, { performanceId: 'p1', houseId: 'h1' })).subscribers).toBe(0);
    expect(await jobs.runDueJobs()).toBe(0);
  });

  it('refuses an event payload that does not fit its schema', async () => {
    events.subscribe(performanceChanged, 'search-index', async () => {});
    const error = await events
      .publish(performanceChanged, { performanceId: 'p1', houseId: 'h1', status: 'postponed' } as unknown as { performanceId: string; houseId: string })
      .catch((caught: unknown) => caught);
    expect(isDomainError(error, 'validation') ? error.details[0]?.field : error).toBe('payload.status');
  });

  it('refuses a second subscription under the same name', () => {
    events.subscribe(performanceChanged, 'search-index', async () => {});
    expect(() => events.subscribe(performanceChanged, 'search-index', async () => {})).toThrow(/already subscribes/);
  });
});
