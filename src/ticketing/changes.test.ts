import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../catalogue/test-fixtures.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import type { Inventory, Order } from './schemas.ts';
import { type Bookable, buyer, idempotent, seedBookable } from './test-fixtures.ts';

/*
 * What the box office does after a sale: payment, cancellation (whole or part),
 * exchange; the quotas a house sets; and who may do it. Each change must move exactly
 * the seats it names.
 */

describe('orders after the sale', () => {
  let t: TestApp;
  let b: Bookable;
  let desk: Record<string, string>;

  beforeEach(async () => {
    t = await createTestApp();
    b = await seedBookable(t, { capacity: 10 });
    desk = await t.as('dialogue');
  });
  afterEach(async () => {
    await t.close();
  });

  const inventory = async (performanceId = b.performance.id) => (await call<Inventory>(t, await t.as('owner'), 'GET', `/api/ticketing/performances/${performanceId}/inventory`)).body;
  const quota = (inv: Inventory, key = 'capacity') => inv.quotas.find((q) => q.key === key);
  const sell = async (items: { priceCategoryId: string; quantity: number; tariff?: string }[], paymentMethod = 'box_office', performanceId = b.performance.id) =>
    call<Order>(t, idempotent(desk), 'POST', '/api/orders', { items: items.map((i) => ({ performanceId, ...i })), buyer: { name: buyer.name, email: buyer.email }, paymentMethod });

  it('moves seats from reserved to sold when a pending order is paid', async () => {
    const order = (await sell([{ priceCategoryId: b.stalls.id, quantity: 3 }])).body;
    expect(order.state).toBe('pending');
    expect(quota(await inventory())).toMatchObject({ sold: 0, pending: 3, available: 7 });
    const paid = await call<Order>(t, idempotent(desk), 'POST', `/api/orders/${order.id}/payment`, { paymentMethod: 'cash' });
    expect(paid.body).toMatchObject({ state: 'paid', paymentMethod: 'cash' });
    const inv = await inventory();
    expect(quota(inv)).toMatchObject({ sold: 3, pending: 0, available: 7 });
    expect(inv.categories.find((c) => c.id === b.stalls.id)).toMatchObject({ sold: 3, pending: 0 });
    const again = await call(t, idempotent(desk), 'POST', `/api/orders/${order.id}/payment`, {});
    expect(again.status).toBe(200);
    expect(quota(await inventory())).toMatchObject({ sold: 3, pending: 0 });
  });

  it('cancels some tickets, lowers the total, and refunds a paid order when the last one goes', async () => {
    const order = (await sell([{ priceCategoryId: b.stalls.id, quantity: 2 }, { priceCategoryId: b.balcony.id, quantity: 1, tariff: 'ermaessigt' }], 'cash')).body;
    expect(order).toMatchObject({ state: 'paid', totalMinor: 2 * 4800 + 1450 });
    const reduced = order.tickets.find((ticket) => ticket.tariff === 'ermaessigt');
    const part = await call<Order>(t, idempotent(desk), 'POST', `/api/orders/${order.id}/cancel`, { ticketIds: [reduced?.id], reason: 'kann nicht kommen' });
    expect(part.body).toMatchObject({ state: 'paid', totalMinor: 9600 });
    expect(part.body.tickets.filter((ticket) => ticket.state === 'cancelled')).toHaveLength(1);
    expect(quota(await inventory())).toMatchObject({ sold: 2, available: 8 });
    const whole = await call<Order>(t, idempotent(desk), 'POST', `/api/orders/${order.id}/cancel`, {});
    expect(whole.body).toMatchObject({ state: 'refunded' });
    expect(quota(await inventory())).toMatchObject({ sold: 0, pending: 0, available: 10 });
    const none = await call(t, idempotent(desk), 'POST', `/api/orders/${order.id}/cancel`, {});
    expect(none).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it('gives the seats back once when two desks cancel the same order at the same moment', async () => {
    const order = (await sell([{ priceCategoryId: b.stalls.id, quantity: 4 }], 'cash')).body;
    const { ticketing } = t.foyer.services;
    const both = await Promise.allSettled(
      ['desk-a', 'desk-b'].map((key) => ticketing.cancel({ houseId: t.house.id, unitId: null }, order.id, {}, { actor: 'staff:test', idempotencyKey: key })),
    );
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(quota(await inventory())).toMatchObject({ sold: 0, pending: 0, available: 10 });
  });

  it('exchanges tickets for another performance in one step, and refuses when the new one is full', async () => {
    const other = await t.foyer.services.catalogue.createPerformance({ houseId: t.house.id, unitId: null }, { productionId: b.production.id, startsAt: '2026-10-10T17:30:00.000Z', hallId: b.performance.hallId });
    const order = (await sell([{ priceCategoryId: b.stalls.id, quantity: 2 }])).body;
    const ids = order.tickets.map((ticket) => ticket.id);
    const exchanged = await call<Order>(t, idempotent(desk), 'POST', `/api/orders/${order.id}/exchange`, { ticketIds: ids, to: { performanceId: other.id, priceCategoryId: b.balcony.id } });
    expect(exchanged.status).toBe(200);
    const valid = exchanged.body.tickets.filter((ticket) => ticket.state === 'valid');
    expect(valid.map((ticket) => ticket.performanceId)).toEqual([other.id, other.id]);
    expect(exchanged.body.totalMinor).toBe(2 * 2900);
    expect(quota(await inventory())).toMatchObject({ pending: 0, available: 10 });
    expect(quota(await inventory(other.id))).toMatchObject({ pending: 2, available: 8 });

    await sell([{ priceCategoryId: b.stalls.id, quantity: 8 }], 'box_office', other.id);
    const back = await call(t, idempotent(desk), 'POST', `/api/orders/${order.id}/exchange`, { ticketIds: valid.map((ticket) => ticket.id), to: { performanceId: b.performance.id, priceCategoryId: b.stalls.id } });
    expect(back.status).toBe(200);
    await sell([{ priceCategoryId: b.stalls.id, quantity: 2 }], 'box_office', other.id);
    const full = (await sell([{ priceCategoryId: b.stalls.id, quantity: 8 }])).body;
    const refused = await call(t, idempotent(desk), 'POST', `/api/orders/${full.id}/exchange`, { ticketIds: full.tickets.slice(0, 1).map((ticket) => ticket.id), to: { performanceId: other.id, priceCategoryId: b.stalls.id } });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'sold_out' } } });
    expect(quota(await inventory(other.id))).toMatchObject({ pending: 10, available: 0 });
  });

  it('limits reduced tariffs to the seats kept for them, counting those sold before the limit', async () => {
    await sell([{ priceCategoryId: b.balcony.id, quantity: 2, tariff: 'ermaessigt' }]);
    const owner = await t.as('owner');
    const set = await call<Inventory>(t, owner, 'PUT', `/api/ticketing/performances/${b.performance.id}/quotas`, { reducedSeats: 3 });
    expect(quota(set.body, 'reduced')).toMatchObject({ size: 3, pending: 2, available: 1, sizeFixed: true });
    expect(set.body.availability.categories.find((c) => c.id === b.balcony.id)).toMatchObject({ available: 8, reducedAvailable: 1 });
    const refused = await sell([{ priceCategoryId: b.balcony.id, quantity: 2, tariff: 'ermaessigt' }]);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'sold_out' } } });
    expect((await sell([{ priceCategoryId: b.balcony.id, quantity: 2 }])).status).toBe(201);
    const capacity = await call<Inventory>(t, owner, 'PUT', `/api/ticketing/performances/${b.performance.id}/quotas`, { capacity: 5, reducedSeats: null });
    expect(quota(capacity.body)).toMatchObject({ size: 5, sizeFixed: true, available: 1 });
    expect(quota(capacity.body, 'reduced')).toBeUndefined();
  });

  it('keeps a category’s own quota apart from the others', async () => {
    const limited = await seedBookable(t, { capacity: 10, balconyQuota: 2 });
    const result = await call<Order>(t, idempotent(desk), 'POST', '/api/orders', {
      items: [{ performanceId: limited.performance.id, priceCategoryId: limited.balcony.id, quantity: 3 }],
      paymentMethod: 'cash',
    });
    expect(result).toMatchObject({ status: 409, body: { error: { code: 'sold_out', details: [{ message: expect.stringContaining('only 2 seats left') }] } } });
  });

  it('lets analysts see seats but not orders, and keeps unit staff to their unit', async () => {
    const analyst = await t.as('analyst');
    expect((await call(t, analyst, 'GET', `/api/ticketing/performances/${b.performance.id}/inventory`)).status).toBe(200);
    expect((await call(t, analyst, 'GET', '/api/orders')).status).toBe(403);
    const sale = { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], paymentMethod: 'cash' };
    expect((await call(t, idempotent(analyst), 'POST', '/api/orders', sale)).status).toBe(403);

    const unit = await t.foyer.services.catalogue.createUnit({ houseId: t.house.id, unitId: null }, { name: { de: 'Junges Theater' } });
    const young = await seedBookable(t, { unitId: unit.id });
    const theirs = (await sell([{ priceCategoryId: young.stalls.id, quantity: 1 }], 'cash', young.performance.id)).body;
    const ours = (await sell([{ priceCategoryId: b.stalls.id, quantity: 1 }])).body;
    const unitStaff = await t.as('unit_staff', { unitId: unit.id });
    const list = await call<{ items: { id: string }[] }>(t, unitStaff, 'GET', '/api/orders');
    expect(list.body.items.map((order) => order.id)).toEqual([theirs.id]);
    expect((await call(t, unitStaff, 'GET', `/api/orders/${ours.id}`)).status).toBe(404);
    expect((await call(t, idempotent(unitStaff), 'POST', `/api/orders/${ours.id}/cancel`, {})).status).toBe(404);
    const foreign = await call(t, idempotent(unitStaff), 'POST', '/api/orders', { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }] });
    expect(foreign).toMatchObject({ status: 400, body: { error: { details: [{ field: 'items.0.performanceId' }] } } });
  });

  it('never shows another house’s orders or performances', async () => {
    const neighbour = await insertTestHouse(t.foyer);
    const theirs = await seedBookable(t, { houseId: neighbour.id });
    const owner = await t.as('owner');
    expect((await call(t, owner, 'GET', `/api/ticketing/performances/${theirs.performance.id}/inventory`)).status).toBe(404);
    const attempt = await call(t, idempotent(owner), 'POST', '/api/orders', { items: [{ performanceId: theirs.performance.id, priceCategoryId: theirs.stalls.id, quantity: 1 }] });
    expect(attempt).toMatchObject({ status: 400, body: { error: { details: [{ field: 'items.0.performanceId' }] } } });
    const neighbourOwner = await t.as('owner', { houseId: neighbour.id });
    const sale = await call<Order>(t, idempotent(neighbourOwner), 'POST', '/api/orders', { items: [{ performanceId: theirs.performance.id, priceCategoryId: theirs.stalls.id, quantity: 1 }] });
    expect(sale.status).toBe(201);
    expect((await call(t, owner, 'GET', `/api/orders/${sale.body.id}`)).status).toBe(404);
    expect((await call<{ total: number }>(t, owner, 'GET', '/api/orders')).body.total).toBe(0);
  });
});
