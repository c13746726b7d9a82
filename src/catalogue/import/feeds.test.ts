import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../core/auth/model.ts';
import { createTestClock, type TestClock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { newId } from '../../core/ids.ts';
import { insertTestHouse } from '../../core/testing/app.ts';
import { createTestDatabase } from '../../core/testing/database.ts';
import { createFeedService, DEFAULT_FEED_CRON, type FeedScheduler, type FeedService } from './feeds.ts';
import type { ReadInput } from './detect.ts';
import { createImportService } from './service.ts';
import { batch, performance, production } from './testing.ts';

/** Records what the feeds ask of the jobs layer. */
function recordingScheduler() {
  const scheduled = new Map<string, { cron: string; timeZone: string; houseId: string }>();
  const scheduler: FeedScheduler = {
    async schedule(feed) {
      scheduled.set(feed.id, { cron: feed.cron, timeZone: feed.timeZone, houseId: feed.houseId });
    },
    async unschedule(feedId) {
      scheduled.delete(feedId);
    },
  };
  return { scheduler, scheduled };
}

describe('feed sources', () => {
  let database: Database;
  let clock: TestClock;
  let feeds: FeedService;
  let scope: Scope;
  let scheduled: ReturnType<typeof recordingScheduler>['scheduled'];
  let server: Server;
  let base: string;
  let parsed: ReadInput[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/feed.ics') {
        response.writeHead(200, { 'content-type': 'text/calendar' });
        response.end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
      } else {
        response.writeHead(503);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(async () => {
    database = await createTestDatabase();
    clock = createTestClock('2026-09-01T08:00:00.000Z');
    parsed = [];
    // The parsers have tests of their own: here a fixed batch stands in for the file.
    const imports = createImportService({
      database,
      clock,
      limits: { fetchTimeoutMs: 2000, importMaxBytes: 1024 * 1024 },
      readBatch: (input) => {
        parsed.push(input);
        return batch({
          productions: [production('faust')],
          performances: [performance('faust-1', 'faust', '2026-10-02T17:30:00.000Z')],
        });
      },
    });
    const recording = recordingScheduler();
    scheduled = recording.scheduled;
    feeds = createFeedService({ database, clock, imports, scheduler: recording.scheduler });
    const house = await insertTestHouse({ database }, { timeZone: 'Europe/Vienna' });
    scope = { houseId: house.id, unitId: null };
  });
  afterEach(async () => {
    await database.close();
  });

  it('schedules a new feed every six hours in the house’s zone, and stops when it is disabled or removed', async () => {
    const feed = await feeds.create(scope, { url: `${base}/feed.ics` });
    expect(feed.cron).toBe(DEFAULT_FEED_CRON);
    expect(scheduled.get(feed.id)).toEqual({ cron: '0 */6 * * *', timeZone: 'Europe/Vienna', houseId: scope.houseId });

    await feeds.update(scope, feed.id, { cron: '15 4 * * *' });
    expect(scheduled.get(feed.id)?.cron).toBe('15 4 * * *');

    await feeds.update(scope, feed.id, { enabled: false });
    expect(scheduled.has(feed.id)).toBe(false);
    await feeds.update(scope, feed.id, { enabled: true });
    expect(scheduled.has(feed.id)).toBe(true);

    await feeds.remove(scope, feed.id);
    expect(scheduled.has(feed.id)).toBe(false);
  });

  it('imports a feed, keeps the outcome on the feed and in the import runs', async () => {
    const feed = await feeds.create(scope, { url: `${base}/feed.ics`, format: 'ics' });
    clock.advance(60_000);
    const { report } = await feeds.run(scope, feed.id, 'staff:someone');

    expect(report.details.performances.created).toBe(1);
    expect(parsed[0]).toMatchObject({ format: 'ics', name: `${base}/feed.ics`, contentType: 'text/calendar' });
    expect(await feeds.get(scope, feed.id)).toMatchObject({
      lastRunAt: '2026-09-01T08:01:00.000Z',
      lastStatus: 'ok',
      lastReport: { created: 2 },
      lastError: null,
    });
    // The rows are keyed by the feed, so another feed with the same ids would not touch them.
    const row = await database.db.selectFrom('performance').select('source_ref').executeTakeFirstOrThrow();
    expect(row.source_ref).toBe(`feed:${feed.id}|faust-1`);
    const run = await database.db.selectFrom('import_run').select(['feed_source_id', 'actor', 'status']).executeTakeFirstOrThrow();
    expect(run).toEqual({ feed_source_id: feed.id, actor: 'staff:someone', status: 'ok' });
  });

  it('records a failing feed on the feed and leaves the schedule to try again, without throwing', async () => {
    const feed = await feeds.create(scope, { url: `${base}/down.ics` });
    await feeds.runScheduled({ feedId: feed.id, houseId: scope.houseId });

    expect(await feeds.get(scope, feed.id)).toMatchObject({
      lastStatus: 'failed',
      lastReport: null,
      lastError: { code: 'upstream', message: expect.stringContaining('503') },
    });
    expect(scheduled.has(feed.id)).toBe(true);
    const run = await database.db.selectFrom('import_run').select(['actor', 'status']).executeTakeFirstOrThrow();
    expect(run).toEqual({ actor: 'scheduler', status: 'failed' });
  });

  it('drops the schedule of a feed that no longer exists', async () => {
    const feed = await feeds.create(scope, { url: `${base}/feed.ics` });
    await database.db.deleteFrom('feed_source').execute();
    await feeds.runScheduled({ feedId: feed.id, houseId: scope.houseId });
    expect(scheduled.has(feed.id)).toBe(false);
    expect(parsed).toEqual([]);
  });

  it('does not show or run another house’s feed', async () => {
    const feed = await feeds.create(scope, { url: `${base}/feed.ics` });
    const other = await insertTestHouse({ database });
    const otherScope = { houseId: other.id, unitId: null };
    await expect(feeds.get(otherScope, feed.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(feeds.run(otherScope, feed.id, 'staff:x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(feeds.remove(otherScope, feed.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await feeds.list(otherScope, { limit: 50, offset: 0 })).total).toBe(0);
  });

  it('recreates the schedules of all enabled feeds', async () => {
    const on = await feeds.create(scope, { url: `${base}/feed.ics` });
    const off = await feeds.create(scope, { url: `${base}/other.ics`, enabled: false });
    scheduled.clear();
    expect(await feeds.scheduleAll()).toBe(1);
    expect([...scheduled.keys()]).toEqual([on.id]);
    expect(scheduled.has(off.id)).toBe(false);
  });

  it('refuses a unit of another house', async () => {
    await expect(feeds.create(scope, { url: `${base}/feed.ics`, unitId: newId() })).rejects.toMatchObject({ code: 'validation', details: [{ field: 'unitId' }] });
  });
});
