import type { z } from 'zod';
import { hashToken, newToken } from '../core/auth/tokens.ts';
import { foldForSearch } from '../catalogue/model.ts';
import type { Executor } from '../core/db/database.ts';
import { toJson } from '../core/db/json.ts';
import { newId } from '../core/ids.ts';
import type { Events } from '../core/jobs/events.ts';
import type { MailOutbox } from '../core/mail/outbox.ts';
import { newOrderNumber, newTicketCode } from './codes.ts';
import type { DeskBooking, ResolvedLine } from './desk.ts';
import { bookingCreated, orderConfirmationMail } from './events.ts';
import { countedAs } from './model.ts';
import type { Order } from './schemas.ts';
import * as store from './store.ts';
import type { TicketTable } from './tables.ts';
import { performancesOf, summaryOf, ticketDtos } from './views.ts';

/*
 * The booking desk's writes: every booking a batch placed becomes an order with its
 * tickets in a few multi-row statements, the quota counters move once per quota, and the
 * events and confirmation mails of the whole batch are queued with one statement each.
 * The answers are built from what was written, without reading it back.
 */

export interface WriteDeps {
  events: Pick<Events, 'publishMany'>;
  outbox: Pick<MailOutbox, 'enqueueMany'>;
  ticketsUrlOf(orderId: string, token: string): string;
}

/** A booking the batch decided to place: its lines, the quotas each line counts against, and the hold it turns into tickets. */
export interface PlacedBooking {
  booking: DeskBooking;
  lines: ResolvedLine[];
  quotaIds: string[][];
  holdId: string | null;
}

/** Writes every placed booking of the batch: orders, tickets, counters, holds, events and mails. */
export async function writePlaced(
{ events, outbox, ticketsUrlOf }: WriteDeps,
trx: Executor,
houseId: string,
placed: readonly (PlacedBooking | null)[],
at: string,
): Promise<Map<number, Order>> {
  const orders: Parameters<typeof store.insertOrders>[1] = [];
  const tickets: TicketTable[] = [];
  const counts = new Map<string, { sold: number; pending: number }>();
  const answers = new Map<number, Order>();
  const booked: z.input<typeof bookingCreated.schema>[] = [];
  const mails: { houseId: string; orderId: string }[] = [];
  for (const [index, decision] of placed.entries()) {
    if (decision === null) continue;
    const { booking } = decision;
    const id = newId();
    const number = newOrderNumber();
    const accessToken = newToken('foyer_order');
    const complimentary = booking.provider.method === 'free';
    const prices = decision.lines.map((l) => (complimentary ? 0 : l.unitPriceMinor));
    const total = decision.lines.reduce((sum, l, i) => sum + (prices[i] ?? 0) * l.quantity, 0);
    const currency = decision.lines[0]?.currency ?? 'EUR';
    const orderState = booking.provider.initialState({ id, houseId, number, totalMinor: total, currency, buyerEmail: booking.buyer.email, language: booking.buyer.language });
    const row = {
      id,
      house_id: houseId,
      number,
      state: orderState,
      payment_method: booking.provider.method,
      payment_ref: null,
      total_minor: total,
      currency,
      buyer_name: booking.buyer.name,
      buyer_email: booking.buyer.email,
      buyer_language: booking.buyer.language,
      contact_id: null,
      consents: toJson(booking.consents),
      source: booking.source,
      access_token_hash: hashToken(accessToken),
      hold_id: decision.holdId,
      search_text: foldForSearch(`${number} ${number.replace('-', '')} ${booking.buyer.name} ${booking.buyer.email ?? ''}`),
      placed_by: booking.actor,
      placed_at: at,
      paid_at: orderState === 'paid' ? at : null,
      cancelled_at: null,
      updated_at: at,
    };
    orders.push(row);
    const own: TicketTable[] = decision.lines.flatMap((l, i) =>
      Array.from({ length: l.quantity }, () => ({
        id: newId(),
        house_id: houseId,
        order_id: id,
        performance_id: l.plan.performanceId,
        price_category_id: l.category.id,
        tariff: l.tariff,
        price_minor: prices[i] ?? 0,
        currency,
        code: newTicketCode(),
        state: 'valid',
        quota_ids: toJson(decision.quotaIds[i] ?? []),
        exchanged_to: null,
        checked_in_at: null,
        checked_in_by: null,
        created_at: at,
        updated_at: at,
      })),
    );
    tickets.push(...own);
    const as = countedAs(orderState);
    decision.lines.forEach((l, i) => {
      for (const quotaId of decision.quotaIds[i] ?? []) {
        const count = counts.get(quotaId) ?? { sold: 0, pending: 0 };
        if (as === 'sold') count.sold += l.quantity;
        if (as === 'pending') count.pending += l.quantity;
        counts.set(quotaId, count);
      }
    });
    if (decision.holdId !== null) await store.endHold(trx, decision.holdId, 'converted', at);
    booked.push({
      houseId,
      orderId: id,
      source: booking.source,
      placedAt: at,
      totalMinor: total,
      currency,
      performances: performancesOf(decision.lines.map((l) => ({ performanceId: l.plan.performanceId, productionId: l.plan.productionId, quantity: l.quantity }))),
    });
    if (booking.buyer.email !== null) mails.push({ houseId, orderId: id });
    const plans = new Map(decision.lines.map((l) => [l.plan.performanceId, l.plan]));
    answers.set(index, { ...summaryOf(row), tickets: ticketDtos(own, plans), accessToken, ticketsUrl: ticketsUrlOf(id, accessToken) });
  }
  await store.insertOrders(trx, orders);
  await store.insertTickets(trx, tickets);
  for (const quotaId of [...counts.keys()].sort()) {
    const count = counts.get(quotaId);
    if (count !== undefined) await store.countInQuota(trx, quotaId, count, at);
  }
  await events.publishMany(bookingCreated, booked, { executor: trx });
  await outbox.enqueueMany(orderConfirmationMail, mails, { executor: trx });
  return answers;
}
