import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import type { Order } from './schemas.ts';
import { type Bookable, buyer, seedBookable } from './test-fixtures.ts';

/*
 * The booking desk places bookings that arrive together in one transaction. Each must
 * still get its own answer, exactly as if it had come alone.
 */

describe('bookings placed together', () => {
  let t: TestApp;
  let b: Bookable;
  beforeEach(async () => {
    t = await createTestApp();
    b = await seedBookable(t, { capacity: 5 });
    // With the performance's plan and the house's settings read once, nothing between a
    // call and the desk waits for the database (on PostgreSQL a read would): the desk then
    // sees the calls of one test in the order they were made.
    await t.foyer.services.ticketing.availability(t.house.id, b.performance.id);
    await t.foyer.services.ticketing.settings.get(t.house.id);
  });
  afterEach(async () => {
    await t.close();
  });

  const visitor = (key?: string) => ({ source: 'web' as const, staff: false, actor: 'visitor', ...(key === undefined ? {} : { idempotencyKey: key }) });
  const items = (quantity: number) => ({ items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity }], buyer, paymentMethod: 'invoice' });

  it('decides bookings that arrive at once in arrival order, each with its own answer', async () => {
    const { ticketing } = t.foyer.services;
    const settled = await Promise.allSettled([3, 3, 2, 1].map((quantity, index) => ticketing.place(t.house.id, items(quantity), visitor(`together-${index}`))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    const refused = settled[1];
    expect(refused?.status === 'rejected' ? refused.reason : null).toMatchObject({ code: 'sold_out' });
    const placed = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.body as Order] : []));
    expect(placed.map((o) => o.tickets.length)).toEqual([3, 2]);
    const rows = await t.foyer.database.db.selectFrom('ticket_order').select('id').execute();
    expect(rows.map((r) => r.id).sort()).toEqual(placed.map((o) => o.id).sort());
    // The refusal was stored under its key like any other answer.
    const replay = await ticketing.place(t.house.id, items(3), visitor('together-1'));
    expect(replay).toMatchObject({ status: 409, replayed: true, body: { error: { code: 'sold_out' } } });
  });

  it('answers the second of two identical requests in flight with 409, and a later retry with the first answer', async () => {
    const { ticketing } = t.foyer.services;
    const [first, second] = await Promise.allSettled([ticketing.place(t.house.id, items(1), visitor('twice')), ticketing.place(t.house.id, items(1), visitor('twice'))]);
    expect(first?.status).toBe('fulfilled');
    expect(second?.status === 'rejected' ? second.reason : null).toMatchObject({ code: 'conflict' });
    const retry = await ticketing.place(t.house.id, items(1), visitor('twice'));
    expect(retry.replayed).toBe(true);
    expect((retry.body as Order).id).toBe(first?.status === 'fulfilled' ? (first.value.body as Order).id : 'none');
    expect(await t.foyer.database.db.selectFrom('ticket').select('id').execute()).toHaveLength(1);
  });

  it('books one hold once even when it is sent twice in one batch with different keys', async () => {
    const { ticketing } = t.foyer.services;
    const hold = await ticketing.hold(t.house.id, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 }] }, visitor());
    const order = { holdId: hold.id, holdToken: hold.token ?? '', buyer, paymentMethod: 'invoice' };
    const settled = await Promise.allSettled([ticketing.place(t.house.id, order, visitor('hold-a')), ticketing.place(t.house.id, order, visitor('hold-b'))]);
    expect(settled.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = settled.find((s) => s.status === 'rejected');
    expect(refused?.status === 'rejected' ? refused.reason : null).toMatchObject({ code: 'hold_expired' });
    expect(await t.foyer.database.db.selectFrom('ticket').select('id').execute()).toHaveLength(2);
    expect((await ticketing.availability(t.house.id, b.performance.id)).available).toBe(3);
  });

  it('takes an active hold’s own seats even when the rest of the house sold out meanwhile', async () => {
    const { ticketing } = t.foyer.services;
    const hold = await ticketing.hold(t.house.id, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 }] }, visitor());
    const [fromHold, rest, tooMany] = await Promise.allSettled([
      ticketing.place(t.house.id, { holdId: hold.id, holdToken: hold.token ?? '', buyer, paymentMethod: 'invoice' }, visitor('own-seats')),
      ticketing.place(t.house.id, items(3), visitor('the-rest')),
      ticketing.place(t.house.id, items(1), visitor('one-more')),
    ]);
    expect([fromHold?.status, rest?.status, tooMany?.status]).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((await ticketing.availability(t.house.id, b.performance.id)).available).toBe(0);
    const quota = await t.foyer.database.db.selectFrom('ticket_quota').select(['sold', 'pending']).where('key', '=', 'capacity').executeTakeFirstOrThrow();
    expect(Number(quota.pending)).toBe(5);
  });
});
