import { z } from 'zod';
import { titleDto } from '../catalogue/schemas.ts';
import { checkInResults, MAX_TICKETS_PER_ORDER, orderStates, saleSources } from './model.ts';

/*
 * Inputs and answers of the ticketing API. Money is integer minor units with its ISO
 * currency; instants are ISO-8601 UTC.
 */

const id = z.uuid();
const language = z.enum(['de', 'en']);

// ---------- availability ----------

export const tariffDto = z.object({ code: z.string(), name: titleDto, amountMinor: z.number().int(), eligible: z.array(z.string()) });

export const categoryAvailabilityDto = z.object({
  id: z.string(),
  code: z.string(),
  name: titleDto,
  amountMinor: z.number().int(),
  currency: z.string(),
  /** Seats a full-price ticket of this category can still get. */
  available: z.number().int(),
  /** Seats a reduced ticket can still get (the reduced seats may be fewer). */
  reducedAvailable: z.number().int(),
  tariffs: z.array(tariffDto),
});

export const availabilityDto = z
  .object({
    performanceId: z.string(),
    productionId: z.string(),
    title: titleDto,
    startsAt: z.string(),
    status: z.string(),
    hall: z.string().nullable(),
    bookable: z.boolean(),
    /** Why not, when not: cancelled, past, sold_out, no_prices, no_capacity. */
    reason: z.string().nullable(),
    capacity: z.number().int(),
    available: z.number().int(),
    categories: z.array(categoryAvailabilityDto),
  })
  .meta({ id: 'PerformanceAvailability' });
export type Availability = z.output<typeof availabilityDto>;

export const quotaDto = z.object({
  id: z.string(),
  key: z.string(),
  size: z.number().int(),
  sold: z.number().int(),
  pending: z.number().int(),
  held: z.number().int(),
  available: z.number().int(),
  /** Set by staff and kept when the catalogue changes. */
  sizeFixed: z.boolean(),
});
export type Quota = z.output<typeof quotaDto>;

export const inventoryDto = z
  .object({
    availability: availabilityDto,
    quotas: z.array(quotaDto),
    /** Per price category: tickets paid, reserved unpaid, in holds, and still free. */
    categories: z.array(z.object({ id: z.string(), code: z.string(), name: titleDto, sold: z.number().int(), pending: z.number().int(), held: z.number().int(), free: z.number().int() })),
    checkedIn: z.number().int(),
    /** Cumulative tickets by days before the performance. */
    salesCurve: z.array(z.object({ daysBefore: z.number().int(), tickets: z.number().int() })),
    waiting: z.number().int(),
  })
  .meta({ id: 'PerformanceInventory' });
export type Inventory = z.output<typeof inventoryDto>;

export const quotaSettingsInput = z
  .object({
    /** Seats for this performance below the hall's capacity; null: follow the catalogue. */
    capacity: z.number().int().min(0).max(1_000_000).nullable().optional(),
    /** Seats kept for reduced tariffs; null: no limit of their own. */
    reducedSeats: z.number().int().min(0).max(1_000_000).nullable().optional(),
  })
  .strict();
export type QuotaSettingsInput = z.input<typeof quotaSettingsInput>;

// ---------- holds ----------

export const seatItemInput = z
  .object({
    performanceId: id,
    priceCategoryId: id,
    /** A reduced tariff's code of the category (e.g. 'ermaessigt'); absent: the full price. */
    tariff: z.string().min(1).max(60).nullish(),
    quantity: z.number().int().min(1).max(MAX_TICKETS_PER_ORDER),
  })
  .strict();
export type SeatItemInput = z.input<typeof seatItemInput>;

const seatItems = z
  .array(seatItemInput)
  .min(1)
  .max(10)
  .refine((items) => items.reduce((sum, item) => sum + item.quantity, 0) <= MAX_TICKETS_PER_ORDER, {
    message: `at most ${MAX_TICKETS_PER_ORDER} tickets in one order`,
  });

export const holdInput = z.object({ items: seatItems }).strict();
export type HoldInput = z.input<typeof holdInput>;

export const lineDto = z.object({
  performanceId: z.string(),
  priceCategoryId: z.string(),
  tariff: z.string().nullable(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
});

export const holdDto = z
  .object({
    id: z.string(),
    /** The secret that proves the hold is yours: send it with the order. Only in the answer that made the hold. */
    token: z.string().optional(),
    state: z.enum(['active', 'converted', 'released']),
    expiresAt: z.string(),
    totalMinor: z.number().int(),
    currency: z.string(),
    lines: z.array(lineDto),
  })
  .meta({ id: 'Hold' });
export type Hold = z.output<typeof holdDto>;

export const holdTokenInput = z.object({ token: z.string().min(10).max(200) }).strict();

// ---------- orders ----------

export const buyerInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(254),
    language: language.default('de'),
  })
  .strict();

/** Every marketing purpose a separate box, unticked unless the person ticks it. */
export const bookingConsentsInput = z
  .object({ newsletter: z.boolean().default(false), recommendations: z.boolean().default(false) })
  .strict()
  .default({ newsletter: false, recommendations: false });

