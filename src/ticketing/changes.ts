import type { Scope } from '../core/auth/model.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { fromJson, toJson } from '../core/db/json.ts';
import { writeTransaction } from '../core/db/transaction.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import type { ErrorResponseBody, Idempotency, IdempotencyRequest, Replayable } from '../core/idempotency.ts';
import { newId } from '../core/ids.ts';
import { parseInput } from '../core/input.ts';
import type { Events } from '../core/jobs/events.ts';
import type { MailOutbox } from '../core/mail/outbox.ts';
import { newTicketCode } from './codes.ts';
import { type ResolvedLine, takeSeats } from './desk.ts';
import { bookingCancelled, bookingCreated, orderConfirmationMail, seatsReturned } from './events.ts';
import type { Inventory, PerformancePlan } from './inventory.ts';
import { countedAs, type OrderState, stateAfterCancel } from './model.ts';
import type { PaymentProvider, PaymentProviders } from './payments.ts';
import { type CancelInput, cancelInput, type ExchangeInput, exchangeInput, markPaidInput, type Order } from './schemas.ts';
import * as store from './store.ts';
import { inUnit, type OrderViews, type Plans, performancesOf } from './views.ts';

/*
 * What happens to an order after it was placed: cancellation (whole or some tickets),
 * exchange for other seats, payment. Each is one seat transaction that gives seats back
 * or takes them under the same locks as a booking, publishes what happened, and carries
 * an Idempotency-Key. The catalogue's plans are read before the transaction.
 */

export interface OrderChangeDeps {
  database: Database;
  clock: Clock;
  events: Events;
  outbox: Pick<MailOutbox, 'enqueue'>;
  idempotency: Idempotency;
  payments: PaymentProviders;
  inventory: Inventory;
  views: OrderViews;
  /** Resolves the new seats of an exchange like a sale at the desk. */
  resolveLines(houseId: string, items: { performanceId: string; priceCategoryId: string; tariff?: string | null | undefined; quantity: number }[], context: { staff: boolean; unitId: string | null }): Promise<ResolvedLine[]>;
}

export interface ChangeContext {
  actor: string;
  idempotencyKey?: string | undefined;
  /** Only while the order is still unpaid: the release of an uncollected reservation must never refund a sale paid meanwhile. */
  onlyIfPending?: boolean;
}

export const builtInMethods = ['box_office', 'invoice', 'free', 'cash'];

export function paymentOrderOf(row: store.OrderRow) {
  return { id: row.id, houseId: row.house_id, number: row.number, totalMinor: Number(row.total_minor), currency: row.currency, buyerEmail: row.buyer_email, language: (row.buyer_language === 'en' ? 'en' : 'de') as 'de' | 'en' };
}

