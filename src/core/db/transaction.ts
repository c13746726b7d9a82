import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import { DomainError } from '../errors.ts';
import type { Database, Executor } from './database.ts';

/*
 * The transaction for scarce things (seats): lock, decide, write, in one short
 * transaction. On SQLite it begins IMMEDIATE, taking the write lock before the first
 * read, so two processes on one file never both read "1 seat left" and then both write;
 * a deferred BEGIN would fail the second one's upgrade with SQLITE_BUSY instead of
 * letting it wait. On PostgreSQL the caller locks its rows in a fixed order; a lock not
 * granted within lockTimeoutMs, or a deadlock, becomes a 'busy' answer (try again),
 * never a wait without end.
 */

export interface WriteOptions {
  /** PostgreSQL only: how long a row lock may be waited for. */
  lockTimeoutMs?: number;
}

const busy = () => new DomainError('busy', 'too many bookings at this moment: please try again in a second');

function isLockFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = String(error.code);
  // 55P03 lock_not_available (lock_timeout), 40P01 deadlock, 40001 serialization failure.
  return code === '55P03' || code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

const inside = new AsyncLocalStorage<true>();

/**
 * True while the current async context runs inside writeTransaction. On SQLite the
 * transaction holds the only connection, so a query through the plain database handle
 * would wait for it forever: code that reads outside the transaction (the catalogue's
 * plan of a performance) checks this and fails loudly instead of hanging.
 */
export function inWriteTransaction(): boolean {
  return inside.getStore() === true;
}

export async function writeTransaction<T>(database: Database, work: (trx: Executor) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  // Pass the transaction down instead: a second one would wait for the first on SQLite.
  if (inWriteTransaction()) throw new Error('writeTransaction inside writeTransaction: pass the executor down instead');
  return inside.run(true, () => runWrite(database, work, options));
}

async function runWrite<T>(database: Database, work: (trx: Executor) => Promise<T>, options: WriteOptions): Promise<T> {
  try {
    if (database.engine === 'sqlite') {
      // One connection for the whole transaction: Kysely's SQLite driver holds its mutex
      // until this callback returns, so no other query of this process slips in between.
      return await database.db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const result = await work(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => undefined);
          throw error;
        }
      });
    }
    const timeout = Math.max(1, Math.trunc(options.lockTimeoutMs ?? 3000));
    return await database.db.transaction().execute(async (trx) => {
      await sql.raw(`set local lock_timeout = ${timeout}`).execute(trx);
      return work(trx);
    });
  } catch (error) {
    if (isLockFailure(error)) throw busy();
    throw error;
  }
}
