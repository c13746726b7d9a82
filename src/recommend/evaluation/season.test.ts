import { describe, expect, it } from 'vitest';
import { contentRecommender } from '../foyer.ts';
import { itemKnnRecommender, popularityRecommender } from './baselines.ts';
import { itemOf } from './items.ts';
import { affinity, awareness, experience, loyaltyTo } from './audience.ts';
import { bookingChance, simulateSeason } from './season.ts';
import { genreJaccardIndex } from './similarity.ts';
import { type Person, roundsPerSeason, simulateHouse } from './simulator.ts';

const house = simulateHouse({ seed: 3, people: 60, seasons: 2, productionsPerSeason: 20 });

describe('the simulated house', () => {
  it('is the same for the same seed and differs for another', () => {
    const again = simulateHouse({ seed: 3, people: 60, seasons: 2, productionsPerSeason: 20 });
    expect(again.history).toEqual(house.history);
    expect(simulateHouse({ seed: 4, people: 60, seasons: 2, productionsPerSeason: 20 }).history).not.toEqual(house.history);
  });

  it('has productions with genres and recurring people, and a history inside each season', () => {
    expect(house.productions).toHaveLength(40);
    expect(house.productions.every((p) => p.item.genres.length > 0 && p.item.people.length > 0 && p.item.works.length === 1)).toBe(true);
    const appearances = house.productions.flatMap((p) => p.item.people);
    expect(new Set(appearances).size).toBeLessThan(appearances.length);
    expect(house.history.length).toBeGreaterThan(0);
    expect(house.history.every((i) => i.at >= house.seasonStart(0) && i.at < house.seasonStart(2))).toBe(true);
  });

  it('keeps the audience as it was at each season start, apart from its later evenings', () => {
    const start = house.audienceAt(1);
    expect(start).toHaveLength(60);
    expect(start.every((p, i) => [...p.known].every((g) => house.people[i]?.known.has(g)))).toBe(true);
    expect(start.some((p, i) => p.known.size < (house.people[i]?.known.size ?? 0))).toBe(true);
  });

  it('gives people untried latent tastes: outside bookings follow structure, not chance alone', () => {
    const big = simulateHouse({ seed: 5, people: 200 });
    const latent = big.audienceAt(0).map((p) => [...p.taste].filter(([g, t]) => !p.known.has(g) && t >= 0.3).length);
    expect(latent.filter((n) => n > 0).length).toBeGreaterThan(150);
  });
});

describe('booking chances', () => {
  const person = (openness: number): Person => ({
    id: 'p',
    taste: new Map([['opera', 1], ['drama', 0]]),
    known: new Set(['opera']),
    loyalty: new Map(),
    openness,
    activity: 2 * roundsPerSeason,
  });
  const opera = itemOf({ id: 'o', genres: ['opera'] });
  const drama = itemOf({ id: 'd', genres: ['drama'] });
  it.each([
    { who: 'anyone, for a loved genre', p: person(0), item: opera, quality: 1, expected: 0.9 },
    { who: 'a closed person, for a new genre', p: person(0), item: drama, quality: 1, expected: 0 },
    { who: 'an open person, for a new genre', p: person(1), item: drama, quality: 1, expected: 0.5 },
    { who: 'an open person, for a new genre of middling quality', p: person(1), item: drama, quality: 0.5, expected: 0.25 },
  ])('are $expected for $who', ({ p, item, quality, expected }) => {
    expect(bookingChance(p, item, quality)).toBeCloseTo(expected, 10);
  });

  it('draw an untried latent taste only faintly, more when suggested to an open person, fully once tried', () => {
    const p = { ...person(1), taste: new Map([['opera', 1], ['ballet', 0.8]]) };
    const ballet = itemOf({ id: 'b', genres: ['ballet'] });
    expect(affinity(p, ballet)).toBeCloseTo(awareness * 0.8, 10);
    expect(affinity(p, ballet, true)).toBeGreaterThan(affinity(p, ballet));
    experience(p, ballet, 1);
    expect(affinity(p, ballet)).toBeCloseTo(0.84, 10);
  });

  it('carry loyalty to an artist or a work across forms', () => {
    const p = person(0);
    experience(p, itemOf({ id: 'c1', genres: ['opera'], people: ['dorn'], works: ['Carmen'] }), 1);
    const carmenBallet = itemOf({ id: 'c2', genres: ['ballet'], works: ['Carmen'] });
    expect(loyaltyTo(p, carmenBallet)).toBeGreaterThan(0);
    expect(bookingChance(p, carmenBallet, 1)).toBeGreaterThan(bookingChance(p, itemOf({ id: 'x', genres: ['ballet'] }), 1));
  });
});

