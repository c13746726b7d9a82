import type { Database } from '../core/db/database.ts';
import { chunks } from '../core/db/batch.ts';

/*
 * What campaigns ask of the box office to attribute bookings to a mail: the orders that
 * given people placed in a time window. Only the order's person, time and total: no
 * seats, no buyer details. Cancelled and refunded orders are no bookings.
 */

export interface PlacedOrder {
  id: string;
  contactId: string;
  placedAt: string;
  totalMinor: number;
  currency: string;
}

export function createOrderAttribution({ database }: { database: Database }) {
  const { db } = database;

  async function ordersPlacedBy(houseId: string, contactIds: readonly string[], window: { from: string; until: string }): Promise<PlacedOrder[]> {
    const orders: PlacedOrder[] = [];
    for (const chunk of chunks([...new Set(contactIds)], 1000)) {
      const rows = await db
        .selectFrom('ticket_order')
        .select(['id', 'contact_id', 'placed_at', 'total_minor', 'currency'])
        .where('house_id', '=', houseId)
        .where('contact_id', 'in', chunk)
        .where('placed_at', '>=', window.from)
        .where('placed_at', '<=', window.until)
        .where('state', 'not in', ['cancelled', 'refunded'])
        .execute();
      for (const row of rows) {
        if (row.contact_id !== null) orders.push({ id: row.id, contactId: row.contact_id, placedAt: row.placed_at, totalMinor: Number(row.total_minor), currency: row.currency });
      }
    }
    return orders;
  }

  return { ordersPlacedBy };
}

export type OrderAttribution = ReturnType<typeof createOrderAttribution>;
