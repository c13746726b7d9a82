import { fromKysely, PgBoss, type SendOptions } from 'pg-boss';
import type { Clock } from '../clock.ts';
import type { Database, Executor } from '../db/database.ts';
import { newId } from '../ids.ts';
import {
  type Jobs,
  type JobsLogger,
  type Registration,
  registration,
  RUN_DUE_LIMIT,
  runHandler,
  silentLogger,
  type TransactionalEnqueueOptions,
} from './jobs.ts';
import {
  checkName,
  checkSingletonKey,
  errorMessage,
  type JobDefinition,
  type JobInfo,
  jobDefaults,
  nextOccurrence,
  parsePayload,
  type RetryPolicy,
  retryPolicy,
  type ScheduleInfo,
  type ScheduleOptions,
} from './model.ts';

/*
 * The jobs adapter for PostgreSQL: pg-boss, which coordinates any number of worker
 * processes on any number of machines through SKIP LOCKED, and runs recurring schedules
 * (cron in an IANA zone) from whichever instance holds its cron claim.
 *
 * Two pg-boss instances, each with its own small pool: a producer, started on first use,
 * that only sends, schedules and reads (no timers that do work); and a worker, started
 * by start(), that also supervises (expired jobs, retention) and fires the schedules.
 * `foyer serve --no-worker` therefore never claims a job.
 *
 * Every queue uses pg-boss's 'exclusive' policy: at most one job per singleton key is
 * waiting, retrying or running. Jobs enqueued without a key get a unique one ('~' and
 * a fresh id), so only jobs that ask for a key are deduplicated; get() hides those keys.
 *
 * Time is the database server's: pg-boss compares startAfter with its own clock, so the
 * injected clock does not steer this adapter (it only computes schedules().nextRunAt).
 */

export interface PgBossJobsOptions {
  database: Database;
  clock: Clock;
  pollMs: number;
  logger?: JobsLogger;
  /** pg-boss's schema; default bossSchemaFor(database.schema). */
  schema?: string;
}

/** pg-boss lives in a schema of its own beside Foyer's (tests: one per test schema). */
export function bossSchemaFor(schema: string | undefined): string {
  return schema === undefined ? 'foyer_boss' : `${schema}_boss`;
}

/** Keys of jobs enqueued without one: unique, and never a key a caller may choose. */
const GENERATED_KEY_PREFIX = '~';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function retryOptions(policy: RetryPolicy): SendOptions {
  return {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelaySeconds,
    ...(policy.retryDelaySeconds > 0 ? { retryBackoff: true, retryDelayMax: jobDefaults.retryDelayMaxSeconds } : { retryBackoff: false }),
    expireInSeconds: jobDefaults.leaseSeconds,
    deleteAfterSeconds: jobDefaults.keepFinishedSeconds,
  };
}

function failureOutput(error: unknown): { message: string; name?: string; stack?: string } {
  return error instanceof Error ? { message: errorMessage(error), name: error.name, ...(error.stack === undefined ? {} : { stack: error.stack }) } : { message: errorMessage(error) };
}

function outputMessage(output: unknown): string | null {
  if (typeof output === 'object' && output !== null && 'message' in output && typeof output.message === 'string') return output.message;
  return null;
}

function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

