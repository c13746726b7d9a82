import { sql } from 'kysely';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Clock } from '../../core/clock.ts';
import { lockTransaction } from '../../core/db/batch.ts';
import type { Database } from '../../core/db/database.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import { isDomainError } from '../../core/errors.ts';
import type { MailMessage } from '../../core/mail/model.ts';
import type { MailOutbox } from '../../core/mail/outbox.ts';
import type { Availability, Hold } from '../schemas.ts';
import type { SaleContext, TicketingService } from '../service.ts';
import * as ticketingStore from '../store.ts';
import { titleIn } from '../tickets/model.ts';
import { offerMail, waitingListOfferMail } from './mail.ts';
import { offerDecision, stateAfterOffer } from './model.ts';
import * as store from './store.ts';
import { type Language, languageOf } from './texts.ts';

/*
 * Making offers. The hold is taken first, in ticketing's own seat transaction; then one
 * short transaction claims the entry (only a waiting entry becomes offered) and queues
 * the mail, so the state and the mail commit together. A crash in between leaves a hold
 * nobody knows of, which simply runs out.
 *
 * The walk through one performance's queue is serialised (in this process by a promise
 * chain, across processes on PostgreSQL by an advisory lock), so the first in line is
 * served first even when the event and the minute job arrive together; the claim alone
 * already makes a second offer of the same entry impossible.
 */

/** A queue that keeps fitting (many small returns) is still walked in bounded steps. */
const MAX_OFFERS_PER_RUN = 200;

const offerContext: SaleContext = { source: 'waiting_list', staff: false, actor: 'system:waiting-list' };

export interface OffersDeps {
  database: Database;
  clock: Clock;
  ticketing: Pick<TicketingService, 'availability' | 'hold' | 'getHold' | 'inventory' | 'settings'>;
  catalogue: Pick<CatalogueService, 'getHouse'>;
  outbox: Pick<MailOutbox, 'enqueue'>;
  publicUrl: string;
  logger?: { error(details: object, message: string): void } | undefined;
}

function wishOf(entry: Pick<store.EntryRow, 'price_category_id' | 'tariff' | 'quantity'>) {
  return { priceCategoryId: entry.price_category_id, tariff: entry.tariff, quantity: Number(entry.quantity) };
}

/** The performance, category and tariff of an offer, by name, in the reader's language. */
export async function offerFacts(ticketing: Pick<TicketingService, 'inventory'>, entry: store.EntryRow, hold: Hold, language: Language) {
  const plan = await ticketing.inventory.plan(entry.house_id, entry.performance_id);
  const category = plan.categories.find((c) => c.id === entry.price_category_id);
  const tariff = entry.tariff === null ? undefined : category?.tariffs.find((t) => t.code === entry.tariff);
  return {
    title: titleIn(plan.title, language),
    startsAt: plan.startsAt,
    hall: plan.hall,
    category: category === undefined ? '—' : titleIn(category.name, language),
    tariff: entry.tariff === null ? null : tariff === undefined ? entry.tariff : titleIn(tariff.name, language),
    quantity: hold.lines.reduce((sum, line) => sum + line.quantity, 0),
  };
}

