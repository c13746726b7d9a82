import type { Insertable } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { WaitingListEntryTable } from '../tables.ts';
import { activeStates, type EntryState } from './model.ts';

/*
 * The waiting list's queries. Every query a request can reach filters by house; the
 * public links (leave, offer page) find an entry by its id alone and then prove the
 * secret, as the order page does. The queue's order is arrival (created_at), with the
 * UUIDv7 id breaking ties between entries of the same millisecond.
 */

export type EntryRow = Pick<
  WaitingListEntryTable,
  | 'id'
  | 'house_id'
  | 'performance_id'
  | 'price_category_id'
  | 'tariff'
  | 'quantity'
  | 'name'
  | 'email'
  | 'language'
  | 'state'
  | 'hold_id'
  | 'offer_expires_at'
  | 'token_hash'
  | 'created_at'
  | 'updated_at'
>;

const columns = [
  'id',
  'house_id',
  'performance_id',
  'price_category_id',
  'tariff',
  'quantity',
  'name',
  'email',
  'language',
  'state',
  'hold_id',
  'offer_expires_at',
  'token_hash',
  'created_at',
  'updated_at',
] as const;

export async function insertEntry(db: Executor, row: Insertable<WaitingListEntryTable>): Promise<void> {
  await db.insertInto('waiting_list_entry').values(row).execute();
}

export async function findEntry(db: Executor, houseId: string, id: string): Promise<EntryRow | undefined> {
  return db.selectFrom('waiting_list_entry').select(columns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

/** For the public links only: the caller proves the secret before showing anything. */
export async function findEntryById(db: Executor, id: string): Promise<EntryRow | undefined> {
  return db.selectFrom('waiting_list_entry').select(columns).where('id', '=', id).executeTakeFirst();
}

/** The entry this address already has in the queue for these seats (addresses are stored lower-cased). */
export async function findQueuedEntry(db: Executor, houseId: string, performanceId: string, priceCategoryId: string, email: string): Promise<EntryRow | undefined> {
  return db
    .selectFrom('waiting_list_entry')
    .select(columns)
    .where('house_id', '=', houseId)
    .where('performance_id', '=', performanceId)
    .where('price_category_id', '=', priceCategoryId)
    .where('email', '=', email)
    .where('state', 'in', activeStates)
    .executeTakeFirst();
}

/** The performance's queue: waiting and offered entries, first come first. */
export async function queueOf(db: Executor, houseId: string, performanceId: string): Promise<EntryRow[]> {
  return db
    .selectFrom('waiting_list_entry')
    .select(columns)
    .where('house_id', '=', houseId)
    .where('performance_id', '=', performanceId)
    .where('state', 'in', activeStates)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Every entry of the performance, the queue's order, for staff who want the history too. */
export async function entriesOf(db: Executor, houseId: string, performanceId: string): Promise<EntryRow[]> {
  return db.selectFrom('waiting_list_entry').select(columns).where('house_id', '=', houseId).where('performance_id', '=', performanceId).orderBy('created_at').orderBy('id').execute();
}

/** The first entry still waiting for an offer. */
export async function firstWaiting(db: Executor, houseId: string, performanceId: string): Promise<EntryRow | undefined> {
  return db
    .selectFrom('waiting_list_entry')
    .select(columns)
    .where('house_id', '=', houseId)
    .where('performance_id', '=', performanceId)
    .where('state', '=', 'waiting')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The claim that makes an offer: only an entry still waiting becomes offered, so of two
 * workers racing for the same entry exactly one wins (the other's UPDATE finds no row).
 */
export async function claimOffer(db: Executor, id: string, offer: { holdId: string; expiresAt: string; at: string }): Promise<boolean> {
  const result = await db
    .updateTable('waiting_list_entry')
    .set({ state: 'offered', hold_id: offer.holdId, offer_expires_at: offer.expiresAt, updated_at: offer.at })
    .where('id', '=', id)
    .where('state', '=', 'waiting')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves an entry on only from the states named: a concurrent change in between wins, this one does nothing. */
export async function changeState(db: Executor, id: string, from: readonly EntryState[], to: EntryState, at: string): Promise<boolean> {
  const result = await db.updateTable('waiting_list_entry').set({ state: to, updated_at: at }).where('id', '=', id).where('state', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Offers of the performance whose time ran out, with the state of their hold (converted: it was booked). */
export async function runOutOffers(db: Executor, houseId: string, performanceId: string, now: string) {
  return db
    .selectFrom('waiting_list_entry')
    .leftJoin('ticket_hold', 'ticket_hold.id', 'waiting_list_entry.hold_id')
    .select(['waiting_list_entry.id', 'ticket_hold.state as hold_state'])
    .where('waiting_list_entry.house_id', '=', houseId)
    .where('waiting_list_entry.performance_id', '=', performanceId)
    .where('waiting_list_entry.state', '=', 'offered')
    .where('waiting_list_entry.offer_expires_at', '<=', now)
    .execute();
}

/**
 * What the minute job looks at, across houses: performances with someone waiting, or
 * with an offer that ran out. Uses the index on (house_id, state).
 */
export async function performancesToServe(db: Executor, now: string): Promise<{ house_id: string; performance_id: string }[]> {
  return db
    .selectFrom('waiting_list_entry')
    .select(['house_id', 'performance_id'])
    .where((eb) => eb.or([eb('state', '=', 'waiting'), eb.and([eb('state', '=', 'offered'), eb('offer_expires_at', '<=', now)])]))
    .groupBy(['house_id', 'performance_id'])
    .execute();
}

/** Every performance with entries, for housekeeping. */
export async function performancesWithEntries(db: Executor): Promise<{ house_id: string; performance_id: string }[]> {
  return db.selectFrom('waiting_list_entry').select(['house_id', 'performance_id']).groupBy(['house_id', 'performance_id']).execute();
}

export async function deleteEntriesOf(db: Executor, houseId: string, performanceId: string): Promise<number> {
  const result = await db.deleteFrom('waiting_list_entry').where('house_id', '=', houseId).where('performance_id', '=', performanceId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The order an offer's hold became, for the page shown when the offer link is opened again. */
export async function orderOfHold(db: Executor, houseId: string, holdId: string): Promise<{ id: string; number: string } | undefined> {
  return db.selectFrom('ticket_order').select(['id', 'number']).where('house_id', '=', houseId).where('hold_id', '=', holdId).executeTakeFirst();
}
