import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import { notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { Events } from '../../core/jobs/events.ts';
import { normaliseTicketCode } from '../codes.ts';
import { ticketCheckedIn } from '../events.ts';
import type { PerformancePlan } from '../inventory.ts';
import { type CheckInResult, checkInDecision } from '../model.ts';
import { type CheckIn, checkInInput } from '../schemas.ts';
import type { TicketingService } from '../service.ts';
import type { TicketScanTable } from '../tables.ts';
import { type CheckInCodes, type CheckInSync, type CheckInSyncInput, checkInSyncInput } from './schemas.ts';
import * as store from './store.ts';

/*
 * The door. One scan: read the ticket by its code, decide (model.checkInDecision), let it
 * in with one conditional UPDATE, log the scan whatever it meant, and publish the
 * check-in, all in one short transaction. A tablet without network works from the
 * performance's code list and sends its scans later: they are applied in the order they
 * were made, the first scan of a code wins, and a batch sent twice changes nothing.
 */

export interface CheckInDeps {
  database: Database;
  clock: Clock;
  events: Events;
  ticketing: Pick<TicketingService, 'inventory' | 'orderForHouse'>;
}

export interface ScanContext {
  /** 'staff:<id>' or 'api_key:<id>': who stood at the door. */
  actor: string;
}

type ScannedTicket = store.ScannedRow;

function viewOf(row: ScannedTicket | undefined) {
  return row === undefined ? undefined : { performanceId: row.performance_id, state: row.state === 'cancelled' ? ('cancelled' as const) : ('valid' as const), checkedInAt: row.checked_in_at };
}

export function createCheckIn({ database, clock, events, ticketing }: CheckInDeps) {
  const { db } = database;

  /** The performance, if the staff member may work its door: unit staff only their unit's. */
  async function doorOf(scope: Scope, performanceId: string): Promise<PerformancePlan> {
    const plan = await ticketing.inventory.plan(scope.houseId, performanceId);
    if (scope.unitId !== null && plan.unitId !== scope.unitId) throw notFound('performance', performanceId);
    return plan;
  }

  /** Inside the transaction: lets the ticket in at `at` if nobody did; what the scan turned out to be. */
  async function admit(trx: Executor, houseId: string, plan: PerformancePlan, row: ScannedTicket, at: string, actor: string): Promise<{ result: CheckInResult; checkedInAt: string | null }> {
    if (!(await store.markCheckedIn(trx, row.id, at, actor))) {
      // Another door was a moment faster.
      return { result: 'already_used', checkedInAt: await store.checkedInAtOf(trx, row.id) };
    }
    await events.publish(
      ticketCheckedIn,
      { houseId, orderId: row.order_id, ticketId: row.id, performanceId: plan.performanceId, productionId: plan.productionId, checkedInAt: at },
      { executor: trx },
    );
    return { result: 'valid', checkedInAt: at };
  }

  /** One scan at the door, online. */
  async function scan(scope: Scope, input: unknown, context: ScanContext): Promise<CheckIn> {
    const parsed = parseInput(checkInInput, input);
    const plan = await doorOf(scope, parsed.performanceId);
    const code = normaliseTicketCode(parsed.code);
    const at = clock.now().toISOString();
    const { row, outcome } = await writeTransaction(database, async (trx) => {
      const found = await store.ticketByCode(trx, scope.houseId, code);
      const decided = checkInDecision(viewOf(found), plan.performanceId);
      const result =
        decided === 'valid' && found !== undefined ? await admit(trx, scope.houseId, plan, found, at, context.actor) : { result: decided, checkedInAt: found?.checked_in_at ?? null };
      await store.insertScans(trx, [
        { id: newId(), house_id: scope.houseId, performance_id: plan.performanceId, ticket_id: found?.id ?? null, code, result: result.result, scanned_at: at, device: parsed.device ?? null, offline: 0, scanned_by: context.actor, created_at: at },
      ]);
      return { row: found, outcome: result };
    });
    const answer: CheckIn = { result: outcome.result, code, checkedInAt: outcome.checkedInAt, ticket: null, orderNumber: null, buyerName: null, paymentDue: false };
    if (row === undefined) return answer;
    // A ticket for another unit's performance: unit staff learn only that it is not for this door.
    if (outcome.result === 'wrong_performance' && scope.unitId !== null) {
      const other = await ticketing.inventory.plan(scope.houseId, row.performance_id);
      if (other.unitId !== scope.unitId) return answer;
    }
    const order = await ticketing.orderForHouse(scope.houseId, row.order_id);
    return {
      ...answer,
      ticket: order.tickets.find((ticket) => ticket.id === row.id) ?? null,
      orderNumber: order.number,
      buyerName: order.buyer.name,
      paymentDue: order.state === 'pending',
    };
  }

  /** Everything a tablet needs to check in one performance without network. */
  async function codes(scope: Scope, performanceId: string): Promise<CheckInCodes> {
    const plan = await doorOf(scope, performanceId);
    const syncedAt = clock.now().toISOString();
    const rows = await store.doorList(db, scope.houseId, performanceId);
    const names = new Map(plan.categories.map((category) => [category.id, category.name]));
    return {
      performanceId,
      syncedAt,
      tickets: rows.map((row) => ({
        code: row.code,
        state: row.state === 'cancelled' ? 'cancelled' : 'valid',
        checkedInAt: row.checked_in_at,
        category: names.get(row.price_category_id) ?? { de: '—', en: null },
        tariff: row.tariff,
        orderNumber: row.number,
        buyerName: row.buyer_name,
        paymentDue: row.order_state === 'pending',
      })),
    };
  }

  /**
   * Scans a tablet made offline. Applied in scannedAt order: the first scan of a code
   * lets it in at its scannedAt, later ones are already_used. A scan this device sent
   * before (same code and scannedAt) is answered as it was the first time and not
   * written again, so a batch resent after a lost answer changes nothing.
   */
  async function sync(scope: Scope, performanceId: string, input: CheckInSyncInput, context: ScanContext): Promise<CheckInSync> {
    const parsed = parseInput(checkInSyncInput, input);
    const plan = await doorOf(scope, performanceId);
    const device = parsed.device;
    const scans = parsed.scans.map((s, index) => ({ index, sent: s.code, code: normaliseTicketCode(s.code), scannedAt: new Date(s.scannedAt).toISOString() }));
    const ordered = [...scans].sort((a, b) => a.scannedAt.localeCompare(b.scannedAt) || a.index - b.index);
    const now = clock.now().toISOString();
    const results = await writeTransaction(database, async (trx) => {
      // PostgreSQL: two syncs of one performance (a resend while the first still runs) take
      // turns, so the second sees the first's scans. SQLite's write lock already does this.
      if (database.engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`foyer-check-in:${performanceId}`}))`.execute(trx);
      const seen = new Map((await store.offlineScansOf(trx, scope.houseId, performanceId, device)).map((s) => [`${s.code}|${s.scanned_at}`, s.result as CheckInResult]));
      const tickets = new Map((await store.ticketsByCodes(trx, scope.houseId, [...new Set(scans.map((s) => s.code))])).map((row) => [row.code, row]));
      const outcomes = new Map<number, CheckInResult>();
      const written: Insertable<TicketScanTable>[] = [];
      for (const s of ordered) {
        const key = `${s.code}|${s.scannedAt}`;
        const before = seen.get(key);
        if (before !== undefined) {
          outcomes.set(s.index, before);
          continue;
        }
        const row = tickets.get(s.code);
        let result = checkInDecision(viewOf(row), plan.performanceId);
        if (result === 'valid' && row !== undefined) {
          const admitted = await admit(trx, scope.houseId, plan, row, s.scannedAt, context.actor);
          result = admitted.result;
          tickets.set(s.code, { ...row, checked_in_at: admitted.checkedInAt });
        }
        seen.set(key, result);
        outcomes.set(s.index, result);
        written.push({ id: newId(), house_id: scope.houseId, performance_id: plan.performanceId, ticket_id: row?.id ?? null, code: s.code, result, scanned_at: s.scannedAt, device, offline: 1, scanned_by: context.actor, created_at: now });
      }
      await store.insertScans(trx, written);
      return scans.map((s) => {
        const result = outcomes.get(s.index) ?? 'unknown';
        const checkedInAt = result === 'valid' || result === 'already_used' ? (tickets.get(s.code)?.checked_in_at ?? null) : null;
        return { code: s.sent, result, checkedInAt };
      });
    });
    return { results };
  }

  return { scan, codes, sync };
}

export type CheckInService = ReturnType<typeof createCheckIn>;
