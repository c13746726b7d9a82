import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { feedScheduleKey } from '../../catalogue/import/feeds.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../testing/app.ts';
import { testEngine } from '../testing/database.ts';
import { defineEvent } from './events.ts';
import { defineJob } from './model.ts';
import { waitFor } from './testing.ts';

const reminder = defineJob('test.reminder', z.object({ performanceId: z.string() }));
const bookingCreated = defineEvent('booking.created', z.object({ bookingId: z.string() }));

let app: TestApp;

beforeEach(async () => {
  app = await createTestApp();
});

afterEach(async () => {
  await app.close();
});

describe(`foyer.jobs on ${testEngine}`, () => {
  it('uses the adapter of the database engine', () => {
    expect(app.foyer.jobs.engine).toBe(testEngine === 'sqlite' ? 'sqlite' : 'pg-boss');
  });

  it('runs nothing until the worker is started', async () => {
    const done: string[] = [];
    app.foyer.jobs.work(reminder, async (payload) => {
      done.push(payload.performanceId);
    });
    const id = await app.foyer.jobs.enqueue(reminder, { performanceId: 'p1' });
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([]);
    expect((await app.foyer.jobs.get(id ?? ''))?.state).toBe('created');

    await app.foyer.startWorker();
    await waitFor(() => done.length === 1);
    expect(done).toEqual(['p1']);
  });

  it('delivers domain events to their subscribers', async () => {
    const received: string[] = [];
    app.foyer.events.subscribe(bookingCreated, 'test-confirmation', async (payload) => {
      received.push(payload.bookingId);
    });
    await app.foyer.events.publish(bookingCreated, { bookingId: 'b1' });
    await app.foyer.jobs.runDueJobs();
    expect(received).toEqual(['b1']);
  });

  it('writes the feeds’ schedules again when a worker starts', async () => {
    const house = await insertTestHouse(app.foyer, { timeZone: 'Europe/Vienna' });
    const feed = await app.foyer.services.feeds.create({ houseId: house.id, unitId: null }, { url: 'https://theater.example/programme.ics' });
    await app.foyer.jobs.unschedule(feedScheduleKey(feed.id));
    expect((await app.foyer.jobs.schedules()).map((s) => s.key)).not.toContain(feedScheduleKey(feed.id));

    await app.foyer.startWorker();
    const schedule = (await app.foyer.jobs.schedules()).find((s) => s.key === feedScheduleKey(feed.id));
    expect(schedule).toMatchObject({ cron: '0 */6 * * *', timeZone: 'Europe/Vienna', payload: { feedId: feed.id, houseId: house.id } });
  });
});
