import type { Performance } from '../catalogue/schemas/performances.ts';
import type { PriceCategory } from '../catalogue/schemas/price-categories.ts';
import type { Production } from '../catalogue/schemas/productions.ts';
import type { TestApp } from '../core/testing/app.ts';

/*
 * Shared set-up for ticketing's tests: a hall, a production with two price categories
 * (the cheaper one with a reduced tariff), and a performance in October, after the test
 * clock's start (2026-09-01).
 */

export interface Bookable {
  production: Production;
  performance: Performance;
  stalls: PriceCategory;
  balcony: PriceCategory;
}

export async function seedBookable(
  t: Pick<TestApp, 'foyer' | 'house'>,
  options: { capacity?: number; houseId?: string; unitId?: string | null; startsAt?: string; balconyQuota?: number | null } = {},
): Promise<Bookable> {
  const { catalogue } = t.foyer.services;
  const scope = { houseId: options.houseId ?? t.house.id, unitId: null };
  const venue = await catalogue.createVenue(scope, { name: 'Theater am Markt', city: 'Auenstadt', country: 'DE' });
  const hall = await catalogue.createHall(scope, { venueId: venue.id, name: 'Großes Haus', capacity: options.capacity ?? 100 });
  const production = await catalogue.createProduction(scope, {
    title: { de: 'Carmen', en: 'Carmen' },
    genres: ['opera'],
    ...(options.unitId == null ? {} : { unitId: options.unitId }),
  });
  const performance = await catalogue.createPerformance(scope, { productionId: production.id, startsAt: options.startsAt ?? '2026-10-03T17:30:00.000Z', hallId: hall.id });
  const stalls = await catalogue.createPriceCategory(scope, { productionId: production.id, code: 'I', name: { de: 'Parkett', en: 'Stalls' }, amountMinor: 4800, sortOrder: 1 });
  const balcony = await catalogue.createPriceCategory(scope, {
    productionId: production.id,
    code: 'II',
    name: { de: 'Rang', en: 'Balcony' },
    amountMinor: 2900,
    sortOrder: 2,
    quota: options.balconyQuota ?? null,
    reductions: [{ code: 'ermaessigt', nameDe: 'Ermäßigt', nameEn: 'Reduced', amountMinor: 1450, eligible: ['students'] }],
  });
  return { production, performance, stalls, balcony };
}

export const buyer = { name: 'Anna Becker', email: 'anna@example.org', language: 'de' as const };

let keys = 0;
/** A fresh Idempotency-Key header. */
export function idempotent(headers: Record<string, string> = {}): Record<string, string> {
  keys += 1;
  return { ...headers, 'idempotency-key': `test-${process.pid}-${keys}-${Math.random().toString(36).slice(2)}` };
}
