import { describe, expect, it } from 'vitest';
import { hallCreateInput } from '../schemas/places.ts';
import { performanceCreateInput } from '../schemas/performances.ts';
import { priceCategoryCreateInput } from '../schemas/price-categories.ts';
import { productionCreateInput } from '../schemas/productions.ts';
import { checkPerformance, checkProduction, importLimits } from './limits.ts';
import type { Warning } from './model.ts';
import { performance, production } from './testing.ts';

const id = '0190a000-0000-7000-8000-000000000001';

/** Whether the catalogue's API accepts the value: the import must accept exactly these. */
const accepts = {
  capacity: (value: number) =>
    performanceCreateInput.safeParse({ productionId: id, startsAt: '2026-10-02T17:30:00Z', capacity: value }).success &&
    hallCreateInput.safeParse({ venueId: id, name: 'Saal', capacity: value }).success,
  durationMinutes: (value: number) => productionCreateInput.safeParse({ title: { de: 'Faust' }, durationMinutes: value }).success,
  age: (value: number) =>
    productionCreateInput.safeParse({ title: { de: 'Faust' }, ageMin: value }).success && productionCreateInput.safeParse({ title: { de: 'Faust' }, ageMax: value }).success,
  amountMinor: (value: number) => priceCategoryCreateInput.safeParse({ productionId: id, name: { de: 'A' }, amountMinor: value }).success,
};

describe('the limits of imported numbers', () => {
  it.each(Object.keys(importLimits) as (keyof typeof importLimits)[])('are the limits the API has for %s', (name) => {
    const { min, max } = importLimits[name];
    expect([accepts[name](min), accepts[name](max)]).toEqual([true, true]);
    expect([accepts[name](min - 1), accepts[name](max + 1), accepts[name](min + 0.5)]).toEqual([false, false, false]);
  });

  it('leaves out a capacity, a length, an age or a price the catalogue would refuse, naming where', () => {
    const warnings: Warning[] = [];
    const checked = checkProduction(production('p', { durationMinutes: 1e10, ageMin: -3, ageMax: 12, where: 'row 4' }), warnings);
    const performances = [1.5, -3, 1e10, 450].map((capacity, n) =>
      checkPerformance(
        performance(`p-${n}`, 'p', '2026-10-02T17:30:00.000Z', {
          capacity,
          prices: [
            { name: 'A', amountMinor: 1e12, currency: 'EUR' },
            { name: 'B', amountMinor: 1950, currency: 'EUR' },
          ],
          where: `row ${n + 5}`,
        }),
        warnings,
      ),
    );

    expect(checked).toMatchObject({ ageMax: 12 });
    expect(checked).not.toHaveProperty('durationMinutes');
    expect(checked).not.toHaveProperty('ageMin');
    expect(performances.map((p) => p.capacity)).toEqual([undefined, undefined, undefined, 450]);
    expect(performances.map((p) => p.prices.map((price) => price.name))).toEqual([['B'], ['B'], ['B'], ['B']]);
    expect(warnings.slice(0, 3)).toEqual([
      { where: 'row 4', message: 'minimum age -3 is not a whole number from 0 to 120: left out' },
      { where: 'row 4', message: 'duration in minutes 10000000000 is not a whole number from 1 to 1440: left out' },
      { where: 'row 5', message: 'capacity 1.5 is not a whole number from 0 to 200000: left out' },
    ]);
    expect(warnings).toContainEqual({ where: 'row 5', message: 'price "A" of 10000000000.00 EUR is not an amount from 0.00 to 1000000.00: left out' });
    expect(warnings).toHaveLength(9);
  });
});
