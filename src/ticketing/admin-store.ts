import type { Executor } from '../core/db/database.ts';

/*
 * The queries behind the box office manager's view of a performance (admin.ts): tickets
 * by category and state, held seats, the sales curve, the waiting line; and the reduced
 * tickets sold before a limit for them was set.
 */

/** Valid reduced-tariff tickets of a performance, with their order's state: for a reduced quota set after sales began. */
export async function validReducedTickets(db: Executor, houseId: string, performanceId: string) {
  return db
    .selectFrom('ticket')
    .innerJoin('ticket_order', 'ticket_order.id', 'ticket.order_id')
    .select(['ticket.id', 'ticket.quota_ids', 'ticket_order.state as order_state'])
    .where('ticket.house_id', '=', houseId)
    .where('ticket.performance_id', '=', performanceId)
    .where('ticket.state', '=', 'valid')
    .where('ticket.tariff', 'is not', null)
    .execute();
}

export async function setTicketQuotas(db: Executor, ticketId: string, quotaIds: readonly string[], at: string): Promise<void> {
  await db.updateTable('ticket').set({ quota_ids: JSON.stringify(quotaIds), updated_at: at }).where('id', '=', ticketId).execute();
}

/** Valid tickets of a performance by category and order state, and how many came in. */
export async function ticketCounts(db: Executor, houseId: string, performanceId: string) {
  return db
    .selectFrom('ticket')
    .innerJoin('ticket_order', 'ticket_order.id', 'ticket.order_id')
    .select(['ticket.price_category_id', 'ticket_order.state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('ticket.checked_in_at').as('checked_in')])
    .where('ticket.house_id', '=', houseId)
    .where('ticket.performance_id', '=', performanceId)
    .where('ticket.state', '=', 'valid')
    .groupBy(['ticket.price_category_id', 'ticket_order.state'])
    .execute();
}

/** Held seats of a performance per category: active holds only. */
export async function heldByCategory(db: Executor, houseId: string, performanceId: string, now: string) {
  return db
    .selectFrom('hold_line')
    .innerJoin('ticket_hold', 'ticket_hold.id', 'hold_line.hold_id')
    .select(['hold_line.price_category_id', (eb) => eb.fn.sum<number>('hold_line.quantity').as('n')])
    .where('hold_line.house_id', '=', houseId)
    .where('hold_line.performance_id', '=', performanceId)
    .where('ticket_hold.state', '=', 'active')
    .where('ticket_hold.expires_at', '>', now)
    .groupBy('hold_line.price_category_id')
    .execute();
}

/** When each valid ticket of a performance was sold, for the sales curve. */
export async function saleInstants(db: Executor, houseId: string, performanceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ticket')
    .select('ticket.created_at')
    .where('ticket.house_id', '=', houseId)
    .where('ticket.performance_id', '=', performanceId)
    .where('ticket.state', '=', 'valid')
    .execute();
  return rows.map((row) => row.created_at);
}

/**
 * Valid tickets of each performance sold before its own cutoff: where its booking curve
 * stood N days before it began (the autopilot's sales push compares against the past).
 * Pairs are asked in chunks so that the statement stays within SQLite's parameter limit.
 */
export async function soldBefore(db: Executor, houseId: string, cutoffs: readonly { performanceId: string; before: string }[]): Promise<Map<string, number>> {
  const sold = new Map<string, number>();
  for (let index = 0; index < cutoffs.length; index += 200) {
    const chunk = cutoffs.slice(index, index + 200);
    const rows = await db
      .selectFrom('ticket')
      .select(['ticket.performance_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ticket.house_id', '=', houseId)
      .where('ticket.state', '=', 'valid')
      .where((eb) => eb.or(chunk.map((cutoff) => eb.and([eb('ticket.performance_id', '=', cutoff.performanceId), eb('ticket.created_at', '<', cutoff.before)]))))
      .groupBy('ticket.performance_id')
      .execute();
    for (const row of rows) sold.set(row.performance_id, Number(row.n));
  }
  return sold;
}

export async function waitingCount(db: Executor, houseId: string, performanceId: string): Promise<number> {
  const row = await db
    .selectFrom('waiting_list_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('house_id', '=', houseId)
    .where('performance_id', '=', performanceId)
    .where('state', 'in', ['waiting', 'offered'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
