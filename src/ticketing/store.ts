import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { DatabaseEngine } from '../config.ts';
import { chunks } from '../core/db/batch.ts';
import type { Executor } from '../core/db/database.ts';
import type { TicketOrderTable, TicketQuotaTable, TicketTable } from './tables.ts';

/*
 * Ticketing's queries. Every query a request can reach filters by house. The seat
 * queries (quotas, claims, counters) run inside the one write transaction of a booking.
 */

// ---------- quotas ----------

export interface QuotaRow {
  id: string;
  performance_id: string;
  key: string;
  size: number;
  sold: number;
  pending: number;
  size_fixed: number;
}

const quotaColumns = ['id', 'performance_id', 'key', 'size', 'sold', 'pending', 'size_fixed'] as const;

export async function quotasOf(db: Executor, houseId: string, performanceIds: readonly string[]): Promise<QuotaRow[]> {
  return db
    .selectFrom('ticket_quota')
    .select(quotaColumns)
    .where('house_id', '=', houseId)
    .where('performance_id', 'in', performanceIds)
    .orderBy('id')
    .execute();
}

/**
 * PostgreSQL: the quota rows locked in id order, so that two bookings touching the same
 * quotas queue instead of deadlocking. SQLite's IMMEDIATE transaction already holds the
 * only write lock. Returns the rows as they are under the lock.
 */
