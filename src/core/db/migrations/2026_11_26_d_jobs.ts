import { sql, type Kysely } from 'kysely';

// The durable queue of the SQLite jobs adapter. Created on PostgreSQL as well, so both
// engines share one schema; there pg-boss keeps its jobs in a schema of its own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_limit', 'integer', (c) => c.notNull())
    .addColumn('retry_delay_seconds', 'integer', (c) => c.notNull())
    .addColumn('singleton_key', 'text')
    .addColumn('schedule_slot', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Workers ask "the next due job of queue X": a seek on (name, state, run_at).
  await db.schema.createIndex('job_due').on('job').columns(['name', 'state', 'run_at']).execute();
  // Leases are checked on every poll: only active jobs are in this index's range.
  await db.schema.createIndex('job_lease').on('job').columns(['state', 'locked_until']).execute();
  // The singleton rule itself: a second pending job with the same key cannot be inserted,
  // whichever process tries, so enqueue can answer "already there" without a race.
  await db.schema
    .createIndex('job_singleton')
    .on('job')
    .columns(['name', 'singleton_key'])
    .unique()
    .where(sql<boolean>`singleton_key is not null and state in ('created', 'retry', 'active')`)
    .execute();
  // A schedule's slot is enqueued once, ever: not only while its job is pending.
  await db.schema
    .createIndex('job_schedule_slot')
    .on('job')
    .columns(['schedule_slot'])
    .unique()
    .where(sql<boolean>`schedule_slot is not null`)
    .execute();

  await db.schema
    .createTable('job_schedule')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('retry_limit', 'integer', (c) => c.notNull())
    .addColumn('retry_delay_seconds', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_schedule_due').on('job_schedule').columns(['next_run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_schedule').execute();
  await db.schema.dropTable('job').execute();
}
