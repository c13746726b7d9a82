import { describe, expect, it } from 'vitest';
import { itemKnnRecommender, popularityRecommender } from './baselines.ts';
import { itemOf } from './items.ts';
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
});

describe('booking chances', () => {
  const person = (openness: number): Person => ({ id: 'p', taste: new Map([['opera', 1], ['drama', 0]]), openness, activity: 2 * roundsPerSeason });
  const opera = itemOf({ id: 'o', genres: ['opera'] });
  const drama = itemOf({ id: 'd', genres: ['drama'] });
  it.each([
    { who: 'anyone, for a loved genre', p: person(0), item: opera, quality: 1, expected: 0.9 },
    { who: 'a closed person, for a new genre', p: person(0), item: drama, quality: 1, expected: 0 },
    { who: 'an open person, for a new genre', p: person(1), item: drama, quality: 1, expected: 0.5 },
    { who: 'an open person, for a new genre of middling quality', p: person(1), item: drama, quality: 0.5, expected: 0.25 },
  ])('are $expected for $who', ({ p, item, quality, expected }) => {
    expect(bookingChance(p, item, quality, new Set(['opera']))).toBeCloseTo(expected, 10);
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
