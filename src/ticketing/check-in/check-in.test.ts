import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../catalogue/test-fixtures.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { ticketCheckedIn } from '../events.ts';
import type { CheckIn, Order } from '../schemas.ts';
import { type Bookable, buyer, idempotent, seedBookable } from '../test-fixtures.ts';

/*
 * The door, online: each of the five answers, typed codes, two doors racing for one
 * ticket, the scan log, unit and house isolation, and the check-in reaching the buyer's
 * timeline as attendance.
 */

let t: TestApp;
let b: Bookable;
let door: Record<string, string>;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
  b = await seedBookable(t);
  door = await t.as('dialogue');
});

afterEach(async () => {
  await t.close();
});

async function bookOnline(quantity = 1, performanceId = b.performance.id): Promise<Order> {
  const response = await call<Order>(t, idempotent(), 'POST', `/public/houses/${t.house.slug}/orders`, {
    items: [{ performanceId, priceCategoryId: b.stalls.id, quantity }],
    buyer,
    paymentMethod: 'box_office',
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function scan(code: string, performanceId = b.performance.id, headers = door) {
  return call<CheckIn>(t, headers, 'POST', '/api/check-in', { code, performanceId, device: 'Einlass links' });
}

async function scansOf(performanceId: string) {
  return t.foyer.database.db.selectFrom('ticket_scan').select(['code', 'result', 'offline', 'device', 'scanned_by', 'ticket_id']).where('performance_id', '=', performanceId).orderBy('created_at').orderBy('id').execute();
}

describe(`check-in at the door on ${testEngine}`, () => {
  it('lets a valid ticket in once, then answers already_used with the first time', async () => {
    const order = await bookOnline(1);
    const code = order.tickets[0]?.code ?? '';

    const first = await scan(code);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      result: 'valid',
      code,
      checkedInAt: '2026-09-01T08:00:00.000Z',
      orderNumber: order.number,
      buyerName: 'Anna Becker',
      paymentDue: true,
      ticket: { code, performanceId: b.performance.id, category: { de: 'Parkett' }, checkedInAt: '2026-09-01T08:00:00.000Z' },
    });

    t.clock.advance(5 * 60_000);
    const second = await scan(code);
    expect(second.body).toMatchObject({ result: 'already_used', code, checkedInAt: '2026-09-01T08:00:00.000Z', orderNumber: order.number });

    const row = await t.foyer.database.db.selectFrom('ticket').select(['checked_in_at', 'checked_in_by']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBe('2026-09-01T08:00:00.000Z');
    expect(row.checked_in_by).toMatch(/^api_key:/);

    const inventory = await call<{ checkedIn: number }>(t, door, 'GET', `/api/ticketing/performances/${b.performance.id}/inventory`);
    expect(inventory.body.checkedIn).toBe(1);
  });

  it('answers cancelled, unknown and wrong_performance, and logs every scan whatever it meant', async () => {
    const order = await bookOnline(2);
    const [cancelled, kept] = order.tickets;
    if (cancelled === undefined || kept === undefined) throw new Error('two tickets expected');
    const cancel = await call(t, idempotent(door), 'POST', `/api/orders/${order.id}/cancel`, { ticketIds: [cancelled.id] });
    expect(cancel.status).toBe(200);
    const other = await t.foyer.services.catalogue.createPerformance({ houseId: t.house.id, unitId: null }, { productionId: b.production.id, startsAt: '2026-10-10T17:30:00.000Z', hallId: b.performance.hallId });

    expect((await scan(cancelled.code)).body).toMatchObject({ result: 'cancelled', ticket: { id: cancelled.id, state: 'cancelled' }, checkedInAt: null });
    expect((await scan('ZZZZZZZZZZZZZZZZZZZZ')).body).toEqual({ result: 'unknown', code: 'ZZZZZZZZZZZZZZZZZZZZ', checkedInAt: null, ticket: null, orderNumber: null, buyerName: null, paymentDue: false });
    expect((await scan(kept.code, other.id)).body).toMatchObject({ result: 'wrong_performance', ticket: { performanceId: b.performance.id }, orderNumber: order.number });
    // The ticket was not used by the wrong door: its own door still lets it in.
    expect((await scan(kept.code)).body).toMatchObject({ result: 'valid' });

    expect((await scansOf(b.performance.id)).map((s) => [s.code, s.result, s.offline, s.device])).toEqual([
      [cancelled.code, 'cancelled', 0, 'Einlass links'],
      ['ZZZZZZZZZZZZZZZZZZZZ', 'unknown', 0, 'Einlass links'],
      [kept.code, 'valid', 0, 'Einlass links'],
    ]);
    expect((await scansOf(other.id)).map((s) => [s.code, s.result, s.ticket_id])).toEqual([[kept.code, 'wrong_performance', kept.id]]);
  });

  it('reads typed codes with spaces, dashes, lower case, O for 0 and I or L for 1', async () => {
    const order = await bookOnline(1);
    const ticket = order.tickets[0];
    if (ticket === undefined) throw new Error('a ticket expected');
    // A code with the characters people misread, set where the test can be sure of them.
    const code = '0123456789ABCDEFGH1K';
    await t.foyer.database.db.updateTable('ticket').set({ code }).where('id', '=', ticket.id).execute();

    const typed = ' o l23-4567 89ab-cdef gh iK ';
    const answer = await scan(typed);
    expect(answer.body).toMatchObject({ result: 'valid', code, ticket: { id: ticket.id } });
  });

  it('gives exactly one valid when doors scan the same ticket at the same moment', async () => {
    const order = await bookOnline(1);
    const code = order.tickets[0]?.code ?? '';
    const doors = [door, await t.as('dialogue'), await t.as('dialogue'), await t.as('unit_staff')];
    const published: string[] = [];
    t.foyer.events.subscribe(ticketCheckedIn, 'test-race-count', async (payload) => {
      published.push(payload.ticketId);
    });
    const answers = await Promise.all(doors.map((headers) => scan(code, b.performance.id, headers)));
    expect(answers.map((a) => a.body.result).sort()).toEqual(['already_used', 'already_used', 'already_used', 'valid']);
    expect(new Set(answers.map((a) => a.body.checkedInAt))).toEqual(new Set(['2026-09-01T08:00:00.000Z']));
    expect((await scansOf(b.performance.id)).map((s) => s.result).sort()).toEqual(['already_used', 'already_used', 'already_used', 'valid']);
    await t.foyer.jobs.runDueJobs();
    expect(published).toEqual([order.tickets[0]?.id]);
  });

  it('says paymentDue false for a paid order, and refuses bad input naming the field', async () => {
    const sale = await call<Order>(t, idempotent(door), 'POST', '/api/orders', { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }] });
    expect(sale.body.state).toBe('paid');
    expect((await scan(sale.body.tickets[0]?.code ?? '')).body).toMatchObject({ result: 'valid', paymentDue: false, buyerName: 'Kasse' });

    const missing = await call(t, door, 'POST', '/api/check-in', { code: 'ABC' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'body.performanceId' }] } });
    const unknownPerformance = await scan('ABC', '019a0000-0000-7000-8000-000000000000');
    expect(unknownPerformance.status).toBe(404);
    const analyst = await t.as('analyst');
    expect((await scan('ABC', b.performance.id, analyst)).status).toBe(403);
  });

  it('keeps unit staff to the doors of their unit', async () => {
    const scope = { houseId: t.house.id, unitId: null };
    const young = (await t.foyer.services.catalogue.createUnit(scope, { name: { de: 'Junges Theater' } })).id;
    const museum = (await t.foyer.services.catalogue.createUnit(scope, { name: { de: 'Museum' } })).id;
    const ours = await seedBookable(t, { unitId: young });
    const theirs = await seedBookable(t, { unitId: museum });
    const ourOrder = await call<Order>(t, idempotent(door), 'POST', '/api/orders', { items: [{ performanceId: ours.performance.id, priceCategoryId: ours.stalls.id, quantity: 1 }] });
    const theirOrder = await call<Order>(t, idempotent(door), 'POST', '/api/orders', { items: [{ performanceId: theirs.performance.id, priceCategoryId: theirs.stalls.id, quantity: 1 }] });
    const unitDoor = await t.as('unit_staff', { unitId: young });

    expect((await scan(ourOrder.body.tickets[0]?.code ?? '', ours.performance.id, unitDoor)).body).toMatchObject({ result: 'valid' });
    // Another unit's door: not found, as if it did not exist.
    const foreign = await scan(theirOrder.body.tickets[0]?.code ?? '', theirs.performance.id, unitDoor);
    expect(foreign.status).toBe(404);
    expect((await call(t, unitDoor, 'GET', `/api/ticketing/performances/${theirs.performance.id}/check-in/codes`)).status).toBe(404);
    expect((await call(t, unitDoor, 'POST', `/api/ticketing/performances/${theirs.performance.id}/check-in/sync`, { device: 'tablet', scans: [] })).status).toBe(404);
    expect(await scansOf(theirs.performance.id)).toEqual([]);
    // Another unit's ticket at our door: wrong, and nothing about its buyer.
    expect((await scan(theirOrder.body.tickets[0]?.code ?? '', ours.performance.id, unitDoor)).body).toMatchObject({ result: 'wrong_performance', ticket: null, orderNumber: null, buyerName: null });
  });

  it('treats a code of another house as unknown and hides the other house’s performances', async () => {
    const other = await insertTestHouse(t.foyer, { slug: 'oper-nebenan' });
    const theirs = await seedBookable(t, { houseId: other.id });
    const theirDoor = await t.as('dialogue', { houseId: other.id });
    const theirOrder = await call<Order>(t, idempotent(theirDoor), 'POST', '/api/orders', { items: [{ performanceId: theirs.performance.id, priceCategoryId: theirs.stalls.id, quantity: 1 }] });
    const theirCode = theirOrder.body.tickets[0]?.code ?? '';

    expect((await scan(theirCode)).body).toMatchObject({ result: 'unknown', ticket: null, orderNumber: null });
    expect((await scan(theirCode, theirs.performance.id)).status).toBe(404);
    expect((await call(t, door, 'GET', `/api/ticketing/performances/${theirs.performance.id}/check-in/codes`)).status).toBe(404);
    // Their ticket is untouched and still lets its holder in at their own door.
    expect((await scan(theirCode, theirs.performance.id, theirDoor)).body).toMatchObject({ result: 'valid' });
  });

  it('puts the visit on the buyer’s timeline as attendance', async () => {
    const order = await bookOnline(1);
    await t.foyer.jobs.runDueJobs();
    const answer = await scan(order.tickets[0]?.code ?? '');
    expect(answer.body.result).toBe('valid');
    await t.foyer.jobs.runDueJobs();

    const placed = await call<Order>(t, door, 'GET', `/api/orders/${order.id}`);
    const contactId = placed.body.contactId;
    if (contactId === null) throw new Error('the booking made no contact');
    const timeline = await t.foyer.services.audience.interactions.timeline({ houseId: t.house.id, unitId: null }, 'staff:test', contactId, { kind: 'attendance' });
    expect(timeline.items).toHaveLength(1);
    expect(timeline.items[0]).toMatchObject({ kind: 'attendance', performanceId: b.performance.id, occurredAt: '2026-09-01T08:00:00.000Z' });
  });
});
