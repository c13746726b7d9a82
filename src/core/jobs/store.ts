import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { JobScheduleTable, JobTable } from './tables.ts';

/*
 * Queries of the SQLite jobs adapter. Every state change of a job is one statement, so
 * it is atomic on its own: SQLite runs a write statement under the database's write
 * lock from its first read to its last write, whichever process issues it.
 */

export type JobRow = Selectable<JobTable>;
export type ScheduleRow = Selectable<JobScheduleTable>;

const jobColumns = [
  'id',
  'name',
  'payload',
  'state',
  'run_at',
  'attempts',
  'retry_limit',
  'retry_delay_seconds',
  'singleton_key',
  'schedule_slot',
  'locked_by',
  'locked_until',
  'last_error',
  'created_at',
  'started_at',
  'completed_at',
  'updated_at',
] as const;

const scheduleColumns = [
  'key',
  'name',
  'cron',
  'time_zone',
  'payload',
  'retry_limit',
  'retry_delay_seconds',
  'next_run_at',
  'last_run_at',
  'created_at',
  'updated_at',
] as const;

/**
 * Inserts a job; false when a unique index refused it: a pending job holds its
 * singleton key, or its schedule slot was enqueued already.
 */
export async function insertJob(db: Executor, job: JobRow): Promise<boolean> {
  const inserted = await db
    .insertInto('job')
    .values(job)
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Many jobs in few statements; 17 columns, so 1,000 rows stay below SQLite's bound-value limit. */
export async function insertJobs(db: Executor, jobs: readonly JobRow[]): Promise<void> {
  for (let start = 0; start < jobs.length; start += 1000) await db.insertInto('job').values(jobs.slice(start, start + 1000)).execute();
}

export async function findJob(db: Executor, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('job').select(jobColumns).where('id', '=', id).executeTakeFirst();
}

/**
 * Claims the oldest due job of one queue for this worker, in one statement: the inner
 * select and the update run under the same write lock, so two workers never claim the
 * same job.
 */
export async function claimNextJob(
  db: Executor,
  claim: { name: string; now: string; workerId: string; lockedUntil: string },
): Promise<JobRow | undefined> {
  return db
    .updateTable('job')
    .set((eb) => ({
      state: 'active',
      attempts: eb('attempts', '+', 1),
      locked_by: claim.workerId,
      locked_until: claim.lockedUntil,
      started_at: claim.now,
      updated_at: claim.now,
    }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('job as next')
        .select('next.id')
        .where('next.name', '=', claim.name)
        .where('next.state', 'in', ['created', 'retry'])
        .where('next.run_at', '<=', claim.now)
        .orderBy('next.run_at')
        .orderBy('next.id')
        .limit(1),
    )
    .returning(jobColumns)
    .executeTakeFirst();
}

/** Finishes a job this worker still holds; false when its lease was lost meanwhile. */
export async function completeJob(db: Executor, job: { id: string; workerId: string; now: string }): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ state: 'completed', completed_at: job.now, updated_at: job.now, locked_by: null, locked_until: null })
    .where('id', '=', job.id)
    .where('locked_by', '=', job.workerId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records a failed attempt: back to 'retry' at `retryAt`, or 'failed' when retryAt is null. */
export async function failJob(
  db: Executor,
  job: { id: string; workerId: string; now: string; error: string; retryAt: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set(
      job.retryAt === null
        ? { state: 'failed', last_error: job.error, completed_at: job.now, updated_at: job.now, locked_by: null, locked_until: null }
        : { state: 'retry', last_error: job.error, run_at: job.retryAt, updated_at: job.now, locked_by: null, locked_until: null },
    )
    .where('id', '=', job.id)
    .where('locked_by', '=', job.workerId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Keeps the jobs this worker is running from being taken back while they run. */
export async function renewLeases(db: Executor, workerId: string, lockedUntil: string, now: string): Promise<void> {
  await db
    .updateTable('job')
    .set({ locked_until: lockedUntil, updated_at: now })
    .where('locked_by', '=', workerId)
    .where('state', '=', 'active')
    .execute();
}

/**
 * Gives back the jobs this worker still runs when it stops without waiting for them: due
 * at once, unlocked, and with the interrupted attempt not counted, since a restart is no
 * failure of the job's.
 */
export async function releaseJobs(db: Executor, release: { workerId: string; now: string }): Promise<number> {
  const result = await db
    .updateTable('job')
    .set((eb) => ({
      state: 'retry',
      attempts: eb('attempts', '-', 1),
      run_at: release.now,
      locked_by: null,
      locked_until: null,
      updated_at: release.now,
    }))
    .where('locked_by', '=', release.workerId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

const LEASE_LOST = 'the worker running it stopped before it finished (lease expired)';

/**
 * Takes back jobs whose worker stopped renewing its lease (a crash, a killed process):
 * they are retried like a failed attempt, or failed when they had no retry left.
 */
export async function reapExpiredLeases(db: Executor, now: string): Promise<number> {
  const failed = await db
    .updateTable('job')
    .set({ state: 'failed', last_error: LEASE_LOST, completed_at: now, updated_at: now, locked_by: null, locked_until: null })
    .where('state', '=', 'active')
    .where('locked_until', '<=', now)
    .where((eb) => eb('attempts', '>', eb.ref('retry_limit')))
    .executeTakeFirst();
  const retried = await db
    .updateTable('job')
    .set({ state: 'retry', last_error: LEASE_LOST, run_at: now, updated_at: now, locked_by: null, locked_until: null })
    .where('state', '=', 'active')
    .where('locked_until', '<=', now)
    .executeTakeFirst();
  return Number(failed.numUpdatedRows + retried.numUpdatedRows);
}

export async function deleteFinishedJobs(db: Executor, finishedBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('job')
    .where('state', 'in', ['completed', 'failed', 'cancelled'])
    .where('completed_at', '<', finishedBefore)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSchedules(db: Executor): Promise<ScheduleRow[]> {
  return db.selectFrom('job_schedule').select(scheduleColumns).orderBy('key').execute();
}

export async function dueSchedules(db: Executor, now: string): Promise<ScheduleRow[]> {
  return db.selectFrom('job_schedule').select(scheduleColumns).where('next_run_at', '<=', now).orderBy('next_run_at').execute();
}

/**
 * Creates or replaces a schedule by key. Registering it again unchanged (every process
 * does so at start) keeps its next slot, so a slot that came due while no worker ran
 * still fires; a changed cron or zone, or a parked schedule, starts from the freshly
 * computed slot.
 */
export async function upsertSchedule(db: Executor, schedule: ScheduleRow): Promise<void> {
  await db
    .insertInto('job_schedule')
    .values(schedule)
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        cron: eb.ref('excluded.cron'),
        time_zone: eb.ref('excluded.time_zone'),
        payload: eb.ref('excluded.payload'),
        retry_limit: eb.ref('excluded.retry_limit'),
        retry_delay_seconds: eb.ref('excluded.retry_delay_seconds'),
        next_run_at: eb
          .case()
          .when(
            eb.and([
              eb('job_schedule.cron', '=', eb.ref('excluded.cron')),
              eb('job_schedule.time_zone', '=', eb.ref('excluded.time_zone')),
              eb('job_schedule.next_run_at', '!=', PARKED_UNTIL),
            ]),
          )
          .then(eb.ref('job_schedule.next_run_at'))
          .else(eb.ref('excluded.next_run_at'))
          .end(),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function deleteSchedule(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('job_schedule').where('key', '=', key).execute();
}

/** next_run_at of a schedule whose cron or zone cannot be evaluated (any more): it never comes due. */
export const PARKED_UNTIL = '9999-12-31T23:59:59.999Z';

/**
 * Parks a due schedule that cannot be evaluated, so that it is reported once instead of
 * on every poll; registering it again with a valid cron and zone revives it.
 */
export async function parkSchedule(db: Executor, park: { key: string; dueAt: string; now: string }): Promise<boolean> {
  const result = await db
    .updateTable('job_schedule')
    .set({ next_run_at: PARKED_UNTIL, updated_at: park.now })
    .where('key', '=', park.key)
    .where('next_run_at', '=', park.dueAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Moves a due schedule on to its next slot, unless another worker did so first. */
export async function advanceSchedule(
  db: Executor,
  advance: { key: string; dueAt: string; nextRunAt: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('job_schedule')
    .set({ next_run_at: advance.nextRunAt, last_run_at: advance.dueAt, updated_at: advance.now })
    .where('key', '=', advance.key)
    .where('next_run_at', '=', advance.dueAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
