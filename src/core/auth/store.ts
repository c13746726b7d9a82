import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { StaffAccountTable, StaffSessionTable } from './tables.ts';

// Every query here that a request can reach filters by house.

export async function insertApiKey(
  db: Executor,
  row: {
    id: string;
    houseId: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: string;
    unitId: string | null;
    createdBy: string | null;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('api_key')
    .values({
      id: row.id,
      house_id: row.houseId,
      name: row.name,
      prefix: row.prefix,
      key_hash: row.keyHash,
      scopes: row.scopes,
      unit_id: row.unitId,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute();
}

/** Looks a key up by its hash; revoked keys are not found. */
export async function findActiveApiKeyByHash(db: Executor, keyHash: string) {
  return db
    .selectFrom('api_key')
    .select(['id', 'house_id', 'name', 'scopes', 'unit_id', 'last_used_at'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiKey(db: Executor, id: string, usedAt: string): Promise<void> {
  await db.updateTable('api_key').set({ last_used_at: usedAt }).where('id', '=', id).execute();
}

export async function listApiKeys(db: Executor, houseId: string, pageOf: { limit: number; offset: number }) {
  return db
    .selectFrom('api_key')
    .select(['id', 'name', 'prefix', 'scopes', 'unit_id', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .where('house_id', '=', houseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageOf.limit)
    .offset(pageOf.offset)
    .execute();
}

export async function countApiKeys(db: Executor, houseId: string): Promise<number> {
  const row = await db
    .selectFrom('api_key')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('house_id', '=', houseId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function revokeApiKey(db: Executor, houseId: string, id: string, revokedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('api_key')
    .set({ revoked_at: revokedAt })
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The keys an author ('staff:<id>') created that still work, for revoking those beyond the author's rights. */
export async function activeApiKeysCreatedBy(db: Executor, houseId: string, createdBy: string) {
  return db
    .selectFrom('api_key')
    .select(['id', 'scopes'])
    .where('house_id', '=', houseId)
    .where('created_by', '=', createdBy)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function revokeApiKeys(db: Executor, houseId: string, ids: readonly string[], revokedAt: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('api_key')
    .set({ revoked_at: revokedAt })
    .where('house_id', '=', houseId)
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findApiKey(db: Executor, houseId: string, id: string) {
  return db
    .selectFrom('api_key')
    .select(['id', 'name', 'prefix', 'scopes', 'unit_id', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

// ---------- staff accounts ----------

// password_hash is deliberately not among these: it is read only by the two queries
// that verify a password.
const staffColumns = ['id', 'house_id', 'email', 'name', 'role', 'unit_id', 'language', 'created_at', 'updated_at', 'disabled_at', 'last_login_at'] as const;

export type StaffRow = Pick<StaffAccountTable, (typeof staffColumns)[number]>;

export async function insertStaff(db: Executor, row: Insertable<StaffAccountTable>): Promise<void> {
  await db.insertInto('staff_account').values(row).execute();
}

/**
 * The login form asks no house: e-mail addresses are unique across the installation.
 * This is the one staff query without a house filter, and it is reached only by login.
 */
export async function findStaffForLogin(db: Executor, email: string) {
  return db
    .selectFrom('staff_account')
    .select([...staffColumns, 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/**
 * The role and state of an account as of now, inside a transaction that acts on its
 * behalf. With `lock` (PostgreSQL) the row stays locked until the transaction ends, so a
 * concurrent demotion waits for it, or is seen by it.
 */
export async function findStaffRights(db: Executor, houseId: string, id: string, lock: boolean) {
  if (lock) await sql`set local lock_timeout = '5s'`.execute(db);
  return db
    .selectFrom('staff_account')
    .select(['role', 'disabled_at'])
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export async function findStaffPasswordHash(db: Executor, houseId: string, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('staff_account')
    .select('password_hash')
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.password_hash;
}

export async function findStaff(db: Executor, houseId: string, id: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff_account').select(staffColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

export async function listStaff(db: Executor, houseId: string, pageOf: { limit: number; offset: number }): Promise<StaffRow[]> {
  return db
    .selectFrom('staff_account')
    .select(staffColumns)
    .where('house_id', '=', houseId)
    .orderBy('name')
    .orderBy('id')
    .limit(pageOf.limit)
    .offset(pageOf.offset)
    .execute();
}

export async function countStaff(db: Executor, houseId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_account')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('house_id', '=', houseId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The house's active owners. With `lock` (PostgreSQL) the rows stay locked until the
 * transaction ends, so two owners demoting each other at the same moment cannot both
 * pass the last-owner check: the second waits, then sees one owner fewer. SQLite runs
 * one write transaction at a time and needs no row lock.
 */
export async function activeOwnerIds(db: Executor, houseId: string, lock: boolean): Promise<string[]> {
  // A lock that cannot be had within 5 s becomes a 'busy, try again' (see lockTimedOut).
  if (lock) await sql`set local lock_timeout = '5s'`.execute(db);
  const rows = await db
    .selectFrom('staff_account')
    .select('id')
    .where('house_id', '=', houseId)
    .where('role', '=', 'owner')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .$if(lock, (qb) => qb.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}

export async function updateStaff(db: Executor, houseId: string, id: string, changes: Updateable<StaffAccountTable>): Promise<boolean> {
  const result = await db.updateTable('staff_account').set(changes).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Stores a rehashed password, but only over the hash that was verified: a reset that
 * committed meanwhile is not undone by the old password.
 */
export async function replacePasswordHash(db: Executor, change: { houseId: string; staffId: string; checked: string; fresh: string }): Promise<boolean> {
  const result = await db
    .updateTable('staff_account')
    .set({ password_hash: change.fresh })
    .where('house_id', '=', change.houseId)
    .where('id', '=', change.staffId)
    .where('password_hash', '=', change.checked)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Notes a login; false when the account was disabled or its password changed since it was checked. */
export async function recordLogin(db: Executor, login: { houseId: string; staffId: string; passwordHash: string; at: string }): Promise<boolean> {
  const result = await db
    .updateTable('staff_account')
    .set({ last_login_at: login.at })
    .where('house_id', '=', login.houseId)
    .where('id', '=', login.staffId)
    .where('password_hash', '=', login.passwordHash)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteStaff(db: Executor, houseId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('staff_account').where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** PostgreSQL's answer when `lock_timeout` ran out. */
export function lockTimedOut(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '55P03';
}

// ---------- sessions ----------

export async function insertSession(db: Executor, row: Insertable<StaffSessionTable>): Promise<void> {
  await db.insertInto('staff_session').values(row).execute();
}

/**
 * The session behind a cookie together with its account, in one query: this runs on
 * every request a logged-in person makes. Disabled accounts have no live sessions.
 */
export async function findSessionWithStaff(db: Executor, sessionId: string) {
  return db
    .selectFrom('staff_session as s')
    .innerJoin('staff_account as a', (join) => join.onRef('a.id', '=', 's.staff_id').onRef('a.house_id', '=', 's.house_id'))
    .select([
      's.id as session_id',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'a.id',
      'a.house_id',
      'a.email',
      'a.name',
      'a.role',
      'a.unit_id',
      'a.language',
    ])
    .where('s.id', '=', sessionId)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, sessionId: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('staff_session').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_session').where('id', '=', sessionId).execute();
}

/** Ends every session of an account (password reset, disabling), but the one named in `keep`. */
export async function deleteSessionsOfStaff(db: Executor, houseId: string, staffId: string, keep: string | null = null): Promise<void> {
  await db
    .deleteFrom('staff_session')
    .where('house_id', '=', houseId)
    .where('staff_id', '=', staffId)
    .$if(keep !== null, (qb) => qb.where('id', '!=', keep ?? ''))
    .execute();
}

/** Expired sessions are only dead weight; each login sweeps its account's. */
export async function deleteExpiredSessions(db: Executor, staffId: string, now: string): Promise<void> {
  await db.deleteFrom('staff_session').where('staff_id', '=', staffId).where('expires_at', '<=', now).execute();
}

// ---------- first-run setup ----------

/**
 * Setup creates the first house through the catalogue service in its own transaction,
 * so two concurrent setups cannot be serialised by one transaction. Instead each tries
 * to insert the single claim row: the primary key lets exactly one of them win, on
 * both engines and across processes. Returns false when another setup holds the claim.
 */
export async function claimSetup(db: Executor, claimedAt: string): Promise<boolean> {
  const result = await db
    .insertInto('setup_claim')
    .values({ id: 'setup', claimed_at: claimedAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findSetupClaim(db: Executor): Promise<string | undefined> {
  const row = await db.selectFrom('setup_claim').select('claimed_at').where('id', '=', 'setup').executeTakeFirst();
  return row?.claimed_at;
}

/** Releases the claim; with `claimedAt`, only if it is still that claim (taking over a stale one). */
export async function releaseSetup(db: Executor, claimedAt?: string): Promise<boolean> {
  const result = await db
    .deleteFrom('setup_claim')
    .where('id', '=', 'setup')
    .$if(claimedAt !== undefined, (qb) => qb.where('claimed_at', '=', claimedAt ?? ''))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
