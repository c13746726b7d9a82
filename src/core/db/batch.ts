import { sql } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';
import type { Executor } from './database.ts';

/*
 * What the bulk writers (the programme import, the contact import) share: rows cut into
 * chunks for multi-row statements, and a lock that serialises one kind of work per key
 * inside a transaction.
 */

/**
 * The rows in slices of `size`, for IN lists and multi-row statements: each caller picks
 * the size from its widest row, so that a chunk stays below SQLite's 32,766 and
 * PostgreSQL's 65,535 bound values.
 */
export function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

/**
 * On PostgreSQL a transaction-scoped advisory lock on `key`: a second transaction with
 * the same key waits here until the first commits. SQLite has one writer anyway.
 */
export async function lockTransaction(db: Executor, engine: DatabaseEngine, key: string): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}
