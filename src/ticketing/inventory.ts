import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { inWriteTransaction } from '../core/db/transaction.ts';
import { DomainError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { available, type InventoryPlan, type PlanCategory, plannedQuotas, type QuotaKey, quotaKeysFor } from './model.ts';
import type { Availability } from './schemas.ts';
import * as store from './store.ts';

/*
 * What a performance offers, from the catalogue (capacity, price categories with their
 * quotas and reduced tariffs), and the quota rows that count it. The catalogue is read
 * outside the seat transaction and kept for a few seconds per performance: a hot
 * performance is booked thousands of times a second and its plan changes rarely. A
 * changed capacity or quota reaches the quota rows with the next booking.
 */

const PLAN_SECONDS = 2;

export interface PlanTariff {
  code: string;
  name: { de: string; en: string | null };
  amountMinor: number;
  eligible: string[];
}

export interface PlanCategoryDetail extends PlanCategory {
  code: string;
  name: { de: string; en: string | null };
  tariffs: PlanTariff[];
}

export interface PerformancePlan extends InventoryPlan {
  performanceId: string;
  houseId: string;
  productionId: string;
  unitId: string | null;
  title: { de: string; en: string | null };
  startsAt: string;
  status: string;
  hall: string | null;
  categories: PlanCategoryDetail[];
}

/** The quota rows of one performance by key, and which keys a new ticket counts against. */
export interface QuotaState {
  rows: store.QuotaRow[];
  held: Map<string, number>;
  byPerformance: Map<string, Map<string, store.QuotaRow>>;
}

export function createInventory({ database, clock, catalogue }: { database: Database; clock: Clock; catalogue: CatalogueService }) {
  const cache = new Map<string, { plan: PerformancePlan; until: number }>();

  async function loadPlan(houseId: string, performanceId: string): Promise<PerformancePlan> {
    const scope = { houseId, unitId: null };
    const performance = await catalogue.getPerformance(scope, performanceId);
    const prices = await catalogue.listPriceCategories(scope, { productionId: performance.productionId }, { limit: 500 });
    // A category of this performance replaces the production's category with the same code.
    const own = prices.items.filter((p) => p.performanceId === performanceId);
    const ownCodes = new Set(own.map((p) => p.code));
    const applicable = [...own, ...prices.items.filter((p) => p.performanceId === null && !ownCodes.has(p.code))].sort(
      (a, b) => a.sortOrder - b.sortOrder || b.amountMinor - a.amountMinor,
    );
    return {
      performanceId,
      houseId,
      productionId: performance.productionId,
      unitId: performance.production.unitId,
      title: performance.production.title,
      startsAt: performance.startsAt,
      status: performance.status,
      hall: performance.hall === null ? null : performance.hall.name,
      capacity: performance.effectiveCapacity ?? 0,
      categories: applicable.map((p) => ({
        id: p.id,
        code: p.code,
        name: p.name,
        quota: p.quota,
        amountMinor: p.amountMinor,
        currency: p.currency,
        reductions: p.reductions.map((r) => ({ code: r.code, amountMinor: r.amountMinor })),
        tariffs: p.reductions.map((r) => ({ code: r.code, name: { de: r.nameDe, en: r.nameEn }, amountMinor: r.amountMinor, eligible: r.eligible })),
      })),
    };
  }

  /** The plan of a performance of `houseId`; not_found for another house's. */
  async function plan(houseId: string, performanceId: string): Promise<PerformancePlan> {
    if (inWriteTransaction()) throw new Error('inventory.plan() inside a write transaction: load the plans before it (SQLite would wait for its own connection)');
    const now = clock.now().getTime();
    const cached = cache.get(performanceId);
    if (cached !== undefined && cached.until > now && cached.plan.houseId === houseId) return cached.plan;
    const fresh = await loadPlan(houseId, performanceId);
    if (cache.size > 10_000) cache.clear();
    cache.set(performanceId, { plan: fresh, until: now + PLAN_SECONDS * 1000 });
    return fresh;
  }

  /** Forget a plan at once: staff just changed the quotas of this performance. */
  function forget(performanceId: string): void {
    cache.delete(performanceId);
  }

  /**
   * Inside the seat transaction: the quota rows of the plans' performances, created where
   * missing and resized to the catalogue where staff did not fix a size, locked on
   * PostgreSQL; with the seats in unexpired holds.
   */
  async function lockState(trx: Executor, houseId: string, plans: readonly PerformancePlan[], now: string): Promise<QuotaState> {
    const performanceIds = [...new Set(plans.map((p) => p.performanceId))].sort();
    let rows = await store.lockQuotas(trx, database.engine, houseId, performanceIds);
    const missing = [];
    for (const p of plans) {
      const have = new Set(rows.filter((row) => row.performance_id === p.performanceId).map((row) => row.key));
      for (const quota of plannedQuotas(p)) {
        if (!have.has(quota.key)) missing.push({ id: newId(), house_id: houseId, performance_id: p.performanceId, key: quota.key, size: quota.size, sold: 0, pending: 0, size_fixed: 0, created_at: now, updated_at: now });
      }
    }
    if (missing.length > 0) {
      await store.insertQuotas(trx, missing);
      rows = await store.lockQuotas(trx, database.engine, houseId, performanceIds);
    }
    for (const p of plans) {
      for (const quota of plannedQuotas(p)) {
        const row = rows.find((r) => r.performance_id === p.performanceId && r.key === quota.key);
        if (row !== undefined && row.size_fixed === 0 && row.size !== quota.size) {
          await store.setQuotaSize(trx, row.id, quota.size, false, now);
          row.size = quota.size;
        }
      }
    }
    const held = await store.heldByQuota(trx, rows.map((row) => row.id), now);
    return { rows, held, byPerformance: groupByPerformance(rows) };
  }

  function groupByPerformance(rows: readonly store.QuotaRow[]): Map<string, Map<string, store.QuotaRow>> {
    const byPerformance = new Map<string, Map<string, store.QuotaRow>>();
    for (const row of rows) {
      const map = byPerformance.get(row.performance_id) ?? new Map<string, store.QuotaRow>();
      map.set(row.key, row);
      byPerformance.set(row.performance_id, map);
    }
    return byPerformance;
  }

  /** The keys in force for `plan`: what the catalogue plans now, plus the reduced seats staff set. */
  function keysInForce(p: PerformancePlan, quotas: ReadonlyMap<string, store.QuotaRow> | undefined): Set<string> {
    const keys = new Set<string>(plannedQuotas(p).map((q) => q.key));
    if (quotas?.has('reduced') === true) keys.add('reduced');
    return keys;
  }

  /** The quota ids a ticket of this category and tariff counts against. */
  function quotaIdsFor(p: PerformancePlan, state: QuotaState, categoryId: string, tariff: string | null): string[] {
    const quotas = state.byPerformance.get(p.performanceId);
    const keys: QuotaKey[] = quotaKeysFor(categoryId, tariff, keysInForce(p, quotas));
    return keys.map((key) => {
      const row = quotas?.get(key);
      if (row === undefined) throw new Error(`quota ${key} of performance ${p.performanceId} is missing after lockState`);
      return row.id;
    });
  }

  function availableById(state: QuotaState): Map<string, number> {
    return new Map(state.rows.map((row) => [row.id, available({ size: row.size, sold: row.sold, pending: row.pending, held: state.held.get(row.id) ?? 0 })]));
  }

  /** Why a performance cannot be booked now, or null. Staff may sell until the end of the day's performance. */
  function closedReason(p: PerformancePlan, at: Date, staff: boolean): string | null {
    if (p.status === 'cancelled') return 'cancelled';
    if (p.categories.length === 0) return 'no_prices';
    if (p.capacity <= 0) return 'no_capacity';
    const graceMs = staff ? 3 * 3600_000 : 0;
    if (Date.parse(p.startsAt) + graceMs <= at.getTime()) return 'past';
    return null;
  }

  function requireBookable(p: PerformancePlan, staff: boolean): void {
    const reason = closedReason(p, clock.now(), staff);
    if (reason === null) return;
    const messages: Record<string, string> = {
      cancelled: 'this performance is cancelled',
      no_prices: 'this performance has no price categories to book',
      no_capacity: 'this performance has no seats to book (no capacity)',
      past: 'this performance has already begun',
    };
    throw new DomainError('validation', `performanceId: ${messages[reason] ?? reason}`, [{ field: 'performanceId', message: reason }]);
  }

  /** Availability as a visitor sees it: a read without locks, exact at the moment of reading. */
  async function availability(houseId: string, performanceId: string, options: { staff?: boolean; executor?: Executor } = {}): Promise<Availability> {
    const p = await plan(houseId, performanceId);
    const db = options.executor ?? database.db;
    const now = clock.now();
    const rows = await store.quotasOf(db, houseId, [performanceId]);
    const held = await store.heldByQuota(db, rows.map((row) => row.id), now.toISOString());
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const keys = keysInForce(p, byKey);
    const free = (key: string, size: number): number => {
      const row = byKey.get(key);
      return row === undefined ? Math.max(0, size) : available({ size: row.size, sold: row.sold, pending: row.pending, held: held.get(row.id) ?? 0 });
    };
    const sizeOf = new Map(plannedQuotas(p).map((q) => [q.key as string, q.size]));
    const seatsFor = (categoryId: string, tariff: string | null) =>
      Math.min(...quotaKeysFor(categoryId, tariff, keys).map((key) => free(key, sizeOf.get(key) ?? 0)));
    const capacityFree = free('capacity', p.capacity);
    const reason = closedReason(p, now, options.staff ?? false) ?? (capacityFree === 0 ? 'sold_out' : null);
    return {
      performanceId,
      productionId: p.productionId,
      title: p.title,
      startsAt: p.startsAt,
      status: p.status,
      hall: p.hall,
      bookable: reason === null,
      reason,
      capacity: p.capacity,
      available: capacityFree,
      categories: p.categories.map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        amountMinor: c.amountMinor,
        currency: c.currency,
        available: seatsFor(c.id, null),
        reducedAvailable: c.tariffs.length === 0 ? 0 : seatsFor(c.id, c.tariffs[0]?.code ?? null),
        tariffs: c.tariffs,
      })),
    };
  }

  return { plan, forget, lockState, quotaIdsFor, availableById, availability, requireBookable };
}

export type Inventory = ReturnType<typeof createInventory>;
