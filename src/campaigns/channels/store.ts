import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import type { ChannelAccountTable, ScheduledPostTable } from '../tables.ts';

/*
 * Channel accounts and scheduled posts. Every query a request reaches filters by house,
 * and posts also by unit for unit-scoped staff and keys. The secret column is read only by
 * findAccountForPublishing(), which the publishing job calls: lists never select it.
 */

const accountColumns = ['id', 'kind', 'name', 'url', 'created_at', 'updated_at'] as const;
export type AccountRow = Pick<ChannelAccountTable, (typeof accountColumns)[number]>;

const postColumns = [
  'id',
  'house_id',
  'unit_id',
  'account_id',
  'text',
  'language',
  'link',
  'image',
  'event',
  'publish_at',
  'state',
  'remote_id',
  'remote_url',
  'attempts',
  'last_error',
  'next_attempt_at',
  'created_by',
  'created_at',
  'updated_at',
] as const;
export type PostRow = Pick<ScheduledPostTable, (typeof postColumns)[number]>;

export interface Page {
  limit: number;
  offset: number;
}

export async function insertAccount(db: Executor, row: Insertable<ChannelAccountTable>): Promise<void> {
  await db.insertInto('channel_account').values(row).execute();
}

export async function listAccounts(db: Executor, houseId: string): Promise<AccountRow[]> {
  return db.selectFrom('channel_account').select(accountColumns).where('house_id', '=', houseId).orderBy('name').orderBy('id').execute();
}

export async function findAccount(db: Executor, houseId: string, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('channel_account').select(accountColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

export async function updateAccount(db: Executor, houseId: string, id: string, changes: { name?: string; url?: string; secret?: string }, now: string): Promise<boolean> {
  const result = await db
    .updateTable('channel_account')
    .set({ ...changes, updated_at: now })
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** With the secret: only for the job that publishes, never for an answer to a request. */
export async function findAccountForPublishing(db: Executor, houseId: string, id: string) {
  return db
    .selectFrom('channel_account')
    .select(['id', 'house_id', 'kind', 'url', 'secret'])
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The account inside the transaction that removes it. With `lock` (PostgreSQL) the row
 * stays locked until the end: a post being inserted for it meanwhile needs a key-share
 * lock on the same row, so it either committed before (and is seen) or waits and then
 * finds the account gone.
 */
export async function findAccountForRemoval(db: Executor, houseId: string, id: string, lock: boolean): Promise<{ id: string } | undefined> {
  if (lock) await sql`set local lock_timeout = '5s'`.execute(db);
  return db
    .selectFrom('channel_account')
    .select('id')
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Posts of the account that still go out or are going out right now, oldest first. */
export async function listLivePosts(db: Executor, houseId: string, accountId: string) {
  return db
    .selectFrom('scheduled_post')
    .select(['id', 'state', 'text', 'publish_at'])
    .where('house_id', '=', houseId)
    .where('account_id', '=', accountId)
    .where('state', 'in', ['scheduled', 'publishing'])
    .orderBy('publish_at')
    .orderBy('id')
    .execute();
}

/**
 * The graphs of the house's journeys that run or may run again. The graph is JSON text;
 * the caller parses it rather than matching the account id with LIKE, which would also
 * hit a post text that happens to quote it. A house has a handful of such journeys.
 */
export async function listRunningJourneys(db: Executor, houseId: string) {
  return db.selectFrom('journey').select(['id', 'name', 'status', 'graph']).where('house_id', '=', houseId).where('status', 'in', ['active', 'paused']).orderBy('id').execute();
}

/** Deletes the account and all its posts; the caller has made sure none is still to go out. */
export async function deleteAccount(db: Executor, houseId: string, id: string): Promise<boolean> {
  await db.deleteFrom('scheduled_post').where('house_id', '=', houseId).where('account_id', '=', id).execute();
  const result = await db.deleteFrom('channel_account').where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** PostgreSQL's answer when `lock_timeout` ran out. */
export function lockTimedOut(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '55P03';
}

export async function insertPost(db: Executor, row: Insertable<ScheduledPostTable>): Promise<void> {
  await db.insertInto('scheduled_post').values(row).execute();
}

export async function findPost(db: Executor, scope: Scope, id: string): Promise<PostRow | undefined> {
  let query = db.selectFrom('scheduled_post').select(postColumns).where('house_id', '=', scope.houseId).where('id', '=', id);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  return query.executeTakeFirst();
}

export async function listPosts(db: Executor, scope: Scope, filter: { state?: string | undefined }, page: Page): Promise<{ rows: PostRow[]; total: number }> {
  let query = db.selectFrom('scheduled_post').where('house_id', '=', scope.houseId);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  const rows = await query.select(postColumns).orderBy('publish_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

/** Cancels only a post no worker has started on; false when its state had moved on. */
export async function cancelPost(db: Executor, scope: Scope, id: string, now: string): Promise<boolean> {
  let query = db
    .updateTable('scheduled_post')
    .set({ state: 'cancelled', next_attempt_at: null, updated_at: now })
    .where('house_id', '=', scope.houseId)
    .where('id', '=', id)
    .where('state', '=', 'scheduled');
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The job's claim: a scheduled post (or one a crashed attempt left 'publishing') becomes
 * 'publishing' with one more attempt. A cancelled or finished post is not claimed, so a
 * cancel that commits first always wins.
 */
export async function claimPost(db: Executor, houseId: string, id: string, now: string): Promise<PostRow | undefined> {
  const result = await db
    .updateTable('scheduled_post')
    .set((eb) => ({ state: 'publishing', attempts: eb('attempts', '+', 1), next_attempt_at: null, updated_at: now }))
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .where('state', 'in', ['scheduled', 'publishing'])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom('scheduled_post').select(postColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

export async function recordOutcome(
  db: Executor,
  houseId: string,
  id: string,
  outcome: { state: 'published' | 'failed' | 'scheduled'; remoteId?: string; remoteUrl?: string; error?: string; nextAttemptAt?: string },
  now: string,
): Promise<void> {
  await db
    .updateTable('scheduled_post')
    .set({
      state: outcome.state,
      ...(outcome.remoteId === undefined ? {} : { remote_id: outcome.remoteId, remote_url: outcome.remoteUrl ?? null }),
      last_error: outcome.error ?? null,
      next_attempt_at: outcome.nextAttemptAt ?? null,
      updated_at: now,
    })
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .where('state', '=', 'publishing')
    .execute();
}
