import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFoyer, type Foyer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createTestClock } from '../core/clock.ts';
import { createTestDatabase } from '../core/testing/database.ts';
import { seedDemoRecommendationHistory } from './recommendation-history.ts';
import { seedDemoHouse } from './seed.ts';

/* The demo's recommendation history: the discovery dashboard and a contact card show figures, the same ones every time. */

let foyer: Foyer;
let houseId: string;

beforeAll(async () => {
  const database = await createTestDatabase();
  foyer = await createFoyer({ config: loadConfig({ FOYER_LOG_LEVEL: 'silent' }), database, clock: createTestClock() });
  houseId = (await seedDemoHouse(foyer)).house.id;
  const close = foyer.close;
  foyer.close = async () => {
    await close();
    await database.close();
  };
});
afterAll(async () => foyer.close());

const exposures = () => foyer.database.db.selectFrom('recommendation_exposure').select(['contact_id', 'production_id', 'slot', 'surface', 'shown_at']).where('house_id', '=', houseId).orderBy('shown_at').orderBy('production_id').orderBy('contact_id').execute();

describe('the demo house’s recommendation history', () => {
  it('gives the discovery dashboard real figures: exposure, coverage, bookings from discovery slots, first bookings in a new genre', async () => {
    const metrics = await foyer.services.recommendationMetrics.forHouse(houseId, 90);
    expect(metrics.exposures).toBeGreaterThan(5_000);
    expect(metrics.coverage).toBeGreaterThan(0.5);
    expect(metrics.exposureGini).toBeGreaterThan(0);
    expect(metrics.exposureGini).toBeLessThan(1);
    expect(metrics.discoveryBookingShare).toBeGreaterThan(0.01);
    expect(metrics.discoveryBookingShare).toBeLessThan(0.5);
    expect(metrics.firstBookingsInNewGenre).toBeGreaterThan(0);
    expect(metrics.weeks.filter((week) => week.exposures > 0).length).toBeGreaterThanOrEqual(12);
  });

  it('shows a person with recommendations consent what was recommended to them by month', async () => {
    const rows = await exposures();
    const shown = rows.filter((row) => row.contact_id !== null);
    expect(shown.length).toBeGreaterThan(0);
    const someone = shown[0]?.contact_id as string;
    const card = await foyer.services.recommendationMetrics.forContact({ houseId, unitId: null }, someone, 12);
    expect(card.personal).toBe(true);
    expect(card.months.reduce((sum, month) => sum + month.recommended, 0)).toBeGreaterThan(0);
    expect(rows.every((row) => row.shown_at <= '2026-09-01T08:00:00.000Z')).toBe(true);
  });

  it('is the same history every time, and fast to write', async () => {
    const before = await exposures();
    await foyer.database.db.deleteFrom('recommendation_exposure').where('house_id', '=', houseId).execute();
    const started = performance.now();
    const again = await seedDemoRecommendationHistory({ database: foyer.database, clock: foyer.clock }, houseId);
    const ms = performance.now() - started;
    const after = await exposures();
    expect(after).toEqual(before);
    expect(again.exposures).toBe(before.length);
    expect(again.bookingsFromDiscovery).toBeGreaterThan(0);
    console.log(JSON.stringify({ demoExposures: again.exposures, bookingsFromDiscovery: again.bookingsFromDiscovery, ms: Math.round(ms) }));
    expect(ms).toBeLessThan(5_000);
  });
});
