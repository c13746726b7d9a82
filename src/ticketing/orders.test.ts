import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../catalogue/test-fixtures.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import type { Availability, Hold, Order } from './schemas.ts';
import { type Bookable, buyer, idempotent, seedBookable } from './test-fixtures.ts';

describe('booking through the public API', () => {
  let t: TestApp;
  let b: Bookable;
  let base: string;

  beforeEach(async () => {
    t = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
    b = await seedBookable(t, { capacity: 10 });
    base = `/public/houses/${t.house.slug}`;
  });
  afterEach(async () => {
    await t.close();
  });

  const availability = async () => (await call<Availability>(t, {}, 'GET', `${base}/performances/${b.performance.id}/availability`)).body;

  it('holds seats at the price of the moment and turns the hold into tickets', async () => {
    const hold = await call<Hold>(t, {}, 'POST', `${base}/holds`, {
      items: [
        { performanceId: b.performance.id, priceCategoryId: b.balcony.id, quantity: 2 },
        { performanceId: b.performance.id, priceCategoryId: b.balcony.id, tariff: 'ermaessigt', quantity: 1 },
      ],
    });
    expect(hold.status).toBe(201);
    expect(hold.body.totalMinor).toBe(2 * 2900 + 1450);
    expect(hold.body.expiresAt).toBe('2026-09-01T08:15:00.000Z');
    expect((await availability()).available).toBe(7);

    const order = await call<Order>(t, idempotent(), 'POST', `${base}/orders`, {
      holdId: hold.body.id,
      holdToken: hold.body.token,
      buyer,
      paymentMethod: 'box_office',
      expectedTotalMinor: 7250,
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ state: 'pending', totalMinor: 7250, paymentMethod: 'box_office', buyer: { email: 'anna@example.org' } });
    expect(order.body.tickets).toHaveLength(3);
    expect(new Set(order.body.tickets.map((ticket) => ticket.code)).size).toBe(3);
    expect(order.body.tickets[0]?.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect((await availability()).available).toBe(7);

    const again = await call(t, idempotent(), 'POST', `${base}/orders`, { holdId: hold.body.id, holdToken: hold.body.token, buyer, paymentMethod: 'box_office' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'hold_expired' } });
  });

  it('refuses more seats than are left with sold_out, naming the line', async () => {
    await call(t, idempotent(), 'POST', `${base}/orders`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 8 }], buyer, paymentMethod: 'invoice' });
    const refused = await call(t, idempotent(), 'POST', `${base}/orders`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 3 }], buyer, paymentMethod: 'invoice' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'sold_out', details: [{ field: 'items.0.quantity', message: expect.stringContaining('only 2 seats left') }] } });
    expect((await availability()).available).toBe(2);
  });

  it('lets an expired hold stop counting without any cleanup, and re-takes its seats if still free', async () => {
    const hold = await call<Hold>(t, {}, 'POST', `${base}/holds`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 4 }] });
    expect((await availability()).available).toBe(6);
    t.clock.advance(16 * 60_000);
    expect((await availability()).available).toBe(10);
    const order = await call<Order>(t, idempotent(), 'POST', `${base}/orders`, { holdId: hold.body.id, holdToken: hold.body.token, buyer, paymentMethod: 'invoice' });
    expect(order.status).toBe(201);
    expect((await availability()).available).toBe(6);
  });

  it('answers hold_expired when an expired hold’s seats were sold meanwhile', async () => {
    const hold = await call<Hold>(t, {}, 'POST', `${base}/holds`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 4 }] });
    t.clock.advance(16 * 60_000);
    await call(t, idempotent(), 'POST', `${base}/orders`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 8 }], buyer, paymentMethod: 'invoice' });
    const late = await call(t, idempotent(), 'POST', `${base}/orders`, { holdId: hold.body.id, holdToken: hold.body.token, buyer, paymentMethod: 'invoice' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'hold_expired' } });
  });

  it('replays the original answer for a retried Idempotency-Key and never books twice', async () => {
    const headers = idempotent();
    const body = { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 }], buyer, paymentMethod: 'invoice' };
    const first = await call<Order>(t, headers, 'POST', `${base}/orders`, body);
    const second = await t.foyer.http.inject({ method: 'POST', url: `${base}/orders`, headers, payload: body });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json<Order>().id).toBe(first.body.id);
    expect((await availability()).available).toBe(8);

    const changed = await call(t, headers, 'POST', `${base}/orders`, { ...body, paymentMethod: 'box_office' });
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ error: { code: 'idempotency_mismatch' } });

    const missing = await call(t, {}, 'POST', `${base}/orders`, body);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { details: [{ field: 'Idempotency-Key' }] } });
  });

  it('refuses the old total with price_changed, and free for tickets that cost money', async () => {
    const body = { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer, paymentMethod: 'invoice', expectedTotalMinor: 3900 };
    const changed = await call(t, idempotent(), 'POST', `${base}/orders`, body);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ error: { code: 'price_changed' } });
    const free = await call(t, idempotent(), 'POST', `${base}/orders`, { ...body, expectedTotalMinor: undefined, paymentMethod: 'free' });
    expect(free.status).toBe(400);
    expect(free.body).toMatchObject({ error: { details: [{ field: 'paymentMethod' }] } });
    expect((await availability()).available).toBe(10);
  });

  it('names the wrong field for a category of another production, an unknown tariff and a past performance', async () => {
    const other = await seedBookable(t);
    const wrongCategory = await call(t, {}, 'POST', `${base}/holds`, { items: [{ performanceId: b.performance.id, priceCategoryId: other.stalls.id, quantity: 1 }] });
    expect(wrongCategory.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'items.0.priceCategoryId' }] } });
    const wrongTariff = await call(t, {}, 'POST', `${base}/holds`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, tariff: 'ermaessigt', quantity: 1 }] });
    expect(wrongTariff.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'items.0.tariff' }] } });
    t.clock.set('2026-10-04T00:00:00.000Z');
    const past = await call(t, {}, 'POST', `${base}/holds`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }] });
    expect(past.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'performanceId', message: 'past' }] } });
  });
});
