import { hashToken, newToken, safeEqual } from '../core/auth/tokens.ts';
import type { Scope } from '../core/auth/model.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { foldForSearch } from '../catalogue/model.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { fromJson, toJson } from '../core/db/json.ts';
import { writeTransaction } from '../core/db/transaction.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import type { Idempotency, IdempotencyRequest, Replayable, ErrorResponseBody } from '../core/idempotency.ts';
import { newId } from '../core/ids.ts';
import { parseInput } from '../core/input.ts';
import type { Events } from '../core/jobs/events.ts';
import type { MailOutbox } from '../core/mail/outbox.ts';
import { newOrderNumber, newTicketCode } from './codes.ts';
import { bookingCancelled, bookingCreated, orderConfirmationMail, seatsReturned } from './events.ts';
import { createInventory, type PerformancePlan, type PlanCategoryDetail } from './inventory.ts';
import { countedAs, decideSeats, type OrderState, priceOf, type SaleSource, stateAfterCancel } from './model.ts';
import type { PaymentProvider, PaymentProviders } from './payments.ts';
import {
  type BoxOfficeSaleInput,
  boxOfficeSaleInput,
  type CancelInput,
  cancelInput,
  type ExchangeInput,
  exchangeInput,
  type Hold,
  type HoldInput,
  holdInput,
  markPaidInput,
  type Order,
  type OrderInput,
  orderInput,
  type OrderListQuery,
  orderListQuery,
  type OrderSummary,
  type SeatItemInput,
  type Ticket,
} from './schemas.ts';
import * as store from './store.ts';
import { createTicketingSettings } from './settings.ts';

/*
 * Holds, orders and tickets. Every seat-taking write has pretix's shape: look up and
 * validate outside the transaction (the catalogue's plan, prices, the payment method);
 * inside one short write transaction lock the quotas, decide, write the order, its
 * tickets, the counters, the event and the confirmation mail job; anything outside
 * (a payment provider) after the commit.
 */

