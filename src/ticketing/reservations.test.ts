import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../catalogue/test-fixtures.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { createReservationRelease } from './reservations.ts';
import type { Inventory, Order, TicketingSettings } from './schemas.ts';
import { type Bookable, idempotent, seedBookable } from './test-fixtures.ts';

/*
 * Reservations nobody collects go back on sale before the performance; sales, invoices
 * and reservations paid in time stay.
 */

describe('releasing uncollected reservations', () => {
  let t: TestApp;
  let b: Bookable;
  let desk: Record<string, string>;
  beforeEach(async () => {
    t = await createTestApp();
    b = await seedBookable(t, { capacity: 10, startsAt: '2026-09-01T18:00:00.000Z' });
    desk = await t.as('dialogue');
  });
  afterEach(async () => {
    await t.close();
  });

  const sell = async (paymentMethod: string, quantity = 2) =>
    (await call<Order>(t, idempotent(desk), 'POST', '/api/orders', { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity }], buyer: { name: 'Jonas Weber' }, paymentMethod })).body;
  const order = (id: string) => t.foyer.services.ticketing.getOrder({ houseId: t.house.id, unitId: null }, id);
  const free = async () => (await call<Inventory>(t, await t.as('owner'), 'GET', `/api/ticketing/performances/${b.performance.id}/inventory`)).body.availability.available;

  it('cancels unpaid box-office reservations within the release time and gives the seats back', async () => {
    const release = createReservationRelease({ database: t.foyer.database, clock: t.clock, ticketing: t.foyer.services.ticketing });
    const reserved = await sell('box_office');
    const invoiced = await sell('invoice');
    const paid = await sell('cash');
    const collected = await sell('box_office');
    expect(await free()).toBe(2);

    t.clock.set('2026-09-01T17:29:00.000Z');
    expect(await release.releaseDue()).toBe(0);
    await call(t, idempotent(desk), 'POST', `/api/orders/${collected.id}/payment`, { paymentMethod: 'cash' });

    t.clock.set('2026-09-01T17:31:00.000Z');
    expect(await release.releaseDue()).toBe(1);
    expect((await order(reserved.id)).state).toBe('cancelled');
    expect((await order(invoiced.id)).state).toBe('pending');
    expect((await order(paid.id)).state).toBe('paid');
    expect((await order(collected.id)).state).toBe('paid');
    expect(await free()).toBe(4);
    expect(await release.releaseDue()).toBe(0);
  });

  it('keeps reservations when the house sets the release time to 0, and refuses a negative time', async () => {
    const owner = await t.as('owner');
    const settings = await call<TicketingSettings>(t, owner, 'PATCH', '/api/ticketing/settings', { releaseMinutes: 0 });
    expect(settings.body.releaseMinutes).toBe(0);
    const reserved = await sell('box_office');
    t.clock.set('2026-09-01T17:55:00.000Z');
    const release = createReservationRelease({ database: t.foyer.database, clock: t.clock, ticketing: t.foyer.services.ticketing });
    expect(await release.releaseDue()).toBe(0);
    expect((await order(reserved.id)).state).toBe('pending');

    const refused = await call(t, owner, 'PATCH', '/api/ticketing/settings', { releaseMinutes: -5 });
    expect(refused).toMatchObject({ status: 400, body: { error: { details: [{ field: 'body.releaseMinutes' }] } } });
  });
});
