import type { AudienceService } from '../audience/service.ts';
import type { PublicAudienceService } from '../audience/public/service.ts';
import { contactErased } from '../audience/privacy/events.ts';
import type { MarketingPurpose } from '../audience/model.ts';
import type { Database } from '../core/db/database.ts';
import { fromJson } from '../core/db/json.ts';
import type { Events } from '../core/jobs/events.ts';
import { bookingCancelled, bookingCreated, ticketCheckedIn } from './events.ts';
import * as store from './store.ts';

/*
 * Ticketing's own subscribers: each booking, cancellation and check-in goes to the
 * buyer's timeline through the audience service, after the commit and off the booking's
 * hot path. A booking makes (or finds) the contact, grants the 'ticketing' purpose on
 * the contract (so the person is kept as long as the contract needs, and no longer),
 * and requests the marketing purposes whose boxes were ticked, with double opt-in. An
 * erased person's orders keep their numbers and seats, with the pseudonym for a name.
 * Each handler is idempotent: interactions by source and ref, contacts by address.
 */

interface BookingConsents {
  newsletter: boolean;
  recommendations: boolean;
  proof?: { ipHash: string; userAgent?: string };
}

export function subscribeTicketingTimeline({
  database,
  events,
  audience,
  publicAudience,
}: {
  database: Database;
  events: Events;
  audience: Pick<AudienceService, 'contacts' | 'consents' | 'interactions'>;
  publicAudience: Pick<PublicAudienceService, 'requestWithConfirmation'>;
}): void {
  const { db } = database;

  /** The order's contact, made on first need; null for a sale without an address. */
  async function contactOf(houseId: string, orderId: string): Promise<{ contactId: string; order: store.OrderRow } | null> {
    const order = await store.findOrder(db, houseId, orderId);
    if (order === undefined || order.buyer_email === null) return null;
    if (order.contact_id !== null) return { contactId: order.contact_id, order };
    return db.transaction().execute(async (trx) => {
      const source = order.source === 'box_office' ? 'box_office' : order.source === 'assistant' ? 'assistant' : 'form';
      const { id: contactId } = await audience.contacts.findOrCreate(
        { houseId, email: order.buyer_email ?? '', name: order.buyer_name, language: order.buyer_language === 'en' ? 'en' : 'de', source },
        { executor: trx, actor: 'system:ticketing' },
      );
      await audience.consents.grant({
        houseId,
        contactId,
        purpose: 'ticketing',
        legalBasis: 'contract',
        source,
        proof: { note: `order ${order.number}` },
        actor: 'system:ticketing',
        executor: trx,
      });
      const consents = fromJson<BookingConsents>(order.consents, { newsletter: false, recommendations: false });
      const ticked: MarketingPurpose[] = [];
      if (consents.newsletter) ticked.push('newsletter');
      if (consents.recommendations) ticked.push('recommendations');
      if (ticked.length > 0) {
        await publicAudience.requestWithConfirmation(trx, { houseId, contactId, purposes: ticked, source, proof: consents.proof ?? { userAgent: 'ticketing' } });
      }
      await store.updateOrder(trx, orderId, { contact_id: contactId });
      return { contactId, order: { ...order, contact_id: contactId } };
    });
  }

  events.subscribe(bookingCreated, 'ticketing-timeline', async (payload, context) => {
    const linked = await contactOf(payload.houseId, payload.orderId);
    if (linked === null) return;
    for (const performance of payload.performances) {
      await audience.interactions.record({
        houseId: payload.houseId,
        contactId: linked.contactId,
        kind: 'booking',
        occurredAt: payload.placedAt,
        source: 'ticketing',
        ref: `booking:${context.eventId}:${performance.performanceId}`,
        productionId: performance.productionId,
        performanceId: performance.performanceId,
        details: { order: linked.order.number, tickets: performance.tickets, channel: payload.source },
      });
    }
  });

  events.subscribe(bookingCancelled, 'ticketing-timeline', async (payload, context) => {
    const linked = await contactOf(payload.houseId, payload.orderId);
    if (linked === null) return;
    for (const performance of payload.performances) {
      await audience.interactions.record({
        houseId: payload.houseId,
        contactId: linked.contactId,
        kind: 'booking',
        occurredAt: payload.cancelledAt,
        source: 'ticketing',
        ref: `cancellation:${context.eventId}:${performance.performanceId}`,
        productionId: performance.productionId,
        performanceId: performance.performanceId,
        details: { order: linked.order.number, tickets: -performance.tickets, [payload.reason]: true },
      });
    }
  });

  events.subscribe(ticketCheckedIn, 'ticketing-timeline', async (payload) => {
    const linked = await contactOf(payload.houseId, payload.orderId);
    if (linked === null) return;
    await audience.interactions.record({
      houseId: payload.houseId,
      contactId: linked.contactId,
      kind: 'attendance',
      occurredAt: payload.checkedInAt,
      source: 'ticketing',
      ref: `check-in:${payload.ticketId}`,
      productionId: payload.productionId,
      performanceId: payload.performanceId,
    });
  });

  // The seats and sums stay (the law keeps bookings); the name and address go.
  events.subscribe(contactErased, 'ticketing-pseudonymise', async ({ houseId, contactId, pseudonym }) => {
    await db
      .updateTable('ticket_order')
      .set({ buyer_name: pseudonym, buyer_email: null, search_text: pseudonym.toLowerCase(), consents: '{"newsletter":false,"recommendations":false}' })
      .where('house_id', '=', houseId)
      .where('contact_id', '=', contactId)
      .execute();
  });
}
