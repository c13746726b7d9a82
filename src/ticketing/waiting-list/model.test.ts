import { describe, expect, it } from 'vitest';
import { type EntryState, isForgettable, joinDecision, leaveDecision, offerDecision, type PerformanceSeats, positionIn, seatsFor, stateAfterOffer } from './model.ts';

const seats = (available: number, reducedAvailable = available, extra: Partial<PerformanceSeats> = {}): PerformanceSeats => ({
  bookable: available > 0,
  reason: available > 0 ? null : 'sold_out',
  categories: [
    { id: 'stalls', available, reducedAvailable: 0, tariffs: [] },
    { id: 'balcony', available, reducedAvailable, tariffs: [{ code: 'ermaessigt' }] },
  ],
  ...extra,
});

describe('seats for a category and tariff', () => {
  it.each([
    ['stalls', null, 4],
    ['balcony', null, 4],
    ['balcony', 'ermaessigt', 1],
    ['balcony', 'kinder', null],
    ['stalls', 'ermaessigt', null],
    ['gallery', null, null],
  ] as const)('%s with tariff %s → %s', (category, tariff, expected) => {
    expect(seatsFor(seats(4, 1), category, tariff)).toBe(expected);
  });
});

describe('joining', () => {
  it.each([
    ['sold out', seats(0), { priceCategoryId: 'stalls', tariff: null, quantity: 1 }, { ok: true }],
    ['fewer left than asked', seats(1), { priceCategoryId: 'stalls', tariff: null, quantity: 2 }, { ok: true }],
    ['enough left', seats(2), { priceCategoryId: 'stalls', tariff: null, quantity: 2 }, { ok: false, code: 'seats_available', available: 2 }],
    ['reduced seats gone while full price is free', seats(5, 0), { priceCategoryId: 'balcony', tariff: 'ermaessigt', quantity: 1 }, { ok: true }],
    ['unknown category', seats(0), { priceCategoryId: 'gallery', tariff: null, quantity: 1 }, { ok: false, code: 'unknown_category' }],
    ['unknown tariff', seats(0), { priceCategoryId: 'stalls', tariff: 'ermaessigt', quantity: 1 }, { ok: false, code: 'unknown_tariff' }],
    ['past performance', seats(0, 0, { reason: 'past' }), { priceCategoryId: 'stalls', tariff: null, quantity: 1 }, { ok: false, code: 'closed', reason: 'past' }],
  ] as const)('%s', (_case, state, wish, expected) => {
    expect(joinDecision(state, wish)).toEqual(expected);
  });
});

describe('offering to the first in line', () => {
  it.each([
    ['fits', seats(2), 2, 'offer'],
    ['does not fit: everyone waits', seats(1), 2, 'wait'],
    ['still sold out', seats(0), 1, 'wait'],
    ['cancelled performance', seats(3, 3, { bookable: false, reason: 'cancelled' }), 1, 'closed'],
  ] as const)('%s', (_case, state, quantity, kind) => {
    expect(offerDecision(state, { priceCategoryId: 'stalls', tariff: null, quantity }).kind).toBe(kind);
  });

  it('passes over nobody, but cannot serve a category that was removed', () => {
    expect(offerDecision(seats(3), { priceCategoryId: 'gallery', tariff: null, quantity: 1 }).kind).toBe('unservable');
  });
});

describe('offers that ran out, leaving, places in line', () => {
  it('counts an offer whose hold became an order as booked', () => {
    expect(stateAfterOffer('converted')).toBe('booked');
    expect(stateAfterOffer('active')).toBe('expired');
    expect(stateAfterOffer(null)).toBe('expired');
  });

  it.each([
    ['waiting', { ok: true, change: true, releaseHold: false }],
    ['offered', { ok: true, change: true, releaseHold: true }],
    ['expired', { ok: true, change: true, releaseHold: false }],
    ['left', { ok: true, change: false, releaseHold: false }],
    ['booked', { ok: false, code: 'booked' }],
  ] as const)('leaving from %s', (state: EntryState, expected) => {
    expect(leaveDecision(state)).toEqual(expected);
  });

  it('numbers the queue from 1 and has no place for someone not in it', () => {
    const queue = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(positionIn(queue, 'a')).toBe(1);
    expect(positionIn(queue, 'c')).toBe(3);
    expect(positionIn(queue, 'x')).toBeNull();
  });

  it('forgets entries a day after the performance began, not before', () => {
    const startsAt = '2026-10-03T17:30:00.000Z';
    expect(isForgettable(startsAt, new Date('2026-10-04T17:29:00.000Z'))).toBe(false);
    expect(isForgettable(startsAt, new Date('2026-10-04T17:31:00.000Z'))).toBe(true);
  });
});
