import { z } from 'zod';
import { normaliseContactEmail } from '../../audience/model.ts';
import type { PublicAudienceService } from '../../audience/public/service.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Scope } from '../../core/auth/model.ts';
import { hashToken, newToken, safeEqual } from '../../core/auth/tokens.ts';
import type { Clock } from '../../core/clock.ts';
import { lockTransaction } from '../../core/db/batch.ts';
import type { Database } from '../../core/db/database.ts';
import { writeTransaction } from '../../core/db/transaction.ts';
import { DomainError, invalid, isDomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { Events } from '../../core/jobs/events.ts';
import { defineJob } from '../../core/jobs/model.ts';
import type { MailOutbox } from '../../core/mail/outbox.ts';
import { seatsReturned } from '../events.ts';
import type { PerformancePlan } from '../inventory.ts';
import type { Availability } from '../schemas.ts';
import type { TicketingService } from '../service.ts';
import * as ticketingStore from '../store.ts';
import { waitingListOfferMail } from './mail.ts';
import { type EntryState, isForgettable, joinDecision, type JoinDecision, leaveDecision, positionIn } from './model.ts';
import { createOfferPage } from './offer-page.ts';
import { createOffers } from './offers.ts';
import { type JoinAnswer, joinInput, type Queue, queueQuery, type QueueQuery, type StaffEntry } from './schemas.ts';
import * as store from './store.ts';
import { languageOf } from './texts.ts';

/*
 * The waiting list: people join while their seats are sold out; when seats come back
 * (a cancellation, an exchange, more quota, a hold that ran out) the first in line gets
 * the seats held for them for the house's offer time and a mail with the link that books
 * them (offers.ts); an offer that runs out goes to the next. The offer page books
 * (offer-page.ts). Here: joining, leaving, the queue for staff, and forgetting.
 */

/** Runs every minute: offers that ran out, and holds that expired without an event. */
export const waitingListOffersJob = defineJob('ticketing/waiting-list-offers', z.object({}));
export const WAITING_LIST_CRON = '* * * * *';

export interface WaitingListDeps {
  database: Database;
  clock: Clock;
  events: Pick<Events, 'publish'>;
  ticketing: Pick<TicketingService, 'availability' | 'hold' | 'getHold' | 'place' | 'inventory' | 'settings'>;
  catalogue: Pick<CatalogueService, 'getHouse'>;
  outbox: Pick<MailOutbox, 'enqueue'>;
  consentProof: Pick<PublicAudienceService, 'proofOf'>;
  publicUrl: string;
  logger?: { error(details: object, message: string): void };
}

function joinRefusal(decision: Exclude<JoinDecision, { ok: true }>, availability: Availability, tariff: string | null): DomainError {
  switch (decision.code) {
    case 'unknown_category':
      return invalid('priceCategoryId', `not a price category of this performance; choose one of ${availability.categories.map((c) => c.code).join(', ') || 'none'}`);
    case 'unknown_tariff':
      return invalid('tariff', `${tariff ?? ''} is not a tariff of this category`);
    case 'closed':
      return new DomainError('validation', `performanceId: this performance cannot be booked any more (${decision.reason}), so there is no waiting list`, [
        { field: 'performanceId', message: decision.reason },
      ]);
    case 'seats_available':
      return new DomainError('seats_available', `${decision.available} seats are still available in this category: book them instead of joining the waiting list`, [
        { field: 'quantity', message: `${decision.available} available` },
      ]);
  }
}


export function createWaitingList(deps: WaitingListDeps) {
  const { database, clock, events, ticketing } = deps;
  const { db } = database;
  const now = () => clock.now().toISOString();
  const offers = createOffers(deps);
  const offerPage = createOfferPage(deps);

  /** Housekeeping: entries are personal data, kept until a day after their performance began. */
  async function forgetPast(): Promise<number> {
    let deleted = 0;
    for (const { house_id: houseId, performance_id: performanceId } of await store.performancesWithEntries(db)) {
      let startsAt: string | null;
      try {
        startsAt = (await ticketing.inventory.plan(houseId, performanceId)).startsAt;
      } catch (error) {
        if (!isDomainError(error, 'not_found')) throw error;
        startsAt = null;
      }
      if (startsAt === null || isForgettable(startsAt, clock.now())) deleted += await store.deleteEntriesOf(db, houseId, performanceId);
    }
    return deleted;
  }

  // ---------- joining and leaving ----------

  async function answerOf(entry: store.EntryRow, token: string | undefined): Promise<JoinAnswer> {
    const queue = await store.queueOf(db, entry.house_id, entry.performance_id);
    return { id: entry.id, state: entry.state as EntryState, position: positionIn(queue, entry.id), ...(token === undefined ? {} : { token }), alreadyJoined: token === undefined };
  }

  /** Joins the queue for seats that are sold out; the same address for the same seats gets its existing entry. */
  async function join(houseId: string, performanceId: string, input: unknown): Promise<{ answer: JoinAnswer; created: boolean }> {
    const parsed = parseInput(joinInput, input);
    const email = normaliseContactEmail(parsed.email);
    const tariff = parsed.tariff ?? null;
    const availability = await ticketing.availability(houseId, performanceId);
    const known = await store.findQueuedEntry(db, houseId, performanceId, parsed.priceCategoryId, email);
    if (known !== undefined) return { answer: await answerOf(known, undefined), created: false };
    const decision = joinDecision(availability, { priceCategoryId: parsed.priceCategoryId, tariff, quantity: parsed.quantity });
    if (!decision.ok) throw joinRefusal(decision, availability, tariff);
    const token = newToken('foyer_wait');
    const at = now();
    const row = {
      id: newId(),
      house_id: houseId,
      performance_id: performanceId,
      price_category_id: parsed.priceCategoryId,
      tariff,
      quantity: parsed.quantity,
      name: parsed.name,
      email,
      language: parsed.language,
      state: 'waiting',
      hold_id: null,
      offer_expires_at: null,
      token_hash: hashToken(token),
      created_at: at,
      updated_at: at,
    };
    const entry = await writeTransaction(database, async (trx) => {
      // Two joins of the same address at once: the second finds the first's entry.
      await lockTransaction(trx, database.engine, `waiting-list-join:${performanceId}`);
      const raced = await store.findQueuedEntry(trx, houseId, performanceId, parsed.priceCategoryId, email);
      if (raced !== undefined) return raced;
      await store.insertEntry(trx, row);
      return row;
    });
    const created = entry.id === row.id;
    return { answer: await answerOf(entry, created ? token : undefined), created };
  }

  /** Takes an entry out of the queue; an open offer's seats go back and on to the next in line. */
  async function removeEntry(houseId: string, entryId: string): Promise<void> {
    const at = now();
    await writeTransaction(database, async (trx) => {
      const entry = await store.findEntry(trx, houseId, entryId);
      if (entry === undefined) throw notFound('waiting list entry', entryId);
      const decision = leaveDecision(entry.state as EntryState);
      if (!decision.ok) throw new DomainError('conflict', 'these seats were already booked from the waiting list: cancel the order instead');
      if (!decision.change) return;
      await store.changeState(trx, entry.id, [entry.state as EntryState], 'left', at);
      if (!decision.releaseHold || entry.hold_id === null) return;
      const hold = await ticketingStore.findHold(trx, houseId, entry.hold_id);
      if (hold?.state !== 'active' || hold.expires_at <= at) return;
      await ticketingStore.endHold(trx, hold.id, 'released', at);
      await events.publish(seatsReturned, { houseId, performanceId: entry.performance_id }, { executor: trx });
    });
  }

  /** The visitor's own leave link: the token from the join answer is the key. */
  async function leave(entryId: string, token: string): Promise<void> {
    const entry = await store.findEntryById(db, entryId);
    if (entry === undefined || !safeEqual(entry.token_hash, hashToken(token))) throw notFound('waiting list entry', entryId);
    await removeEntry(entry.house_id, entryId);
  }

  // ---------- staff ----------

  async function planInScope(scope: Scope, performanceId: string): Promise<PerformancePlan> {
    const plan = await ticketing.inventory.plan(scope.houseId, performanceId);
    if (scope.unitId !== null && plan.unitId !== scope.unitId) throw notFound('performance', performanceId);
    return plan;
  }

  async function queue(scope: Scope, performanceId: string, query: QueueQuery = {}): Promise<Queue> {
    const parsed = parseInput(queueQuery, query);
    const plan = await planInScope(scope, performanceId);
    const active = await store.queueOf(db, scope.houseId, performanceId);
    const rows = parsed.include === 'all' ? await store.entriesOf(db, scope.houseId, performanceId) : active;
    const items: StaffEntry[] = rows.map((row) => ({
      id: row.id,
      position: positionIn(active, row.id),
      name: row.name,
      email: row.email,
      language: languageOf(row.language),
      quantity: Number(row.quantity),
      priceCategoryId: row.price_category_id,
      category: plan.categories.find((c) => c.id === row.price_category_id)?.name ?? { de: '—', en: null },
      tariff: row.tariff,
      state: row.state as EntryState,
      offerExpiresAt: row.offer_expires_at,
      createdAt: row.created_at,
    }));
    return { performanceId, items };
  }

  async function remove(scope: Scope, entryId: string): Promise<void> {
    const entry = await store.findEntry(db, scope.houseId, entryId);
    if (entry === undefined) throw notFound('waiting list entry', entryId);
    if (scope.unitId !== null) {
      const plan = await ticketing.inventory.plan(scope.houseId, entry.performance_id);
      if (plan.unitId !== scope.unitId) throw notFound('waiting list entry', entryId);
    }
    await removeEntry(scope.houseId, entryId);
  }

  return { join, leave, queue, remove, forgetPast, ...offers, ...offerPage };
}

export type WaitingList = ReturnType<typeof createWaitingList>;

/**
 * Wires the waiting list to the rest of Foyer: its mail's composer, and the event that
 * says seats came back. Called once by the composition root; the minute job and the
 * housekeeping are registered with ticketing's worker (worker.ts).
 */
export function connectWaitingList(waitingList: WaitingList, { events, outbox }: { events: Pick<Events, 'subscribe'>; outbox: Pick<MailOutbox, 'register'> }): void {
  outbox.register(waitingListOfferMail, (data) => waitingList.composeOfferMail(data));
  events.subscribe(seatsReturned, 'waiting-list', async ({ houseId, performanceId }) => {
    await waitingList.offerSeats(houseId, performanceId);
  });
}
