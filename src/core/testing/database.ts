import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { bossSchemaFor } from '../jobs/pgboss.ts';

/**
 * The engine tests run on: SQLite in memory by default, PostgreSQL when
 * FOYER_TEST_DATABASE=postgres (CI runs the whole suite on both).
 */
export const testEngine: 'sqlite' | 'postgres' = process.env.FOYER_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export const testPostgresUrl = process.env.FOYER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated database: in memory, or its own PostgreSQL schema dropped on close. */
export async function createTestDatabase(): Promise<Database> {
  if (testEngine === 'sqlite') {
    const database = await openDatabase({ engine: 'sqlite', url: ':memory:' });
    await migrateToLatest(database);
    return database;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ engine: 'postgres', url: testPostgresUrl }, { schema, poolSize: 5 });
  await migrateToLatest(database);
  return {
    ...database,
    async close() {
      await database.close();
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      try {
        await admin.query(`drop schema if exists ${schema} cascade`);
        // pg-boss's schema beside it, created when a test used the jobs layer.
        await admin.query(`drop schema if exists ${bossSchemaFor(schema)} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