export const orderInput = z
  .object({
    /** Turn this hold into tickets (the widget's way) ... */
    holdId: id.optional(),
    holdToken: z.string().min(10).max(200).optional(),
    /** ... or take the seats directly (API clients, the assistant). */
    items: seatItems.optional(),
    buyer: buyerInput,
    consents: bookingConsentsInput,
    paymentMethod: z.string().min(1).max(40),
    /** The total the buyer was shown: refused with price_changed if it differs. */
    expectedTotalMinor: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((input) => (input.holdId === undefined) !== (input.items === undefined), { message: 'give either holdId (with holdToken) or items', path: ['holdId'] })
  .refine((input) => input.holdId === undefined || input.holdToken !== undefined, { message: 'holdToken is required with holdId', path: ['holdToken'] });
export type OrderInput = z.input<typeof orderInput>;

/** A sale at the box office desk: the buyer's address is optional, cash is a method. */
export const boxOfficeSaleInput = z
  .object({
    items: seatItems,
    buyer: z
      .object({
        name: z.string().trim().min(1).max(200).default('Kasse'),
        email: z.email().max(254).nullish(),
        language: language.default('de'),
      })
      .strict()
      .default({ name: 'Kasse', language: 'de' }),
    consents: bookingConsentsInput,
    paymentMethod: z.string().min(1).max(40).default('cash'),
  })
  .strict();
export type BoxOfficeSaleInput = z.input<typeof boxOfficeSaleInput>;

export const ticketDto = z.object({
  id: z.string(),
  code: z.string(),
  performanceId: z.string(),
  productionId: z.string(),
  title: titleDto,
  startsAt: z.string(),
  hall: z.string().nullable(),
  priceCategoryId: z.string(),
  category: titleDto,
  tariff: z.string().nullable(),
  priceMinor: z.number().int(),
  currency: z.string(),
  state: z.enum(['valid', 'cancelled']),
  checkedInAt: z.string().nullable(),
});
export type Ticket = z.output<typeof ticketDto>;

export const orderDto = z
  .object({
    id: z.string(),
    number: z.string(),
    state: z.enum(orderStates),
    paymentMethod: z.string(),
    paymentRef: z.string().nullable(),
    totalMinor: z.number().int(),
    currency: z.string(),
    buyer: z.object({ name: z.string(), email: z.string().nullable(), language }),
    contactId: z.string().nullable(),
    consents: z.object({ newsletter: z.boolean(), recommendations: z.boolean() }),
    source: z.enum(saleSources),
    placedAt: z.string(),
    paidAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    tickets: z.array(ticketDto),
    /** Only in the answer that placed the order: the secret of the order's page and tickets. */
    accessToken: z.string().optional(),
    /** Only with the access token: the printable tickets. */
    ticketsUrl: z.string().optional(),
    /** A card or wallet provider's page where the buyer pays, when the method has one. */
    paymentUrl: z.string().optional(),
  })
  .meta({ id: 'Order' });
export type Order = z.output<typeof orderDto>;

export const orderSummaryDto = orderDto.omit({ tickets: true, accessToken: true, ticketsUrl: true, paymentUrl: true }).extend({ ticketCount: z.number().int() }).meta({ id: 'OrderSummary' });
export type OrderSummary = z.output<typeof orderSummaryDto>;

export const orderListQuery = z.object({
  /** Order number, buyer name or address, ticket code. */
  q: z.string().trim().max(200).optional(),
  performanceId: id.optional(),
  state: z.enum(orderStates).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type OrderListQuery = z.input<typeof orderListQuery>;

export const cancelInput = z
  .object({
    /** Only these tickets; absent: the whole order. */
    ticketIds: z.array(id).min(1).max(MAX_TICKETS_PER_ORDER).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .default({});
export type CancelInput = z.input<typeof cancelInput>;

export const exchangeInput = z
  .object({
    ticketIds: z.array(id).min(1).max(MAX_TICKETS_PER_ORDER),
    /** The new seats, one ticket for each given back. */
    to: z.object({ performanceId: id, priceCategoryId: id, tariff: z.string().min(1).max(60).nullish() }).strict(),
  })
  .strict();
export type ExchangeInput = z.input<typeof exchangeInput>;

export const markPaidInput = z.object({ paymentMethod: z.string().min(1).max(40).optional(), reference: z.string().max(200).optional() }).strict().default({});

// ---------- settings ----------

export const ticketingSettingsDto = z
  .object({
    holdMinutes: z.number().int(),
    offerMinutes: z.number().int(),
    /** Minutes before the performance when uncollected box-office reservations go back on sale; 0: never. */
    releaseMinutes: z.number().int(),
    paymentMethods: z.array(z.string()),
    /** Every method Foyer knows, for the settings screen. */
    availableMethods: z.array(z.object({ method: z.string(), label: titleDto, public: z.boolean() })),
  })
  .meta({ id: 'TicketingSettings' });
export type TicketingSettings = z.output<typeof ticketingSettingsDto>;

export const ticketingSettingsInput = z
  .object({
    holdMinutes: z.number().int().min(1).max(120).optional(),
    offerMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
    releaseMinutes: z.number().int().min(0).max(7 * 24 * 60).optional(),
    paymentMethods: z.array(z.string().min(1).max(40)).min(1).max(20).optional(),
  })
  .strict();

// ---------- check-in ----------

export const checkInInput = z
  .object({
    code: z.string().trim().min(1).max(100),
    performanceId: id,
    device: z.string().max(100).optional(),
  })
  .strict();

export const checkInDto = z
  .object({
    result: z.enum(checkInResults),
    code: z.string(),
    /** For already_used: when it was first scanned. */
    checkedInAt: z.string().nullable(),
    ticket: ticketDto.nullable(),
    orderNumber: z.string().nullable(),
    buyerName: z.string().nullable(),
    /** True when the order is still to be paid at the box office. */
    paymentDue: z.boolean(),
  })
  .meta({ id: 'CheckIn' });
export type CheckIn = z.output<typeof checkInDto>;
