import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { ClearableColumn } from './model.ts';
import { sameHouse } from './store.ts';

/*
 * The retention job's and erasure's queries: the scans that find contacts with
 * something to do, and set-based writes over a batch of contacts of one house (one
 * statement per batch and kind of change, never one per contact).
 */

export interface ContactRef {
  house_id: string;
  contact_id: string;
}

/**
 * Contacts with a consent whose end is not dealt with yet, in three scans that each run
 * on an index holding little more than the rows they want:
 * - ended (revoked, expired) and not yet handled: consent_retention_ended;
 * - granted but past the expiry, not yet handled: consent_retention_expiry, by expiry;
 * - an unconfirmed double opt-in older than the limit: consent_pending.
 *   Its retention_done_at does not matter: re-requesting an ended consent keeps it set.
 * All three are partial indexes (migration i); their conditions are repeated literally,
 * which SQLite needs to use them.
 * Handled rows leave these sets in the batch's transaction, so the next call returns the
 * next contacts: retention_done_at is the job's checkpoint.
 */
export async function dueContacts(db: Executor, now: string, unconfirmedBefore: string, limit: number): Promise<ContactRef[]> {
  const ended = await db
    .selectFrom('consent')
    .select(['house_id', 'contact_id'])
    .where(sql<SqlBool>`retention_done_at is null and status in ('revoked', 'expired')`)
    .limit(limit)
    .execute();
  const expired = await db
    .selectFrom('consent')
    .select(['house_id', 'contact_id'])
    .where(sql<SqlBool>`retention_done_at is null and status = 'granted'`)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  const unconfirmed = await db
    .selectFrom('consent')
    .select(['house_id', 'contact_id'])
    .where(sql<SqlBool>`status = 'pending'`)
    .where('requested_at', '<=', unconfirmedBefore)
    .limit(limit)
    .execute();
  return [...ended, ...expired, ...unconfirmed];
}

/**
 * One chunk of the sweep for contacts without any consent row that are older than the
 * grace period. Walks contacts by id so that each query reads a fixed number of rows;
 * returns the chunk's last id as the cursor and the contacts found in it. The existence
 * test reads only the (contact_id, purpose) index; a contact whose rows all ended was
 * erased when the job handled the last of those ends, so rows alone are enough to ask
 * (measured: half the time of also reading each row's status).
 */
export async function sweepChunk(db: Executor, after: string, createdBefore: string, limit: number): Promise<{ last: string | null; found: ContactRef[] }> {
  const rows = await db
    .selectFrom('contact')
    .select((eb) => [
      'contact.id',
      'contact.house_id',
      eb
        .and([
          eb('contact.created_at', '<=', createdBefore),
          eb.not(eb.exists(eb.selectFrom('consent').select(sql.lit(1).as('one')).whereRef('consent.contact_id', '=', 'contact.id'))),
        ])
        .as('unheld'),
    ])
    .where('contact.id', '>', after)
    .orderBy('contact.id')
    .limit(limit)
    .execute();
  const found = rows.filter((row) => Boolean(row.unheld)).map((row) => ({ house_id: row.house_id, contact_id: row.id }));
  return { last: rows.length < limit ? null : (rows.at(-1)?.id ?? null), found };
}

/**
 * The batch's contacts that still exist, in id order. With `lock` (PostgreSQL) they stay
 * locked to the end of the transaction, taken in sorted order so two runs cannot deadlock.
 */
export async function lockContacts(db: Executor, houseId: string, ids: readonly string[], lock: boolean) {
  if (lock) await sql`set local lock_timeout = '10s'`.execute(db);
  return db
    .selectFrom('contact')
    .select(['id', 'created_at'])
    .where(sameHouse(houseId))
    .where('id', 'in', ids)
    .orderBy('id')
    .$if(lock, (qb) => qb.forUpdate())
    .execute();
}

export async function consentsOfContacts(db: Executor, houseId: string, ids: readonly string[], lock: boolean) {
  return db
    .selectFrom('consent')
    .select(['id', 'contact_id', 'purpose', 'status', 'expires_at', 'requested_at', 'retention_done_at'])
    .where(sameHouse(houseId))
    .where('contact_id', 'in', ids)
    .orderBy('id')
    .$if(lock, (qb) => qb.forUpdate())
    .execute();
}

