import type { z } from 'zod';
import type { Executor } from '../db/database.ts';
import {
  checkName,
  type EnqueueOptions,
  type JobContext,
  type JobDefinition,
  type JobHandler,
  type JobInfo,
  jobDefaults,
  parsePayload,
  type PayloadSchema,
  type ScheduleInfo,
  type ScheduleOptions,
  type WorkOptions,
} from './model.ts';

export interface TransactionalEnqueueOptions extends EnqueueOptions {
  /**
   * Write the job with this transaction: it exists if and only if the transaction
   * commits. Without it the job is written at once, on its own.
   */
  executor?: Executor;
}

export type JobsEngine = 'sqlite' | 'pg-boss';

/**
 * Durable background work: one interface, an adapter per database engine (a queue in the
 * SQLite database for one process; pg-boss on PostgreSQL for many processes). Nothing
 * runs until start() (or, in tests, runDueJobs()); enqueueing and registering handlers
 * work before that.
 */
export interface Jobs {
  readonly engine: JobsEngine;
  /** Queues a job; null when a pending job of the same queue holds options.singletonKey. */
  enqueue<S extends PayloadSchema>(job: JobDefinition<S>, payload: z.input<S>, options?: TransactionalEnqueueOptions): Promise<string | null>;
  /**
   * Queues many jobs of one queue in one statement (a batch of bookings writes its events
   * so); no singleton keys, the same retry policy and run time for all.
   */
  enqueueMany<S extends PayloadSchema>(job: JobDefinition<S>, payloads: readonly z.input<S>[], options?: Omit<TransactionalEnqueueOptions, 'singletonKey'>): Promise<void>;
  /** Registers the handler of a queue. Every process registers all handlers; start() decides whether they run. */
  work<S extends PayloadSchema>(job: JobDefinition<S>, handler: JobHandler<z.output<S>>, options?: WorkOptions): void;
  /** Creates or replaces (by options.key, default the job name) a recurring job. */
  schedule<S extends PayloadSchema>(job: JobDefinition<S>, cron: string, payload: z.input<S>, options: ScheduleOptions): Promise<void>;
  unschedule(key: string): Promise<void>;
  schedules(): Promise<ScheduleInfo[]>;
  get(jobId: string): Promise<JobInfo | null>;
  /**
   * Runs, in this process and right now, every job that is due, until none is left
   * (jobs a handler enqueues included; bounded so a job that re-enqueues itself cannot
   * loop forever). For tests and one-off commands; returns how many handler runs it made.
   */
  runDueJobs(): Promise<number>;
  /** Starts polling and running the registered handlers. */
  start(): Promise<void>;
  /** Stops polling and waits for running handlers (aborting their signal after timeoutMs). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** stop(), then releases what the adapter holds (pg-boss's connection pools). */
  close(): Promise<void>;
}

/** Where the jobs layer logs; pino's logger fits. */
export interface JobsLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: JobsLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface Registration {
  definition: JobDefinition;
  handler: JobHandler<unknown>;
  concurrency: number;
}

export function registration<S extends PayloadSchema>(definition: JobDefinition<S>, handler: JobHandler<z.output<S>>, options: WorkOptions = {}): Registration {
  checkName('name', definition.name);
  const concurrency = options.concurrency ?? jobDefaults.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) throw new Error(`concurrency of ${definition.name} must be a whole number from 1 to 100`);
  return { definition, handler: handler as JobHandler<unknown>, concurrency };
}

/** Runs one attempt: the payload is parsed with the queue's schema before the handler sees it. */
export async function runHandler(registered: Registration, payload: unknown, context: JobContext): Promise<void> {
  const parsed = parsePayload(registered.definition, payload);
  await registered.handler(parsed, context);
}

/** Resolves after the promise or the timeout, whichever comes first; says which. */
export async function settleWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** runDueJobs() stops after this many handler runs in one call. */
export const RUN_DUE_LIMIT = 10_000;
