import { z } from 'zod';
import { titleDto } from '../../catalogue/schemas.ts';
import { entryStates, MAX_WAITING_QUANTITY } from './model.ts';

/*
 * Inputs and answers of the waiting list: joining and leaving (public), the queue as
 * staff see it, and the booking form of an offer page (an HTML form, so every field
 * arrives as text).
 */

const language = z.enum(['de', 'en']);

export const joinInput = z
  .object({
    priceCategoryId: z.uuid(),
    /** A reduced tariff's code of the category; absent: the full price. */
    tariff: z.string().min(1).max(60).nullish(),
    quantity: z.number().int().min(1).max(MAX_WAITING_QUANTITY),
    name: z.string().trim().min(1).max(200),
    email: z.email().max(254),
    language: language.default('de'),
  })
  .strict();
export type JoinInput = z.input<typeof joinInput>;

export const joinDto = z
  .object({
    id: z.string(),
    state: z.enum(entryStates),
    /** Place in line, from 1. */
    position: z.number().int().nullable(),
    /** The secret to leave the list with: only in the answer that made the entry. */
    token: z.string().optional(),
    /** True when this address was already waiting for these seats: the existing entry is answered. */
    alreadyJoined: z.boolean(),
  })
  .meta({ id: 'WaitingListEntry' });
export type JoinAnswer = z.output<typeof joinDto>;

export const leaveQuery = z.object({ token: z.string().min(10).max(200) }).strict();

export const staffEntryDto = z
  .object({
    id: z.string(),
    /** Place in line among those waiting or holding an offer; null once booked, expired or left. */
    position: z.number().int().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    language,
    quantity: z.number().int(),
    priceCategoryId: z.string(),
    category: titleDto,
    tariff: z.string().nullable(),
    state: z.enum(entryStates),
    offerExpiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WaitingListQueueEntry' });
export type StaffEntry = z.output<typeof staffEntryDto>;

export const queueQuery = z.object({
  /** active: waiting and offered (the default); all: also booked, expired and left. */
  include: z.enum(['active', 'all']).default('active'),
});
export type QueueQuery = z.input<typeof queueQuery>;

export const queueDto = z.object({ performanceId: z.string(), items: z.array(staffEntryDto) }).meta({ id: 'WaitingListQueue' });
export type Queue = z.output<typeof queueDto>;

/** A ticked HTML checkbox sends its value; an unticked one sends nothing. */
const checkbox = z
  .string()
  .max(10)
  .optional()
  .transform((value) => value !== undefined && value !== '');

/** The offer page's booking form, as the browser posts it (application/x-www-form-urlencoded). */
export const offerFormInput = z.object({
  hold: z.string().min(10).max(200),
  name: z.string().trim().min(1, 'please enter your name').max(200),
  email: z.email('please enter a valid e-mail address').max(254),
  language: language.default('de'),
  newsletter: checkbox,
  recommendations: checkbox,
  paymentMethod: z.enum(['box_office', 'invoice'], 'please choose how you want to pay'),
});
export type OfferFormInput = z.input<typeof offerFormInput>;

export const offerPageQuery = z.object({
  /** The hold's token from the offer mail: the link is the key. */
  hold: z.string().min(10).max(200),
  lang: language.optional(),
});

export const offerPostQuery = z.object({ lang: language.optional() });

/** What the form posts, before the service checks it field by field (so the page can show each error beside its field). */
export const offerFormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
