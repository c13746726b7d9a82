import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../catalogue/test-fixtures.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { type Bookable, seedBookable } from '../test-fixtures.ts';
import { housekeepingJob } from '../worker.ts';
import type { JoinAnswer, Queue } from './schemas.ts';
import { entryOf, join, joinUrl, sellAtDesk, waiter } from './testing.ts';

/*
 * Joining and leaving the waiting list, the queue as staff see it, and the housekeeping
 * that forgets entries after the performance: through the HTTP API, on a real database.
 */

let t: TestApp;
let b: Bookable;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
  b = await seedBookable(t, { capacity: 4 });
});
afterEach(async () => {
  await t.close();
});

describe(`joining the waiting list on ${testEngine}`, () => {
  it('refuses to queue while the seats asked for can be booked, and says so', async () => {
    const refused = await join(t, b, 1, { quantity: 4 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'seats_available', message: expect.stringContaining('4 seats are still available'), details: [{ field: 'quantity' }] } });
    expect(await t.foyer.database.db.selectFrom('waiting_list_entry').select('id').execute()).toEqual([]);

    // Five of four: not all of them can be booked, so waiting makes sense.
    const more = await join(t, b, 1, { quantity: 5 });
    expect(more.status).toBe(201);
  });

  it('queues people in order once the category is sold out', async () => {
    await sellAtDesk(t, b, 4);
    const first = await join(t, b, 1, { quantity: 2 });
    const second = await join(t, b, 2);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'waiting', position: 1, alreadyJoined: false, token: expect.stringMatching(/^foyer_wait_/) });
    expect(second.body).toMatchObject({ state: 'waiting', position: 2 });
    // The secret is kept only as its hash.
    const stored = await entryOf(t, first.body.id);
    expect(stored.token_hash).not.toContain(first.body.token);
    expect(stored).toMatchObject({ state: 'waiting', hold_id: null, offer_expires_at: null });
  });

  it('answers the existing entry when the same address joins again for the same seats', async () => {
    await sellAtDesk(t, b, 4);
    const first = await join(t, b, 1);
    const again = await call<JoinAnswer>(t, {}, 'POST', joinUrl(t, b.performance.id), { priceCategoryId: b.stalls.id, quantity: 3, name: 'Person Eins', email: 'PERSON1@example.org' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: first.body.id, state: 'waiting', position: 1, alreadyJoined: true });
    expect(await t.foyer.database.db.selectFrom('waiting_list_entry').select('id').execute()).toHaveLength(1);
    // Another category is another wish.
    const balcony = await join(t, b, 1, { categoryId: b.balcony.id });
    expect(balcony.status).toBe(201);
  });

  it('names the field of every bad input', async () => {
    await sellAtDesk(t, b, 4);
    const cases: [Record<string, unknown>, string][] = [
      [{ priceCategoryId: b.stalls.id, quantity: 11, ...waiter(1) }, 'body.quantity'],
      [{ priceCategoryId: b.stalls.id, quantity: 0, ...waiter(1) }, 'body.quantity'],
      [{ priceCategoryId: b.stalls.id, quantity: 1, ...waiter(1), email: 'not an address' }, 'body.email'],
      [{ priceCategoryId: b.stalls.id, quantity: 1, ...waiter(1), name: '' }, 'body.name'],
      [{ priceCategoryId: 'stalls', quantity: 1, ...waiter(1) }, 'body.priceCategoryId'],
      [{ priceCategoryId: b.stalls.id, quantity: 1, ...waiter(1), language: 'fr' }, 'body.language'],
      [{ priceCategoryId: b.stalls.id, quantity: 1, ...waiter(1), seat: 'A1' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const refused = await call(t, {}, 'POST', joinUrl(t, b.performance.id), body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'validation', details: expect.arrayContaining([expect.objectContaining({ field })]) } });
    }
    const other = await seedBookable(t);
    const wrongCategory = await call(t, {}, 'POST', joinUrl(t, b.performance.id), { priceCategoryId: other.stalls.id, quantity: 1, ...waiter(1) });
    expect(wrongCategory.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'priceCategoryId' }] } });
    const wrongTariff = await call(t, {}, 'POST', joinUrl(t, b.performance.id), { priceCategoryId: b.stalls.id, tariff: 'ermaessigt', quantity: 1, ...waiter(1) });
    expect(wrongTariff.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'tariff' }] } });
    t.clock.set('2026-10-04T00:00:00.000Z');
    const past = await join(t, b, 1);
    expect(past.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'performanceId', message: 'past' }] } });
  });

  it('does not let one house queue for another house’s performance', async () => {
    const otherHouse = await insertTestHouse(t.foyer);
    const theirs = await seedBookable(t, { houseId: otherHouse.id, capacity: 1 });
    const refused = await call(t, {}, 'POST', joinUrl(t, theirs.performance.id), { priceCategoryId: theirs.stalls.id, quantity: 2, ...waiter(1) });
    expect(refused.status).toBe(404);
  });

  it('lets a person leave with the token from joining, and only with it', async () => {
    await sellAtDesk(t, b, 4);
    const first = await join(t, b, 1);
    const second = await join(t, b, 2);
    const token = first.body.token ?? '';
    const wrong = await call(t, {}, 'DELETE', `/public/waiting-list/${first.body.id}?token=${encodeURIComponent(second.body.token ?? '')}`);
    expect(wrong.status).toBe(404);
    expect((await entryOf(t, first.body.id)).state).toBe('waiting');

    const left = await call(t, {}, 'DELETE', `/public/waiting-list/${first.body.id}?token=${encodeURIComponent(token)}`);
    expect(left.status).toBe(204);
    expect((await entryOf(t, first.body.id)).state).toBe('left');
    const twice = await call(t, {}, 'DELETE', `/public/waiting-list/${first.body.id}?token=${encodeURIComponent(token)}`);
    expect(twice.status).toBe(204);
    // The second moves up.
    const queue = await call<Queue>(t, await t.as('dialogue'), 'GET', `/api/ticketing/performances/${b.performance.id}/waiting-list`);
    expect(queue.body.items.map((item) => [item.name, item.position])).toEqual([['Person 2', 1]]);
    // Leaving frees the place for joining anew.
    const back = await join(t, b, 1);
    expect(back.body).toMatchObject({ position: 2, alreadyJoined: false });
  });
});