export function createOrderChanges(deps: OrderChangeDeps) {
  const { database, clock, events, outbox, idempotency, payments, inventory, views, resolveLines } = deps;
  const { db } = database;
  const { orderOf, plansFor } = views;

  function idempotencyOf(houseId: string, scope: string, key: string | undefined, request: unknown): IdempotencyRequest | undefined {
    return key === undefined ? undefined : { houseId, scope, key, request };
  }

  /** Adds (sign 1) or removes (sign -1) tickets from the counters of their quotas. */
  async function countTickets(trx: Executor, groups: readonly { quotaIds: readonly string[]; quantity: number }[], as: 'sold' | 'pending' | null, sign: 1 | -1, at: string): Promise<void> {
    if (as === null) return;
    const perQuota = new Map<string, number>();
    for (const group of groups) for (const quotaId of group.quotaIds) perQuota.set(quotaId, (perQuota.get(quotaId) ?? 0) + group.quantity);
    for (const quotaId of [...perQuota.keys()].sort()) {
      const n = (perQuota.get(quotaId) ?? 0) * sign;
      await store.countInQuota(trx, quotaId, as === 'sold' ? { sold: n, pending: 0 } : { sold: 0, pending: n }, at);
    }
  }

  /** Before a change's transaction: the order must be in scope; its performances' plans are read here. */
  async function prepareChange(scope: Scope, orderId: string, extra: readonly string[] = []): Promise<Map<string, PerformancePlan>> {
    if ((await store.findOrder(db, scope.houseId, orderId)) === undefined) throw notFound('order', orderId);
    const tickets = await store.ticketsOfOrders(db, scope.houseId, [orderId]);
    const plans = await plansFor(scope.houseId, tickets.map((t) => t.performance_id));
    if (!inUnit(plans, scope)) throw notFound('order', orderId);
    for (const [id, plan] of await plansFor(scope.houseId, extra)) plans.set(id, plan);
    return plans;
  }

  async function loadForChange(trx: Executor, scope: Scope, orderId: string) {
    const row = await store.lockOrder(trx, database.engine, scope.houseId, orderId);
    if (row === undefined) throw notFound('order', orderId);
    const tickets = await store.ticketsOfOrders(trx, scope.houseId, [orderId]);
    return { row, tickets };
  }

  function chosenTickets(tickets: readonly store.TicketRow[], ids: readonly string[] | undefined): store.TicketRow[] {
    const valid = tickets.filter((t) => t.state === 'valid');
    if (ids === undefined) return valid;
    return ids.map((id, index) => {
      const ticket = valid.find((t) => t.id === id);
      if (ticket === undefined) throw invalid(`ticketIds.${index}`, 'not a valid ticket of this order');
      return ticket;
    });
  }

  function productionOf(plans: Plans, performanceId: string): string {
    return plans.get(performanceId)?.productionId ?? '';
  }

  function isBuiltIn(provider: PaymentProvider): boolean {
    return builtInMethods.includes(provider.method);
  }

  /** Cancels the whole order or some of its tickets; the seats go back to the pool at once. */
  async function cancel(scope: Scope, orderId: string, input: CancelInput, context: ChangeContext): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(cancelInput, input);
    const request = idempotencyOf(scope.houseId, `order.cancel:${orderId}`, context.idempotencyKey, parsed);
    let refund: { provider: PaymentProvider; row: store.OrderRow } | undefined;
    const result = await idempotency.perform<Order>(request, 200, async (remember) => {
      const plans = await prepareChange(scope, orderId);
      const at = clock.now().toISOString();
      await writeTransaction(database, async (trx) => {
        const { row, tickets } = await loadForChange(trx, scope, orderId);
        const state = row.state as OrderState;
        if (state === 'cancelled' || state === 'refunded') throw new DomainError('conflict', `order ${row.number} is already ${state}`);
        if (context.onlyIfPending === true && state !== 'pending') throw new DomainError('conflict', `order ${row.number} is ${state}, not a reservation any more`);
        const chosen = chosenTickets(tickets, parsed.ticketIds);
        if (chosen.length === 0) throw new DomainError('conflict', `order ${row.number} has no valid tickets left to cancel`);
        if (chosen.some((t) => t.checked_in_at !== null)) throw invalid('ticketIds', 'a ticket that was already used at the door cannot be cancelled');
        await store.lockQuotas(trx, database.engine, scope.houseId, [...new Set(chosen.map((t) => t.performance_id))].sort());
        await countTickets(trx, chosen.map((t) => ({ quotaIds: fromJson<string[]>(t.quota_ids, []), quantity: 1 })), countedAs(state), -1, at);
        await store.setTicketsState(trx, chosen.map((t) => t.id), 'cancelled', at);
        const remaining = tickets.filter((t) => t.state === 'valid' && !chosen.includes(t));
        const whole = remaining.length === 0;
        const nextState = whole ? (stateAfterCancel(state) ?? state) : state;
        await store.updateOrder(trx, orderId, {
          state: nextState,
          total_minor: whole ? Number(row.total_minor) : remaining.reduce((sum, t) => sum + Number(t.price_minor), 0),
          cancelled_at: whole ? at : null,
          updated_at: at,
        });
        const performances = performancesOf(chosen.map((t) => ({ performanceId: t.performance_id, productionId: productionOf(plans, t.performance_id), quantity: 1 })));
        await events.publish(bookingCancelled, { houseId: scope.houseId, orderId, cancelledAt: at, performances, reason: state === 'paid' ? 'refunded' : 'cancelled' }, { executor: trx });
        for (const p of performances) await events.publish(seatsReturned, { houseId: scope.houseId, performanceId: p.performanceId }, { executor: trx });
        await remember(trx, await orderOf(trx, scope.houseId, orderId, plans));
        if (state === 'paid') refund = { provider: payments.get(row.payment_method, { staff: true, enabled: [] }), row };
      });
      return orderOf(db, scope.houseId, orderId);
    });
    // The money goes back after the seats did: a refusing provider leaves a refunded order to settle by hand, logged by the caller.
    if (refund !== undefined && !isBuiltIn(refund.provider)) await refund.provider.refund(paymentOrderOf(refund.row), refund.row.payment_ref);
    return result;
  }

  /** Swaps tickets for seats of another performance or category, in one transaction: never both or neither lost. */
  async function exchange(scope: Scope, orderId: string, input: ExchangeInput, context: ChangeContext): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(exchangeInput, input);
    const request = idempotencyOf(scope.houseId, `order.exchange:${orderId}`, context.idempotencyKey, parsed);
    const staffContext = { staff: true, unitId: scope.unitId };
    const [target] = await resolveLines(scope.houseId, [{ ...parsed.to, quantity: parsed.ticketIds.length }], staffContext);
    if (target === undefined) throw invalid('to', 'nothing to exchange to');
    return idempotency.perform<Order>(request, 200, async (remember) => {
      const plans = await prepareChange(scope, orderId, [target.plan.performanceId]);
      const at = clock.now().toISOString();
      await writeTransaction(database, async (trx) => {
        const { row, tickets } = await loadForChange(trx, scope, orderId);
        const state = row.state as OrderState;
        if (state !== 'pending' && state !== 'paid') throw new DomainError('conflict', `order ${row.number} is ${state}: nothing to exchange`);
        const chosen = chosenTickets(tickets, parsed.ticketIds);
        if (chosen.some((t) => t.checked_in_at !== null)) throw invalid('ticketIds', 'a ticket that was already used at the door cannot be exchanged');
        if (target.currency !== row.currency) throw invalid('to', 'the new seats are priced in another currency');
        const as = countedAs(state);
        // Give back first, then take: an exchange within the same quota needs no extra seat.
        const oldPerformances = [...new Set(chosen.map((t) => t.performance_id))];
        await store.lockQuotas(trx, database.engine, scope.houseId, [...new Set([...oldPerformances, target.plan.performanceId])].sort());
        await countTickets(trx, chosen.map((t) => ({ quotaIds: fromJson<string[]>(t.quota_ids, []), quantity: 1 })), as, -1, at);
        const [quotaIds] = await takeSeats(trx, inventory, scope.houseId, [target], at);
        const price = row.payment_method === 'free' ? 0 : target.unitPriceMinor;
        const fresh = chosen.map(() => ({
          id: newId(),
          house_id: scope.houseId,
          order_id: orderId,
          performance_id: target.plan.performanceId,
          price_category_id: target.category.id,
          tariff: target.tariff,
          price_minor: price,
          currency: target.currency,
          code: newTicketCode(),
          state: 'valid',
          quota_ids: toJson(quotaIds ?? []),
          exchanged_to: null,
          checked_in_at: null,
          checked_in_by: null,
          created_at: at,
          updated_at: at,
        }));
        await store.insertTickets(trx, fresh);
        for (const [index, old] of chosen.entries()) await store.setTicketsState(trx, [old.id], 'cancelled', at, fresh[index]?.id ?? null);
        await countTickets(trx, [{ quotaIds: quotaIds ?? [], quantity: fresh.length }], as, 1, at);
        const valid = [...tickets.filter((t) => t.state === 'valid' && !chosen.includes(t)).map((t) => Number(t.price_minor)), ...fresh.map((t) => t.price_minor)];
        await store.updateOrder(trx, orderId, { total_minor: valid.reduce((a, b) => a + b, 0), updated_at: at });
        const given = performancesOf(chosen.map((t) => ({ performanceId: t.performance_id, productionId: productionOf(plans, t.performance_id), quantity: 1 })));
        await events.publish(bookingCancelled, { houseId: scope.houseId, orderId, cancelledAt: at, performances: given, reason: 'exchanged' }, { executor: trx });
        await events.publish(
          bookingCreated,
          {
            houseId: scope.houseId,
            orderId,
            source: 'box_office',
            placedAt: at,
            totalMinor: price * fresh.length,
            currency: target.currency,
            performances: [{ performanceId: target.plan.performanceId, productionId: target.plan.productionId, tickets: fresh.length }],
          },
          { executor: trx },
        );
        for (const performanceId of oldPerformances) await events.publish(seatsReturned, { houseId: scope.houseId, performanceId }, { executor: trx });
        if (row.buyer_email !== null) await outbox.enqueue(orderConfirmationMail, { houseId: scope.houseId, orderId }, { executor: trx });
        await remember(trx, await orderOf(trx, scope.houseId, orderId, plans));
      });
      return orderOf(db, scope.houseId, orderId);
    });
  }

  /** The money arrived: at the desk, by transfer, or from a provider's confirmation. */
  async function settle(houseId: string, orderId: string, method: string | undefined, reference: string | null): Promise<void> {
    const at = clock.now().toISOString();
    await writeTransaction(database, async (trx) => {
      const row = await store.lockOrder(trx, database.engine, houseId, orderId);
      if (row === undefined) throw notFound('order', orderId);
      if (row.state === 'paid') return;
      if (row.state !== 'pending') throw new DomainError('conflict', `order ${row.number} is ${row.state}: it cannot be paid`);
      const tickets = (await store.ticketsOfOrders(trx, houseId, [orderId])).filter((t) => t.state === 'valid');
      await store.lockQuotas(trx, database.engine, houseId, [...new Set(tickets.map((t) => t.performance_id))].sort());
      const groups = tickets.map((t) => ({ quotaIds: fromJson<string[]>(t.quota_ids, []), quantity: 1 }));
      await countTickets(trx, groups, 'pending', -1, at);
      await countTickets(trx, groups, 'sold', 1, at);
      await store.updateOrder(trx, orderId, { state: 'paid', paid_at: at, updated_at: at, ...(method === undefined ? {} : { payment_method: method }), ...(reference === null ? {} : { payment_ref: reference }) });
    });
  }

  async function markPaid(scope: Scope, orderId: string, input: unknown, context: ChangeContext): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(markPaidInput, input);
    if (parsed.paymentMethod !== undefined) payments.get(parsed.paymentMethod, { staff: true, enabled: [] });
    const request = idempotencyOf(scope.houseId, `order.pay:${orderId}`, context.idempotencyKey, parsed);
    return idempotency.perform<Order>(request, 200, async (remember) => {
      await prepareChange(scope, orderId);
      await settle(scope.houseId, orderId, parsed.paymentMethod, parsed.reference ?? null);
      const order = await orderOf(db, scope.houseId, orderId);
      await remember(db, order);
      return order;
    });
  }

  return { cancel, exchange, markPaid, settle, isBuiltIn };
}

export type OrderChanges = ReturnType<typeof createOrderChanges>;
