import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestClock } from '../clock.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { testEngine, testPostgresUrl } from '../testing/database.ts';
import type { Jobs } from './jobs.ts';
import { bossSchemaFor } from './pgboss.ts';
import { createJobs } from './service.ts';

/**
 * Storage for jobs tests that can be opened more than once, as a restarted process
 * would: a SQLite file, or a PostgreSQL schema (with pg-boss's schema beside it).
 */
export interface JobsStorage {
  open(): Promise<Database>;
  /** A jobs adapter on a fresh connection to the storage; closed by drop(). */
  openJobs(clock: TestClock, options?: { pollMs?: number }): Promise<{ jobs: Jobs; database: Database }>;
  drop(): Promise<void>;
}

export async function createJobsStorage(): Promise<JobsStorage> {
  const opened: Array<{ jobs?: Jobs; database: Database }> = [];
  let open: () => Promise<Database>;
  let remove: () => Promise<void>;
  if (testEngine === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'foyer-jobs-'));
    const url = join(directory, 'foyer.db');
    open = () => openDatabase({ engine: 'sqlite', url });
    remove = async () => rmSync(directory, { recursive: true, force: true });
  } else {
    const schema = `test_jobs_${randomBytes(6).toString('hex')}`;
    open = () => openDatabase({ engine: 'postgres', url: testPostgresUrl }, { schema, poolSize: 3 });
    remove = async () => {
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      try {
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.query(`drop schema if exists ${bossSchemaFor(schema)} cascade`);
      } finally {
        await admin.end();
      }
    };
  }
  const first = await open();
  await migrateToLatest(first);
  await first.close();

  return {
    async open() {
      const database = await open();
      opened.push({ database });
      return database;
    },
    async openJobs(clock, options = {}) {
      const database = await open();
      const jobs = createJobs({ database, clock, pollMs: options.pollMs ?? 20 });
      opened.push({ jobs, database });
      return { jobs, database };
    },
    async drop() {
      for (const { jobs, database } of opened.reverse()) {
        await jobs?.close();
        await database.close().catch(() => undefined);
      }
      await remove();
    },
  };
}

/** Polls `check` every intervalMs until it holds, failing after timeoutMs: for real-time waits on pg-boss. */
export async function waitFor(check: () => Promise<boolean> | boolean, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
