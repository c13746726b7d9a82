import { CronExpressionParser } from 'cron-parser';
import type { z } from 'zod';
import { DomainError, invalid } from '../errors.ts';

/*
 * The jobs layer's vocabulary and its pure rules: names, payload validation, retry
 * backoff, and when a recurring schedule next comes due. The adapters (a queue in the
 * SQLite database, pg-boss on PostgreSQL) share these so both behave alike.
 */

export const jobStates = ['created', 'retry', 'active', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

/** A payload is a JSON object; its schema is the contract between producer and handler. */
export type PayloadSchema = z.ZodType<unknown, Record<string, unknown>>;

/** A job type: its queue name and the zod schema of its payload. Create with defineJob(). */
export interface JobDefinition<S extends PayloadSchema = PayloadSchema> {
  readonly name: string;
  readonly schema: S;
}

export interface EnqueueOptions {
  /** Not before this instant. Default: now. */
  runAt?: Date;
  /**
   * At most one job per queue and key waits or runs at a time: enqueueing while one does
   * returns null. Once it has completed or failed, the key is free again.
   */
  singletonKey?: string;
  /** Retries after the first attempt before the job is marked failed. Default 2. */
  retryLimit?: number;
  /** Wait before the first retry; doubled for each further one (capped at an hour). Default 30. */
  retryDelaySeconds?: number;
}

export interface WorkOptions {
  /** How many jobs of this queue one process runs at once. Default 1. */
  concurrency?: number;
}

export interface ScheduleOptions {
  /** IANA zone the cron expression is read in, e.g. the house's. */
  timeZone: string;
  /** Identifies the schedule: registering the same key again replaces it. Default: the job name. */
  key?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

/** What a handler learns about the job it runs besides the payload. */
export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  /** Aborted when the worker is stopping and will not wait much longer. */
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, job: JobContext) => Promise<void>;

/** A job as staff and tests see it; the same shape on both adapters. */
export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  payload: unknown;
  /** How many times a handler has started on it. */
  attempts: number;
  retryLimit: number;
  singletonKey: string | null;
  lastError: string | null;
  runAt: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface ScheduleInfo {
  key: string;
  name: string;
  cron: string;
  timeZone: string;
  payload: unknown;
  /** The next instant it comes due (ISO, UTC). */
  nextRunAt: string;
}

export const jobDefaults = {
  retryLimit: 2,
  retryDelaySeconds: 30,
  /** Backoff never waits longer than this between two attempts. */
  retryDelayMaxSeconds: 3600,
  /** A claimed job whose worker has not renewed its lease for this long is taken back. */
  leaseSeconds: 15 * 60,
  /** Completed and failed jobs are kept this long for inspection, then deleted. */
  keepFinishedSeconds: 7 * 24 * 3600,
  concurrency: 1,
} as const;

// pg-boss accepts these characters in queue names and schedule keys; the SQLite queue
// holds itself to the same rule so a name that works on one engine works on the other.
const NAME_PATTERN = /^[A-Za-z0-9_.\-/]+$/;

/** A typed job: payloads given to enqueue() are checked, handlers get the parsed value. */
export function defineJob<S extends PayloadSchema>(name: string, schema: S): JobDefinition<S> {
  checkName('name', name);
  return { name, schema };
}

export function checkName(field: string, value: string): string {
  if (value.length === 0 || value.length > 200 || !NAME_PATTERN.test(value)) {
    throw invalid(field, `"${value}" may only hold letters, digits, "_", ".", "-" and "/"`);
  }
  return value;
}

export function checkSingletonKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (key.length === 0 || key.length > 500) throw invalid('singletonKey', 'must hold 1 to 500 characters');
  // The pg-boss adapter files jobs without a key under a generated one that starts with '~'.
  if (key.startsWith('~')) throw invalid('singletonKey', 'must not start with "~"');
  return key;
}

export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
}

export function retryPolicy(options: { retryLimit?: number; retryDelaySeconds?: number }): RetryPolicy {
  const retryLimit = options.retryLimit ?? jobDefaults.retryLimit;
  const retryDelaySeconds = options.retryDelaySeconds ?? jobDefaults.retryDelaySeconds;
  if (!Number.isInteger(retryLimit) || retryLimit < 0 || retryLimit > 100) throw invalid('retryLimit', 'must be a whole number from 0 to 100');
  if (!Number.isInteger(retryDelaySeconds) || retryDelaySeconds < 0 || retryDelaySeconds > 86_400) {
    throw invalid('retryDelaySeconds', 'must be a whole number of seconds from 0 to 86400');
  }
  return { retryLimit, retryDelaySeconds };
}

/**
 * Seconds to wait before the next attempt after `attempts` failed ones: the base delay,
 * doubled per further failure, capped. A feed that is down for an hour is then asked a
 * handful of times, not hundreds.
 */
export function retryDelay(baseSeconds: number, attempts: number): number {
  if (baseSeconds <= 0) return 0;
  const exponent = Math.min(Math.max(attempts - 1, 0), 16);
  return Math.min(baseSeconds * 2 ** exponent, jobDefaults.retryDelayMaxSeconds);
}

/** Whether a job that just failed its `attempts`-th run gets another one. */
export function shouldRetry(attempts: number, retryLimit: number): boolean {
  return attempts <= retryLimit;
}

/** Parses a payload with its job's schema; a mismatch is a validation error naming the field. */
export function parsePayload<S extends PayloadSchema>(definition: JobDefinition<S>, payload: unknown): z.output<S> {
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ field: ['payload', ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new DomainError('validation', `payload of job ${definition.name} is invalid: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, details);
  }
  return parsed.data as z.output<S>;
}

export function isTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The first instant strictly after `after` at which `cron` (five fields, or six with
 * seconds) matches the wall clock in `timeZone`. Across a DST change a daily 09:00 stays
 * 09:00 local; a time inside the spring gap runs right after it, a time in the repeated
 * autumn hour runs once.
 */
export function nextOccurrence(cron: string, timeZone: string, after: Date): Date {
  if (!isTimeZone(timeZone)) throw invalid('timeZone', `"${timeZone}" is not an IANA time zone`);
  // cron-parser reads an empty expression as "every minute"; that is never what was meant.
  if (cron.trim() === '') throw invalid('cron', 'must not be empty');
  try {
    return CronExpressionParser.parse(cron, { tz: timeZone, currentDate: after, strict: false }).next().toDate();
  } catch (error) {
    throw invalid('cron', `"${cron}" is not a cron expression (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The message stored for a failed attempt. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return String(error);
}