describe('the season simulation', () => {
  const report = simulateSeason(house, itemKnnRecommender(), { seed: 3, similarity: genreJaccardIndex });

  it('reports bookings, ranges and list metrics in their ranges', () => {
    expect(report.policy).toBe('item-knn');
    expect(report.bookings).toBeGreaterThan(0);
    expect(report.discoveryBookings).toBe(0);
    expect(report.firstBookingsInNewGenre).toBeLessThanOrEqual(report.bookings);
    for (const value of [report.coverage, report.gini, report.ild, report.widened, report.narrowed]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(report.genresEnd).toBeGreaterThanOrEqual(report.genresStart);
    expect(report.rangeChange).toBeCloseTo(report.rangeEnd - report.rangeStart, 10);
    expect(report.people.length).toBeGreaterThan(0);
  });

  it('does not change the house it plays (every policy meets the same people)', () => {
    const tastes = house.people.map((p) => [...p.taste]);
    simulateSeason(house, popularityRecommender(), { seed: 3, similarity: genreJaccardIndex });
    expect(house.people.map((p) => [...p.taste])).toEqual(tastes);
    expect(simulateSeason(house, itemKnnRecommender(), { seed: 3, similarity: genreJaccardIndex })).toEqual(report);
  });
});

describe('several seasons in a row', () => {
  // 40 productions a season leave about 12 open per round, twice a list: with fewer, every list holds all of them and no policy could shape anything.
  const longer = simulateHouse({ seed: 3, people: 60, seasons: 4, productionsPerSeason: 40 });
  const play = (policy: Parameters<typeof simulateSeason>[1]) => simulateSeason(longer, policy, { seed: 3, similarity: genreJaccardIndex, seasons: 2 });
  const [popular, content] = [play(popularityRecommender()), play(contentRecommender())];

  it('report the range change per policy, corrected and per season', () => {
    for (const report of [popular, content]) {
      expect(report.seasonsPlayed).toBe(2);
      // The last organic season, then each played one.
      expect(report.seasonRange).toHaveLength(3);
      expect(report.correctedChange).toBeCloseTo(report.correctedEnd - report.correctedStart, 10);
      expect(report.familiesEnd).toBeGreaterThanOrEqual(report.familiesStart);
      // The correction only ever adds (m − 1) / 2N to the plug-in entropy.
      expect(report.correctedStart).toBeGreaterThanOrEqual(report.rangeStart);
      expect(report.correctedEnd).toBeGreaterThanOrEqual(report.rangeEnd);
      expect(report.correctedWidened + report.correctedNarrowed).toBeLessThanOrEqual(1);
    }
    expect(popular.correctedStart).toBe(content.correctedStart);
  });

  it('let the lists decide what is booked: two policies, the same people and draws, other bookings and ranges', () => {
    expect(popular.bookings).not.toBe(content.bookings);
    expect(popular.people.map((p) => p.genresEnd)).not.toEqual(content.people.map((p) => p.genresEnd));
    // A list that follows each person's tastes is booked more than the same list for everyone.
    expect(content.bookings).toBeGreaterThan(popular.bookings);
  });

  it('play more bookings over two seasons than over one', () => {
    const one = simulateSeason(longer, contentRecommender(), { seed: 3, similarity: genreJaccardIndex, seasons: 1 });
    expect(one.seasonsPlayed).toBe(1);
    expect(content.bookings).toBeGreaterThan(one.bookings);
  });
});
