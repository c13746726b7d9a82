/*
 * The waiting list without I/O: who may join, who is next, whether the seats that came
 * back fit the first in line, and what becomes of an offer that ran out. The service
 * reads the queue and the availability, asks these functions, and writes what they say.
 *
 * One queue per performance, strictly first come, first served: when the first in line
 * wants more seats than are free, nobody behind them is offered anything. Seats that
 * trickle back one by one are thus kept for the person who waited longest, instead of
 * going to a later party of one.
 */

export const entryStates = ['waiting', 'offered', 'booked', 'expired', 'left'] as const;
export type EntryState = (typeof entryStates)[number];

/** States that hold a place in the queue. */
export const activeStates: readonly EntryState[] = ['waiting', 'offered'];

export const MAX_WAITING_QUANTITY = 10;

/** What the availability says of one price category (see ticketing's availabilityDto). */
export interface CategorySeats {
  id: string;
  /** Seats a full-price ticket can still get. */
  available: number;
  /** Seats a reduced ticket can still get. */
  reducedAvailable: number;
  tariffs: readonly { code: string }[];
}

export interface PerformanceSeats {
  bookable: boolean;
  /** Why not bookable: cancelled, past, sold_out, no_prices, no_capacity. */
  reason: string | null;
  categories: readonly CategorySeats[];
}

export interface SeatWish {
  priceCategoryId: string;
  tariff: string | null;
  quantity: number;
}

/** Free seats for this category and tariff; null when the category or the tariff does not exist. */
export function seatsFor(seats: PerformanceSeats, categoryId: string, tariff: string | null): number | null {
  const category = seats.categories.find((c) => c.id === categoryId);
  if (category === undefined) return null;
  if (tariff === null) return category.available;
  // Every reduced tariff of a category counts against the same quotas: one number fits all.
  if (!category.tariffs.some((t) => t.code === tariff)) return null;
  return category.reducedAvailable;
}

/** Sold out is the reason to wait; any other reason (past, cancelled, no prices) closes the performance. */
export function isClosed(seats: PerformanceSeats): boolean {
  return !seats.bookable && seats.reason !== 'sold_out';
}

export type JoinDecision =
  | { ok: true }
  | { ok: false; code: 'unknown_category' | 'unknown_tariff' }
  | { ok: false; code: 'closed'; reason: string }
  | { ok: false; code: 'seats_available'; available: number };

/** Joining makes sense only while fewer seats are free than asked for: otherwise book them. */
export function joinDecision(seats: PerformanceSeats, wish: SeatWish): JoinDecision {
  const category = seats.categories.find((c) => c.id === wish.priceCategoryId);
  if (category === undefined) return { ok: false, code: 'unknown_category' };
  const free = seatsFor(seats, wish.priceCategoryId, wish.tariff);
  if (free === null) return { ok: false, code: 'unknown_tariff' };
  if (isClosed(seats)) return { ok: false, code: 'closed', reason: seats.reason ?? 'closed' };
  if (free >= wish.quantity) return { ok: false, code: 'seats_available', available: free };
  return { ok: true };
}

export type OfferDecision =
  /** The first in line fits: hold the seats for them. */
  | { kind: 'offer' }
  /** Not enough seats for the first in line: everyone keeps waiting. */
  | { kind: 'wait' }
  /** The performance can no longer be booked: nobody gets an offer. */
  | { kind: 'closed' }
  /** Their category or tariff no longer exists: they can never be served. */
  | { kind: 'unservable' };

export function offerDecision(seats: PerformanceSeats, head: SeatWish): OfferDecision {
  if (isClosed(seats)) return { kind: 'closed' };
  const free = seatsFor(seats, head.priceCategoryId, head.tariff);
  if (free === null) return { kind: 'unservable' };
  return free >= head.quantity ? { kind: 'offer' } : { kind: 'wait' };
}

/** An offer whose time ran out: booked if its hold became an order (through any page), else expired. */
export function stateAfterOffer(holdState: string | null): 'booked' | 'expired' {
  return holdState === 'converted' ? 'booked' : 'expired';
}

export type LeaveDecision = { ok: true; change: boolean; releaseHold: boolean } | { ok: false; code: 'booked' };

/** Leaving twice is fine; a booked entry is an order now and is cancelled as one. */
export function leaveDecision(state: EntryState): LeaveDecision {
  if (state === 'booked') return { ok: false, code: 'booked' };
  if (state === 'left') return { ok: true, change: false, releaseHold: false };
  return { ok: true, change: true, releaseHold: state === 'offered' };
}

/** Place in line, from 1, among the entries still in the queue (ordered by arrival); null for one no longer in it. */
export function positionIn(queue: readonly { id: string }[], id: string): number | null {
  const index = queue.findIndex((entry) => entry.id === id);
  return index === -1 ? null : index + 1;
}

/** Entries are personal data kept only for the performance: gone a day after it began. */
export function isForgettable(startsAt: string, now: Date): boolean {
  return Date.parse(startsAt) + 86_400_000 < now.getTime();
}
