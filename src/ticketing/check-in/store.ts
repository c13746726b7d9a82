import type { Insertable } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { TicketScanTable } from '../tables.ts';

/*
 * Check-in's queries. Every query filters by house; a code of another house is simply
 * not found. The check-in itself is one conditional UPDATE, so two doors scanning the
 * same ticket at the same moment cannot both let it in.
 */

export interface ScannedRow {
  id: string;
  order_id: string;
  performance_id: string;
  code: string;
  state: string;
  checked_in_at: string | null;
  order_state: string;
}

const scannedColumns = ['ticket.id', 'ticket.order_id', 'ticket.performance_id', 'ticket.code', 'ticket.state', 'ticket.checked_in_at', 'ticket_order.state as order_state'] as const;

export async function ticketByCode(db: Executor, houseId: string, code: string): Promise<ScannedRow | undefined> {
  return db
    .selectFrom('ticket')
    .innerJoin('ticket_order', 'ticket_order.id', 'ticket.order_id')
    .select(scannedColumns)
    .where('ticket.house_id', '=', houseId)
    .where('ticket.code', '=', code)
    .executeTakeFirst();
}

/** The tickets behind many codes at once (an offline batch), in chunks the engines' parameter limits allow. */
export async function ticketsByCodes(db: Executor, houseId: string, codes: readonly string[]): Promise<ScannedRow[]> {
  const rows: ScannedRow[] = [];
  for (let start = 0; start < codes.length; start += 500) {
    const chunk = codes.slice(start, start + 500);
    rows.push(
      ...(await db
        .selectFrom('ticket')
        .innerJoin('ticket_order', 'ticket_order.id', 'ticket.order_id')
        .select(scannedColumns)
        .where('ticket.house_id', '=', houseId)
        .where('ticket.code', 'in', chunk)
        .execute()),
    );
  }
  return rows;
}

/**
 * Lets the ticket in, if nobody did before: the WHERE decides, under the row's lock, so
 * of two doors racing exactly one changes the row. True when this call let it in.
 */
export async function markCheckedIn(db: Executor, ticketId: string, at: string, by: string): Promise<boolean> {
  const result = await db
    .updateTable('ticket')
    .set({ checked_in_at: at, checked_in_by: by, updated_at: at })
    .where('id', '=', ticketId)
    .where('state', '=', 'valid')
    .where('checked_in_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The check-in time the winner of a race wrote. */
export async function checkedInAtOf(db: Executor, ticketId: string): Promise<string | null> {
  const row = await db.selectFrom('ticket').select('checked_in_at').where('id', '=', ticketId).executeTakeFirst();
  return row?.checked_in_at ?? null;
}

export async function insertScans(db: Executor, rows: readonly Insertable<TicketScanTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 200) {
    await db.insertInto('ticket_scan').values(rows.slice(start, start + 200)).execute();
  }
}

/** Offline scans a device already sent for a performance: a batch sent again is recognised by these. */
export async function offlineScansOf(db: Executor, houseId: string, performanceId: string, device: string) {
  return db
    .selectFrom('ticket_scan')
    .select(['code', 'scanned_at', 'result'])
    .where('house_id', '=', houseId)
    .where('performance_id', '=', performanceId)
    .where('device', '=', device)
    .where('offline', '=', 1)
    .execute();
}

/** Every ticket of a performance with what the door needs of its order, for the offline list. */
export async function doorList(db: Executor, houseId: string, performanceId: string) {
  return db
    .selectFrom('ticket')
    .innerJoin('ticket_order', 'ticket_order.id', 'ticket.order_id')
    .select(['ticket.code', 'ticket.state', 'ticket.checked_in_at', 'ticket.price_category_id', 'ticket.tariff', 'ticket_order.number', 'ticket_order.buyer_name', 'ticket_order.state as order_state'])
    .where('ticket.house_id', '=', houseId)
    .where('ticket.performance_id', '=', performanceId)
    .orderBy('ticket_order.number')
    .orderBy('ticket.code')
    .execute();
}
