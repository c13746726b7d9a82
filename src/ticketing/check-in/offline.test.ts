import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../catalogue/test-fixtures.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { ticketCheckedIn } from '../events.ts';
import type { CheckIn, Order } from '../schemas.ts';
import { type Bookable, buyer, idempotent, seedBookable } from '../test-fixtures.ts';
import type { CheckInCodes, CheckInSync } from './schemas.ts';

/*
 * A box-office tablet without network: it loads the performance's codes, checks people
 * in locally, and sends its scans when it is back. The first scan of a code wins; a
 * batch sent twice changes nothing and is answered the same.
 */

let t: TestApp;
let b: Bookable;
let door: Record<string, string>;
let order: Order;
let paid: Order;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
  b = await seedBookable(t);
  door = await t.as('dialogue');
  const booked = await call<Order>(t, idempotent(), 'POST', `/public/houses/${t.house.slug}/orders`, {
    items: [
      { performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 },
      { performanceId: b.performance.id, priceCategoryId: b.balcony.id, tariff: 'ermaessigt', quantity: 1 },
    ],
    buyer,
    paymentMethod: 'box_office',
  });
  order = booked.body;
  paid = (await call<Order>(t, idempotent(door), 'POST', '/api/orders', { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer: { name: 'Kurt Kasse' } })).body;
});

afterEach(async () => {
  await t.close();
});

const codesPath = () => `/api/ticketing/performances/${b.performance.id}/check-in/codes`;
const syncPath = () => `/api/ticketing/performances/${b.performance.id}/check-in/sync`;

function ticketOf(o: Order, index: number) {
  const ticket = o.tickets[index];
  if (ticket === undefined) throw new Error(`ticket ${index} missing`);
  return ticket;
}

async function offlineScans() {
  return t.foyer.database.db.selectFrom('ticket_scan').select(['code', 'result', 'scanned_at', 'offline', 'device']).where('performance_id', '=', b.performance.id).orderBy('scanned_at').execute();
}

