import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../catalogue/test-fixtures.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import type { Availability, Hold } from '../schemas.ts';
import { type Bookable, seedBookable } from '../test-fixtures.ts';
import { offerPageCsp } from './page.ts';
import { createWaitingList, waitingListOffersJob } from './service.ts';
import { cancelAtDesk, entryOf, formActionOf, join, offerLinkIn, postOfferForm, runMinuteJob, sellAtDesk } from './testing.ts';

/*
 * Offers end to end: seats come back (a cancellation, a hold that ran out), the first in
 * line gets them held and a mail over real SMTP on loopback, the link in that mail opens
 * the offer page, whose form books; an unused offer runs out and goes to the next.
 */

let t: TestApp;
let b: Bookable;
let smtp: TestSmtpServer;

beforeEach(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({
    env: { FOYER_SMTP_URL: smtp.url, FOYER_MAIL_FROM: 'foyer@theater.example', FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' },
  });
  b = await seedBookable(t, { capacity: 2 });
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

const base = () => `/public/houses/${t.house.slug}`;
const availability = async () => (await call<Availability>(t, {}, 'GET', `${base()}/performances/${b.performance.id}/availability`)).body;

async function waitingListHolds() {
  return t.foyer.database.db.selectFrom('ticket_hold').select(['id', 'state', 'expires_at']).where('source', '=', 'waiting_list').execute();
}

describe(`offers from the waiting list on ${testEngine}`, () => {
  it('gives returned seats to the first in line, held from everyone else, with a mail whose link books them', async () => {
    const order = await sellAtDesk(t, b, 2);
    const first = await join(t, b, 1, { quantity: 2 });
    const second = await join(t, b, 2, { quantity: 1 });

    const cancelled = await cancelAtDesk(t, order.id);
    expect(cancelled.status).toBe(200);
    await t.foyer.jobs.runDueJobs();

    const entry = await entryOf(t, first.body.id);
    expect(entry).toMatchObject({ state: 'offered', offer_expires_at: '2026-09-01T10:00:00.000Z' });
    expect((await entryOf(t, second.body.id)).state).toBe('waiting');
    // The seats are held for the person on the list: nobody else can take them.
    expect((await availability()).categories.find((c) => c.id === b.stalls.id)?.available).toBe(0);
    const someoneElse = await call(t, {}, 'POST', `${base()}/holds`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }] });
    expect(someoneElse.status).toBe(409);
    expect(someoneElse.body).toMatchObject({ error: { code: 'sold_out' } });

    const mail = await smtp.waitForMail('person1@example.org');
    expect(mail.subject).toBe('Plätze frei für Carmen am Samstag, 3. Oktober 2026');
    expect(mail.from?.value[0]).toEqual({ name: 'Stadttheater Test', address: 'foyer@theater.example' });
    expect(mail.text).toContain('Guten Tag Person 1,');
    expect(mail.text).toContain('Wir halten 2 Plätze in der Kategorie Parkett für Sie bereit.');
    expect(mail.text).toContain('Termin: Samstag, 3. Oktober 2026, 19:30 Uhr');
    expect(mail.text).toContain('Gesamtpreis: 96,00');
    // 10:00 UTC is 12:00 in Berlin in September.
    expect(mail.text).toContain('Das Angebot gilt bis 1. September 2026 um 12:00 MESZ.');
    const link = offerLinkIn(mail);
    expect(link.entryId).toBe(first.body.id);
    expect(link.holdToken).toMatch(/^foyer_hold_/);
    // The link is the key: the hold token is stored nowhere in plain text.
    const stored = await t.foyer.database.db.selectFrom('waiting_list_entry').selectAll().where('id', '=', first.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(link.holdToken);

    const page = await t.foyer.http.inject({ method: 'GET', url: link.path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toBe(offerPageCsp);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('<dt>Kategorie</dt><dd>Parkett</dd>');
    expect(page.body).toContain('<dt>Anzahl</dt><dd>2</dd>');
    expect(page.body).toContain('value="Person 1"');
    expect(page.body).toContain('value="person1@example.org"');
    expect(page.body).toMatch(/<input type="checkbox" id="newsletter" name="newsletter" value="yes">/);
    expect(page.body).toMatch(/<input type="checkbox" id="recommendations" name="recommendations" value="yes">/);
    expect(page.body).toContain('<label for="name">Name</label>');
    const english = await t.foyer.http.inject({ method: 'GET', url: `${link.path}&lang=en` });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('<dt>Category</dt><dd>Stalls</dd>');
    expect(english.body).toContain('1 September 2026 at 12:00 CEST');

    const action = formActionOf(page.body);
    const booked = await postOfferForm(t, action, { hold: link.holdToken, name: 'Person Eins', email: 'person1@example.org', language: 'de', paymentMethod: 'invoice', newsletter: 'yes' });
    expect(booked.statusCode).toBe(201);
    expect(booked.body).toContain('Vielen Dank für Ihre Buchung');
    const number = booked.body.match(/data-number="([^"]+)"/)?.[1] ?? '';
    expect(number).not.toBe('');
    const placed = await t.foyer.database.db.selectFrom('ticket_order').select(['id', 'source', 'buyer_name', 'payment_method', 'state', 'consents', 'hold_id']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(placed).toMatchObject({ source: 'waiting_list', buyer_name: 'Person Eins', payment_method: 'invoice', state: 'pending', hold_id: entry.hold_id });
    expect(JSON.parse(placed.consents)).toMatchObject({ newsletter: true, recommendations: false });
    expect((await t.foyer.database.db.selectFrom('ticket').select('id').where('order_id', '=', placed.id).execute()).length).toBe(2);
    expect((await entryOf(t, first.body.id)).state).toBe('booked');
    expect((await availability()).categories.find((c) => c.id === b.stalls.id)?.available).toBe(0);

    // The same link again, or the form posted twice: the same booking, no second order.
    const again = await t.foyer.http.inject({ method: 'GET', url: link.path });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain(number);
    const twice = await postOfferForm(t, action, { hold: link.holdToken, name: 'Person Eins', email: 'person1@example.org', language: 'de', paymentMethod: 'invoice' });
    expect(twice.body).toContain(number);
    expect(await t.foyer.database.db.selectFrom('ticket_order').select('id').where('source', '=', 'waiting_list').execute()).toHaveLength(1);
  });

  it('shows the form again with each refused field marked, and books nothing', async () => {
    const order = await sellAtDesk(t, b, 2);
    const first = await join(t, b, 1, { quantity: 1, language: 'en' });
    await cancelAtDesk(t, order.id);
    await t.foyer.jobs.runDueJobs();
    const link = offerLinkIn(await smtp.waitForMail('person1@example.org'));
    const page = await t.foyer.http.inject({ method: 'GET', url: link.path });
    expect(page.body).toContain('<html lang="en">');

    const refused = await postOfferForm(t, formActionOf(page.body), { hold: link.holdToken, name: ' ', email: 'nope', language: 'en' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toContain('<p class="error" id="name-error">Please enter your name.</p>');
    expect(refused.body).toContain('aria-invalid="true" aria-describedby="email-error"');
    expect(refused.body).toContain('value="nope"');
    expect(refused.body).toContain('Please choose how you want to pay.');
    expect((await entryOf(t, first.body.id)).state).toBe('offered');
    expect(await t.foyer.database.db.selectFrom('ticket_order').select('id').where('source', '=', 'waiting_list').execute()).toEqual([]);

    const forged = await t.foyer.http.inject({ method: 'GET', url: `/public/waiting-list/offers/${first.body.id}?hold=foyer_hold_forged_token_value` });
    expect(forged.statusCode).toBe(404);
    expect(forged.headers['content-type']).toContain('text/html');
    const forgedPost = await postOfferForm(t, `/public/waiting-list/offers/${first.body.id}`, { hold: 'foyer_hold_forged_token_value', name: 'X', email: 'x@example.org', paymentMethod: 'invoice' });
    expect(forgedPost.statusCode).toBe(404);
    const missing = await t.foyer.http.inject({ method: 'GET', url: `/public/waiting-list/offers/${first.body.id}` });
    expect(missing.statusCode).toBe(400);
  });

  it('lets an unused offer run out after the offer time and passes the seats to the next in line', async () => {
    await t.foyer.services.ticketing.settings.update(t.house.id, { offerMinutes: 30 });
    const order = await sellAtDesk(t, b, 2);
    const first = await join(t, b, 1, { quantity: 2 });
    const second = await join(t, b, 2, { quantity: 2 });
    await cancelAtDesk(t, order.id);
    await t.foyer.jobs.runDueJobs();
    const firstLink = offerLinkIn(await smtp.waitForMail('person1@example.org'));
    expect((await entryOf(t, first.body.id)).offer_expires_at).toBe('2026-09-01T08:30:00.000Z');

    // Nothing happens before the time is up.
    t.clock.advance(29 * 60_000);
    await runMinuteJob(t);
    expect((await entryOf(t, first.body.id)).state).toBe('offered');
    expect((await entryOf(t, second.body.id)).state).toBe('waiting');

    t.clock.advance(2 * 60_000);
    const before = smtp.received.length;
    await runMinuteJob(t);
    expect((await entryOf(t, first.body.id)).state).toBe('expired');
    expect(await entryOf(t, second.body.id)).toMatchObject({ state: 'offered', offer_expires_at: '2026-09-01T09:01:00.000Z' });
    const secondLink = offerLinkIn(await smtp.waitForMail('person2@example.org', { after: before }));
    expect(secondLink.entryId).toBe(second.body.id);

    const ranOut = await t.foyer.http.inject({ method: 'GET', url: firstLink.path });
    expect(ranOut.statusCode).toBe(410);
    expect(ranOut.body).toContain('Das Angebot ist abgelaufen');
    const late = await postOfferForm(t, `/public/waiting-list/offers/${first.body.id}`, { hold: firstLink.holdToken, name: 'Person 1', email: 'person1@example.org', paymentMethod: 'invoice' });
    expect(late.statusCode).toBe(410);
    expect(await t.foyer.database.db.selectFrom('ticket_order').select('id').where('source', '=', 'waiting_list').execute()).toEqual([]);
    expect((await t.foyer.http.inject({ method: 'GET', url: secondLink.path })).statusCode).toBe(200);
  });

  it('offers the seats of a visitor’s hold that simply ran out, without any event', async () => {
    const hold = await call<Hold>(t, {}, 'POST', `${base()}/holds`, { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 }] });
    expect(hold.status).toBe(201);
    const first = await join(t, b, 1, { quantity: 1 });
    expect(first.status).toBe(201);
    await runMinuteJob(t);
    expect((await entryOf(t, first.body.id)).state).toBe('waiting');
    t.clock.advance(16 * 60_000);
    await runMinuteJob(t);
    expect((await entryOf(t, first.body.id)).state).toBe('offered');
    await smtp.waitForMail('person1@example.org');
    expect((await availability()).categories.find((c) => c.id === b.stalls.id)?.available).toBe(1);
  });

  it('serves the line strictly in order: a large party first in line is not passed over', async () => {
    const order = await sellAtDesk(t, b, 2);
    const large = await join(t, b, 1, { quantity: 2 });
    const small = await join(t, b, 2, { quantity: 1 });
    await cancelAtDesk(t, order.id, [order.tickets[0]?.id ?? '']);
    await t.foyer.jobs.runDueJobs();
    expect((await entryOf(t, large.body.id)).state).toBe('waiting');
    expect((await entryOf(t, small.body.id)).state).toBe('waiting');
    expect(await waitingListHolds()).toEqual([]);
  });

  it('gives an open offer back to the next when the person leaves, or staff take them off', async () => {
    const order = await sellAtDesk(t, b, 2);
    const first = await join(t, b, 1, { quantity: 2 });
    const second = await join(t, b, 2, { quantity: 2 });
    const third = await join(t, b, 3, { quantity: 2 });
    await cancelAtDesk(t, order.id);
    await t.foyer.jobs.runDueJobs();
    expect((await entryOf(t, first.body.id)).state).toBe('offered');

    const left = await call(t, {}, 'DELETE', `/public/waiting-list/${first.body.id}?token=${encodeURIComponent(first.body.token ?? '')}`);
    expect(left.status).toBe(204);
    await t.foyer.jobs.runDueJobs();
    expect((await entryOf(t, first.body.id)).state).toBe('left');
    expect((await entryOf(t, second.body.id)).state).toBe('offered');

    const removed = await call(t, await t.as('dialogue'), 'DELETE', `/api/waiting-list/${second.body.id}`);
    expect(removed.status).toBe(204);
    await t.foyer.jobs.runDueJobs();
    expect((await entryOf(t, second.body.id)).state).toBe('left');
    expect((await entryOf(t, third.body.id)).state).toBe('offered');
    const holds = await waitingListHolds();
    expect(holds.map((h) => h.state).sort()).toEqual(['active', 'released', 'released']);
    await smtp.waitForMail('person3@example.org');
  });

  it('never offers the same entry twice, whether the job runs twice or twice at once', async () => {
    const show = await seedBookable(t, { capacity: 3 });
    const order = await sellAtDesk(t, show, 3);
    const people = [];
    for (const n of [1, 2, 3, 4]) people.push((await join(t, show, n, { quantity: 1 })).body);
    const offered = async () => {
      const rows = await t.foyer.database.db.selectFrom('waiting_list_entry').select(['id', 'state', 'hold_id']).where('performance_id', '=', show.performance.id).orderBy('created_at').orderBy('id').execute();
      return rows.map((row) => row.state);
    };
    await cancelAtDesk(t, order.id, [order.tickets[0]?.id ?? '']);

    // The event's job and the minute job together, then the minute job again.
    await t.foyer.jobs.enqueue(waitingListOffersJob, {});
    await t.foyer.jobs.runDueJobs();
    await runMinuteJob(t);
    expect(await offered()).toEqual(['offered', 'waiting', 'waiting', 'waiting']);
    expect(await waitingListHolds()).toHaveLength(1);

    // Two seats come back and two workers (two processes' services) walk the queue at once, twice each.
    const { services } = t.foyer;
    const deps = { database: t.foyer.database, clock: t.clock, events: t.foyer.events, ticketing: services.ticketing, catalogue: services.catalogue, outbox: services.mail, consentProof: services.publicAudience, publicUrl: t.foyer.config.publicUrl };
    const workerA = createWaitingList(deps);
    const workerB = createWaitingList(deps);
    await services.ticketing.cancel({ houseId: t.house.id, unitId: null }, order.id, { ticketIds: [order.tickets[1]?.id ?? '', order.tickets[2]?.id ?? ''] }, { actor: 'test' });
    const offers = await Promise.all([
      workerA.offerSeats(t.house.id, show.performance.id),
      workerB.offerSeats(t.house.id, show.performance.id),
      workerA.serveDue(),
      workerB.offerSeats(t.house.id, show.performance.id),
    ]);
    expect(offers.reduce((sum, n) => sum + n, 0)).toBe(2);
    expect(await offered()).toEqual(['offered', 'offered', 'offered', 'waiting']);
    // Every seat held for the list belongs to exactly one offer: a hold that lost the race was given back.
    const entries = await t.foyer.database.db.selectFrom('waiting_list_entry').select(['id', 'hold_id']).where('state', '=', 'offered').execute();
    const active = (await waitingListHolds()).filter((h) => h.state === 'active').map((h) => h.id);
    expect(active.sort()).toEqual(entries.map((e) => e.hold_id).sort());
    expect(new Set(active).size).toBe(3);
    const seats = await call<Availability>(t, {}, 'GET', `${base()}/performances/${show.performance.id}/availability`);
    expect(seats.body.available).toBe(0);

    await t.foyer.jobs.runDueJobs();
    await smtp.waitForMail('person3@example.org');
    const mails = smtp.received.filter((m) => m.subject?.startsWith('Plätze frei'));
    expect(mails.map((m) => (m.to === undefined || Array.isArray(m.to) ? '' : (m.to.value[0]?.address ?? ''))).sort()).toEqual(['person1@example.org', 'person2@example.org', 'person3@example.org']);
    expect(people.map((p) => p.position)).toEqual([1, 2, 3, 4]);
  });
});