export async function lockQuotas(db: Executor, engine: DatabaseEngine, houseId: string, performanceIds: readonly string[]): Promise<QuotaRow[]> {
  if (engine !== 'postgres') return quotasOf(db, houseId, performanceIds);
  return db
    .selectFrom('ticket_quota')
    .select(quotaColumns)
    .where('house_id', '=', houseId)
    .where('performance_id', 'in', performanceIds)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function insertQuotas(db: Executor, rows: Insertable<TicketQuotaTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('ticket_quota')
    .values(rows)
    .onConflict((oc) => oc.columns(['performance_id', 'key']).doNothing())
    .execute();
}

export async function setQuotaSize(db: Executor, id: string, size: number, fixed: boolean, at: string): Promise<void> {
  await db.updateTable('ticket_quota').set({ size, size_fixed: fixed ? 1 : 0, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteQuota(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('ticket_quota').where('id', '=', id).execute();
}

/** Seats in holds that have not expired, per quota: read from the index alone. */
export async function heldByQuota(db: Executor, quotaIds: readonly string[], now: string): Promise<Map<string, number>> {
  if (quotaIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('hold_claim')
    .select(['quota_id', (eb) => eb.fn.sum<number>('quantity').as('held')])
    .where('quota_id', 'in', quotaIds)
    .where('expires_at', '>', now)
    .groupBy('quota_id')
    .execute();
  return new Map(rows.map((row) => [row.quota_id, Number(row.held)]));
}

/** Adds to the counters of one quota; negative numbers give seats back. */
export async function countInQuota(db: Executor, quotaId: string, delta: { sold: number; pending: number }, at: string): Promise<void> {
  if (delta.sold === 0 && delta.pending === 0) return;
  await db
    .updateTable('ticket_quota')
    .set((eb) => ({ sold: eb('sold', '+', delta.sold), pending: eb('pending', '+', delta.pending), updated_at: at }))
    .where('id', '=', quotaId)
    .execute();
}

// ---------- holds ----------

export interface HoldRow {
  id: string;
  house_id: string;
  token_hash: string;
  state: string;
  source: string;
  total_minor: number;
  currency: string;
  expires_at: string;
}

export interface HoldLineRow {
  id: string;
  performance_id: string;
  price_category_id: string;
  tariff: string | null;
  quantity: number;
  unit_price_minor: number;
  currency: string;
  quota_ids: string;
}

export async function findHold(db: Executor, houseId: string, id: string): Promise<HoldRow | undefined> {
  return db
    .selectFrom('ticket_hold')
    .select(['id', 'house_id', 'token_hash', 'state', 'source', 'total_minor', 'currency', 'expires_at'])
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function holdLines(db: Executor, houseId: string, holdId: string): Promise<HoldLineRow[]> {
  return db
    .selectFrom('hold_line')
    .select(['id', 'performance_id', 'price_category_id', 'tariff', 'quantity', 'unit_price_minor', 'currency', 'quota_ids'])
    .where('house_id', '=', houseId)
    .where('hold_id', '=', holdId)
    .orderBy('id')
    .execute();
}

/**
 * Ends a hold: its claims stop counting at once. A release only ends an active hold: one
 * booked meanwhile stays booked (its claims were the order's seats and are gone anyway).
 */
export async function endHold(db: Executor, holdId: string, state: 'converted' | 'released', at: string): Promise<void> {
  await db.deleteFrom('hold_claim').where('hold_id', '=', holdId).execute();
  let update = db.updateTable('ticket_hold').set({ state, updated_at: at }).where('id', '=', holdId);
  if (state === 'released') update = update.where('state', '=', 'active');
  await update.execute();
}

// ---------- orders and tickets ----------

export type OrderRow = Pick<
  TicketOrderTable,
  | 'id'
  | 'house_id'
  | 'number'
  | 'state'
  | 'payment_method'
  | 'payment_ref'
  | 'total_minor'
  | 'currency'
  | 'buyer_name'
  | 'buyer_email'
  | 'buyer_language'
  | 'contact_id'
  | 'consents'
  | 'source'
  | 'access_token_hash'
  | 'placed_at'
  | 'paid_at'
  | 'cancelled_at'
>;

const orderColumns = [
  'ticket_order.id',
  'ticket_order.house_id',
  'ticket_order.number',
  'ticket_order.state',
  'ticket_order.payment_method',
  'ticket_order.payment_ref',
  'ticket_order.total_minor',
  'ticket_order.currency',
  'ticket_order.buyer_name',
  'ticket_order.buyer_email',
  'ticket_order.buyer_language',
  'ticket_order.contact_id',
  'ticket_order.consents',
  'ticket_order.source',
  'ticket_order.access_token_hash',
  'ticket_order.placed_at',
  'ticket_order.paid_at',
  'ticket_order.cancelled_at',
] as const;

/** Many orders in few statements: the booking desk writes a whole batch at once. */
export async function insertOrders(db: Executor, rows: Insertable<TicketOrderTable>[]): Promise<void> {
  for (const chunk of chunks(rows, 500)) await db.insertInto('ticket_order').values(chunk).execute();
}

export async function insertTickets(db: Executor, rows: Insertable<TicketTable>[]): Promise<void> {
  // 16 columns: 1,000 rows stay below SQLite's 32,766 bound values.
  for (const chunk of chunks(rows, 1000)) await db.insertInto('ticket').values(chunk).execute();
}

export async function findOrder(db: Executor, houseId: string, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('ticket_order').select(orderColumns).where('ticket_order.house_id', '=', houseId).where('ticket_order.id', '=', id).executeTakeFirst();
}

/**
 * The order row, locked on PostgreSQL for the rest of the transaction: two changes of one
 * order (a cancellation from the desk, a payment from a provider) queue here, and the
 * second sees the first's result. Orders are locked before quotas, never after.
 */
export async function lockOrder(db: Executor, engine: DatabaseEngine, houseId: string, id: string): Promise<OrderRow | undefined> {
  const query = db.selectFrom('ticket_order').select(orderColumns).where('ticket_order.house_id', '=', houseId).where('ticket_order.id', '=', id);
  return (engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function findOrderById(db: Executor, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('ticket_order').select(orderColumns).where('ticket_order.id', '=', id).executeTakeFirst();
}

export interface TicketRow {
  id: string;
  order_id: string;
  performance_id: string;
  price_category_id: string;
  tariff: string | null;
  price_minor: number;
  currency: string;
  code: string;
  state: string;
  quota_ids: string;
  checked_in_at: string | null;
}

const ticketColumns = [
  'ticket.id',
  'ticket.order_id',
  'ticket.performance_id',
  'ticket.price_category_id',
  'ticket.tariff',
  'ticket.price_minor',
  'ticket.currency',
  'ticket.code',
  'ticket.state',
  'ticket.quota_ids',
  'ticket.checked_in_at',
] as const;

export async function ticketsOfOrders(db: Executor, houseId: string, orderIds: readonly string[]): Promise<TicketRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('ticket')
    .select(ticketColumns)
    .where('ticket.house_id', '=', houseId)
    .where('ticket.order_id', 'in', orderIds)
    .orderBy('ticket.performance_id')
    .orderBy('ticket.id')
    .execute();
}

export async function setTicketsState(db: Executor, ids: readonly string[], state: 'cancelled', at: string, exchangedTo: string | null = null): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('ticket').set({ state, exchanged_to: exchangedTo, updated_at: at }).where('id', 'in', ids).execute();
}

export async function updateOrder(db: Executor, id: string, changes: Partial<Pick<TicketOrderTable, 'state' | 'total_minor' | 'paid_at' | 'cancelled_at' | 'payment_method' | 'payment_ref' | 'contact_id' | 'buyer_name' | 'buyer_email' | 'search_text' | 'updated_at'>>): Promise<void> {
  await db.updateTable('ticket_order').set(changes).where('id', '=', id).execute();
}

export interface OrderFilter {
  houseId: string;
  /** Unit staff: only orders with a ticket for a production of this unit. */
  unitId: string | null;
  q?: string | undefined;
  codeLike?: string | undefined;
  performanceId?: string | undefined;
  state?: string | undefined;
}

function filteredOrders(db: Executor, filter: OrderFilter) {
  let query = db.selectFrom('ticket_order').where('ticket_order.house_id', '=', filter.houseId);
  if (filter.state !== undefined) query = query.where('ticket_order.state', '=', filter.state);
  if (filter.performanceId !== undefined) {
    const performanceId = filter.performanceId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('ticket').select('ticket.id').whereRef('ticket.order_id', '=', 'ticket_order.id').where('ticket.performance_id', '=', performanceId)),
    );
  }
  if (filter.unitId !== null) {
    const unitId = filter.unitId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('ticket')
          .innerJoin('performance', 'performance.id', 'ticket.performance_id')
          .innerJoin('production', 'production.id', 'performance.production_id')
          .select('ticket.id')
          .whereRef('ticket.order_id', '=', 'ticket_order.id')
          .where('production.unit_id', '=', unitId),
      ),
    );
  }
  if (filter.q !== undefined && filter.q !== '') {
    const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const code = filter.codeLike;
    query = query.where((eb) =>
      eb.or([
        eb('ticket_order.search_text', 'like', sql<string>`${like} escape '\\'`),
        ...(code === undefined || code.length < 6
          ? []
          : [eb.exists(eb.selectFrom('ticket').select('ticket.id').whereRef('ticket.order_id', '=', 'ticket_order.id').where('ticket.code', '=', code))]),
      ]),
    );
  }
  return query;
}

export async function listOrders(db: Executor, filter: OrderFilter, page: { limit: number; offset: number }): Promise<{ rows: (OrderRow & { ticket_count: number })[]; total: number }> {
  const rows = await filteredOrders(db, filter)
    .select(orderColumns)
    .select((eb) =>
      eb
        .selectFrom('ticket')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('ticket.order_id', '=', 'ticket_order.id')
        .where('ticket.state', '=', 'valid')
        .as('ticket_count'),
    )
    .orderBy('ticket_order.placed_at', 'desc')
    .orderBy('ticket_order.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const counted = await filteredOrders(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows: rows.map((row) => ({ ...row, ticket_count: Number(row.ticket_count ?? 0) })), total: Number(counted.total) };
}

/** Houses that hold reservations to pay at the box office: the release job walks these. */
export async function housesWithReservations(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('ticket_order').select('house_id').distinct().where('state', '=', 'pending').where('payment_method', '=', 'box_office').execute();
  return rows.map((row) => row.house_id);
}

/** A house's reservations to pay at the box office with a valid ticket for a performance starting in (from, until]. */
export async function reservationsStartingBetween(db: Executor, houseId: string, from: string, until: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('ticket_order')
    .innerJoin('ticket', 'ticket.order_id', 'ticket_order.id')
    .innerJoin('performance', 'performance.id', 'ticket.performance_id')
    .select('ticket_order.id')
    .distinct()
    .where('ticket_order.house_id', '=', houseId)
    .where('ticket_order.state', '=', 'pending')
    .where('ticket_order.payment_method', '=', 'box_office')
    .where('ticket.state', '=', 'valid')
    .where('performance.starts_at', '>', from)
    .where('performance.starts_at', '<=', until)
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

// ---------- settings ----------

export async function settingsOf(db: Executor, houseId: string) {
  return db.selectFrom('ticketing_settings').select(['hold_minutes', 'offer_minutes', 'release_minutes', 'payment_methods']).where('house_id', '=', houseId).executeTakeFirst();
}

export async function saveSettings(
  db: Executor,
  houseId: string,
  values: { hold_minutes: number; offer_minutes: number; release_minutes: number; payment_methods: string },
  at: string,
): Promise<void> {
  await db
    .insertInto('ticketing_settings')
    .values({ house_id: houseId, ...values, updated_at: at })
    .onConflict((oc) => oc.column('house_id').doUpdateSet({ ...values, updated_at: at }))
    .execute();
}

// ---------- for campaigns ----------

/**
 * Who holds a valid ticket (paid or reserved) for a performance starting in [from, until),
 * as one row per performance and contact: journeys that remind people before a
 * performance or thank them after it. Orders not yet linked to a contact are left out.
 */
/** The performances among `performanceIds` the contact still holds a valid ticket for. */
export async function performancesHeldBy(db: Executor, houseId: string, contactId: string, performanceIds: readonly string[]): Promise<Set<string>> {
  if (performanceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('ticket')
    .innerJoin('ticket_order', 'ticket_order.id', 'ticket.order_id')
    .select('ticket.performance_id')
    .distinct()
    .where('ticket.house_id', '=', houseId)
    .where('ticket_order.contact_id', '=', contactId)
    .where('ticket.performance_id', 'in', performanceIds)
    .where('ticket.state', '=', 'valid')
    .where('ticket_order.state', 'in', ['paid', 'pending'])
    .execute();
  return new Set(rows.map((row) => row.performance_id));
}

export async function ticketHoldersStarting(db: Executor, houseId: string, window: { from: string; until: string; productionId?: string | undefined }) {
  let query = db
    .selectFrom('ticket')
    .innerJoin('ticket_order', 'ticket_order.id', 'ticket.order_id')
    .innerJoin('performance', 'performance.id', 'ticket.performance_id')
    .select(['performance.id as performance_id', 'performance.production_id', 'performance.starts_at', 'ticket_order.contact_id', (eb) => eb.fn.min('ticket_order.id').as('order_id')])
    .where('ticket.house_id', '=', houseId)
    .where('ticket.state', '=', 'valid')
    .where('ticket_order.state', 'in', ['paid', 'pending'])
    .where('ticket_order.contact_id', 'is not', null)
    .where('performance.status', '!=', 'cancelled')
    .where('performance.starts_at', '>=', window.from)
    .where('performance.starts_at', '<', window.until);
  if (window.productionId !== undefined) query = query.where('performance.production_id', '=', window.productionId);
  return query.groupBy(['performance.id', 'performance.production_id', 'performance.starts_at', 'ticket_order.contact_id']).orderBy('performance.id').orderBy('ticket_order.contact_id').execute();
}
