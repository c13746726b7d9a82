import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { fromJson, toJson } from '../db/json.ts';
import { newId } from '../ids.ts';
import {
  type Jobs,
  type JobsLogger,
  type Registration,
  registration,
  RUN_DUE_LIMIT,
  runHandler,
  settleWithin,
  silentLogger,
  type TransactionalEnqueueOptions,
} from './jobs.ts';
import {
  checkName,
  checkSingletonKey,
  errorMessage,
  type JobDefinition,
  type JobInfo,
  type JobState,
  jobDefaults,
  nextOccurrence,
  parsePayload,
  retryDelay,
  retryPolicy,
  type ScheduleInfo,
  type ScheduleOptions,
  shouldRetry,
} from './model.ts';
import * as store from './store.ts';

/*
 * The jobs adapter for one machine: a durable queue in the SQLite database itself.
 *
 * A worker polls every pollMs (and at once after an enqueue or a finished job in the
 * same process). It claims a due job with one UPDATE ... RETURNING, which holds the
 * write lock, and leases it until now + leaseSeconds, renewing the lease on every poll
 * while the handler runs. A process that dies leaves its lease to expire; the next poll
 * of any worker takes the job back as a failed attempt. A process that stops and cannot
 * wait for a handler gives its job back at once, without counting the attempt. Time always comes from the
 * injected clock, so tests move a test clock and call runDueJobs() instead of waiting.
 */

export interface SqliteJobsOptions {
  database: Database;
  clock: Clock;
  pollMs: number;
  logger?: JobsLogger;
  leaseSeconds?: number;
  /** Identifies this process's claims; one per adapter instance. */
  workerId?: string;
}

interface Running {
  promise: Promise<void>;
  controller: AbortController;
}

const CLEANUP_INTERVAL_MS = 3600_000;

