import { describe, expect, it } from 'vitest';
import type { Item } from '../types.ts';
import {
  type BookingRecord,
  calibrationKL,
  comfortGenres,
  correctedGenreEntropy,
  discoveryBookingShare,
  entropy,
  familyCount,
  firstBookingsInNewGenre,
  genreDistribution,
  genreEntropy,
  narrowingIndex,
} from './bubble.ts';
import { createRandom } from '../../demo/audience-random.ts';
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

describe('the Miller–Madow corrected entropy', () => {
  it.each([
    { ids: ['a'], expected: 0 },
    { ids: ['a', 'a'], expected: 0 },
    // 1 bit plus (2 − 1) / (2 · 2) nats.
    { ids: ['a', 'c'], expected: 1 + 1 / (4 * Math.LN2) },
    { ids: ['a', 'c', 'n'], expected: 1 + 1 / (4 * Math.LN2) },
    { ids: [], expected: 0 },
  ])('of $ids is $expected bits', ({ ids, expected }) => {
    expect(correctedGenreEntropy(ids, items)).toBeCloseTo(expected, 10);
  });

  it('grows far less than the plug-in entropy when only the sample grows, not the mix', () => {
    // Histories drawn from one fixed mix (1.5 bits): the plug-in estimate of a short one is far below a long one's.
    const random = createRandom(7);
    const mixed = (length: number) => Array.from({ length }, () => random.pick(['a', 'c', 'd', 'd']));
    const mean = (f: (ids: string[]) => number, length: number) => Array.from({ length: 400 }, () => f(mixed(length))).reduce((x, y) => x + y, 0) / 400;
    const plugIn = (ids: string[]) => genreEntropy(ids, items);
    const corrected = (ids: string[]) => correctedGenreEntropy(ids, items);
    const plugInGap = mean(plugIn, 40) - mean(plugIn, 4);
    const correctedGap = mean(corrected, 40) - mean(corrected, 4);
    expect(plugInGap).toBeGreaterThan(0.3);
    // First-order: it removes about half of the bias at four items, nearly all of it at forty.
    expect(correctedGap).toBeLessThan(0.6 * plugInGap);
    expect(mean(corrected, 40)).toBeCloseTo(1.5, 1);
  });

  it('counts the families booked', () => {
    expect(familyCount(['a', 'b'], items)).toBe(1);
    expect(familyCount(['a', 'c', 'd', 'n'], items)).toBe(3);
  });
});

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
