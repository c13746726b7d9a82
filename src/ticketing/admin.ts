import type { Scope } from '../core/auth/model.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { fromJson } from '../core/db/json.ts';
import { writeTransaction } from '../core/db/transaction.ts';
import { notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { parseInput } from '../core/input.ts';
import type { Events } from '../core/jobs/events.ts';
import { seatsReturned } from './events.ts';
import type { Inventory as InventoryService, PerformancePlan } from './inventory.ts';
import { available, salesCurve } from './model.ts';
import { type Inventory, type QuotaSettingsInput, quotaSettingsInput } from './schemas.ts';
import * as reports from './admin-store.ts';
import * as store from './store.ts';

/*
 * What the box office manager sees and sets per performance: sold, reserved, held and
 * free seats per category, the quotas, check-ins, the sales curve, the waiting list; and
 * the seats of the performance or those kept for reduced tariffs.
 */

export function createTicketingAdmin({ database, clock, events, inventory }: { database: Database; clock: Clock; events: Events; inventory: InventoryService }) {
  const { db } = database;

  async function planInScope(scope: Scope, performanceId: string): Promise<PerformancePlan> {
    const plan = await inventory.plan(scope.houseId, performanceId);
    if (scope.unitId !== null && plan.unitId !== scope.unitId) throw notFound('performance', performanceId);
    return plan;
  }

  async function report(scope: Scope, performanceId: string): Promise<Inventory> {
    const plan = await planInScope(scope, performanceId);
    const now = clock.now().toISOString();
    const availability = await inventory.availability(scope.houseId, performanceId, { staff: true });
    const quotas = await store.quotasOf(db, scope.houseId, [performanceId]);
    const held = await store.heldByQuota(db, quotas.map((q) => q.id), now);
    const counts = await reports.ticketCounts(db, scope.houseId, performanceId);
    const heldByCategory = new Map((await reports.heldByCategory(db, scope.houseId, performanceId, now)).map((row) => [row.price_category_id, Number(row.n)]));
    const categoryCount = (id: string, state: string) => counts.filter((c) => c.price_category_id === id && c.state === state).reduce((sum, c) => sum + Number(c.n), 0);
    return {
      availability,
      quotas: quotas.map((q) => {
        const h = held.get(q.id) ?? 0;
        return { id: q.id, key: q.key, size: q.size, sold: q.sold, pending: q.pending, held: h, available: available({ size: q.size, sold: q.sold, pending: q.pending, held: h }), sizeFixed: q.size_fixed === 1 };
      }),
      categories: availability.categories.map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        sold: categoryCount(c.id, 'paid'),
        pending: categoryCount(c.id, 'pending'),
        held: heldByCategory.get(c.id) ?? 0,
        free: c.available,
      })),
      checkedIn: counts.reduce((sum, c) => sum + Number(c.checked_in), 0),
      salesCurve: salesCurve(await reports.saleInstants(db, scope.houseId, performanceId), plan.startsAt),
      waiting: await reports.waitingCount(db, scope.houseId, performanceId),
    };
  }

  /** Fixes the capacity below the hall's or the seats for reduced tariffs; null returns to the catalogue's. */
  async function setQuotas(scope: Scope, performanceId: string, input: QuotaSettingsInput): Promise<Inventory> {
    const parsed = parseInput(quotaSettingsInput, input);
    const plan = await planInScope(scope, performanceId);
    const at = clock.now().toISOString();
    await writeTransaction(database, async (trx) => {
      await inventory.lockState(trx, scope.houseId, [plan], at);
      const rows = await store.quotasOf(trx, scope.houseId, [performanceId]);
      const capacity = rows.find((r) => r.key === 'capacity');
      if (parsed.capacity !== undefined && capacity !== undefined) {
        await store.setQuotaSize(trx, capacity.id, parsed.capacity ?? plan.capacity, parsed.capacity !== null, at);
      }
      if (parsed.reducedSeats !== undefined) {
        const reduced = rows.find((r) => r.key === 'reduced');
        if (parsed.reducedSeats === null) {
          if (reduced !== undefined) await store.deleteQuota(trx, reduced.id);
        } else if (reduced === undefined) {
          // Reduced tickets sold before the limit existed count against it from now on.
          const id = newId();
          const sold = await reports.validReducedTickets(trx, scope.houseId, performanceId);
          const count = (state: string) => sold.filter((t) => t.order_state === state).length;
          await store.insertQuotas(trx, [
            { id, house_id: scope.houseId, performance_id: performanceId, key: 'reduced', size: parsed.reducedSeats, sold: count('paid'), pending: count('pending'), size_fixed: 1, created_at: at, updated_at: at },
          ]);
          for (const ticket of sold) await reports.setTicketQuotas(trx, ticket.id, [...fromJson<string[]>(ticket.quota_ids, []), id], at);
        } else {
          await store.setQuotaSize(trx, reduced.id, parsed.reducedSeats, true, at);
        }
      }
      // More seats may mean the first in the waiting line gets an offer.
      await events.publish(seatsReturned, { houseId: scope.houseId, performanceId }, { executor: trx });
    });
    inventory.forget(performanceId);
    return report(scope, performanceId);
  }

  /** Tickets sold before each cutoff, per performance (no person): for the booking curve. */
  async function soldBefore(houseId: string, cutoffs: readonly { performanceId: string; before: string }[]): Promise<Map<string, number>> {
    return reports.soldBefore(db, houseId, cutoffs);
  }

  return { inventory: report, setQuotas, soldBefore };
}

export type TicketingAdmin = ReturnType<typeof createTicketingAdmin>;
