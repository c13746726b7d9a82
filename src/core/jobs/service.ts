import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Jobs, JobsLogger } from './jobs.ts';
import { createPgBossJobs } from './pgboss.ts';
import { createSqliteJobs } from './sqlite.ts';

export interface JobsOptions {
  database: Database;
  clock: Clock;
  /** How often an idle worker looks for due jobs (config.jobsPollMs). */
  pollMs: number;
  logger?: JobsLogger;
}

/** The jobs adapter for the database's engine: the SQLite queue, or pg-boss on PostgreSQL. */
export function createJobs(options: JobsOptions): Jobs {
  return options.database.engine === 'sqlite' ? createSqliteJobs(options) : createPgBossJobs(options);
}