export function createOffers(deps: OffersDeps) {
  const { database, clock, ticketing, catalogue, outbox, publicUrl } = deps;
  const { db } = database;
  const now = () => clock.now().toISOString();

  // ---------- serialising one performance's queue ----------

  const walking = new Map<string, Promise<unknown>>();

  async function acrossProcesses<T>(performanceId: string, work: () => Promise<T>): Promise<T> {
    if (database.engine !== 'postgres') return work();
    // The lock lives in a transaction of its own that writes nothing; the work writes
    // through its own transactions meanwhile. Released on commit, or if the process dies.
    return db.transaction().execute(async (trx) => {
      await sql.raw('set local lock_timeout = 30000').execute(trx);
      await lockTransaction(trx, database.engine, `waiting-list:${performanceId}`);
      return work();
    });
  }

  async function serialised<T>(performanceId: string, work: () => Promise<T>): Promise<T> {
    const before = walking.get(performanceId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => acrossProcesses(performanceId, work));
    walking.set(performanceId, mine);
    try {
      return await mine;
    } finally {
      if (walking.get(performanceId) === mine) walking.delete(performanceId);
    }
  }

  // ---------- offers ----------

  /** Offers that ran out: booked if their hold became an order meanwhile, expired otherwise. */
  async function closeRunOutOffers(houseId: string, performanceId: string): Promise<void> {
    const at = now();
    for (const offer of await store.runOutOffers(db, houseId, performanceId, at)) {
      await store.changeState(db, offer.id, ['offered'], stateAfterOffer(offer.hold_state), at);
    }
  }

  /** Holds the seats for `entry` and makes the offer; false when the entry was no longer waiting. */
  async function makeOffer(entry: store.EntryRow, offerMinutes: number): Promise<boolean | 'sold_out'> {
    let hold: Hold;
    try {
      hold = await ticketing.hold(
        entry.house_id,
        { items: [{ performanceId: entry.performance_id, priceCategoryId: entry.price_category_id, tariff: entry.tariff, quantity: Number(entry.quantity) }] },
        offerContext,
        { minutes: offerMinutes },
      );
    } catch (error) {
      // Someone booked the seats between our look at the availability and the hold.
      if (isDomainError(error, 'sold_out')) return 'sold_out';
      throw error;
    }
    const token = hold.token;
    if (token === undefined) throw new Error('hold() answered without its token');
    const at = now();
    return writeTransaction(database, async (trx) => {
      if (!(await store.claimOffer(trx, entry.id, { holdId: hold.id, expiresAt: hold.expiresAt, at }))) {
        // The person left, or another worker served them: nobody's offer, so the seats go back now.
        await ticketingStore.endHold(trx, hold.id, 'released', at);
        return false;
      }
      await outbox.enqueue(waitingListOfferMail, { houseId: entry.house_id, entryId: entry.id, holdToken: token }, { executor: trx });
      return true;
    });
  }

  /** Walks the performance's queue: closes run-out offers, then offers seats while the first in line fits. Returns the offers made. */
  async function offerSeats(houseId: string, performanceId: string): Promise<number> {
    return serialised(performanceId, async () => {
      await closeRunOutOffers(houseId, performanceId);
      const { offerMinutes } = await ticketing.settings.get(houseId);
      let offers = 0;
      for (let step = 0; step < MAX_OFFERS_PER_RUN; step += 1) {
        const head = await store.firstWaiting(db, houseId, performanceId);
        if (head === undefined) break;
        let seats: Availability;
        try {
          seats = await ticketing.availability(houseId, performanceId);
        } catch (error) {
          if (isDomainError(error, 'not_found')) break; // the performance was deleted; its entries go with it
          throw error;
        }
        const decision = offerDecision(seats, wishOf(head));
        if (decision.kind === 'wait' || decision.kind === 'closed') break;
        if (decision.kind === 'unservable') {
          // The category or tariff was removed: they can never be served, and must not block the line.
          await store.changeState(db, head.id, ['waiting'], 'expired', now());
          continue;
        }
        const made = await makeOffer(head, offerMinutes);
        if (made === 'sold_out') break;
        if (made) offers += 1;
      }
      return offers;
    });
  }

  /** The minute job: every performance with someone waiting or an offer that ran out. */
  async function serveDue(): Promise<number> {
    let offers = 0;
    let failure: unknown;
    for (const due of await store.performancesToServe(db, now())) {
      try {
        offers += await offerSeats(due.house_id, due.performance_id);
      } catch (error) {
        // One broken performance must not keep the others' offers back; the job still fails visibly.
        deps.logger?.error({ err: error, houseId: due.house_id, performanceId: due.performance_id }, 'waiting list: could not make offers');
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return offers;
  }

  // ---------- the offer mail ----------

  function offerUrl(entryId: string, holdToken: string): string {
    return `${publicUrl}/public/waiting-list/offers/${entryId}?hold=${encodeURIComponent(holdToken)}`;
  }

  /** Composed when the mail job runs: nobody to write to once the person left or the offer ran out. */
  async function composeOfferMail(data: { houseId: string; entryId: string; holdToken: string }): Promise<MailMessage | null> {
    const entry = await store.findEntry(db, data.houseId, data.entryId);
    if (entry === undefined || entry.state !== 'offered' || entry.email === null || entry.hold_id === null) return null;
    const hold = await ticketing.getHold(data.houseId, entry.hold_id, data.holdToken);
    if (hold.state !== 'active') return null;
    const house = await catalogue.getHouse(data.houseId);
    const language = languageOf(entry.language);
    const facts = await offerFacts(ticketing, entry, hold, language);
    return offerMail({
      house: { name: house.name, email: house.email, timeZone: house.timeZone },
      to: { email: entry.email, name: entry.name, language },
      title: facts.title,
      startsAt: facts.startsAt,
      hall: facts.hall,
      seats: facts.tariff === null ? facts.category : `${facts.category}, ${facts.tariff}`,
      quantity: facts.quantity,
      totalMinor: hold.totalMinor,
      currency: hold.currency,
      expiresAt: hold.expiresAt,
      offerUrl: offerUrl(entry.id, data.holdToken),
    });
  }

  return { offerSeats, serveDue, composeOfferMail };
}