export function createPgBossJobs(options: PgBossJobsOptions): Jobs {
  const { database, clock } = options;
  const logger = options.logger ?? silentLogger;
  const schema = options.schema ?? bossSchemaFor(database.schema);
  const pollingIntervalSeconds = Math.max(0.5, options.pollMs / 1000);

  const registrations = new Map<string, Registration>();
  const queues = new Set<string>();
  let producer: Promise<PgBoss> | null = null;
  let worker: PgBoss | null = null;
  let workerStarting: Promise<void> | null = null;
  const attaching = new Set<Promise<void>>();

  function newBoss(role: 'producer' | 'worker'): PgBoss {
    const boss = new PgBoss({
      connectionString: database.url,
      schema,
      max: role === 'producer' ? 3 : 6,
      migrate: true,
      supervise: role === 'worker',
      schedule: role === 'worker',
      instanceName: `foyer-${role}`,
    });
    boss.on('error', (error) => logger.error({ err: error, role }, 'pg-boss error'));
    boss.on('warning', (warning) => logger.warn({ role, data: warning.data }, warning.message));
    return boss;
  }

  /** The instance to send and read with: the worker when it runs, else the producer. */
  async function client(): Promise<PgBoss> {
    if (worker !== null) return worker;
    producer ??= (async () => {
      const boss = newBoss('producer');
      await boss.start();
      return boss;
    })().catch((error: unknown) => {
      producer = null;
      throw error;
    });
    return producer;
  }

  async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
    if (queues.has(name)) return;
    await boss.createQueue(name, { policy: 'exclusive' });
    queues.add(name);
  }

  async function enqueue(job: JobDefinition, payload: unknown, enqueueOptions: TransactionalEnqueueOptions = {}): Promise<string | null> {
    checkName('name', job.name);
    parsePayload(job, payload);
    const singletonKey = checkSingletonKey(enqueueOptions.singletonKey) ?? `${GENERATED_KEY_PREFIX}${newId()}`;
    const policy = retryPolicy(enqueueOptions);
    const boss = await client();
    // Outside the caller's transaction: creating a queue is idempotent and must not wait on it.
    await ensureQueue(boss, job.name);
    const sendOptions: SendOptions = { ...retryOptions(policy), singletonKey };
    if (enqueueOptions.runAt !== undefined) sendOptions.startAfter = enqueueOptions.runAt;
    if (enqueueOptions.executor !== undefined) sendOptions.db = transactionDb(enqueueOptions.executor);
    return boss.send(job.name, payload as object, sendOptions);
  }

  async function enqueueMany(job: JobDefinition, payloads: readonly unknown[], enqueueOptions: Omit<TransactionalEnqueueOptions, 'singletonKey'> = {}): Promise<void> {
    if (payloads.length === 0) return;
    checkName('name', job.name);
    for (const payload of payloads) parsePayload(job, payload);
    const policy = retryPolicy(enqueueOptions);
    const boss = await client();
    await ensureQueue(boss, job.name);
    const options = retryOptions(policy);
    await boss.insert(
      job.name,
      payloads.map((payload) => ({
        data: payload as object,
        ...options,
        singletonKey: `${GENERATED_KEY_PREFIX}${newId()}`,
        ...(enqueueOptions.runAt === undefined ? {} : { startAfter: enqueueOptions.runAt }),
      })),
      enqueueOptions.executor === undefined ? {} : { db: transactionDb(enqueueOptions.executor) },
    );
  }

  async function attach(boss: PgBoss, registered: Registration): Promise<void> {
    const name = registered.definition.name;
    await ensureQueue(boss, name);
    await boss.work<unknown>(name, { batchSize: 1, localConcurrency: registered.concurrency, pollingIntervalSeconds }, async (batch) => {
      for (const job of batch) {
        const attempt = job.retryCount + 1;
        try {
          await runHandler(registered, job.data, { id: job.id, name, attempt, signal: job.signal });
        } catch (error) {
          logger.warn({ job: job.id, name, attempt, error: errorMessage(error) }, 'job attempt failed');
          throw error;
        }
      }
    });
  }

  function attachLater(boss: PgBoss, registered: Registration): void {
    const pending = attach(boss, registered)
      .catch((error: unknown) => logger.error({ err: error, name: registered.definition.name }, 'could not start working a queue'))
      .finally(() => attaching.delete(pending));
    attaching.add(pending);
  }

  async function runDueJobs(): Promise<number> {
    const boss = await client();
    let runs = 0;
    while (runs < RUN_DUE_LIMIT) {
      let ran = false;
      for (const registered of registrations.values()) {
        const name = registered.definition.name;
        await ensureQueue(boss, name);
        const [job] = await boss.fetch<unknown>(name, { batchSize: 1 });
        if (job === undefined) continue;
        ran = true;
        runs += 1;
        const attempt = { id: job.id, retryCount: job.retryCount };
        try {
          // pg-boss gives fetched jobs no abort signal (only its own workers make one), though its type says so.
          const signal = (job.signal as AbortSignal | undefined) ?? new AbortController().signal;
          await runHandler(registered, job.data, { id: job.id, name, attempt: job.retryCount + 1, signal });
        } catch (error) {
          await boss.fail(name, attempt, failureOutput(error));
          continue;
        }
        await boss.complete(name, attempt);
      }
      if (!ran) break;
    }
    return runs;
  }

  async function schedule(job: JobDefinition, cron: string, payload: unknown, scheduleOptions: ScheduleOptions): Promise<void> {
    checkName('name', job.name);
    const key = checkName('key', scheduleOptions.key ?? job.name);
    parsePayload(job, payload);
    nextOccurrence(cron, scheduleOptions.timeZone, clock.now());
    const policy = retryPolicy(scheduleOptions);
    const boss = await client();
    await ensureQueue(boss, job.name);
    // pg-boss keys a schedule by (queue, key); Foyer by key alone, so a key moving to
    // another queue leaves its old row behind unless it is removed here.
    for (const existing of await boss.getSchedules()) {
      if (existing.key === key && existing.name !== job.name) await boss.unschedule(existing.name, existing.key);
    }
    await boss.schedule(job.name, cron, payload as object, {
      ...retryOptions(policy),
      tz: scheduleOptions.timeZone,
      key,
      // Slots missed while no worker ran collapse into one run, as on the SQLite queue.
      missed: 'once',
      singletonKey: `schedule/${key}`,
    });
  }

  async function get(jobId: string): Promise<JobInfo | null> {
    if (!UUID.test(jobId)) return null;
    const boss = await client();
    // findJobs() needs the queue name; pg-boss's job table holds it beside the id.
    const { rows } = await boss.getDb().executeSql(`select name from ${schema}.job where id = $1`, [jobId]);
    const name: unknown = rows[0]?.name;
    if (typeof name !== 'string') return null;
    const [job] = await boss.findJobs<unknown>(name, { id: jobId });
    if (job === undefined) return null;
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      payload: job.data,
      attempts: job.state === 'created' ? 0 : job.retryCount + 1,
      retryLimit: job.retryLimit,
      singletonKey: job.singletonKey === null || job.singletonKey.startsWith(GENERATED_KEY_PREFIX) ? null : job.singletonKey,
      lastError: job.state === 'failed' || job.state === 'retry' ? outputMessage(job.output) : null,
      runAt: iso(job.startAfter) ?? iso(job.createdOn) ?? '',
      createdAt: iso(job.createdOn) ?? '',
      startedAt: iso(job.startedOn),
      completedAt: iso(job.completedOn),
    };
  }

  async function stopWorker(timeoutMs: number): Promise<void> {
    if (workerStarting !== null) await workerStarting.catch(() => undefined);
    const boss = worker;
    if (boss === null) return;
    worker = null;
    await Promise.all([...attaching]);
    await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
  }

  const jobs: Jobs = {
    engine: 'pg-boss',
    enqueue,
    enqueueMany,
    work(job, handler, workOptions) {
      const registered = registration(job, handler, workOptions);
      registrations.set(job.name, registered);
      if (worker !== null) attachLater(worker, registered);
    },
    schedule,
    async unschedule(key) {
      const boss = await client();
      for (const existing of await boss.getSchedules()) {
        if (existing.key === key) await boss.unschedule(existing.name, existing.key);
      }
    },
    async schedules(): Promise<ScheduleInfo[]> {
      const boss = await client();
      return (await boss.getSchedules()).map((row) => ({
        key: row.key,
        name: row.name,
        cron: row.cron,
        timeZone: row.timezone,
        payload: row.data ?? {},
        nextRunAt: nextOccurrence(row.cron, row.timezone, clock.now()).toISOString(),
      }));
    },
    get,
    runDueJobs,
    async start() {
      if (worker !== null || workerStarting !== null) return workerStarting ?? undefined;
      workerStarting = (async () => {
        const boss = newBoss('worker');
        await boss.start();
        worker = boss;
        for (const registered of registrations.values()) await attach(boss, registered);
      })().finally(() => {
        workerStarting = null;
      });
      return workerStarting;
    },
    async stop(stopOptions = {}) {
      await stopWorker(stopOptions.timeoutMs ?? 30_000);
    },
    async close() {
      await stopWorker(30_000);
      const pending = producer;
      producer = null;
      if (pending !== null) {
        const boss = await pending.catch(() => null);
        await boss?.stop({ graceful: false, close: true });
      }
    },
  };
  return jobs;
}

/** pg-boss writes the job through the caller's Kysely transaction, so it commits (or not) with it. */
function transactionDb(executor: Executor) {
  return fromKysely(executor);
}
