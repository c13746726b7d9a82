import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { type SeedResult, seedDemoHouse } from './seed.ts';

/*
 * The demo house's box office: the coming performances have sales through ticketing's own
 * service, spread over the weeks before, never above a quota, with counters that agree.
 */

describe('the demo house’s sales', () => {
  let t: TestApp;
  let result: SeedResult;
  beforeAll(async () => {
    t = await createTestApp();
    result = await seedDemoHouse(t.foyer);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sells tickets for the coming performances, on the days before each', async () => {
    // Sales open 60 days before a performance: the later of the next twelve have none yet.
    expect(result.sales.performances).toBeGreaterThan(2);
    expect(result.sales.performances).toBeLessThanOrEqual(12);
    expect(result.sales.tickets).toBeGreaterThan(100);
    const { db } = t.foyer.database;
    const tickets = await db.selectFrom('ticket').select(['performance_id', 'created_at']).where('house_id', '=', result.house.id).execute();
    expect(tickets).toHaveLength(result.sales.tickets);
    expect(new Set(tickets.map((ticket) => ticket.performance_id)).size).toBe(result.sales.performances);
    const days = new Set(tickets.map((ticket) => ticket.created_at.slice(0, 10)));
    expect(days.size).toBeGreaterThan(10);
    expect(tickets.every((ticket) => ticket.created_at <= t.clock.now().toISOString())).toBe(true);
  });

  it('keeps every performance within its capacity, with counters equal to the tickets, and a rising sales curve', async () => {
    const { db } = t.foyer.database;
    const performanceIds = (await db.selectFrom('ticket').select('performance_id').distinct().where('house_id', '=', result.house.id).execute()).map((row) => row.performance_id);
    for (const performanceId of performanceIds) {
      const inventory = await t.foyer.services.ticketingAdmin.inventory({ houseId: result.house.id, unitId: null }, performanceId);
      const capacity = inventory.quotas.find((q) => q.key === 'capacity');
      const sold = inventory.categories.reduce((sum, c) => sum + c.sold + c.pending, 0);
      expect(sold).toBe((capacity?.sold ?? 0) + (capacity?.pending ?? 0));
      expect(sold).toBeLessThanOrEqual(inventory.availability.capacity);
      const curve = inventory.salesCurve.map((point) => point.tickets);
      expect(curve.at(-1)).toBe(sold);
      expect(curve).toEqual([...curve].sort((a, b) => a - b));
    }
  });
});
