import { hashToken, safeEqual } from '../core/auth/tokens.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { fromJson } from '../core/db/json.ts';
import { writeTransaction } from '../core/db/transaction.ts';
import { writePlaced } from './desk-write.ts';
import { DomainError, notFound } from '../core/errors.ts';
import { type ErrorResponseBody, errorResponseOf, findKeys, inProgress, mismatch, type Replayable, storeAnswers } from '../core/idempotency.ts';
import type { Events } from '../core/jobs/events.ts';
import type { MailOutbox } from '../core/mail/outbox.ts';
import type { Inventory, PerformancePlan, PlanCategoryDetail, QuotaState } from './inventory.ts';
import { decideSeats, type SaleSource } from './model.ts';
import type { PaymentProvider } from './payments.ts';
import type { Order } from './schemas.ts';
import * as store from './store.ts';
import type { OrderConsents, Plans } from './views.ts';

/*
 * The booking desk: where orders take their seats. Bookings that arrive while a
 * transaction is running wait for the next one and are then placed together, up to
 * MAX_BATCH at a time: one transaction locks the quotas once, decides each booking in
 * arrival order against the seats the earlier ones left, and writes all orders, tickets
 * and counters with a few multi-row statements. Under load this is group commit (one
 * commit and one lock for many bookings: the SQLite commit alone cost a third of a
 * booking, measured with bench/booking.ts); alone, a booking is a batch of one and waits
 * for nothing. Each booking still gets its own answer: a sold-out one does not stop the
 * others, and if a batch fails as a whole, its bookings are placed again one by one so
 * that one bad booking cannot sink the rest.
 *
 * Idempotency keys are checked and answered inside the same transaction, after the
 * quotas are locked: a retry of the same request needs the same quotas, so it waits for
 * the first to commit and then finds its answer. A retry arriving in this process while
 * the first is still on its way gets 409 at once.
 */

const MAX_BATCH = 100;

export interface ResolvedLine {
  plan: PerformancePlan;
  category: PlanCategoryDetail;
  tariff: string | null;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
}

export interface DeskBooking {
  houseId: string;
  /** Seats named directly ... */
  lines: ResolvedLine[] | null;
  /** ... or a hold to turn into tickets, with its performances' plans read beforehand. */
  hold: { id: string; token: string; plans: Plans } | null;
  buyer: { name: string; email: string | null; language: 'de' | 'en' };
  consents: OrderConsents;
  provider: PaymentProvider;
  source: SaleSource;
  actor: string;
  staff: boolean;
  unitId: string | null;
  expectedTotalMinor: number | undefined;
  idempotency: { scope: string; key: string; requestHash: string } | undefined;
}

type Answer = Replayable<Order | ErrorResponseBody>;

type Settled = { waiting: Waiting; answer: Answer; error?: undefined } | { waiting: Waiting; answer?: undefined; error: unknown };

interface Waiting {
  booking: DeskBooking;
  resolve(answer: Answer): void;
  reject(error: unknown): void;
}

/** What one booking came to inside a batch, before anything is written. */
type Decision =
  | { kind: 'placed'; lines: ResolvedLine[]; quotaIds: string[][]; holdId: string | null }
  | { kind: 'refused'; error: DomainError }
  | { kind: 'replay'; answer: Answer }
  | { kind: 'failed'; error: DomainError };

export function soldOut(lines: readonly ResolvedLine[], shortBy: { line: number; available: number }[]): DomainError {
  const details = shortBy.map(({ line, available }) => {
    const l = lines[line];
    const what = l === undefined ? 'these seats' : `${l.category.name.de} for ${l.plan.title.de}`;
    return { field: `items.${line}.quantity`, message: available === 0 ? `sold out: no seats left in ${what}` : `only ${available} seats left in ${what}` };
  });
  return new DomainError('sold_out', details.map((d) => d.message).join('; '), details);
}