/** Per contact and kind: how many interactions, how many with details. For the audit entries' counts. */
export async function interactionCounts(db: Executor, houseId: string, ids: readonly string[]) {
  const rows = await db
    .selectFrom('interaction')
    .select((eb) => ['contact_id', 'kind', eb.fn.countAll<number>().as('n'), eb.fn.count<number>('details').as('details')])
    .where(sameHouse(houseId))
    .where('contact_id', 'in', ids)
    .groupBy(['contact_id', 'kind'])
    .execute();
  return rows.map((row) => ({ contactId: row.contact_id as string, kind: row.kind, n: Number(row.n), details: Number(row.details) }));
}

/** Per contact: unit and segment memberships and consent rows, for the erasure's counts. */
export async function holdingCounts(db: Executor, houseId: string, ids: readonly string[]) {
  const units = await db
    .selectFrom('contact_unit')
    .select((eb) => ['contact_id', eb.fn.countAll<number>().as('n')])
    .where(sameHouse(houseId))
    .where('contact_id', 'in', ids)
    .groupBy('contact_id')
    .execute();
  const segments = await db
    .selectFrom('segment_member')
    .select((eb) => ['contact_id', eb.fn.countAll<number>().as('n')])
    .where(sameHouse(houseId))
    .where('contact_id', 'in', ids)
    .groupBy('contact_id')
    .execute();
  const consents = await db
    .selectFrom('consent')
    .select((eb) => ['contact_id', eb.fn.countAll<number>().as('n')])
    .where(sameHouse(houseId))
    .where('contact_id', 'in', ids)
    .groupBy('contact_id')
    .execute();
  return {
    units: new Map(units.map((row) => [row.contact_id, Number(row.n)])),
    segments: new Map(segments.map((row) => [row.contact_id, Number(row.n)])),
    consents: new Map(consents.map((row) => [row.contact_id, Number(row.n)])),
  };
}

// ---------- consents ----------

/** Granted consents past their expiry: stored as what they are, and handled, in one write per row. */
export async function expireConsents(db: Executor, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('consent').set({ status: 'expired', retention_done_at: at, updated_at: at }).where('id', 'in', ids).execute();
}

export async function deleteConsents(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('consent').where('id', 'in', ids).execute();
}

export async function setRetentionDone(db: Executor, ids: readonly string[], at: string | null): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('consent').set({ retention_done_at: at }).where('id', 'in', ids).execute();
}

// ---------- contacts and interactions ----------

export async function clearContactColumns(db: Executor, houseId: string, ids: readonly string[], columns: readonly ClearableColumn[], at: string): Promise<void> {
  if (ids.length === 0 || columns.length === 0) return;
  const changes: Record<string, string | null> = { updated_at: at };
  for (const column of columns) changes[column] = column === 'interests' ? '[]' : null;
  await db.updateTable('contact').set(changes).where(sameHouse(houseId)).where('id', 'in', ids).execute();
}

export async function deleteInteractions(db: Executor, houseId: string, ids: readonly string[], kinds: readonly string[]): Promise<void> {
  if (ids.length === 0 || kinds.length === 0) return;
  await db.deleteFrom('interaction').where(sameHouse(houseId)).where('contact_id', 'in', ids).where('kind', 'in', kinds).execute();
}

/**
 * Detaches the kept interactions (bookings, § 147 AO) from their people: contact_id
 * null, the person's pseudonym, no behavioural details. One statement for the batch.
 */
export async function pseudonymiseInteractions(db: Executor, houseId: string, pseudonyms: ReadonlyMap<string, string>, kinds: readonly string[]): Promise<void> {
  if (pseudonyms.size === 0 || kinds.length === 0) return;
  const cases = [...pseudonyms].map(([contactId, pseudonym]) => sql`when ${contactId} then ${pseudonym}`);
  await db
    .updateTable('interaction')
    .set({ pseudonym: sql<string>`case contact_id ${sql.join(cases, sql` `)} end`, contact_id: null, details: null })
    .where(sameHouse(houseId))
    .where('contact_id', 'in', [...pseudonyms.keys()])
    .where('kind', 'in', kinds)
    .execute();
}

export async function deleteRecommendationExposures(db: Executor, houseId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('recommendation_exposure').where('house_id', '=', houseId).where('contact_id', 'in', ids).execute();
}

export async function clearInteractionDetails(db: Executor, houseId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('interaction').set({ details: null }).where(sameHouse(houseId)).where('contact_id', 'in', ids).where('details', 'is not', null).execute();
}

/**
 * Deletes the contacts. The foreign keys cascade to contact_unit, interaction (what was
 * not detached before), consent and segment_member, and set privacy_request.contact_id
 * null (migration f), so no table can keep a row that still points at the person.
 */
export async function deleteContacts(db: Executor, houseId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('contact').where(sameHouse(houseId)).where('id', 'in', ids).execute();
}
