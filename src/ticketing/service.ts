import type { Scope } from '../core/auth/model.ts';
import { hashToken, safeEqual } from '../core/auth/tokens.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { foldForSearch } from '../catalogue/model.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { toJson } from '../core/db/json.ts';
import { writeTransaction } from '../core/db/transaction.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import { type ErrorResponseBody, type Idempotency, type Replayable, requestHashOf } from '../core/idempotency.ts';
import { newToken } from '../core/auth/tokens.ts';
import { newId } from '../core/ids.ts';
import { parseInput } from '../core/input.ts';
import type { Events } from '../core/jobs/events.ts';
import type { MailOutbox } from '../core/mail/outbox.ts';
import { builtInMethods, createOrderChanges, paymentOrderOf } from './changes.ts';
import { createBookingDesk, type DeskBooking, type ResolvedLine, takeSeats, totalOf } from './desk.ts';
import { createInventory } from './inventory.ts';
import { priceOf, type SaleSource } from './model.ts';
import type { PaymentProvider, PaymentProviders } from './payments.ts';
import {
  type BoxOfficeSaleInput,
  boxOfficeSaleInput,
  type Hold,
  type HoldInput,
  holdInput,
  type Order,
  type OrderInput,
  orderInput,
  type OrderListQuery,
  orderListQuery,
  type OrderSummary,
  type SeatItemInput,
} from './schemas.ts';
import { createTicketingSettings } from './settings.ts';
import * as store from './store.ts';
import { createOrderViews, inUnit, type OrderConsents, summaryOf } from './views.ts';

/*
 * Ticketing's use cases, composed: seat lines from the catalogue's plan, holds, orders
 * placed through the booking desk (desk.ts: batched seat transactions), changes to
 * orders (changes.ts), and reading them (views.ts). Every seat-taking write has pretix's
 * shape: look up and validate outside the transaction; inside one short transaction lock
 * the quotas, decide, write the order, tickets, counters, event and mail job; anything
 * outside (a payment provider) after the commit.
 */

export interface TicketingDeps {
  database: Database;
  clock: Clock;
  events: Events;
  catalogue: CatalogueService;
  outbox: Pick<MailOutbox, 'enqueue' | 'enqueueMany'>;
  idempotency: Idempotency;
  payments: PaymentProviders;
  publicUrl: string;
}

/** Who is selling: a visitor through the widget or the API, or staff at the desk. */
export interface SaleContext {
  source: SaleSource;
  /** Staff may sell comps, cash, and until shortly after the start. */
  staff: boolean;
  /** Unit staff: only performances of their unit. */
  unitId?: string | null;
  /** 'staff:<id>', 'key:<id>', 'visitor', 'assistant'. */
  actor: string;
  idempotencyKey?: string | undefined;
  /** Hashed IP and user agent, kept as proof with the ticked consent boxes. */
  consentProof?: { ipHash: string; userAgent?: string } | undefined;
}