export interface TicketingDeps {
  database: Database;
  clock: Clock;
  events: Events;
  catalogue: CatalogueService;
  outbox: Pick<MailOutbox, 'enqueue'>;
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

interface ResolvedLine {
  plan: PerformancePlan;
  category: PlanCategoryDetail;
  tariff: string | null;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
}

interface OrderConsents {
  newsletter: boolean;
  recommendations: boolean;
  proof?: { ipHash: string; userAgent?: string };
}

function soldOut(lines: readonly ResolvedLine[], shortBy: { line: number; available: number }[]): DomainError {
  const details = shortBy.map(({ line, available }) => {
    const l = lines[line];
    const what = l === undefined ? 'these seats' : `${l.category.name.de} for ${l.plan.title.de}`;
    return { field: `items.${line}.quantity`, message: available === 0 ? `sold out: no seats left in ${what}` : `only ${available} seats left in ${what}` };
  });
  return new DomainError('sold_out', details.map((d) => d.message).join('; '), details);
}

export function createTicketingService(deps: TicketingDeps) {
  const { database, clock, events, catalogue, outbox, idempotency, payments, publicUrl } = deps;
  const { db } = database;
  const inventory = createInventory({ database, clock, catalogue });
  const settings = createTicketingSettings({ database, clock, payments });

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

  /** Inside the transaction: the quota ids of each line, if all lines fit; else sold_out. */
  async function takeSeats(trx: Executor, houseId: string, lines: readonly ResolvedLine[], now: string): Promise<string[][]> {
    const state = await inventory.lockState(trx, houseId, lines.map((l) => l.plan), now);
    const quotaIds = lines.map((l) => inventory.quotaIdsFor(l.plan, state, l.category.id, l.tariff));
    const decision = decideSeats(lines.map((l, i) => ({ quotaIds: quotaIds[i] ?? [], quantity: l.quantity })), inventory.availableById(state));
    if (!decision.ok) throw soldOut(lines, decision.shortBy);
    return quotaIds;
  }

  function totalOf(lines: readonly { unitPriceMinor: number; quantity: number }[]): number {
    return lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
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
      const quotaIds = await takeSeats(trx, houseId, lines, at);
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
    const lines = await store.holdLines(db, holdId);
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

  interface OrderDraft {
    houseId: string;
    lines: ResolvedLine[];
    quotaIds: string[][];
    buyer: { name: string; email: string | null; language: 'de' | 'en' };
    consents: OrderConsents;
    provider: PaymentProvider;
    complimentary: boolean;
    source: SaleSource;
    actor: string;
    holdId: string | null;
  }

  /** Writes the order, its tickets, the counters, the event and the mail job. Inside the seat transaction. */
  async function writeOrder(trx: Executor, draft: OrderDraft, at: string): Promise<{ id: string; accessToken: string; state: OrderState; order: Order }> {
    const id = newId();
    const number = newOrderNumber();
    const accessToken = newToken('foyer_order');
    const prices = draft.lines.map((l) => (draft.complimentary ? 0 : l.unitPriceMinor));
    const total = draft.lines.reduce((sum, l, i) => sum + (prices[i] ?? 0) * l.quantity, 0);
    const currency = draft.lines[0]?.currency ?? 'EUR';
    const paymentOrder = { id, houseId: draft.houseId, number, totalMinor: total, currency, buyerEmail: draft.buyer.email, language: draft.buyer.language };
    const state = draft.provider.initialState(paymentOrder);
    await store.insertOrder(trx, {
      id,
      house_id: draft.houseId,
      number,
      state,
      payment_method: draft.provider.method,
      payment_ref: null,
      total_minor: total,
      currency,
      buyer_name: draft.buyer.name,
      buyer_email: draft.buyer.email,
      buyer_language: draft.buyer.language,
      contact_id: null,
      consents: toJson(draft.consents),
      source: draft.source,
      access_token_hash: hashToken(accessToken),
      hold_id: draft.holdId,
      search_text: foldForSearch(`${number} ${number.replace('-', '')} ${draft.buyer.name} ${draft.buyer.email ?? ''}`),
      placed_by: draft.actor,
      placed_at: at,
      paid_at: state === 'paid' ? at : null,
      cancelled_at: null,
      updated_at: at,
    });
    const tickets = draft.lines.flatMap((l, i) =>
      Array.from({ length: l.quantity }, () => ({
        id: newId(),
        house_id: draft.houseId,
        order_id: id,
        performance_id: l.plan.performanceId,
        price_category_id: l.category.id,
        tariff: l.tariff,
        price_minor: prices[i] ?? 0,
        currency,
        code: newTicketCode(),
        state: 'valid',
        quota_ids: toJson(draft.quotaIds[i] ?? []),
        exchanged_to: null,
        checked_in_at: null,
        checked_in_by: null,
        created_at: at,
        updated_at: at,
      })),
    );
    await store.insertTickets(trx, tickets);
    await countTickets(trx, draft.lines.map((l, i) => ({ quotaIds: draft.quotaIds[i] ?? [], quantity: l.quantity })), countedAs(state), 1, at);
    await events.publish(
      bookingCreated,
      { houseId: draft.houseId, orderId: id, source: draft.source, placedAt: at, totalMinor: total, currency, performances: performancesOf(draft.lines.map((l) => ({ performanceId: l.plan.performanceId, productionId: l.plan.productionId, quantity: l.quantity }))) },
      { executor: trx },
    );
    if (draft.buyer.email !== null) await outbox.enqueue(orderConfirmationMail, { houseId: draft.houseId, orderId: id }, { executor: trx });
    // The answer is built from what was just written: no second read on the hot path.
    const summary = summaryOf({
      id,
      house_id: draft.houseId,
      number,
      state,
      payment_method: draft.provider.method,
      payment_ref: null,
      total_minor: total,
      currency,
      buyer_name: draft.buyer.name,
      buyer_email: draft.buyer.email,
      buyer_language: draft.buyer.language,
      contact_id: null,
      consents: toJson(draft.consents),
      source: draft.source,
      access_token_hash: '',
      placed_at: at,
      paid_at: state === 'paid' ? at : null,
      cancelled_at: null,
    });
    const order: Order = { ...summary, tickets: await ticketDtos(tickets, draft.houseId), accessToken, ticketsUrl: ticketsUrlOf(id, accessToken) };
    return { id, accessToken, state, order };
  }

  function performancesOf(items: readonly { performanceId: string; productionId: string; quantity: number }[]) {
    const byPerformance = new Map<string, { performanceId: string; productionId: string; tickets: number }>();
    for (const item of items) {
      const entry = byPerformance.get(item.performanceId) ?? { performanceId: item.performanceId, productionId: item.productionId, tickets: 0 };
      entry.tickets += item.quantity;
      byPerformance.set(item.performanceId, entry);
    }
    return [...byPerformance.values()];
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

  function idempotencyOf(houseId: string, scope: string, key: string | undefined, request: unknown): IdempotencyRequest | undefined {
    return key === undefined ? undefined : { houseId, scope, key, request };
  }

  /** After commit: a provider with a page of its own starts its payment; a synchronous confirmation settles the order. */
  async function startPayment(houseId: string, orderId: string, provider: PaymentProvider): Promise<string | undefined> {
    const row = await store.findOrder(db, houseId, orderId);
    if (row === undefined || row.state !== 'pending') return undefined;
    const started = await provider.start(paymentOrderOf(row));
    if (started.state === 'paid') await settle(houseId, orderId, provider.method, started.reference);
    else if (started.reference !== null) await store.updateOrder(db, orderId, { payment_ref: started.reference, updated_at: clock.now().toISOString() });
    return started.state === 'pending' ? started.redirectUrl : undefined;
  }

  function paymentOrderOf(row: store.OrderRow) {
    return { id: row.id, houseId: row.house_id, number: row.number, totalMinor: Number(row.total_minor), currency: row.currency, buyerEmail: row.buyer_email, language: (row.buyer_language === 'en' ? 'en' : 'de') as 'de' | 'en' };
  }

  /** Places an order: from a hold (the widget) or straight from items (API, assistant). */
  async function place(houseId: string, input: OrderInput, context: SaleContext): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(orderInput, input);
    const request = idempotencyOf(houseId, 'order.place', context.idempotencyKey, parsed);
    const enabled = (await settings.get(houseId)).paymentMethods;
    const provider = payments.get(parsed.paymentMethod, { staff: context.staff, enabled });
    const lines = parsed.items === undefined ? null : await resolveLines(houseId, parsed.items, context);
    if (lines !== null) checkFree(provider, totalOf(lines), context.staff);
    const consents: OrderConsents = {
      newsletter: parsed.consents.newsletter,
      recommendations: parsed.consents.recommendations,
      ...(context.consentProof === undefined ? {} : { proof: context.consentProof }),
    };
    let placed: { id: string } | undefined;
    const result = await idempotency.perform<Order>(request, 201, async (remember) => {
      const at = clock.now().toISOString();
      const written = await writeTransaction(database, async (trx) => {
        let draftLines: ResolvedLine[];
        let quotaIds: string[][];
        let holdId: string | null = null;
        if (lines !== null) {
          draftLines = lines;
          quotaIds = await takeSeats(trx, houseId, lines, at);
        } else {
          const converted = await convertHold(trx, houseId, parsed.holdId ?? '', parsed.holdToken ?? '', context, at);
          draftLines = converted.lines;
          quotaIds = converted.quotaIds;
          holdId = converted.holdId;
          checkFree(provider, totalOf(draftLines), context.staff);
        }
        const total = provider.method === 'free' ? 0 : totalOf(draftLines);
        if (parsed.expectedTotalMinor !== undefined && parsed.expectedTotalMinor !== total) {
          throw new DomainError('price_changed', `the total is now ${total}, not ${parsed.expectedTotalMinor}: please confirm the new price`, [
            { field: 'expectedTotalMinor', message: `total is ${total}` },
          ]);
        }
        const written = await writeOrder(
          trx,
          { houseId, lines: draftLines, quotaIds, buyer: parsed.buyer, consents, provider, complimentary: provider.method === 'free', source: context.source, actor: context.actor, holdId },
          at,
        );
        await remember(trx, written.order);
        return written;
      });
      placed = written;
      return written.order;
    });
    if (!result.replayed && placed !== undefined && !isBuiltIn(provider)) {
      const paymentUrl = await startPayment(houseId, placed.id, provider);
      if (paymentUrl !== undefined && 'id' in result.body) result.body = { ...result.body, paymentUrl };
    }
    return result;
  }

  function isBuiltIn(provider: PaymentProvider): boolean {
    return ['box_office', 'invoice', 'free', 'cash'].includes(provider.method);
  }

  function checkFree(provider: PaymentProvider, total: number, staff: boolean): void {
    if (provider.method === 'free' && total > 0 && !staff) {
      throw invalid('paymentMethod', 'free is only for tickets that cost nothing; choose another payment method');
    }
  }

  function ticketsUrlOf(orderId: string, token: string): string {
    return `${publicUrl}/public/orders/${orderId}/tickets?token=${encodeURIComponent(token)}`;
  }

  /** Turns an active hold into order lines; a hold that ran out is taken again if its seats are still free. */
  async function convertHold(trx: Executor, houseId: string, holdId: string, token: string, context: SaleContext, at: string) {
    const row = await openHold(trx, houseId, holdId, token);
    if (row.state !== 'active') throw new DomainError('hold_expired', `hold ${holdId} was already ${row.state === 'converted' ? 'booked' : 'released'}`);
    const lineRows = await store.holdLines(trx, holdId);
    const lines: ResolvedLine[] = [];
    for (const l of lineRows) {
      const plan = await inventory.plan(houseId, l.performance_id);
      if (context.unitId != null && plan.unitId !== context.unitId) throw notFound('hold', holdId);
      inventory.requireBookable(plan, context.staff);
      const category = plan.categories.find((c) => c.id === l.price_category_id);
      if (category === undefined) throw new DomainError('hold_expired', 'a price category of this hold no longer exists: please choose again');
      // The price of the moment the seats were held.
      lines.push({ plan, category, tariff: l.tariff, quantity: Number(l.quantity), unitPriceMinor: Number(l.unit_price_minor), currency: l.currency });
    }
    let quotaIds: string[][];
    if (row.expires_at > at) {
      await inventory.lockState(trx, houseId, lines.map((l) => l.plan), at);
      quotaIds = lineRows.map((l) => fromJson<string[]>(l.quota_ids, []));
    } else {
      // Expired: its claims no longer count; the seats are ours only if still free.
      try {
        quotaIds = await takeSeats(trx, houseId, lines, at);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'sold_out') {
          throw new DomainError('hold_expired', 'your reservation ran out and the seats have been taken meanwhile: please choose again', error.details);
        }
        throw error;
      }
    }
    await store.endHold(trx, holdId, 'converted', at);
    return { lines, quotaIds, holdId };
  }

  /** A sale at the desk: straight from items, cash by default. */
  async function sellAtDesk(scope: Scope, input: BoxOfficeSaleInput, context: Omit<SaleContext, 'source' | 'staff' | 'unitId'>): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(boxOfficeSaleInput, input);
    const staffContext: SaleContext = { ...context, source: 'box_office', staff: true, unitId: scope.unitId };
    const provider = payments.get(parsed.paymentMethod, { staff: true, enabled: [] });
    const lines = await resolveLines(scope.houseId, parsed.items, staffContext);
    const request = idempotencyOf(scope.houseId, 'order.desk', context.idempotencyKey, parsed);
    return idempotency.perform<Order>(request, 201, async (remember) => {
      const at = clock.now().toISOString();
      const written = await writeTransaction(database, async (trx) => {
        const quotaIds = await takeSeats(trx, scope.houseId, lines, at);
        const w = await writeOrder(
          trx,
          {
            houseId: scope.houseId,
            lines,
            quotaIds,
            buyer: { name: parsed.buyer.name, email: parsed.buyer.email ?? null, language: parsed.buyer.language },
            consents: { newsletter: parsed.consents.newsletter, recommendations: parsed.consents.recommendations },
            provider,
            complimentary: provider.method === 'free',
            source: 'box_office',
            actor: context.actor,
            holdId: null,
          },
          at,
        );
        await remember(trx, w.order);
        return w;
      });
      return written.order;
    });
  }

