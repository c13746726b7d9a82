import type { Scope } from '../core/auth/model.ts';
import type { Executor } from '../core/db/database.ts';
import { fromJson } from '../core/db/json.ts';
import { notFound } from '../core/errors.ts';
import type { Inventory, PerformancePlan } from './inventory.ts';
import type { OrderState, SaleSource } from './model.ts';
import type { Order, OrderSummary, Ticket } from './schemas.ts';
import * as store from './store.ts';

/*
 * How orders and tickets are shown: rows and the catalogue's plans in, DTOs out. Plans are
 * read before any seat transaction (inventory.plan() may not run inside one), so inside a
 * transaction the caller passes the plans it read.
 */

export type Plans = ReadonlyMap<string, PerformancePlan>;

export interface OrderConsents {
  newsletter: boolean;
  recommendations: boolean;
  proof?: { ipHash: string; userAgent?: string };
}

export function ticketDtos(tickets: readonly store.TicketRow[], plans: Plans): Ticket[] {
  return tickets.map((t) => {
    const plan = plans.get(t.performance_id);
    const category = plan?.categories.find((c) => c.id === t.price_category_id);
    return {
      id: t.id,
      code: t.code,
      performanceId: t.performance_id,
      productionId: plan?.productionId ?? '',
      title: plan?.title ?? { de: '', en: null },
      startsAt: plan?.startsAt ?? '',
      hall: plan?.hall ?? null,
      priceCategoryId: t.price_category_id,
      category: category?.name ?? { de: '—', en: null },
      tariff: t.tariff,
      priceMinor: Number(t.price_minor),
      currency: t.currency,
      state: t.state === 'cancelled' ? 'cancelled' : 'valid',
      checkedInAt: t.checked_in_at,
    };
  });
}

export function summaryOf(row: store.OrderRow): Omit<OrderSummary, 'ticketCount'> {
  const consents = fromJson<OrderConsents>(row.consents, { newsletter: false, recommendations: false });
  return {
    id: row.id,
    number: row.number,
    state: row.state as OrderState,
    paymentMethod: row.payment_method,
    paymentRef: row.payment_ref,
    totalMinor: Number(row.total_minor),
    currency: row.currency,
    buyer: { name: row.buyer_name, email: row.buyer_email, language: row.buyer_language === 'en' ? 'en' : 'de' },
    contactId: row.contact_id,
    consents: { newsletter: consents.newsletter, recommendations: consents.recommendations },
    source: row.source as SaleSource,
    placedAt: row.placed_at,
    paidAt: row.paid_at,
    cancelledAt: row.cancelled_at,
  };
}

/** Unit staff see an order when one of its tickets is for a performance of their unit. */
export function inUnit(plans: Plans, scope: Scope): boolean {
  return scope.unitId === null || [...plans.values()].some((plan) => plan.unitId === scope.unitId);
}

/** Per performance, how many tickets: what the booking events carry. */
export function performancesOf(items: readonly { performanceId: string; productionId: string; quantity: number }[]) {
  const byPerformance = new Map<string, { performanceId: string; productionId: string; tickets: number }>();
  for (const item of items) {
    const entry = byPerformance.get(item.performanceId) ?? { performanceId: item.performanceId, productionId: item.productionId, tickets: 0 };
    entry.tickets += item.quantity;
    byPerformance.set(item.performanceId, entry);
  }
  return [...byPerformance.values()];
}

export function createOrderViews({ inventory, publicUrl }: { inventory: Inventory; publicUrl: string }) {
  /** The plans of these performances; never inside a seat transaction. */
  async function plansFor(houseId: string, performanceIds: Iterable<string>): Promise<Map<string, PerformancePlan>> {
    const plans = new Map<string, PerformancePlan>();
    for (const performanceId of new Set(performanceIds)) plans.set(performanceId, await inventory.plan(houseId, performanceId));
    return plans;
  }

  /**
   * An order with its tickets. Inside a transaction pass the plans read before it; a
   * ticket whose plan is missing (an exchange raced in between) is shown without its title.
   */
  async function orderOf(executor: Executor, houseId: string, orderId: string, known?: Plans): Promise<Order> {
    const row = await store.findOrder(executor, houseId, orderId);
    if (row === undefined) throw notFound('order', orderId);
    const tickets = await store.ticketsOfOrders(executor, houseId, [orderId]);
    const plans = known ?? (await plansFor(houseId, tickets.map((t) => t.performance_id)));
    return { ...summaryOf(row), tickets: ticketDtos(tickets, plans) };
  }

  function ticketsUrlOf(orderId: string, token: string): string {
    return `${publicUrl}/public/orders/${orderId}/tickets?token=${encodeURIComponent(token)}`;
  }

  return { plansFor, orderOf, ticketsUrlOf };
}

export type OrderViews = ReturnType<typeof createOrderViews>;