describe(`the waiting list for staff on ${testEngine}`, () => {
  it('shows the queue with places, people, seats and categories', async () => {
    await sellAtDesk(t, b, 4);
    await join(t, b, 1, { quantity: 2 });
    await join(t, b, 2, { categoryId: b.balcony.id, language: 'en' });
    const queue = await call<Queue>(t, await t.as('marketing'), 'GET', `/api/ticketing/performances/${b.performance.id}/waiting-list`);
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual([
      expect.objectContaining({ position: 1, name: 'Person 1', email: 'person1@example.org', quantity: 2, category: { de: 'Parkett', en: 'Stalls' }, tariff: null, state: 'waiting', offerExpiresAt: null }),
      expect.objectContaining({ position: 2, name: 'Person 2', language: 'en', quantity: 1, category: { de: 'Rang', en: 'Balcony' } }),
    ]);
    const analyst = await call(t, await t.as('analyst'), 'GET', `/api/ticketing/performances/${b.performance.id}/waiting-list`);
    expect(analyst.status).toBe(403);
    // The inventory counts them too.
    const inventory = await call<{ waiting: number }>(t, await t.as('dialogue'), 'GET', `/api/ticketing/performances/${b.performance.id}/inventory`);
    expect(inventory.body.waiting).toBe(2);
  });

  it('removes someone at the desk; the history stays visible on request', async () => {
    await sellAtDesk(t, b, 4);
    const first = await join(t, b, 1);
    await join(t, b, 2);
    const marketing = await call(t, await t.as('marketing'), 'DELETE', `/api/waiting-list/${first.body.id}`);
    expect(marketing.status).toBe(403);
    const removed = await call(t, await t.as('dialogue'), 'DELETE', `/api/waiting-list/${first.body.id}`);
    expect(removed.status).toBe(204);
    const active = await call<Queue>(t, await t.as('dialogue'), 'GET', `/api/ticketing/performances/${b.performance.id}/waiting-list`);
    expect(active.body.items.map((item) => item.name)).toEqual(['Person 2']);
    const all = await call<Queue>(t, await t.as('dialogue'), 'GET', `/api/ticketing/performances/${b.performance.id}/waiting-list?include=all`);
    expect(all.body.items.map((item) => [item.name, item.state, item.position])).toEqual([
      ['Person 1', 'left', null],
      ['Person 2', 'waiting', 1],
    ]);
    const bad = await call(t, await t.as('dialogue'), 'GET', `/api/ticketing/performances/${b.performance.id}/waiting-list?include=everything`);
    expect(bad.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'querystring.include' }] } });
  });

  it('keeps houses and units apart', async () => {
    await sellAtDesk(t, b, 4);
    const entry = await join(t, b, 1);
    const otherHouse = await insertTestHouse(t.foyer);
    const foreign = await t.as('owner', { houseId: otherHouse.id });
    expect((await call(t, foreign, 'GET', `/api/ticketing/performances/${b.performance.id}/waiting-list`)).status).toBe(404);
    expect((await call(t, foreign, 'DELETE', `/api/waiting-list/${entry.body.id}`)).status).toBe(404);
    expect((await entryOf(t, entry.body.id)).state).toBe('waiting');

    const { catalogue } = t.foyer.services;
    const scope = { houseId: t.house.id, unitId: null };
    const young = await catalogue.createUnit(scope, { name: { de: 'Junges Theater' } });
    const opera = await catalogue.createUnit(scope, { name: { de: 'Oper' } });
    const youngShow = await seedBookable(t, { unitId: young.id, capacity: 1 });
    await sellAtDesk(t, youngShow, 1);
    const youngEntry = await join(t, youngShow, 3);
    const operaStaff = await t.as('unit_staff', { unitId: opera.id });
    const youngStaff = await t.as('unit_staff', { unitId: young.id });
    expect((await call(t, operaStaff, 'GET', `/api/ticketing/performances/${youngShow.performance.id}/waiting-list`)).status).toBe(404);
    expect((await call(t, operaStaff, 'DELETE', `/api/waiting-list/${youngEntry.body.id}`)).status).toBe(404);
    expect((await call(t, youngStaff, 'DELETE', `/api/waiting-list/${entry.body.id}`)).status).toBe(404);
    const own = await call<Queue>(t, youngStaff, 'GET', `/api/ticketing/performances/${youngShow.performance.id}/waiting-list`);
    expect(own.body.items.map((item) => item.name)).toEqual(['Person 3']);
    expect((await call(t, youngStaff, 'DELETE', `/api/waiting-list/${youngEntry.body.id}`)).status).toBe(204);
  });
});

