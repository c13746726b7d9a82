import type { Insertable } from 'kysely';
import { z } from 'zod';
import { consentGranted } from '../../audience/consents/events.ts';
import { contactErased } from '../../audience/privacy/events.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { isDomainError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Events } from '../../core/jobs/events.ts';
import { defineJob, nextOccurrence } from '../../core/jobs/model.ts';
import { bookingCancelled, bookingCreated, ticketCheckedIn } from '../../ticketing/events.ts';
import { findOrder, performancesHeldBy, ticketHoldersStarting } from '../../ticketing/store.ts';
import type { JourneyEnrollmentTable } from '../tables.ts';
import type { JourneyEvent, JourneyGraph, JourneyTrigger } from './definition.ts';
import { type EnrollmentContext, performanceMoment } from './model.ts';
import * as store from './store.ts';

/*
 * How people get into journeys. Only active journeys let anyone in; every way in is
 * idempotent through the unique (journey, contact, trigger key):
 * - events (booking.created, ticket.checked_in, consent.granted): the subscriber enrolls
 *   with the order id, the performance id or the purpose as key, so a replayed event or a
 *   second check-in for the same evening lets nobody in twice;
 * - segment entry: a scan (every SEGMENT_SCAN_MINUTES) enrolls members not yet in, key '';
 *   with includeCurrent false the members at activation were recorded as already seen;
 * - performance: a scan enrolls the holders of valid tickets for performances whose
 *   moment (start day + days, at the given time) falls between the last scan and a day
 *   ahead, waking at that moment, key = the performance id;
 * - schedule: each cron tick (house time zone) that has come enrolls the segment's members
 *   once, key = the tick's instant; trigger_state keeps the last tick.
 * A unit's journey lets in only the unit's audience: bookings, check-ins and performances
 * of the unit's productions, consents of the unit's contacts, and its segments are the
 * unit's (checked at activation), which hold only the unit's contacts.
 */

export const journeyTriggersJob = defineJob('campaigns.journey-triggers', z.object({}));

/** Walking a large segment costs a second or more: often enough for "entered the segment", rarely enough to be cheap. */
export const SEGMENT_SCAN_MINUTES = 5;
const LOOKAHEAD_MS = 86_400_000;

/**
 * The walk reads the whole segment (about 70 ms per 1,000 members on SQLite): every
 * SEGMENT_SCAN_MINUTES, but never more than a twentieth of the time, so a segment of a
 * million people (over a minute's walk) costs the worker at most 5 % instead of a core.
 */
export function segmentScanInterval(lastWalkMs: number | undefined): number {
  return Math.max(SEGMENT_SCAN_MINUTES * 60_000, 20 * (lastWalkMs ?? 0));
}
const WALK_BATCH = 1000;

interface TriggerState {
  segmentScannedAt?: string;
  /** How long the last walk of the segment took, in ms: a large segment is walked less often. */
  segmentScanMs?: number;
  performanceScannedAt?: string;
  lastTick?: string;
}

export interface Entry {
  contactId: string;
  triggerKey: string;
  context: EnrollmentContext;
  wakeAt: Date;
  /** 'exited' with node '' marks a person as seen without letting them in (segment members at activation). */
  seen?: boolean;
}

export interface TriggerDeps {
  database: Database;
  clock: Clock;
  segments: { contactIds(houseId: string, segmentId: string, options: { purpose: null; afterId?: string | null; limit: number }): Promise<string[]> };
  houseTimeZone: (houseId: string) => Promise<string>;
  /** When a performance starts (ISO), for waits relative to it; null when it is gone. */
  performanceStart: (houseId: string, performanceId: string) => Promise<string | null>;
  /** Whether a production is the unit's: a unit's journey starts only from its own programme. */
  productionOfUnit: (houseId: string, unitId: string, productionId: string) => Promise<boolean>;
  /** Whether a person is one of the unit's audience (contact_unit): a unit's journey lets nobody else in. */
  contactOfUnit: (houseId: string, unitId: string, contactId: string) => Promise<boolean>;
}