  // ---------- reading orders ----------

  async function ticketDtos(tickets: readonly store.TicketRow[], houseId: string): Promise<Ticket[]> {
    const plans = new Map<string, PerformancePlan>();
    for (const performanceId of new Set(tickets.map((t) => t.performance_id))) plans.set(performanceId, await inventory.plan(houseId, performanceId));
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

  function summaryOf(row: store.OrderRow): Omit<OrderSummary, 'ticketCount'> {
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

  async function orderOf(executor: Executor, houseId: string, orderId: string): Promise<Order> {
    const row = await store.findOrder(executor, houseId, orderId);
    if (row === undefined) throw notFound('order', orderId);
    const tickets = await store.ticketsOfOrders(executor, houseId, [orderId]);
    return { ...summaryOf(row), tickets: await ticketDtos(tickets, houseId) };
  }

  /** An order as staff see it: unit staff only orders with a ticket of their unit. */
  async function getOrder(scope: Scope, orderId: string): Promise<Order> {
    const order = await orderOf(db, scope.houseId, orderId);
    if (scope.unitId !== null && !(await inUnit(order.tickets, scope))) throw notFound('order', orderId);
    return order;
  }

  async function inUnit(tickets: readonly { performanceId: string }[], scope: Scope): Promise<boolean> {
    for (const performanceId of new Set(tickets.map((t) => t.performanceId))) {
      if ((await inventory.plan(scope.houseId, performanceId)).unitId === scope.unitId) return true;
    }
    return false;
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

  // ---------- changing orders ----------

  async function loadForChange(trx: Executor, scope: Scope, orderId: string) {
    const row = await store.findOrder(trx, scope.houseId, orderId);
    if (row === undefined) throw notFound('order', orderId);
    const tickets = await store.ticketsOfOrders(trx, scope.houseId, [orderId]);
    if (scope.unitId !== null && !(await inUnit(tickets.map((t) => ({ performanceId: t.performance_id })), scope))) throw notFound('order', orderId);
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

  async function productionOf(houseId: string, performanceId: string): Promise<string> {
    return (await inventory.plan(houseId, performanceId)).productionId;
  }

  /** Cancels the whole order or some of its tickets; the seats go back to the pool at once. */
  async function cancel(scope: Scope, orderId: string, input: CancelInput, context: Pick<SaleContext, 'actor' | 'idempotencyKey'>): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(cancelInput, input);
    const request = idempotencyOf(scope.houseId, `order.cancel:${orderId}`, context.idempotencyKey, parsed);
    let refund: { provider: PaymentProvider; row: store.OrderRow } | undefined;
    const result = await idempotency.perform<Order>(request, 200, async (remember) => {
      const at = clock.now().toISOString();
      await writeTransaction(database, async (trx) => {
        const { row, tickets } = await loadForChange(trx, scope, orderId);
        const state = row.state as OrderState;
        if (state === 'cancelled' || state === 'refunded') throw new DomainError('conflict', `order ${row.number} is already ${state}`);
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
        const performances = performancesOf(await Promise.all(chosen.map(async (t) => ({ performanceId: t.performance_id, productionId: await productionOf(scope.houseId, t.performance_id), quantity: 1 }))));
        await events.publish(bookingCancelled, { houseId: scope.houseId, orderId, cancelledAt: at, performances, reason: state === 'paid' ? 'refunded' : 'cancelled' }, { executor: trx });
        for (const p of performances) await events.publish(seatsReturned, { houseId: scope.houseId, performanceId: p.performanceId }, { executor: trx });
        await remember(trx, await orderOf(trx, scope.houseId, orderId));
        if (state === 'paid') refund = { provider: payments.get(row.payment_method, { staff: true, enabled: [] }), row };
      });
      return orderOf(db, scope.houseId, orderId);
    });
    // The money goes back after the seats did: a refusing provider leaves a refunded order to settle by hand, logged by the caller.
    if (refund !== undefined && !isBuiltIn(refund.provider)) await refund.provider.refund(paymentOrderOf(refund.row), refund.row.payment_ref);
    return result;
  }

  /** Swaps tickets for seats of another performance or category, in one transaction: never both or neither lost. */
  async function exchange(scope: Scope, orderId: string, input: ExchangeInput, context: Pick<SaleContext, 'actor' | 'idempotencyKey'>): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(exchangeInput, input);
    const request = idempotencyOf(scope.houseId, `order.exchange:${orderId}`, context.idempotencyKey, parsed);
    const staffContext = { staff: true, unitId: scope.unitId };
    const [target] = await resolveLines(scope.houseId, [{ ...parsed.to, quantity: parsed.ticketIds.length }], staffContext);
    if (target === undefined) throw invalid('to', 'nothing to exchange to');
    return idempotency.perform<Order>(request, 200, async (remember) => {
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
        const [quotaIds] = await takeSeats(trx, scope.houseId, [target], at);
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
        const given = performancesOf(await Promise.all(chosen.map(async (t) => ({ performanceId: t.performance_id, productionId: await productionOf(scope.houseId, t.performance_id), quantity: 1 }))));
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
        await remember(trx, await orderOf(trx, scope.houseId, orderId));
      });
      return orderOf(db, scope.houseId, orderId);
    });
  }