describe(`forgetting the waiting list on ${testEngine}`, () => {
  it('deletes the entries a day after their performance began, and keeps those of later ones', async () => {
    const later = await seedBookable(t, { capacity: 1, startsAt: '2026-11-20T18:00:00.000Z' });
    await sellAtDesk(t, b, 4);
    await sellAtDesk(t, later, 1);
    await join(t, b, 1);
    await join(t, b, 2);
    const kept = await join(t, later, 3);

    t.clock.set('2026-10-04T12:00:00.000Z'); // the day after, but not a full day after 19:30
    await t.foyer.jobs.enqueue(housekeepingJob, {});
    await t.foyer.jobs.runDueJobs();
    expect(await t.foyer.database.db.selectFrom('waiting_list_entry').select('id').execute()).toHaveLength(3);

    t.clock.set('2026-10-04T18:00:00.000Z');
    await t.foyer.jobs.enqueue(housekeepingJob, {});
    await t.foyer.jobs.runDueJobs();
    const left = await t.foyer.database.db.selectFrom('waiting_list_entry').select(['id', 'name', 'email']).execute();
    expect(left).toEqual([{ id: kept.body.id, name: 'Person 3', email: 'person3@example.org' }]);
  });
});

describe(`limits on ${testEngine}`, () => {
  it('counts joins against the public booking limit per client IP', async () => {
    const limited = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '2' } });
    try {
      const show = await seedBookable(limited, { capacity: 1 });
      const attempts = [];
      for (const n of [1, 2, 3]) {
        attempts.push(await call(limited, {}, 'POST', joinUrl(limited, show.performance.id), { priceCategoryId: show.stalls.id, quantity: 2, ...waiter(n) }));
      }
      expect(attempts.map((a) => a.status)).toEqual([201, 201, 429]);
      expect(attempts[2]?.body).toMatchObject({ error: { code: 'rate_limited' } });
    } finally {
      await limited.close();
    }
  });
});