/** Inside a seat transaction: the quota ids for `lines`, if they fit; else sold_out. For holds and exchanges. */
export async function takeSeats(trx: Executor, inventory: Inventory, houseId: string, lines: readonly ResolvedLine[], now: string): Promise<string[][]> {
  const state = await inventory.lockState(trx, houseId, lines.map((l) => l.plan), now);
  const quotaIds = lines.map((l) => inventory.quotaIdsFor(l.plan, state, l.category.id, l.tariff));
  const decision = decideSeats(lines.map((l, i) => ({ quotaIds: quotaIds[i] ?? [], quantity: l.quantity })), inventory.availableById(state));
  if (!decision.ok) throw soldOut(lines, decision.shortBy);
  return quotaIds;
}

export function totalOf(lines: readonly { unitPriceMinor: number; quantity: number }[]): number {
  return lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
}

export interface DeskDeps {
  database: Database;
  clock: Clock;
  events: Events;
  outbox: Pick<MailOutbox, 'enqueueMany'>;
  inventory: Inventory;
  ticketsUrlOf(orderId: string, token: string): string;
}

export function createBookingDesk({ database, clock, events, outbox, inventory, ticketsUrlOf }: DeskDeps) {
  const queue: Waiting[] = [];
  const inFlight = new Set<string>();
  let running = false;
  let scheduled = false;

  /** Places one booking; resolves with its answer (or a replayed one), rejects with its refusal. */
  function place(booking: DeskBooking): Promise<Answer> {
    const flightKey = booking.idempotency === undefined ? undefined : `${booking.houseId}|${booking.idempotency.scope}|${booking.idempotency.key}`;
    if (flightKey !== undefined) {
      if (inFlight.has(flightKey)) return Promise.reject(inProgress());
      inFlight.add(flightKey);
    }
    return new Promise<Answer>((resolve, reject) => {
      queue.push({ booking, resolve, reject });
      schedule();
    }).finally(() => {
      if (flightKey !== undefined) inFlight.delete(flightKey);
    });
  }

  /*
   * The batch starts in the event loop's check phase, after every request that arrived in
   * this poll phase has been read and queued. Started at once, it would run (SQLite is
   * synchronous, the rest are microtasks) before the next socket is even read, and every
   * batch would hold one booking.
   */
  function schedule(): void {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void drain();
    });
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        await runBatch(batch);
        // Let the sockets that became readable meanwhile queue their bookings too.
        if (queue.length > 0 && queue.length < MAX_BATCH) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      running = false;
    }
  }

  async function runBatch(batch: Waiting[]): Promise<void> {
    let settled: Settled[];
    try {
      settled = await writeTransaction(database, (trx) => placeAll(trx, batch));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One booking broke the whole transaction: place them one by one.
      for (const waiting of batch) await runBatch([waiting]);
      return;
    }
    for (const s of settled) {
      if (s.answer !== undefined) s.waiting.resolve(s.answer);
      else s.waiting.reject(s.error);
    }
  }

  /** Inside the transaction: decides every booking of the batch in arrival order, then writes them all. */
  async function placeAll(trx: Executor, batch: readonly Waiting[]) {
    const at = clock.now().toISOString();
    const byHouse = new Map<string, Waiting[]>();
    for (const waiting of batch) byHouse.set(waiting.booking.houseId, [...(byHouse.get(waiting.booking.houseId) ?? []), waiting]);
    const results: Settled[] = [];
    // Houses in id order, so that two batches lock their quotas in the same order.
    for (const [houseId, waitings] of [...byHouse].sort(([a], [b]) => a.localeCompare(b))) results.push(...(await placeForHouse(trx, houseId, waitings, at)));
    return results;
  }

  async function placeForHouse(trx: Executor, houseId: string, batch: readonly Waiting[], at: string) {
    // 1. Lock the quotas once (plans were read before the transaction). Everything read
    // after this sees what the bookings before us committed: on PostgreSQL a second batch
    // for the same seats waits here, then finds a hold already booked or a key answered.
    const plans = new Map<string, PerformancePlan>();
    for (const { booking } of batch) {
      for (const line of booking.lines ?? []) plans.set(line.plan.performanceId, line.plan);
      for (const [id, plan] of booking.hold?.plans ?? []) plans.set(id, plan);
    }
    const state = await inventory.lockState(trx, houseId, [...plans.values()], at);
    const available = inventory.availableById(state);
    // 2. The holds' rows and lines, read under the lock.
    const holdLines = new Map<string, { row: store.HoldRow | undefined; lines: store.HoldLineRow[] }>();
    for (const { booking } of batch) {
      if (booking.hold === null || holdLines.has(booking.hold.id)) continue;
      holdLines.set(booking.hold.id, { row: await store.findHold(trx, houseId, booking.hold.id), lines: await store.holdLines(trx, houseId, booking.hold.id) });
    }
    // 3. Keys answered before (a retry waited for its first attempt here).
    const known = new Map<string, Awaited<ReturnType<typeof findKeys>>[number]>();
    const scopes = new Set(batch.flatMap(({ booking }) => (booking.idempotency === undefined ? [] : [booking.idempotency.scope])));
    for (const scope of scopes) {
      const keys = batch.flatMap(({ booking }) => (booking.idempotency?.scope === scope ? [booking.idempotency.key] : []));
      for (const row of await findKeys(trx, houseId, scope, keys)) known.set(`${scope}|${row.key}`, row);
    }
    // 4. Decide in arrival order.
    const converted = new Set<string>();
    const decisions: Decision[] = batch.map(({ booking }) => {
      const key = booking.idempotency;
      if (key !== undefined) {
        const found = known.get(`${key.scope}|${key.key}`);
        if (found !== undefined) {
          if (found.request_hash !== key.requestHash) return { kind: 'failed', error: mismatch() };
          if (found.state === 'done') return { kind: 'replay', answer: { status: found.response_status ?? 200, body: fromJson<Order | ErrorResponseBody>(found.response_body, { error: { code: 'gone', message: '', details: [] } }), replayed: true } };
          if (found.locked_until > at) return { kind: 'failed', error: inProgress() };
        }
      }
      try {
        return decide(booking, state, available, holdLines, converted, at);
      } catch (error) {
        if (error instanceof DomainError) return { kind: 'refused', error };
        throw error;
      }
    });
    // 5. Write what was placed, and the answers of the keyed ones.
    const placed = await writePlaced({ events, outbox, ticketsUrlOf }, trx, houseId, batch.map((waiting, index) => {
      const decision = decisions[index];
      return decision?.kind === 'placed' ? { booking: waiting.booking, ...decision } : null;
    }), at);
    const answers: { houseId: string; scope: string; key: string; requestHash: string; status: number; body: unknown }[] = [];
    const results: Settled[] = batch.map((waiting, index): Settled => {
      const decision = decisions[index];
      const key = waiting.booking.idempotency;
      if (decision === undefined) return { waiting, error: new Error('no decision') };
      if (decision.kind === 'replay') return { waiting, answer: decision.answer };
      if (decision.kind === 'failed') return { waiting, error: decision.error };
      if (decision.kind === 'refused') {
        if (key !== undefined && decision.error.code !== 'busy') {
          const response = errorResponseOf(decision.error);
          answers.push({ houseId, ...key, status: response.status, body: response.body });
        }
        return { waiting, error: decision.error };
      }
      const order = placed.get(index);
      if (order === undefined) return { waiting, error: new Error('placed order missing') };
      if (key !== undefined) answers.push({ houseId, ...key, status: 201, body: order });
      return { waiting, answer: { status: 201, body: order, replayed: false } };
    });
    // A key sent twice in one batch: the second gets the first's answer.
    const seen = new Map<string, number>();
    results.forEach((result, index) => {
      const key = result.waiting.booking.idempotency;
      if (key === undefined) return;
      const id = `${key.scope}|${key.key}`;
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, index);
        return;
      }
      const earlier = results[first];
      results[index] = earlier?.answer !== undefined ? { waiting: result.waiting, answer: { ...earlier.answer, replayed: true } } : { waiting: result.waiting, error: earlier?.error ?? inProgress() };
    });
    await storeAnswers(trx, dedupe(answers), at);
    return results;
  }

  function dedupe<T extends { scope: string; key: string }>(rows: readonly T[]): T[] {
    const byKey = new Map<string, T>();
    for (const row of rows) if (!byKey.has(`${row.scope}|${row.key}`)) byKey.set(`${row.scope}|${row.key}`, row);
    return [...byKey.values()];
  }

  /** One booking against what is left: its lines and quota ids, or a refusal. Takes its seats from `available`. */
  function decide(
    booking: DeskBooking,
    state: QuotaState,
    available: Map<string, number>,
    holds: ReadonlyMap<string, { row: store.HoldRow | undefined; lines: store.HoldLineRow[] }>,
    converted: Set<string>,
    at: string,
  ): Decision {
    let lines: ResolvedLine[];
    let quotaIds: string[][];
    let holdId: string | null = null;
    let needsSeats = true;
    if (booking.hold !== null) {
      const found = holds.get(booking.hold.id);
      const row = found?.row;
      if (row === undefined || !safeEqual(row.token_hash, hashToken(booking.hold.token))) throw notFound('hold', booking.hold.id);
      if (row.state !== 'active' || converted.has(row.id)) throw new DomainError('hold_expired', `hold ${row.id} was already ${row.state === 'released' ? 'released' : 'booked'}`);
      lines = (found?.lines ?? []).map((l) => {
        const plan = booking.hold?.plans.get(l.performance_id);
        if (plan === undefined) throw new Error(`the plan of performance ${l.performance_id} was not read before the transaction`);
        if (booking.unitId !== null && plan.unitId !== booking.unitId) throw notFound('hold', row.id);
        inventory.requireBookable(plan, booking.staff);
        const category = plan.categories.find((c) => c.id === l.price_category_id);
        if (category === undefined) throw new DomainError('hold_expired', 'a price category of this hold no longer exists: please choose again');
        // The price of the moment the seats were held.
        return { plan, category, tariff: l.tariff, quantity: Number(l.quantity), unitPriceMinor: Number(l.unit_price_minor), currency: l.currency };
      });
      holdId = row.id;
      // An active hold's seats are its own: counted in `held` until now, sold from now on.
      needsSeats = row.expires_at <= at;
      quotaIds = needsSeats ? lines.map((l) => inventory.quotaIdsFor(l.plan, state, l.category.id, l.tariff)) : (found?.lines ?? []).map((l) => fromJson<string[]>(l.quota_ids, []));
      if (booking.provider.method === 'free' && totalOf(lines) > 0 && !booking.staff) {
        throw new DomainError('validation', 'paymentMethod: free is only for tickets that cost nothing; choose another payment method', [{ field: 'paymentMethod', message: 'not free' }]);
      }
    } else {
      lines = booking.lines ?? [];
      quotaIds = lines.map((l) => inventory.quotaIdsFor(l.plan, state, l.category.id, l.tariff));
    }
    const total = booking.provider.method === 'free' ? 0 : totalOf(lines);
    if (booking.expectedTotalMinor !== undefined && booking.expectedTotalMinor !== total) {
      throw new DomainError('price_changed', `the total is now ${total}, not ${booking.expectedTotalMinor}: please confirm the new price`, [{ field: 'expectedTotalMinor', message: `total is ${total}` }]);
    }
    if (needsSeats) {
      const decision = decideSeats(lines.map((l, i) => ({ quotaIds: quotaIds[i] ?? [], quantity: l.quantity })), available);
      if (!decision.ok) {
        const refusal = soldOut(lines, decision.shortBy);
        if (booking.hold === null) throw refusal;
        throw new DomainError('hold_expired', 'your reservation ran out and the seats have been taken meanwhile: please choose again', refusal.details);
      }
      lines.forEach((l, i) => {
        for (const id of quotaIds[i] ?? []) available.set(id, (available.get(id) ?? 0) - l.quantity);
      });
    }
    if (holdId !== null) converted.add(holdId);
    return { kind: 'placed', lines, quotaIds, holdId };
  }

  return { place };
}

export type BookingDesk = ReturnType<typeof createBookingDesk>;