  /** The money arrived: at the desk, by transfer, or from a provider's confirmation. */
  async function settle(houseId: string, orderId: string, method: string | undefined, reference: string | null): Promise<void> {
    const at = clock.now().toISOString();
    await writeTransaction(database, async (trx) => {
      const row = await store.findOrder(trx, houseId, orderId);
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

  async function markPaid(scope: Scope, orderId: string, input: unknown, context: Pick<SaleContext, 'actor' | 'idempotencyKey'>): Promise<Replayable<Order | ErrorResponseBody>> {
    const parsed = parseInput(markPaidInput, input);
    if (parsed.paymentMethod !== undefined) payments.get(parsed.paymentMethod, { staff: true, enabled: [] });
    const request = idempotencyOf(scope.houseId, `order.pay:${orderId}`, context.idempotencyKey, parsed);
    return idempotency.perform<Order>(request, 200, async (remember) => {
      await getOrder(scope, orderId);
      await settle(scope.houseId, orderId, parsed.paymentMethod, parsed.reference ?? null);
      const order = await orderOf(db, scope.houseId, orderId);
      await remember(db, order);
      return order;
    });
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
    cancel,
    exchange,
    markPaid,
    /** For ticketing's own subscribers (timeline, mails): an order by id inside its house. */
    orderForHouse: (houseId: string, orderId: string) => orderOf(db, houseId, orderId),
  };
}

export type TicketingService = ReturnType<typeof createTicketingService>;
