import { z } from 'zod';
import { defineEvent } from '../core/jobs/events.ts';
import { defineMail } from '../core/mail/outbox.ts';

/*
 * What ticketing tells the rest of Foyer. Campaigns react to these (reminders before the
 * performance, thank-you mails after a check-in), recommendations learn from them, and
 * ticketing's own subscriber writes them to the contact's timeline (timeline.ts).
 * Published in the transaction of the write: no event without its order, no order
 * without its event.
 */

const bookedPerformance = z.object({ performanceId: z.string(), productionId: z.string(), tickets: z.number().int() });

export const bookingCreated = defineEvent(
  'booking.created',
  z.object({
    houseId: z.string(),
    orderId: z.string(),
    source: z.string(),
    placedAt: z.string(),
    totalMinor: z.number().int(),
    currency: z.string(),
    performances: z.array(bookedPerformance),
  }),
);

export const bookingCancelled = defineEvent(
  'booking.cancelled',
  z.object({
    houseId: z.string(),
    orderId: z.string(),
    cancelledAt: z.string(),
    /** Tickets given back; with an exchange, the ones replaced. */
    performances: z.array(bookedPerformance),
    reason: z.enum(['cancelled', 'refunded', 'exchanged']),
  }),
);

export const ticketCheckedIn = defineEvent(
  'ticket.checked_in',
  z.object({ houseId: z.string(), orderId: z.string(), ticketId: z.string(), performanceId: z.string(), productionId: z.string(), checkedInAt: z.string() }),
);

/** Seats came back to a performance (a cancellation, an exchange): the waiting list may offer them. */
export const seatsReturned = defineEvent('ticketing.seats_returned', z.object({ houseId: z.string(), performanceId: z.string() }));

/** The confirmation with tickets, QR codes and the calendar entry, composed after commit. */
export const orderConfirmationMail = defineMail('ticketing.order_confirmation', z.object({ houseId: z.string(), orderId: z.string() }));