export function createSqliteJobs(options: SqliteJobsOptions): Jobs {
  const { clock } = options;
  const { db } = options.database;
  const logger = options.logger ?? silentLogger;
  const leaseMs = (options.leaseSeconds ?? jobDefaults.leaseSeconds) * 1000;
  const workerId = options.workerId ?? newId();

  const registrations = new Map<string, Registration>();
  const running = new Map<string, Running>();
  const activeByName = new Map<string, number>();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let nudged = false;
  let pollChain: Promise<unknown> = Promise.resolve();
  let lastCleanupAt = Number.NEGATIVE_INFINITY;

  function newJobRow(job: JobDefinition, payload: unknown, policy: { retryLimit: number; retryDelaySeconds: number }, runAt: Date | undefined, singletonKey: string | null): store.JobRow {
    const now = clock.now().toISOString();
    return {
      id: newId(),
      name: job.name,
      payload: toJson(payload),
      state: 'created',
      run_at: (runAt ?? clock.now()).toISOString(),
      attempts: 0,
      retry_limit: policy.retryLimit,
      retry_delay_seconds: policy.retryDelaySeconds,
      singleton_key: singletonKey,
      schedule_slot: null,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      started_at: null,
      completed_at: null,
      updated_at: now,
    };
  }

  async function enqueue(job: JobDefinition, payload: unknown, enqueueOptions: TransactionalEnqueueOptions = {}): Promise<string | null> {
    checkName('name', job.name);
    parsePayload(job, payload);
    const singletonKey = checkSingletonKey(enqueueOptions.singletonKey);
    const policy = retryPolicy(enqueueOptions);
    const row = newJobRow(job, payload, policy, enqueueOptions.runAt, singletonKey);
    const inserted = await store.insertJob(enqueueOptions.executor ?? db, row);
    if (!inserted) return null;
    const id = row.id;
    nudge();
    return id;
  }

  async function enqueueMany(job: JobDefinition, payloads: readonly unknown[], enqueueOptions: Omit<TransactionalEnqueueOptions, 'singletonKey'> = {}): Promise<void> {
    if (payloads.length === 0) return;
    checkName('name', job.name);
    for (const payload of payloads) parsePayload(job, payload);
    const policy = retryPolicy(enqueueOptions);
    await store.insertJobs(
      enqueueOptions.executor ?? db,
      payloads.map((payload) => newJobRow(job, payload, policy, enqueueOptions.runAt, null)),
    );
    nudge();
  }

  async function schedule(job: JobDefinition, cron: string, payload: unknown, scheduleOptions: ScheduleOptions): Promise<void> {
    checkName('name', job.name);
    const key = checkName('key', scheduleOptions.key ?? job.name);
    parsePayload(job, payload);
    const policy = retryPolicy(scheduleOptions);
    const now = clock.now();
    const nextRunAt = nextOccurrence(cron, scheduleOptions.timeZone, now).toISOString();
    await store.upsertSchedule(db, {
      key,
      name: job.name,
      cron,
      time_zone: scheduleOptions.timeZone,
      payload: toJson(payload),
      retry_limit: policy.retryLimit,
      retry_delay_seconds: policy.retryDelaySeconds,
      next_run_at: nextRunAt,
      last_run_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
  }

  /**
   * Enqueues the job of every schedule whose slot has come, then moves the schedule on
   * (slots missed while no worker ran collapse into one run). Two statements and no
   * transaction: the job's schedule_slot is unique, so a slot yields one job however
   * many workers see it due, and a worker that dies between the two leaves a schedule
   * that the next poll moves on without enqueueing the slot again. The job also carries
   * the singleton key schedule/KEY: while a run of the schedule still waits or runs, the
   * next slot is skipped instead of piling up behind it.
   */
  async function enqueueDueSchedules(now: Date): Promise<void> {
    const nowText = now.toISOString();
    for (const due of await store.dueSchedules(db, nowText)) {
      let nextRunAt: string;
      try {
        nextRunAt = nextOccurrence(due.cron, due.time_zone, now).toISOString();
      } catch (error) {
        // Parked, or this would be logged again on every poll.
        if (await store.parkSchedule(db, { key: due.key, dueAt: due.next_run_at, now: nowText })) {
          logger.error({ schedule: due.key, cron: due.cron, timeZone: due.time_zone, err: error }, 'schedule cannot be evaluated; parked until it is registered again');
        }
        continue;
      }
      await store.insertJob(db, {
        id: newId(),
        name: due.name,
        payload: due.payload,
        state: 'created',
        run_at: due.next_run_at,
        attempts: 0,
        retry_limit: due.retry_limit,
        retry_delay_seconds: due.retry_delay_seconds,
        singleton_key: `schedule/${due.key}`,
        schedule_slot: `${due.key}@${due.next_run_at}`,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: nowText,
        started_at: null,
        completed_at: null,
        updated_at: nowText,
      });
      await store.advanceSchedule(db, { key: due.key, dueAt: due.next_run_at, nextRunAt, now: nowText });
    }
  }

  async function pollOnce(): Promise<number> {
    const now = clock.now();
    const nowText = now.toISOString();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    if (running.size > 0) await store.renewLeases(db, workerId, leaseUntil, nowText);
    const reaped = await store.reapExpiredLeases(db, nowText);
    if (reaped > 0) logger.warn({ jobs: reaped }, 'took back jobs whose worker stopped (lease expired)');
    await enqueueDueSchedules(now);
    if (now.getTime() - lastCleanupAt >= CLEANUP_INTERVAL_MS) {
      lastCleanupAt = now.getTime();
      await store.deleteFinishedJobs(db, new Date(now.getTime() - jobDefaults.keepFinishedSeconds * 1000).toISOString());
    }
    let launched = 0;
    for (const registered of registrations.values()) {
      const name = registered.definition.name;
      while ((activeByName.get(name) ?? 0) < registered.concurrency) {
        const row = await store.claimNextJob(db, { name, now: nowText, workerId, lockedUntil: leaseUntil });
        if (row === undefined) break;
        launch(registered, row);
        launched += 1;
      }
    }
    return launched;
  }

  /** One poll at a time per process; a caller waits for the one before it. */
  function poll(): Promise<number> {
    const next = pollChain.then(pollOnce);
    pollChain = next.catch(() => undefined);
    return next;
  }

  function launch(registered: Registration, row: store.JobRow): void {
    const name = registered.definition.name;
    const controller = new AbortController();
    activeByName.set(name, (activeByName.get(name) ?? 0) + 1);
    const promise = (async () => {
      let failure: { error: unknown } | null = null;
      try {
        await runHandler(registered, fromJson<unknown>(row.payload, {}), { id: row.id, name, attempt: row.attempts, signal: controller.signal });
      } catch (error) {
        failure = { error };
      }
      try {
        await finish(row, failure);
      } catch (error) {
        logger.error({ job: row.id, name, err: error }, 'could not record the outcome of a job');
      }
    })().finally(() => {
      activeByName.set(name, (activeByName.get(name) ?? 1) - 1);
      running.delete(row.id);
      nudge();
    });
    running.set(row.id, { promise, controller });
  }

  async function finish(row: store.JobRow, failure: { error: unknown } | null): Promise<void> {
    const now = clock.now();
    if (failure === null) {
      const held = await store.completeJob(db, { id: row.id, workerId, now: now.toISOString() });
      if (!held) logger.warn({ job: row.id, name: row.name }, 'job finished after its lease was taken back');
      return;
    }
    const message = errorMessage(failure.error);
    const retry = shouldRetry(row.attempts, row.retry_limit);
    const retryAt = retry ? new Date(now.getTime() + retryDelay(row.retry_delay_seconds, row.attempts) * 1000).toISOString() : null;
    const held = await store.failJob(db, { id: row.id, workerId, now: now.toISOString(), error: message, retryAt });
    const details = { job: row.id, name: row.name, attempt: row.attempts, error: message };
    // Not held: given back at stop, or its lease was taken back; the attempt is not ours to record.
    if (!held) logger.warn(details, 'job failed after this worker had given it up; not counted');
    else if (retry) logger.warn({ ...details, retryAt }, 'job failed; will retry');
    else logger.error(details, 'job failed for good');
  }

  function nudge(): void {
    if (!started || nudged) return;
    nudged = true;
    setImmediate(() => {
      nudged = false;
      if (started) poll().catch((error: unknown) => logger.error({ err: error }, 'job poll failed'));
    });
  }

  function scheduleNextPoll(): void {
    if (!started) return;
    timer = setTimeout(() => {
      timer = undefined;
      poll()
        .catch((error: unknown) => logger.error({ err: error }, 'job poll failed'))
        .finally(scheduleNextPoll);
    }, options.pollMs);
  }

  async function runDueJobs(): Promise<number> {
    let runs = 0;
    while (runs < RUN_DUE_LIMIT) {
      const launched = await poll();
      runs += launched;
      if (launched === 0 && running.size === 0) break;
      await Promise.all([...running.values()].map((job) => job.promise));
    }
    return runs;
  }

  async function stop(stopOptions: { timeoutMs?: number } = {}): Promise<void> {
    started = false;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    await pollChain;
    const all = Promise.all([...running.values()].map((job) => job.promise));
    if (await settleWithin(all, stopOptions.timeoutMs ?? 30_000)) return;
    // Given back before the handlers hear the abort, so that one failing on it finds its
    // job no longer held and records nothing; and before the caller closes the database.
    try {
      const released = await store.releaseJobs(db, { workerId, now: clock.now().toISOString() });
      logger.warn({ jobs: released }, 'stopping without waiting longer for running jobs; they are given back and run again from the start');
    } catch (error) {
      logger.error({ err: error, jobs: running.size }, 'could not give back the running jobs; their leases will expire');
    }
    for (const job of running.values()) job.controller.abort();
  }

  function toInfo(row: store.JobRow): JobInfo {
    return {
      id: row.id,
      name: row.name,
      state: row.state as JobState,
      payload: fromJson<unknown>(row.payload, {}),
      attempts: row.attempts,
      retryLimit: row.retry_limit,
      singletonKey: row.singleton_key,
      lastError: row.last_error,
      runAt: row.run_at,
      createdAt: row.created_at,
      startedAt: row.started_at,
      completedAt: row.completed_at,
    };
  }

  const jobs: Jobs = {
    engine: 'sqlite',
    enqueue,
    enqueueMany,
    work(job, handler, workOptions) {
      registrations.set(job.name, registration(job, handler, workOptions));
      nudge();
    },
    schedule,
    async unschedule(key) {
      await store.deleteSchedule(db, key);
    },
    async schedules(): Promise<ScheduleInfo[]> {
      return (await store.listSchedules(db)).map((row) => ({
        key: row.key,
        name: row.name,
        cron: row.cron,
        timeZone: row.time_zone,
        payload: fromJson<unknown>(row.payload, {}),
        nextRunAt: row.next_run_at,
      }));
    },
    async get(jobId) {
      const row = await store.findJob(db, jobId);
      return row === undefined ? null : toInfo(row);
    },
    runDueJobs,
    async start() {
      if (started) return;
      started = true;
      nudge();
      scheduleNextPoll();
    },
    stop,
    close: () => stop(),
  };
  return jobs;
}