describe(`offline check-in on ${testEngine}`, () => {
  it('lists every ticket of the performance with what the door needs, cancelled ones too', async () => {
    const cancelled = ticketOf(order, 0);
    await call(t, idempotent(door), 'POST', `/api/orders/${order.id}/cancel`, { ticketIds: [cancelled.id] });
    await call(t, door, 'POST', '/api/check-in', { code: ticketOf(paid, 0).code, performanceId: b.performance.id });

    const list = await call<CheckInCodes>(t, door, 'GET', codesPath());
    expect(list.status).toBe(200);
    expect(list.body.performanceId).toBe(b.performance.id);
    expect(list.body.syncedAt).toBe('2026-09-01T08:00:00.000Z');
    expect(list.body.tickets).toHaveLength(4);
    const byCode = new Map(list.body.tickets.map((ticket) => [ticket.code, ticket]));
    expect(byCode.get(cancelled.code)).toMatchObject({ state: 'cancelled', checkedInAt: null, orderNumber: order.number, buyerName: 'Anna Becker', paymentDue: true });
    const reduced = order.tickets.find((ticket) => ticket.tariff === 'ermaessigt');
    expect(byCode.get(reduced?.code ?? '')).toEqual({ code: reduced?.code, state: 'valid', checkedInAt: null, category: { de: 'Rang', en: 'Balcony' }, tariff: 'ermaessigt', orderNumber: order.number, buyerName: 'Anna Becker', paymentDue: true });
    expect(byCode.get(ticketOf(paid, 0).code)).toMatchObject({ state: 'valid', checkedInAt: '2026-09-01T08:00:00.000Z', category: { de: 'Parkett' }, tariff: null, buyerName: 'Kurt Kasse', paymentDue: false });
  });

  it('applies offline scans in the order they were made: the first scan of a code wins', async () => {
    const [a, c] = [ticketOf(order, 0), ticketOf(order, 1)];
    const cancelled = ticketOf(paid, 0);
    await call(t, idempotent(door), 'POST', `/api/orders/${paid.id}/cancel`, {});
    const batch = {
      device: 'Tablet Parkett',
      scans: [
        { code: a.code, scannedAt: '2026-10-03T17:05:00.000Z' },
        { code: a.code.toLowerCase(), scannedAt: '2026-10-03T19:01:00+02:00' },
        { code: c.code, scannedAt: '2026-10-03T17:02:00Z' },
        { code: 'ZZZZZZZZZZZZZZZZZZZZ', scannedAt: '2026-10-03T17:03:00.000Z' },
        { code: cancelled.code, scannedAt: '2026-10-03T17:04:00.000Z' },
      ],
    };
    const synced = await call<CheckInSync>(t, door, 'POST', syncPath(), batch);
    expect(synced.status).toBe(200);
    expect(synced.body.results).toEqual([
      { code: a.code, result: 'already_used', checkedInAt: '2026-10-03T17:01:00.000Z' },
      { code: a.code.toLowerCase(), result: 'valid', checkedInAt: '2026-10-03T17:01:00.000Z' },
      { code: c.code, result: 'valid', checkedInAt: '2026-10-03T17:02:00.000Z' },
      { code: 'ZZZZZZZZZZZZZZZZZZZZ', result: 'unknown', checkedInAt: null },
      { code: cancelled.code, result: 'cancelled', checkedInAt: null },
    ]);
    const stored = await t.foyer.database.db.selectFrom('ticket').select(['code', 'checked_in_at']).where('code', 'in', [a.code, c.code]).orderBy('checked_in_at').execute();
    expect(stored).toEqual([
      { code: a.code, checked_in_at: '2026-10-03T17:01:00.000Z' },
      { code: c.code, checked_in_at: '2026-10-03T17:02:00.000Z' },
    ]);
    expect((await offlineScans()).map((s) => [s.code, s.result, s.offline, s.device])).toEqual([
      [a.code, 'valid', 1, 'Tablet Parkett'],
      [c.code, 'valid', 1, 'Tablet Parkett'],
      ['ZZZZZZZZZZZZZZZZZZZZ', 'unknown', 1, 'Tablet Parkett'],
      [cancelled.code, 'cancelled', 1, 'Tablet Parkett'],
      [a.code, 'already_used', 1, 'Tablet Parkett'],
    ]);

    // Once synced, the online door knows too.
    const online = await call<CheckIn>(t, door, 'POST', '/api/check-in', { code: a.code, performanceId: b.performance.id });
    expect(online.body).toMatchObject({ result: 'already_used', checkedInAt: '2026-10-03T17:01:00.000Z' });
  });

  it('answers a batch sent again exactly as the first time and changes nothing', async () => {
    const [a, c] = [ticketOf(order, 0), ticketOf(order, 1)];
    const batch = {
      device: 'Tablet Rang',
      scans: [
        { code: a.code, scannedAt: '2026-10-03T17:01:00.000Z' },
        { code: a.code, scannedAt: '2026-10-03T17:06:00.000Z' },
        { code: c.code, scannedAt: '2026-10-03T17:02:00.000Z' },
      ],
    };
    const published: string[] = [];
    t.foyer.events.subscribe(ticketCheckedIn, 'test-door-count', async (payload) => {
      published.push(`${payload.ticketId} ${payload.checkedInAt}`);
    });
    const first = await call<CheckInSync>(t, door, 'POST', syncPath(), batch);
    const scansAfterFirst = await offlineScans();
    await t.foyer.jobs.runDueJobs();
    expect(published.sort()).toEqual([`${a.id} 2026-10-03T17:01:00.000Z`, `${c.id} 2026-10-03T17:02:00.000Z`].sort());

    t.clock.advance(60_000);
    const again = await call<CheckInSync>(t, door, 'POST', syncPath(), batch);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(first.body.results.map((r) => r.result)).toEqual(['valid', 'already_used', 'valid']);
    expect(await offlineScans()).toEqual(scansAfterFirst);
    // Nothing new to tell anyone: the resend published no check-in.
    await t.foyer.jobs.runDueJobs();
    expect(published).toHaveLength(2);

    // The same codes from another tablet, later: already used.
    const other = await call<CheckInSync>(t, door, 'POST', syncPath(), { device: 'Tablet Foyer', scans: [{ code: c.code, scannedAt: '2026-10-03T17:10:00.000Z' }] });
    expect(other.body.results).toEqual([{ code: c.code, result: 'already_used', checkedInAt: '2026-10-03T17:02:00.000Z' }]);
  });

  it('refuses a batch that is too large or badly formed, naming the field', async () => {
    const code = ticketOf(order, 0).code;
    const tooMany = await call(t, door, 'POST', syncPath(), { device: 'Tablet', scans: Array.from({ length: 5001 }, () => ({ code, scannedAt: '2026-10-03T17:01:00.000Z' })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'body.scans' }] } });
    const badTime = await call(t, door, 'POST', syncPath(), { device: 'Tablet', scans: [{ code, scannedAt: 'gestern' }] });
    expect(badTime.status).toBe(400);
    expect(badTime.body).toMatchObject({ error: { details: [{ field: 'body.scans.0.scannedAt' }] } });
    const noDevice = await call(t, door, 'POST', syncPath(), { scans: [] });
    expect(noDevice.body).toMatchObject({ error: { details: [{ field: 'body.device' }] } });
    expect(await offlineScans()).toEqual([]);
  });

  it('takes a full house of 5000 scans in one batch', async () => {
    const scans = Array.from({ length: 5000 }, (_, i) => ({ code: i % 2 === 0 ? ticketOf(order, 2).code : `UNKNOWN${String(i).padStart(6, '0')}`, scannedAt: new Date(Date.UTC(2026, 9, 3, 16, 0, 0) + i * 1000).toISOString() }));
    const synced = await call<CheckInSync>(t, door, 'POST', syncPath(), { device: 'Tablet groß', scans });
    expect(synced.status).toBe(200);
    expect(synced.body.results).toHaveLength(5000);
    expect(synced.body.results.filter((r) => r.result === 'valid')).toHaveLength(1);
    expect(synced.body.results.filter((r) => r.result === 'already_used')).toHaveLength(2499);
    expect(synced.body.results.filter((r) => r.result === 'unknown')).toHaveLength(2500);
  });
});
