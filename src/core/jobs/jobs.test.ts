import { PgBoss } from 'pg-boss';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestClock, type TestClock } from '../clock.ts';
import { isDomainError } from '../errors.ts';
import { testEngine, testPostgresUrl } from '../testing/database.ts';
import type { Jobs, JobsLogger } from './jobs.ts';
import { defineJob } from './model.ts';
import { createSqliteJobs } from './sqlite.ts';
import * as store from './store.ts';
import { createJobsStorage, type JobsStorage, waitFor } from './testing.ts';

/*
 * The contract both adapters keep, run on the engine under test: the SQLite queue by
 * default, pg-boss with FOYER_TEST_DATABASE=postgres. The SQLite queue runs on the test
 * clock; pg-boss compares times with the database server's clock, so where a case needs
 * time to pass it waits (bounded) on PostgreSQL and advances the test clock on SQLite.
 */

const sqlite = testEngine === 'sqlite';
const onSqlite = sqlite ? it : it.skip;
const onPostgres = sqlite ? it.skip : it;

let storage: JobsStorage;
let clock: TestClock;
let jobs: Jobs;
let counter = 0;

/** A queue of its own for each case, so cases never see each other's jobs. */
/** A logger that keeps what it is told, for cases about what a worker reports. */
function recordingLogger(): JobsLogger & { lines: Array<{ level: string; message: string; details: object }> } {
  const lines: Array<{ level: string; message: string; details: object }> = [];
  const record = (level: string) => (details: object, message: string) => {
    lines.push({ level, message, details });
  };
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

function queue(label: string) {
  counter += 1;
  return defineJob(`test.${label}-${counter}`, z.object({ title: z.string(), seats: z.number().int().default(1) }));
}

beforeEach(async () => {
  storage = await createJobsStorage();
  clock = createTestClock(sqlite ? '2026-09-01T08:00:00.000Z' : new Date());
  ({ jobs } = await storage.openJobs(clock));
});

afterEach(async () => {
  await storage.drop();
});

describe(`jobs on ${testEngine}`, () => {
  it('runs a queued job once, with its payload parsed by the queue schema', async () => {
    const job = queue('run');
    const seen: unknown[] = [];
    jobs.work(job, async (payload, context) => {
      seen.push({ payload, attempt: context.attempt, name: context.name });
    });

    const id = await jobs.enqueue(job, { title: 'Faust' });
    expect(id).not.toBeNull();
    expect((await jobs.get(id ?? ''))?.state).toBe('created');

    expect(await jobs.runDueJobs()).toBe(1);
    expect(seen).toEqual([{ payload: { title: 'Faust', seats: 1 }, attempt: 1, name: job.name }]);
    const info = await jobs.get(id ?? '');
    expect(info).toMatchObject({ state: 'completed', attempts: 1, lastError: null, name: job.name, payload: { title: 'Faust' } });
    expect(await jobs.runDueJobs()).toBe(0);
  });

  it('refuses a payload that does not fit the queue schema, naming the field', async () => {
    const job = queue('invalid');
    const error = await jobs.enqueue(job, { title: 42 } as unknown as { title: string }).catch((caught: unknown) => caught);
    expect(isDomainError(error, 'validation')).toBe(true);
    expect(isDomainError(error) ? error.details[0]?.field : undefined).toBe('payload.title');
  });

  it('answers null for a job id it does not know', async () => {
    expect(await jobs.get('0193b0f0-0000-7000-8000-000000000000')).toBeNull();
    expect(await jobs.get('not-an-id')).toBeNull();
  });

  it('a started worker picks up new jobs without being asked', async () => {
    const job = queue('started');
    const done: string[] = [];
    jobs.work(job, async (payload) => {
      done.push(payload.title);
    });
    await jobs.start();
    await jobs.enqueue(job, { title: 'Tosca' });
    await waitFor(() => done.length === 1);
    await jobs.stop();
    expect(done).toEqual(['Tosca']);
  });

  it('does not run a job before its runAt', async () => {
    const job = queue('later');
    const done: string[] = [];
    jobs.work(job, async (payload) => {
      done.push(payload.title);
    });
    const id = await jobs.enqueue(job, { title: 'Premiere' }, { runAt: new Date(clock.now().getTime() + 3_000) });
    const soon = await jobs.enqueue(job, { title: 'Now' });

    await jobs.runDueJobs();
    expect(done).toEqual(['Now']);
    expect((await jobs.get(id ?? ''))?.state).toBe('created');
    expect((await jobs.get(soon ?? ''))?.state).toBe('completed');

    if (sqlite) {
      clock.advance(2_999);
      await jobs.runDueJobs();
      expect(done).toEqual(['Now']);
      clock.advance(1);
      await jobs.runDueJobs();
    } else {
      await waitFor(async () => (await jobs.runDueJobs()) > 0);
    }
    expect(done).toEqual(['Now', 'Premiere']);
  });

  it('a second job with the same singleton key is refused while the first waits or runs', async () => {
    const job = queue('singleton');
    let duringRun: string | null | undefined;
    jobs.work(job, async () => {
      duringRun = await jobs.enqueue(job, { title: 'again' }, { singletonKey: 'feed-1' });
    });

    const first = await jobs.enqueue(job, { title: 'first' }, { singletonKey: 'feed-1' });
    expect(first).not.toBeNull();
    expect(await jobs.enqueue(job, { title: 'second' }, { singletonKey: 'feed-1' })).toBeNull();
    expect(await jobs.enqueue(job, { title: 'other feed' }, { singletonKey: 'feed-2' })).not.toBeNull();
    expect((await jobs.get(first ?? ''))?.singletonKey).toBe('feed-1');

    await jobs.runDueJobs();
    expect(duringRun).toBeNull();
    expect(await jobs.enqueue(job, { title: 'after' }, { singletonKey: 'feed-1' })).not.toBeNull();
  });

  it('jobs without a singleton key are never deduplicated', async () => {
    const job = queue('plain');
    const ids = await Promise.all([jobs.enqueue(job, { title: 'a' }), jobs.enqueue(job, { title: 'a' }), jobs.enqueue(job, { title: 'a' })]);
    expect(ids.every((id) => id !== null)).toBe(true);
    expect((await jobs.get(ids[0] ?? ''))?.singletonKey).toBeNull();
  });

  it('a failing handler is retried, then marked failed with its error', async () => {
    const job = queue('failing');
    let calls = 0;
    jobs.work(job, async () => {
      calls += 1;
      throw new Error(`feed answered 503 (attempt ${calls})`);
    });
    const id = await jobs.enqueue(job, { title: 'Feed' }, { retryLimit: 2, retryDelaySeconds: 0 });

    await jobs.runDueJobs();
    expect(calls).toBe(3);
    expect(await jobs.get(id ?? '')).toMatchObject({ state: 'failed', attempts: 3, retryLimit: 2, lastError: 'feed answered 503 (attempt 3)' });
    expect(await jobs.runDueJobs()).toBe(0);
  });

  it('a job that fails once completes on its retry', async () => {
    const job = queue('flaky');
    const attempts: number[] = [];
    jobs.work(job, async (_payload, context) => {
      attempts.push(context.attempt);
      if (context.attempt === 1) throw new Error('timeout');
    });
    const id = await jobs.enqueue(job, { title: 'Feed' }, { retryDelaySeconds: 0 });
    await jobs.runDueJobs();
    expect(attempts).toEqual([1, 2]);
    expect(await jobs.get(id ?? '')).toMatchObject({ state: 'completed', attempts: 2 });
  });

  it('waits before retrying, longer after each failure', async () => {
    const job = queue('backoff');
    let calls = 0;
    jobs.work(job, async () => {
      calls += 1;
      throw new Error('down');
    });
    const id = await jobs.enqueue(job, { title: 'Feed' }, { retryLimit: 3, retryDelaySeconds: 10 });
    await jobs.runDueJobs();
    expect(calls).toBe(1);
    const waiting = await jobs.get(id ?? '');
    expect(waiting).toMatchObject({ state: 'retry', attempts: 1, lastError: 'down' });
    expect(Date.parse(waiting?.runAt ?? '') - clock.now().getTime()).toBeGreaterThanOrEqual(9_000);

    if (sqlite) {
      clock.advance(10_000);
      await jobs.runDueJobs();
      expect(calls).toBe(2);
      clock.advance(19_999);
      await jobs.runDueJobs();
      expect(calls).toBe(2);
      clock.advance(1);
      await jobs.runDueJobs();
      expect(calls).toBe(3);
    }
  });

  it('a queued job survives a restart of the process', async () => {
    const job = queue('durable');
    const before = await storage.openJobs(clock);
    const id = await before.jobs.enqueue(job, { title: 'Nathan der Weise', seats: 4 }, { singletonKey: 'restart' });
    await before.jobs.close();
    await before.database.close();

    const after = await storage.openJobs(clock);
    const seen: unknown[] = [];
    after.jobs.work(job, async (payload) => {
      seen.push(payload);
    });
    expect(await after.jobs.runDueJobs()).toBe(1);
    expect(seen).toEqual([{ title: 'Nathan der Weise', seats: 4 }]);
    expect((await after.jobs.get(id ?? ''))?.state).toBe('completed');
  });

  it('two workers on one database never run the same job twice', async () => {
    const job = queue('shared');
    const other = await storage.openJobs(clock);
    const runs = new Map<string, number>();
    for (const worker of [jobs, other.jobs]) {
      worker.work(job, async (payload) => {
        runs.set(payload.title, (runs.get(payload.title) ?? 0) + 1);
      });
    }
    for (let index = 0; index < 20; index += 1) await jobs.enqueue(job, { title: `job ${index}` });
    await Promise.all([jobs.runDueJobs(), other.jobs.runDueJobs()]);
    expect(runs.size).toBe(20);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('stop() waits for the handlers that are running', async () => {
    const job = queue('graceful');
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    let finished = false;
    jobs.work(job, async () => {
      started = true;
      await released;
      finished = true;
    });
    await jobs.start();
    const id = await jobs.enqueue(job, { title: 'long import' });
    await waitFor(() => started);
    const stopping = jobs.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
    expect((await jobs.get(id ?? ''))?.state).toBe('completed');
  });

  it('registering a schedule again under its key replaces it, and unschedule removes it', async () => {
    const job = queue('scheduled');
    await jobs.schedule(job, '0 6 * * *', { title: 'morning' }, { timeZone: 'Europe/Berlin', key: 'feed-7' });
    await jobs.schedule(job, '0 */6 * * *', { title: 'every six hours' }, { timeZone: 'Europe/Berlin', key: 'feed-7' });
    const mine = (await jobs.schedules()).filter((schedule) => schedule.key === 'feed-7');
    expect(mine).toEqual([
      expect.objectContaining({ key: 'feed-7', name: job.name, cron: '0 */6 * * *', timeZone: 'Europe/Berlin', payload: { title: 'every six hours' } }),
    ]);
    await jobs.unschedule('feed-7');
    expect((await jobs.schedules()).filter((schedule) => schedule.key === 'feed-7')).toEqual([]);
  });

  it('refuses a schedule with a broken cron expression or an unknown zone', async () => {
    const job = queue('broken');
    for (const [cron, timeZone, field] of [
      ['every day', 'Europe/Berlin', 'cron'],
      ['0 6 * * *', 'Europe/Atlantis', 'timeZone'],
    ] as const) {
      const error = await jobs.schedule(job, cron, { title: 'x' }, { timeZone }).catch((caught: unknown) => caught);
      expect(isDomainError(error, 'validation') ? error.details[0]?.field : error).toBe(field);
    }
  });

  it('a schedule is registered with its time zone', async () => {
    const job = queue('zoned');
    await jobs.schedule(job, '0 9 * * *', { title: 'daily' }, { timeZone: 'Europe/Berlin', key: 'zoned' });
    const [schedule] = (await jobs.schedules()).filter((row) => row.key === 'zoned');
    expect(schedule?.timeZone).toBe('Europe/Berlin');
    // The next run is 09:00 on the wall clock in Berlin, whatever the offset that day.
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(schedule?.nextRunAt ?? 0));
    expect(local).toBe('09:00');
  });

  onSqlite('a daily schedule fires at the same local time on both sides of the DST change', async () => {
    const job = queue('dst');
    const fired: string[] = [];
    jobs.work(job, async () => {
      fired.push(clock.now().toISOString());
    });
    clock.set('2026-10-23T12:00:00.000Z');
    await jobs.schedule(job, '0 9 * * *', { title: 'daily' }, { timeZone: 'Europe/Berlin' });

    // Saturday 24 October: summer time, 09:00 in Berlin is 07:00 UTC.
    clock.set('2026-10-24T06:59:59.000Z');
    await jobs.runDueJobs();
    expect(fired).toEqual([]);
    clock.set('2026-10-24T07:00:00.000Z');
    await jobs.runDueJobs();
    await jobs.runDueJobs();
    expect(fired).toEqual(['2026-10-24T07:00:00.000Z']);

    // Sunday 25 October: clocks went back at 03:00, 09:00 in Berlin is now 08:00 UTC.
    clock.set('2026-10-25T07:00:00.000Z');
    await jobs.runDueJobs();
    expect(fired).toHaveLength(1);
    clock.set('2026-10-25T08:00:00.000Z');
    await jobs.runDueJobs();
    expect(fired).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
    expect((await jobs.schedules())[0]?.nextRunAt).toBe('2026-10-26T08:00:00.000Z');
  });

  onPostgres('pg-boss reads the registered schedule at 09:00 Berlin time on both sides of the DST change', async () => {
    const job = queue('dst');
    await jobs.schedule(job, '0 9 * * *', { title: 'daily' }, { timeZone: 'Europe/Berlin', key: 'dst' });
    const [schedule] = (await jobs.schedules()).filter((row) => row.key === 'dst');
    // pg-boss's own walk over the stored row, the one its cron pass uses to fire it.
    const boss = new PgBoss({ connectionString: testPostgresUrl });
    const occurrences = boss.previewSchedule(schedule?.cron ?? '', { tz: schedule?.timeZone ?? 'UTC', from: new Date('2026-10-23T12:00:00.000Z'), count: 3 });
    expect(occurrences.map((occurrence) => occurrence.toISOString())).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
  });

  onSqlite('a due schedule enqueues exactly once, even with two workers', async () => {
    const job = queue('once');
    const other = await storage.openJobs(clock);
    let runs = 0;
    for (const worker of [jobs, other.jobs]) {
      worker.work(job, async () => {
        runs += 1;
      });
    }
    await jobs.schedule(job, '*/5 * * * *', { title: 'every five minutes' }, { timeZone: 'Europe/Berlin' });
    clock.advance(5 * 60_000);
    await Promise.all([jobs.runDueJobs(), other.jobs.runDueJobs(), jobs.runDueJobs()]);
    expect(runs).toBe(1);
  });

  onSqlite('slots missed while no worker ran are caught up with one run', async () => {
    const job = queue('missed');
    let runs = 0;
    jobs.work(job, async () => {
      runs += 1;
    });
    await jobs.schedule(job, '0 * * * *', { title: 'hourly' }, { timeZone: 'Europe/Berlin' });
    clock.advance(5 * 3600_000);
    await jobs.schedule(job, '0 * * * *', { title: 'hourly' }, { timeZone: 'Europe/Berlin' });
    await jobs.runDueJobs();
    expect(runs).toBe(1);
    expect(Date.parse((await jobs.schedules())[0]?.nextRunAt ?? '')).toBeGreaterThan(clock.now().getTime());
  });

  onSqlite('a job whose worker died is run again once its lease has expired', async () => {
    const job = queue('crash');
    const id = await jobs.enqueue(job, { title: 'import' });
    // Another process claimed it, then died without finishing or renewing its lease.
    const crashed = await storage.open();
    const claimed = await store.claimNextJob(crashed.db, {
      name: job.name,
      now: clock.now().toISOString(),
      workerId: 'crashed-worker',
      lockedUntil: new Date(clock.now().getTime() + 15 * 60_000).toISOString(),
    });
    expect(claimed?.id).toBe(id);

    const runs: number[] = [];
    jobs.work(job, async (_payload, context) => {
      runs.push(context.attempt);
    });
    clock.advance(15 * 60_000 - 1);
    await jobs.runDueJobs();
    expect(runs).toEqual([]);
    clock.advance(1);
    await jobs.runDueJobs();
    expect(runs).toEqual([2]);
    expect(await jobs.get(id ?? '')).toMatchObject({ state: 'completed', attempts: 2 });
  });

  onSqlite('a running job keeps its lease while its worker is alive', async () => {
    const job = queue('lease');
    const other = await storage.openJobs(clock);
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    for (const worker of [jobs, other.jobs]) {
      worker.work(job, async () => {
        runs += 1;
        await released;
      });
    }
    await jobs.enqueue(job, { title: 'slow import' });
    const running = jobs.runDueJobs();
    await waitFor(() => runs === 1);
    // The clock passes the lease, but the running worker renews it on its next poll.
    clock.advance(20 * 60_000);
    await jobs.start();
    await waitFor(async () => Date.parse((await other.database.db.selectFrom('job').select('locked_until').executeTakeFirstOrThrow()).locked_until ?? '') > clock.now().getTime());
    await other.jobs.runDueJobs();
    release();
    await running;
    await jobs.stop();
    expect(runs).toBe(1);
  });

  onSqlite('a job interrupted by a stop is given back at once, without losing an attempt', async () => {
    const job = queue('interrupted');
    const logger = recordingLogger();
    const worker = createSqliteJobs({ database: await storage.open(), clock, pollMs: 20, logger });
    let started = false;
    worker.work(job, async (_payload, context) => {
      started = true;
      await new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted by the stop'))));
    });
    // No retry left: had the interruption counted as a failure, the job would be lost.
    const id = await worker.enqueue(job, { title: 'long import' }, { retryLimit: 0 });
    await worker.start();
    await waitFor(() => started);
    await worker.stop({ timeoutMs: 10 });

    const row = await store.findJob((await storage.open()).db, id ?? '');
    expect(row).toMatchObject({ state: 'retry', attempts: 0, run_at: clock.now().toISOString(), locked_by: null, locked_until: null });
    // The handler then fails on the abort: that finds the job given back and counts nothing.
    await waitFor(() => logger.lines.some((line) => line.message.includes('given it up')));
    expect(logger.lines.filter((line) => /will retry|for good/.test(line.message))).toEqual([]);
    expect(await jobs.get(id ?? '')).toMatchObject({ state: 'retry', attempts: 0 });

    // The next worker runs it as its first attempt.
    const attempts: number[] = [];
    jobs.work(job, async (_payload, context) => {
      attempts.push(context.attempt);
    });
    expect(await jobs.runDueJobs()).toBe(1);
    expect(attempts).toEqual([1]);
    expect(await jobs.get(id ?? '')).toMatchObject({ state: 'completed', attempts: 1 });
  });

  onSqlite('a schedule whose cron cannot be evaluated is reported once and parked until registered again', async () => {
    const job = queue('unreadable');
    const logger = recordingLogger();
    const database = await storage.open();
    const worker = createSqliteJobs({ database, clock, pollMs: 20, logger });
    const runs: string[] = [];
    worker.work(job, async (payload) => {
      runs.push(payload.title);
    });
    // Written by an older version, say; schedule() itself refuses such a cron.
    const now = clock.now().toISOString();
    await store.upsertSchedule(database.db, {
      key: 'unreadable',
      name: job.name,
      cron: 'every full moon',
      time_zone: 'Europe/Berlin',
      payload: JSON.stringify({ title: 'moon' }),
      retry_limit: 0,
      retry_delay_seconds: 0,
      next_run_at: now,
      last_run_at: null,
      created_at: now,
      updated_at: now,
    });
    for (let poll = 0; poll < 3; poll += 1) {
      await worker.runDueJobs();
      clock.advance(60_000);
    }
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual(['schedule cannot be evaluated; parked until it is registered again']);
    expect(runs).toEqual([]);
    expect((await worker.schedules()).find((schedule) => schedule.key === 'unreadable')?.nextRunAt).toBe(store.PARKED_UNTIL);

    await worker.schedule(job, '*/5 * * * *', { title: 'every five minutes' }, { timeZone: 'Europe/Berlin', key: 'unreadable' });
    const nextRunAt = async () => Date.parse((await worker.schedules()).find((schedule) => schedule.key === 'unreadable')?.nextRunAt ?? '');
    expect(await nextRunAt()).toBeLessThanOrEqual(clock.now().getTime() + 5 * 60_000);

    // Parked over a zone that is known again: registering the same cron and zone revives it too.
    const dueAt = (await worker.schedules()).find((schedule) => schedule.key === 'unreadable')?.nextRunAt ?? '';
    expect(await store.parkSchedule(database.db, { key: 'unreadable', dueAt, now })).toBe(true);
    await worker.schedule(job, '*/5 * * * *', { title: 'every five minutes' }, { timeZone: 'Europe/Berlin', key: 'unreadable' });
    expect(await nextRunAt()).toBeLessThanOrEqual(clock.now().getTime() + 5 * 60_000);
    await worker.close();
  });
});
