import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { defaultPolicy } from '../audience/consents/policies.ts';
import { type Bookable, idempotent, seedBookable } from '../ticketing/test-fixtures.ts';
import { seedKnowledge, startVisitor } from './conversations/testing.ts';

/*
 * Booking through the assistant, end to end over the public API: the multi-turn dialogue
 * with a real hold, the order placed with it, the tickets mail over SMTP on loopback; in
 * both languages; cancelling gives the seats back; a sold-out performance is said.
 */

let t: TestApp;
let smtp: TestSmtpServer;
let b: Bookable;

beforeEach(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url, FOYER_MAIL_FROM: 'kasse@theater.example', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
  b = await seedBookable(t);
  await seedKnowledge(t);
});

afterEach(async () => {
  await t.close();
  await smtp.close();
});

async function seatsLeft(): Promise<number> {
  return (await t.foyer.services.ticketing.availability(t.house.id, b.performance.id)).available;
}

async function conversationRow(id: string) {
  return t.foyer.database.db.selectFrom('assistant_conversation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe(`booking with the assistant on ${testEngine}`, () => {
  it('books two tickets in German, step by step, with a real hold, and sends the tickets', async () => {
    const visitor = await startVisitor(t);
    expect(visitor.greeting[0]?.text).toContain('Stadttheater Test');

    const asked = await visitor.say('Ich möchte Karten für Carmen');
    expect(asked.text).toContain('Carmen');
    const date = asked.answers.at(-1)?.quickReplies?.[0];
    expect(date?.label).toBe('Sa 3. Okt, 19:30');

    expect((await visitor.say(date?.text ?? '')).text).toContain('Wie viele Karten');
    const categories = await visitor.say('2');
    expect(categories.answers.at(-1)?.quickReplies?.map((q) => q.label.replaceAll('\u00a0', ' '))).toEqual(['Parkett – 48,00 €', 'Rang – 29,00 €']);
    expect((await visitor.say('Parkett – 48,00 €')).text).toContain('Namen');
    expect((await visitor.say('Anna Becker')).text).toContain('E-Mail-Adresse');
    expect((await visitor.say('anna@example.org')).text).toContain('Newsletter');
    expect((await visitor.say('Nein')).text).toContain('Empfehlungen');

    const summary = await visitor.say('Nein');
    expect(summary.text).toContain('96,00 €');
    expect(summary.text).toContain('2 × Parkett');
    expect(summary.text).toContain('Bezahlung an der Kasse');
    // The hold is real: two seats are taken before the visitor confirms.
    expect(await seatsLeft()).toBe(98);

    const done = await visitor.say('Ja, verbindlich buchen');
    expect(done.text).toMatch(/Ihre Bestellnummer ist \S+/);
    expect(done.text).toContain('an der Theaterkasse');
    expect(done.answers.at(-1)?.links?.map((l) => l.label)).toContain('Ihre Karten');
    expect(await seatsLeft()).toBe(98);

    const orders = await t.foyer.services.ticketing.listOrders({ houseId: t.house.id, unitId: null });
    expect(orders.items).toHaveLength(1);
    expect(orders.items[0]).toMatchObject({ source: 'assistant', ticketCount: 2, buyer: { name: 'Anna Becker', email: 'anna@example.org' } });
    const row = await conversationRow(visitor.id);
    expect(row).toMatchObject({ visitor_name: 'Anna Becker', visitor_email: 'anna@example.org', contact_id: orders.items[0]?.contactId });

    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('anna@example.org');
    expect(mail.subject).toContain('Ihre Karten');
  });

  it('books in English, understands the count and a reduced tariff given early, and answers a question in between', async () => {
    const visitor = await startVisitor(t, { language: 'en' });
    const asked = await visitor.say('I would like 3 reduced tickets for Carmen');
    const date = asked.answers.at(-1)?.quickReplies?.[0];
    expect(date?.label).toBe('Sat 3 Oct, 19:30');
    // The count and the reduced tariff were given: the only reduced category is chosen.
    const next = await visitor.say(date?.text ?? '');
    expect(next.text).toContain('In whose name');
    const aside = await visitor.say('When is the box office open?');
    expect(aside.text).toContain('Tuesday to Friday');
    expect(aside.text).toContain('Back to your booking');
    expect(aside.text).toContain('In whose name');
    await visitor.say('My name is Ben Miller');
    await visitor.say('ben@example.org');
    await visitor.say('Yes');
    const summary = await visitor.say('No');
    expect(summary.text).toContain('€43.50');
    expect(await seatsLeft()).toBe(97);
    const done = await visitor.say('Yes, book now');
    expect(done.text).toContain('Your booking is confirmed');
    const orders = await t.foyer.services.ticketing.listOrders({ houseId: t.house.id, unitId: null });
    expect(orders.items[0]).toMatchObject({ ticketCount: 3, totalMinor: 4350, consents: { newsletter: true, recommendations: false }, buyer: { language: 'en' } });
  });

  it('gives the seats back when the visitor cancels after the hold', async () => {
    const visitor = await startVisitor(t);
    const asked = await visitor.say('Ich möchte 2 Karten für Carmen');
    await visitor.say(asked.answers.at(-1)?.quickReplies?.[0]?.text ?? '');
    await visitor.say('Rang – 29,00 €');
    await visitor.say('Anna Becker');
    await visitor.say('anna@example.org');
    await visitor.say('Nein');
    await visitor.say('Nein');
    expect(await seatsLeft()).toBe(98);
    const cancelled = await visitor.say('Abbrechen');
    expect(cancelled.text).toContain('abgebrochen');
    expect(await seatsLeft()).toBe(100);
    const orders = await t.foyer.services.ticketing.listOrders({ houseId: t.house.id, unitId: null });
    expect(orders.total).toBe(0);
  });

  it('says honestly that a performance is sold out', async () => {
    const small = await seedBookable(t, { capacity: 1, startsAt: '2026-10-10T17:30:00.000Z' });
    await t.foyer.services.catalogue.updateProduction({ houseId: t.house.id, unitId: null }, small.production.id, { title: { de: 'Faust', en: 'Faust' } });
    await t.foyer.services.ticketing.place(
      t.house.id,
      { items: [{ performanceId: small.performance.id, priceCategoryId: small.stalls.id, quantity: 1 }], buyer: { name: 'Erste', email: 'erste@example.org', language: 'de' }, paymentMethod: 'box_office' },
      { source: 'web', staff: false, actor: 'visitor' },
    );
    await t.foyer.services.assistant.understanders.refresh(t.house.id);
    const visitor = await startVisitor(t);
    const answer = await visitor.say('Ich möchte Karten für Faust');
    expect(answer.text).toContain('ausverkauft');
  });

  it('places a German booking in German although the name and the address look English', async () => {
    const visitor = await startVisitor(t);
    const asked = await visitor.say('Ich möchte 2 Karten für Carmen');
    await visitor.say(asked.answers.at(-1)?.quickReplies?.[0]?.text ?? '');
    await visitor.say('Rang – 29,00 €');
    expect((await visitor.say('John Smith')).text).toContain('E-Mail-Adresse');
    const email = await visitor.say('john@example.org');
    expect(email.conversation.language).toBe('de');
    expect(email.text).toContain('Newsletter');
    await visitor.say('Nein');
    expect((await visitor.say('Nein')).text).toContain('Soll ich verbindlich buchen?');
    expect((await visitor.say('Ja, verbindlich buchen')).text).toContain('Ihre Bestellnummer');
    const orders = await t.foyer.services.ticketing.listOrders({ houseId: t.house.id, unitId: null });
    expect(orders.items[0]).toMatchObject({ buyer: { name: 'John Smith', email: 'john@example.org', language: 'de' } });
    expect((await conversationRow(visitor.id)).language).toBe('de');
  });

  it('keeps the buyer language of the conversation when a longer answer reads like the other language', async () => {
    const visitor = await startVisitor(t);
    const asked = await visitor.say('Ich möchte 2 Karten für Carmen');
    await visitor.say(asked.answers.at(-1)?.quickReplies?.[0]?.text ?? '');
    await visitor.say('Rang – 29,00 €');
    // A name of three words is still a name, not English.
    expect((await visitor.say('Mary Jane Watson')).text).toContain('E-Mail-Adresse');
    await visitor.say('mary@example.org');
    await visitor.say('Nein');
    await visitor.say('Nein');
    expect((await visitor.say('Ja')).text).toContain('Ihre Bestellnummer');
    const orders = await t.foyer.services.ticketing.listOrders({ houseId: t.house.id, unitId: null });
    expect(orders.items[0]).toMatchObject({ buyer: { name: 'Mary Jane Watson', language: 'de' } });
  });

  it("asks the consent questions in the house's own policy wording and records the consent as the booking widget does", async () => {
    const { consents } = t.foyer.services.audience;
    const newsletter = await consents.setPolicy('test', t.house.id, 'newsletter', {
      expiryMonths: 24,
      textDe: 'Ja, schicken Sie mir den Spielzeitbrief des Stadttheaters. Abbestellen geht jederzeit.',
      textEn: "Yes, send me the Stadttheater's season letter. I can unsubscribe at any time.",
    });
    const ip = '203.0.113.7';
    const visitor = await startVisitor(t, { ip });
    const asked = await visitor.say('Ich möchte 2 Karten für Carmen');
    await visitor.say(asked.answers.at(-1)?.quickReplies?.[0]?.text ?? '');
    await visitor.say('Rang – 29,00 €');
    await visitor.say('Anna Becker');
    const newsletterQuestion = await visitor.say('anna@example.org');
    expect(newsletterQuestion.text).toContain('„Ja, schicken Sie mir den Spielzeitbrief des Stadttheaters. Abbestellen geht jederzeit.“');
    expect(newsletterQuestion.text).toMatch(/^Möchten Sie .+\?/);
    expect(newsletterQuestion.text).toContain('(Ja/Nein)');
    const recommendationsQuestion = await visitor.say('Ja');
    expect(recommendationsQuestion.text).toContain(`„${defaultPolicy('recommendations').textDe}“`);
    await visitor.say('Nein');
    expect((await visitor.say('Ja, verbindlich buchen')).text).toContain('Ihre Bestellnummer');

    // The same boxes ticked in the booking widget, from the same address.
    const widget = await t.foyer.http.inject({
      method: 'POST',
      url: `/public/houses/${t.house.slug}/orders`,
      headers: idempotent(),
      remoteAddress: ip,
      payload: {
        items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }],
        buyer: { name: 'Ben Miller', email: 'ben@example.org', language: 'de' },
        consents: { newsletter: true, recommendations: false },
        paymentMethod: 'box_office',
      },
    });
    expect(widget.statusCode, widget.body).toBe(201);
    await t.foyer.jobs.runDueJobs();

    const rows = await t.foyer.database.db
      .selectFrom('consent')
      .innerJoin('contact', 'contact.id', 'consent.contact_id')
      .select(['contact.email', 'consent.source', 'consent.status', 'consent.text_version', 'consent.proof'])
      .where('consent.house_id', '=', t.house.id)
      .where('consent.purpose', '=', 'newsletter')
      .orderBy('contact.email')
      .execute();
    expect(rows.map(({ email, source, status, text_version }) => ({ email, source, status, text_version }))).toEqual([
      { email: 'anna@example.org', source: 'assistant', status: 'pending', text_version: newsletter.textVersion },
      { email: 'ben@example.org', source: 'form', status: 'pending', text_version: newsletter.textVersion },
    ]);
    const [assistantProof, widgetProof] = rows.map((row) => JSON.parse(row.proof) as Record<string, unknown>);
    expect(assistantProof).toEqual(widgetProof);
    expect(assistantProof).toHaveProperty('ipHash');
  });
});