export function createTicketingService(deps: TicketingDeps) {
  const { database, clock, events, catalogue, outbox, idempotency, payments, publicUrl } = deps;
  const { db } = database;
  const inventory = createInventory({ database, clock, catalogue });
  const settings = createTicketingSettings({ database, clock, payments });
  const views = createOrderViews({ inventory, publicUrl });
  const { plansFor, orderOf } = views;
  const desk = createBookingDesk({ database, clock, events, outbox, inventory, ticketsUrlOf: views.ticketsUrlOf });

  // ---------- lines ----------

  async function resolveLines(houseId: string, items: readonly SeatItemInput[], context: Pick<SaleContext, 'staff' | 'unitId'>): Promise<ResolvedLine[]> {
    const lines: ResolvedLine[] = [];
    for (const [index, item] of items.entries()) {
      const plan = await inventory.plan(houseId, item.performanceId).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'not_found') throw invalid(`items.${index}.performanceId`, 'no such performance in this house');
        throw error;
      });
      if (context.unitId != null && plan.unitId !== context.unitId) throw invalid(`items.${index}.performanceId`, 'no such performance in your unit');
      inventory.requireBookable(plan, context.staff);
      const category = plan.categories.find((c) => c.id === item.priceCategoryId);
      if (category === undefined) throw invalid(`items.${index}.priceCategoryId`, `not a price category of this performance; choose one of ${plan.categories.map((c) => c.code).join(', ')}`);
      const tariff = item.tariff ?? null;
      const price = priceOf(category, tariff);
      if (!price.ok) throw invalid(`items.${index}.tariff`, `${tariff} is not a tariff of ${category.code}; choose one of ${category.tariffs.map((t) => t.code).join(', ') || 'none (full price only)'}`);
      lines.push({ plan, category, tariff, quantity: item.quantity, unitPriceMinor: price.amountMinor, currency: price.currency });
    }
    const currencies = new Set(lines.map((l) => l.currency));
    if (currencies.size > 1) throw invalid('items', 'all tickets of one order must be in one currency');
    return lines;
  }

  // ---------- holds ----------

  /** Reserves seats for the house's hold time, or for `options.minutes` (a waiting-list offer stays open longer). */
  async function hold(houseId: string, input: HoldInput, context: SaleContext, options: { minutes?: number; executor?: Executor } = {}): Promise<Hold> {
    const parsed = parseInput(holdInput, input);
    const lines = await resolveLines(houseId, parsed.items, context);
    const holdMinutes = options.minutes ?? (await settings.get(houseId)).holdMinutes;
    const now = clock.now();
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + holdMinutes * 60_000).toISOString();
    const token = newToken('foyer_hold');
    const id = newId();
    const total = totalOf(lines);
    const currency = lines[0]?.currency ?? 'EUR';
    const write = async (trx: Executor) => {
      const quotaIds = await takeSeats(trx, inventory, houseId, lines, at);
      await trx
        .insertInto('ticket_hold')
        .values({ id, house_id: houseId, token_hash: hashToken(token), state: 'active', source: context.source, total_minor: total, currency, expires_at: expiresAt, created_at: at, updated_at: at })
        .execute();
      await trx
        .insertInto('hold_line')
        .values(
          lines.map((l, i) => ({
            id: newId(),
            hold_id: id,
            house_id: houseId,
            performance_id: l.plan.performanceId,
            price_category_id: l.category.id,
            tariff: l.tariff,
            quantity: l.quantity,
            unit_price_minor: l.unitPriceMinor,
            currency: l.currency,
            quota_ids: toJson(quotaIds[i]),
          })),
        )
        .execute();
      const claims = new Map<string, number>();
      lines.forEach((l, i) => {
        for (const quotaId of quotaIds[i] ?? []) claims.set(quotaId, (claims.get(quotaId) ?? 0) + l.quantity);
      });
      await trx
        .insertInto('hold_claim')
        .values([...claims].map(([quotaId, quantity]) => ({ hold_id: id, quota_id: quotaId, quantity, expires_at: expiresAt })))
        .execute();
    };
    // Inside a caller's seat transaction (the waiting list's offer), or in one of its own.
    if (options.executor === undefined) await writeTransaction(database, write);
    else await write(options.executor);
    return {
      id,
      token,
      state: 'active',
      expiresAt,
      totalMinor: total,
      currency,
      lines: lines.map((l) => ({ performanceId: l.plan.performanceId, priceCategoryId: l.category.id, tariff: l.tariff, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
    };
  }

  async function openHold(executor: Executor, houseId: string, holdId: string, token: string): Promise<store.HoldRow> {
    const row = await store.findHold(executor, houseId, holdId);
    if (row === undefined || !safeEqual(row.token_hash, hashToken(token))) throw notFound('hold', holdId);
    return row;
  }

  async function getHold(houseId: string, holdId: string, token: string): Promise<Hold> {
    const row = await openHold(db, houseId, holdId, token);
    const lines = await store.holdLines(db, houseId, holdId);
    const state = row.state === 'active' && row.expires_at <= clock.now().toISOString() ? 'released' : (row.state as Hold['state']);
    return {
      id: row.id,
      state,
      expiresAt: row.expires_at,
      totalMinor: Number(row.total_minor),
      currency: row.currency,
      lines: lines.map((l) => ({ performanceId: l.performance_id, priceCategoryId: l.price_category_id, tariff: l.tariff, quantity: Number(l.quantity), unitPriceMinor: Number(l.unit_price_minor) })),
    };
  }

  /** Gives the seats back before the hold runs out (the visitor closed the widget). */
  async function releaseHold(houseId: string, holdId: string, token: string): Promise<void> {
    const at = clock.now().toISOString();
    await writeTransaction(database, async (trx) => {
      const row = await openHold(trx, houseId, holdId, token);
      if (row.state === 'active') await store.endHold(trx, holdId, 'released', at);
    });
  }

  // ---------- orders ----------

  const changes = createOrderChanges({ database, clock, events, outbox, idempotency, payments, inventory, views, resolveLines });

  function checkFree(provider: PaymentProvider, total: number, staff: boolean): void {
    if (provider.method === 'free' && total > 0 && !staff) {
      throw invalid('paymentMethod', 'free is only for tickets that cost nothing; choose another payment method');
    }
  }

  /** After commit: a provider with a page of its own starts its payment; a synchronous confirmation settles the order. */
  async function startPayment(houseId: string, orderId: string, provider: PaymentProvider): Promise<string | undefined> {
    const row = await store.findOrder(db, houseId, orderId);
    if (row === undefined || row.state !== 'pending') return undefined;
    const started = await provider.start(paymentOrderOf(row));
    if (started.state === 'paid') await changes.settle(houseId, orderId, provider.method, started.reference);
    else if (started.reference !== null) await store.updateOrder(db, orderId, { payment_ref: started.reference, updated_at: clock.now().toISOString() });
    return started.state === 'pending' ? started.redirectUrl : undefined;
  }

  async function afterPlacing(result: Replayable<Order | ErrorResponseBody>, houseId: string, provider: PaymentProvider): Promise<Replayable<Order | ErrorResponseBody>> {
    if (result.replayed || builtInMethods.includes(provider.method) || !('id' in result.body)) return result;
    const paymentUrl = await startPayment(houseId, result.body.id, provider);
    return paymentUrl === undefined ? result : { ...result, body: { ...result.body, paymentUrl } };
  }

  /** Places an order: from a hold (the widget) or straight from items (API, assistant). */
  async function place(houseId: string, input: OrderInput, context: SaleContext): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(orderInput, input);
    const enabled = (await settings.get(houseId)).paymentMethods;
    const provider = payments.get(parsed.paymentMethod, { staff: context.staff, enabled });
    const lines = parsed.items === undefined ? null : await resolveLines(houseId, parsed.items, context);
    if (lines !== null) checkFree(provider, totalOf(lines), context.staff);
    // A hold's lines never change: their plans are read now, before the transaction.
    const hold =
      parsed.holdId === undefined
        ? null
        : { id: parsed.holdId, token: parsed.holdToken ?? '', plans: await plansFor(houseId, (await store.holdLines(db, houseId, parsed.holdId)).map((l) => l.performance_id)) };
    const consents: OrderConsents = {
      newsletter: parsed.consents.newsletter,
      recommendations: parsed.consents.recommendations,
      ...(context.consentProof === undefined ? {} : { proof: context.consentProof }),
    };
    const booking: DeskBooking = {
      houseId,
      lines,
      hold,
      buyer: parsed.buyer,
      consents,
      provider,
      source: context.source,
      actor: context.actor,
      staff: context.staff,
      unitId: context.unitId ?? null,
      expectedTotalMinor: parsed.expectedTotalMinor,
      idempotency: context.idempotencyKey === undefined ? undefined : { scope: 'order.place', key: context.idempotencyKey, requestHash: requestHashOf(parsed) },
    };
    return afterPlacing(await desk.place(booking), houseId, provider);
  }

  /** A sale at the desk: straight from items, cash by default. */
  async function sellAtDesk(scope: Scope, input: BoxOfficeSaleInput, context: Omit<SaleContext, 'source' | 'staff' | 'unitId'>): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(boxOfficeSaleInput, input);
    const provider = payments.get(parsed.paymentMethod, { staff: true, enabled: [] });
    const lines = await resolveLines(scope.houseId, parsed.items, { staff: true, unitId: scope.unitId });
    const booking: DeskBooking = {
      houseId: scope.houseId,
      lines,
      hold: null,
      buyer: { name: parsed.buyer.name, email: parsed.buyer.email ?? null, language: parsed.buyer.language },
      consents: { newsletter: parsed.consents.newsletter, recommendations: parsed.consents.recommendations },
      provider,
      source: 'box_office',
      actor: context.actor,
      staff: true,
      unitId: scope.unitId,
      expectedTotalMinor: undefined,
      idempotency: context.idempotencyKey === undefined ? undefined : { scope: 'order.desk', key: context.idempotencyKey, requestHash: requestHashOf(parsed) },
    };
    return afterPlacing(await desk.place(booking), scope.houseId, provider);
  }

  // ---------- reading orders ----------

  /** An order as staff see it: unit staff only orders with a ticket of their unit. */
  async function getOrder(scope: Scope, orderId: string): Promise<Order> {
    const order = await orderOf(db, scope.houseId, orderId);
    if (!inUnit(await plansFor(scope.houseId, order.tickets.map((t) => t.performanceId)), scope)) throw notFound('order', orderId);
    return order;
  }

  /** The order page of the buyer: the secret from the confirmation is the key. */
  async function getOrderWithToken(orderId: string, token: string): Promise<Order & { houseId: string }> {
    const row = await store.findOrderById(db, orderId);
    if (row === undefined || !safeEqual(row.access_token_hash, hashToken(token))) throw notFound('order', orderId);
    return { ...(await orderOf(db, row.house_id, orderId)), houseId: row.house_id };
  }

  async function listOrders(scope: Scope, query: OrderListQuery = {}): Promise<{ items: OrderSummary[]; total: number; limit: number; offset: number }> {
    const parsed = parseInput(orderListQuery, query);
    const q = parsed.q === undefined ? undefined : foldForSearch(parsed.q);
    const codeLike = parsed.q?.toUpperCase().replace(/[\s-]/g, '');
    const { rows, total } = await store.listOrders(
      db,
      { houseId: scope.houseId, unitId: scope.unitId, q, codeLike, performanceId: parsed.performanceId, state: parsed.state },
      { limit: parsed.limit, offset: parsed.offset },
    );
    return { items: rows.map((row) => ({ ...summaryOf(row), ticketCount: row.ticket_count })), total, limit: parsed.limit, offset: parsed.offset };
  }

  return {
    inventory,
    settings,
    availability: (houseId: string, performanceId: string, options?: { staff?: boolean }) => inventory.availability(houseId, performanceId, options),
    hold,
    getHold,
    releaseHold,
    place,
    sellAtDesk,
    getOrder,
    getOrderWithToken,
    listOrders,
    cancel: changes.cancel,
    exchange: changes.exchange,
    markPaid: changes.markPaid,
    /** For ticketing's own subscribers (timeline, mails): an order by id inside its house. */
    orderForHouse: (houseId: string, orderId: string) => orderOf(db, houseId, orderId),
  };
}

export type TicketingService = ReturnType<typeof createTicketingService>;