export function createJourneyTriggers({ database, clock, segments, houseTimeZone, performanceStart, productionOfUnit, contactOfUnit }: TriggerDeps) {
  const { db } = database;

  /** A house journey takes every production; a unit's journey only the unit's. */
  async function takesProduction(journey: store.JourneyRow, productionId: string): Promise<boolean> {
    return journey.unit_id === null || productionOfUnit(journey.house_id, journey.unit_id, productionId);
  }

  async function enroll(executor: Executor, journey: store.JourneyRow, entries: readonly Entry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const graph = JSON.parse(journey.graph) as JourneyGraph;
    const at = clock.now().toISOString();
    const rows: Insertable<JourneyEnrollmentTable>[] = entries.map((entry) => ({
      id: newId(),
      house_id: journey.house_id,
      journey_id: journey.id,
      contact_id: entry.contactId,
      trigger_key: entry.triggerKey,
      node_id: entry.seen === true ? '' : graph.start,
      state: entry.seen === true ? 'exited' : 'waiting',
      wake_at: entry.wakeAt.toISOString(),
      context: JSON.stringify(entry.context),
      entered_at: at,
      updated_at: at,
    }));
    return store.insertEnrollments(executor, rows);
  }

  /** The active journeys of a house that start from this event. */
  async function listening(houseId: string, event: JourneyEvent): Promise<{ journey: store.JourneyRow; trigger: Extract<JourneyTrigger, { type: 'event' }> }[]> {
    const found: { journey: store.JourneyRow; trigger: Extract<JourneyTrigger, { type: 'event' }> }[] = [];
    for (const journey of await store.activeJourneysOfHouse(db, houseId)) {
      const trigger = JSON.parse(journey.trigger) as JourneyTrigger;
      if (trigger.type === 'event' && trigger.event === event) found.push({ journey, trigger });
    }
    return found;
  }

  /**
   * The contact of an order, as ticketing links it: its own subscriber makes or finds the
   * contact after the booking. Not linked yet means that subscriber has not run: the job
   * fails and is retried. A sale without an address has no contact: nobody to enrol.
   */
  async function contactOfOrder(houseId: string, orderId: string): Promise<string | null> {
    const order = await findOrder(db, houseId, orderId);
    if (order === undefined || order.buyer_email === null) return null;
    if (order.contact_id === null) throw new Error(`order ${orderId} is not linked to its contact yet`);
    return order.contact_id;
  }

  async function onBooking(payload: z.output<typeof bookingCreated.schema>): Promise<void> {
    const journeys = await listening(payload.houseId, 'booking.created');
    if (journeys.length === 0) return;
    const contactId = await contactOfOrder(payload.houseId, payload.orderId);
    if (contactId === null) return;
    for (const { journey, trigger } of journeys) {
      let booked: (typeof payload.performances)[number] | undefined;
      for (const performance of payload.performances) {
        if (trigger.productionId !== undefined && performance.productionId !== trigger.productionId) continue;
        if (!(await takesProduction(journey, performance.productionId))) continue;
        booked = performance;
        break;
      }
      if (booked === undefined) continue;
      const startsAt = await performanceStart(payload.houseId, booked.performanceId);
      const context: EnrollmentContext = { orderId: payload.orderId, productionId: booked.productionId, performanceId: booked.performanceId, ...(startsAt === null ? {} : { performanceStartsAt: startsAt }) };
      await enroll(db, journey, [{ contactId, triggerKey: payload.orderId, context, wakeAt: clock.now() }]);
    }
  }

  async function onCheckIn(payload: z.output<typeof ticketCheckedIn.schema>): Promise<void> {
    const journeys = (await listening(payload.houseId, 'ticket.checked_in')).filter(({ trigger }) => trigger.productionId === undefined || trigger.productionId === payload.productionId);
    if (journeys.length === 0) return;
    const contactId = await contactOfOrder(payload.houseId, payload.orderId);
    if (contactId === null) return;
    const startsAt = await performanceStart(payload.houseId, payload.performanceId);
    const context: EnrollmentContext = { orderId: payload.orderId, productionId: payload.productionId, performanceId: payload.performanceId, ...(startsAt === null ? {} : { performanceStartsAt: startsAt }) };
    for (const { journey } of journeys) {
      if (!(await takesProduction(journey, payload.productionId))) continue;
      await enroll(db, journey, [{ contactId, triggerKey: payload.performanceId, context, wakeAt: clock.now() }]);
    }
  }

  /**
   * A cancellation (or the old side of an exchange): whoever waits in a journey because of
   * this order, or because of a performance they now hold no ticket for, leaves it. A
   * partial cancellation that leaves tickets for the evening keeps the reminder.
   */
  async function onCancellation(payload: z.output<typeof bookingCancelled.schema>): Promise<void> {
    const order = await findOrder(db, payload.houseId, payload.orderId);
    if (order === undefined || order.contact_id === null) return;
    const performanceIds = [...new Set(payload.performances.map((p) => p.performanceId))];
    const stillHeld = await performancesHeldBy(db, payload.houseId, order.contact_id, performanceIds);
    const keys = performanceIds.filter((id) => !stillHeld.has(id));
    if (order.state === 'cancelled' || order.state === 'refunded') keys.push(payload.orderId);
    await store.exitWaitingFor(db, payload.houseId, order.contact_id, keys, clock.now().toISOString());
  }

  async function onConsent(payload: z.output<typeof consentGranted.schema>): Promise<void> {
    const journeys = (await listening(payload.houseId, 'consent.granted')).filter(({ trigger }) => trigger.purpose === undefined || trigger.purpose === payload.purpose);
    for (const { journey } of journeys) {
      // Consent is given to the house; a unit's journey takes only the unit's own audience.
      if (journey.unit_id !== null && !(await contactOfUnit(payload.houseId, journey.unit_id, payload.contactId))) continue;
      await enroll(db, journey, [{ contactId: payload.contactId, triggerKey: payload.purpose, context: { purpose: payload.purpose }, wakeAt: clock.now() }]);
    }
  }

  /** Walks a segment in id order and enrolls (or marks as seen) every member with `triggerKey`. */
  async function enrollSegment(journey: store.JourneyRow, segmentId: string, triggerKey: string, seen: boolean): Promise<number> {
    let afterId: string | null = null;
    let added = 0;
    const wakeAt = clock.now();
    for (;;) {
      let ids: string[];
      try {
        ids = await segments.contactIds(journey.house_id, segmentId, { purpose: null, afterId, limit: WALK_BATCH });
      } catch (error) {
        // A deleted segment lets nobody in; activation checks it, a later deletion stops the trigger.
        if (isDomainError(error, 'not_found')) return added;
        throw error;
      }
      if (ids.length === 0) return added;
      added += await enroll(db, journey, ids.map((contactId) => ({ contactId, triggerKey, context: {}, wakeAt, seen })));
      afterId = ids[ids.length - 1] as string;
    }
  }

  /** At first activation of a segment-entry journey without includeCurrent: today's members are recorded as seen. */
  async function seedSeen(journey: store.JourneyRow): Promise<void> {
    const trigger = JSON.parse(journey.trigger) as JourneyTrigger;
    if (trigger.type !== 'segment_entry' || trigger.includeCurrent) return;
    await enrollSegment(journey, trigger.segmentId, '', true);
  }

  async function scanJourney(journey: store.JourneyRow, now: Date): Promise<void> {
    const trigger = JSON.parse(journey.trigger) as JourneyTrigger;
    const state = JSON.parse(journey.trigger_state ?? '{}') as TriggerState;
    if (trigger.type === 'segment_entry') {
      if (state.segmentScannedAt !== undefined && now.getTime() - new Date(state.segmentScannedAt).getTime() < segmentScanInterval(state.segmentScanMs)) return;
      const started = performance.now();
      await enrollSegment(journey, trigger.segmentId, '', false);
      const took = Math.round(performance.now() - started);
      await store.saveTriggerState(db, journey.house_id, journey.id, JSON.stringify({ ...state, segmentScannedAt: now.toISOString(), segmentScanMs: took }));
    } else if (trigger.type === 'performance') {
      const timeZone = await houseTimeZone(journey.house_id);
      const from = new Date(state.performanceScannedAt ?? journey.activated_at ?? now.toISOString());
      const until = new Date(now.getTime() + LOOKAHEAD_MS);
      // The moment is a day offset plus a clock time: two days' margin on each side covers every time zone and time.
      const margin = 2 * LOOKAHEAD_MS;
      const offset = trigger.days * LOOKAHEAD_MS;
      const holders = await ticketHoldersStarting(db, journey.house_id, {
        from: new Date(from.getTime() - offset - margin).toISOString(),
        until: new Date(until.getTime() - offset + margin).toISOString(),
        productionId: trigger.productionId,
      });
      const entries: Entry[] = [];
      const taken = new Map<string, boolean>();
      for (const holder of holders) {
        if (holder.contact_id === null) continue;
        let takes = taken.get(holder.production_id);
        if (takes === undefined) {
          takes = await takesProduction(journey, holder.production_id);
          taken.set(holder.production_id, takes);
        }
        if (!takes) continue;
        const moment = performanceMoment(new Date(holder.starts_at), trigger.days, trigger.time, timeZone);
        if (moment.getTime() < from.getTime() || moment.getTime() >= until.getTime()) continue;
        entries.push({
          contactId: holder.contact_id,
          triggerKey: holder.performance_id,
          context: { performanceId: holder.performance_id, productionId: holder.production_id, performanceStartsAt: holder.starts_at, ...(holder.order_id === null ? {} : { orderId: holder.order_id }) },
          wakeAt: moment,
        });
      }
      await enroll(db, journey, entries);
      await store.saveTriggerState(db, journey.house_id, journey.id, JSON.stringify({ ...state, performanceScannedAt: now.toISOString() }));
    } else if (trigger.type === 'schedule') {
      const timeZone = await houseTimeZone(journey.house_id);
      let tick = nextOccurrence(trigger.cron, timeZone, new Date(state.lastTick ?? journey.activated_at ?? now.toISOString()));
      if (tick.getTime() > now.getTime()) return;
      // After a pause or an outage only the latest tick counts: people get one pass, not one per missed tick.
      for (let guard = 0; guard < 100_000; guard += 1) {
        const next = nextOccurrence(trigger.cron, timeZone, tick);
        if (next.getTime() > now.getTime()) break;
        tick = next;
      }
      await enrollSegment(journey, trigger.segmentId, tick.toISOString(), false);
      await store.saveTriggerState(db, journey.house_id, journey.id, JSON.stringify({ ...state, lastTick: tick.toISOString() }));
    }
  }

  /** The scan job: every active journey with a segment, performance or schedule trigger. */
  async function scan(options: { houseId?: string } = {}): Promise<void> {
    const now = clock.now();
    const journeys = options.houseId === undefined ? await store.activeJourneys(db) : await store.activeJourneysOfHouse(db, options.houseId);
    for (const journey of journeys) await scanJourney(journey, now);
  }

  /** The domain events journeys start from, and the erasure that takes a person out of all of them. */
  function subscribe(events: Pick<Events, 'subscribe'>): void {
    const retry = { retryLimit: 5, retryDelaySeconds: 30 };
    events.subscribe(bookingCreated, 'journeys', (payload) => onBooking(payload), retry);
    events.subscribe(ticketCheckedIn, 'journeys', (payload) => onCheckIn(payload), retry);
    events.subscribe(consentGranted, 'journeys', (payload) => onConsent(payload), retry);
    events.subscribe(bookingCancelled, 'journeys', (payload) => onCancellation(payload), retry);
    events.subscribe(contactErased, 'journeys-erase', async ({ houseId, contactId }) => {
      await store.deleteEnrollmentsOf(db, houseId, contactId);
    });
  }

  return { enroll, seedSeen, scan, subscribe, onBooking, onCheckIn, onConsent, onCancellation };
}

export type JourneyTriggers = ReturnType<typeof createJourneyTriggers>;
