import { describe, expect, it } from 'vitest';
import type { Item } from '../types.ts';
import { type BookingRecord, calibrationKL, comfortGenres, discoveryBookingShare, entropy, firstBookingsInNewGenre, genreDistribution, genreEntropy, narrowingIndex } from './bubble.ts';
import { itemOf } from './items.ts';

const items = new Map<string, Item>(
  [
    itemOf({ id: 'a', genres: ['drama'] }),
    itemOf({ id: 'b', genres: ['drama', 'comedy'] }),
    itemOf({ id: 'c', genres: ['opera'] }),
    itemOf({ id: 'd', genres: ['ballet'] }),
    itemOf({ id: 'n', genres: [] }),
  ].map((item) => [item.id, item]),
);
const dist = (entries: [string, number][]) => new Map(entries);

describe('genre distribution and entropy', () => {
  it.each([
    { ids: ['a'], expected: [['drama', 1]] },
    { ids: ['a', 'b'], expected: [['drama', 0.75], ['comedy', 0.25]] },
    { ids: ['n'], expected: [] },
  ])('of $ids', ({ ids, expected }) => {
    expect([...genreDistribution(ids, items)]).toEqual(expected);
  });

  it.each([
    { ids: ['a', 'a'], expected: 0 },
    { ids: ['a', 'c'], expected: 1 },
    { ids: ['a', 'c', 'd', 'b', 'b'], expected: genreEntropyOf([0.2 + 0.2, 0.2, 0.2, 0.2]) },
    { ids: [], expected: 0 },
  ])('entropy of $ids is $expected bits', ({ ids, expected }) => {
    expect(genreEntropy(ids, items)).toBeCloseTo(expected, 10);
  });

  it.each([
    { earlier: ['a', 'c'], later: ['a', 'a'], expected: 1 }, // narrowing
    { earlier: ['a'], later: ['a', 'c'], expected: -1 }, // widening
    { earlier: ['a'], later: ['c'], expected: 0 },
  ])('narrowing from $earlier to $later is $expected', ({ earlier, later, expected }) => {
    expect(narrowingIndex(earlier, later, items)).toBe(expected);
  });
});

function genreEntropyOf(ps: number[]): number {
  return entropy(new Map(ps.map((p, i) => [String(i), p])));
}

describe('calibration KL', () => {
  it.each([
    { p: [['drama', 1]], q: [['drama', 1]], expected: 0 },
    // q~ = 0.99*0 + 0.01*1 -> log2(1/0.01)
    { p: [['drama', 1]], q: [['opera', 1]], expected: Math.log2(100) },
    // p .5/.5, q all drama: drama .5*log2(.5/(.99+.005)) + opera .5*log2(.5/.005)
    { p: [['drama', 0.5], ['opera', 0.5]], q: [['drama', 1]], expected: 0.5 * Math.log2(0.5 / 0.995) + 0.5 * Math.log2(100) },
  ] as { p: [string, number][]; q: [string, number][]; expected: number }[])('of $q against $p is $expected', ({ p, q, expected }) => {
    expect(calibrationKL(dist(p), dist(q))).toBeCloseTo(expected, 10);
  });

  it('is undefined without a history', () => {
    expect(calibrationKL(new Map(), dist([['drama', 1]]))).toBeNull();
  });
});

describe('comfort genres', () => {
  it.each([
    { p: [['drama', 0.6], ['opera', 0.3], ['jazz', 0.1]], expected: ['drama', 'opera'] },
    { p: [['drama', 0.8], ['opera', 0.2]], expected: ['drama'] },
    { p: [['drama', 0.4], ['opera', 0.4], ['jazz', 0.2]], expected: ['drama', 'opera'] },
    { p: [], expected: [] },
    // Ties at the boundary are all in: which of two equal genres is comfort must not follow the alphabet.
    { p: [['drama', 0.4], ['ballet', 0.2], ['comedy', 0.2], ['opera', 0.2]], expected: ['ballet', 'comedy', 'drama', 'opera'] },
  ] as { p: [string, number][]; expected: string[] }[])('of $p are $expected', ({ p, expected }) => {
    expect([...comfortGenres(dist(p))].sort()).toEqual(expected);
  });
});

describe('discovery bookings', () => {
  const bookings: BookingRecord[] = [
    { userId: 'u', itemId: 'c', at: 2, slot: 'discovery' },
    { userId: 'u', itemId: 'a', at: 1, slot: 'relevant' },
    { userId: 'u', itemId: 'c', at: 3, slot: null },
    { userId: 'v', itemId: 'b', at: 1, slot: 'discovery' },
  ];

  it('counts the share from discovery slots', () => {
    expect(discoveryBookingShare(bookings)).toBe(0.5);
    expect(discoveryBookingShare([])).toBe(0);
  });

  it.each([
    // u knew drama: a is old, c (opera) new once; v knew nothing: b new
    { prior: [['u', ['drama']]], expected: 2 },
    // u knew nothing: a new, then c new; v: b new
    { prior: [], expected: 3 },
    { prior: [['u', ['drama', 'opera']], ['v', ['drama', 'comedy']]], expected: 0 },
  ] as { prior: [string, string[]][]; expected: number }[])('counts first bookings in a new genre ($expected)', ({ prior, expected }) => {
    const priorGenres = new Map(prior.map(([user, genres]) => [user, new Set(genres)]));
    expect(firstBookingsInNewGenre(bookings, priorGenres, items)).toBe(expected);
  });
});
