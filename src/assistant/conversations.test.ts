import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { type Bookable, seedBookable } from '../ticketing/test-fixtures.ts';
import { misreadingAssistant, seedKnowledge, startVisitor } from './conversations/testing.ts';
import { codeHashOf } from './dialogue/resend.ts';

/*
 * The assistant's answers and its handover, over the public API: FAQ from the house's
 * knowledge base, the programme from the catalogue, suggestions, resending tickets after
 * a code by mail, the three handover triggers with the team's hours said honestly, and
 * the API's guards (token, size, rate, switched off, closed).
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

const scope = () => ({ houseId: t.house.id, unitId: null });

async function row(id: string) {
  return t.foyer.database.db.selectFrom('assistant_conversation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe(`the assistant's answers on ${testEngine}`, () => {
  it('answers FAQ from the knowledge base in the language of the message, with its links', async () => {
    const visitor = await startVisitor(t);
    const de = await visitor.say('Wann hat die Theaterkasse geöffnet?');
    expect(de.text).toContain('dienstags bis freitags von 10 bis 18 Uhr');
    expect(de.answers[0]?.links?.[0]?.label).toBe('Kasse und Service');
    const en = await visitor.say('When is the box office open on Saturdays?');
    expect(en.text).toContain('Saturdays from 10 am to 2 pm');
    expect(en.conversation.language).toBe('en');
  });

  it('answers programme questions from the catalogue with cards, badges and booking links', async () => {
    const visitor = await startVisitor(t);
    const answer = await visitor.say('Wann spielt ihr Carmen?');
    const card = answer.answers[0]?.cards?.[0];
    expect(card).toMatchObject({ kind: 'performance', title: 'Carmen', subtitle: 'Sa 3. Okt, 19:30 · Großes Haus', badge: 'Karten verfügbar' });
    expect(card?.url).toContain(`/public/houses/${t.house.slug}/programme`);
    expect(answer.answers[0]?.quickReplies?.[0]?.label).toBe('Carmen buchen');
    const none = await visitor.say('Was läuft am 20. Dezember?');
    expect(none.text).toContain('keine Vorstellungen');
  });

  it('suggests productions with their explanations, and surprises with discoveries', async () => {
    const scopeNow = scope();
    const other = await t.foyer.services.catalogue.createProduction(scopeNow, { title: { de: 'Schwanensee', en: 'Swan Lake' }, genres: ['ballet'] });
    await t.foyer.services.catalogue.createPerformance(scopeNow, { productionId: other.id, startsAt: '2026-10-20T17:00:00.000Z' });
    await t.foyer.services.recommendationFits.refresh(t.house.id);
    const visitor = await startVisitor(t);
    const suggested = await visitor.say('Was können Sie mir empfehlen?');
    const cards = suggested.answers[0]?.cards ?? [];
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(card.subtitle).toBeTruthy();
    const surprise = await visitor.say('Überrasch mich');
    expect(surprise.text).toContain('überraschen');
  });

  it('finds family performances for a family question, in the programme and in suggestions, in both languages', async () => {
    const scopeNow = scope();
    const { catalogue } = t.foyer.services;
    const family = await catalogue.createProduction(scopeNow, { title: { de: 'Die kleine Hexe', en: 'The Little Witch' }, genres: ['children_theatre'], audience: 'families' });
    const adults = await catalogue.createProduction(scopeNow, { title: { de: 'Hamlet', en: 'Hamlet' }, genres: ['drama'], audience: 'adults' });
    // The test clock is Tuesday 1 September 2026: this weekend is the 5th and 6th.
    await catalogue.createPerformance(scopeNow, { productionId: family.id, startsAt: '2026-09-05T13:00:00.000Z' });
    await catalogue.createPerformance(scopeNow, { productionId: adults.id, startsAt: '2026-09-05T17:30:00.000Z' });
    await catalogue.createPerformance(scopeNow, { productionId: adults.id, startsAt: '2026-09-06T17:30:00.000Z' });
    await t.foyer.services.recommendationFits.refresh(t.house.id);
    await t.foyer.services.assistant.understanders.refresh(t.house.id);

    const en = await (await startVisitor(t, { language: 'en' })).say('anything for families this weekend?');
    expect(en.answers[0]?.cards?.map((card) => card.title)).toEqual(['The Little Witch']);
    const de = await startVisitor(t);
    const programme = await de.say('etwas für Familien am Wochenende?');
    expect(programme.answers[0]?.cards?.map((card) => card.title)).toEqual(['Die kleine Hexe']);
    // Suggestions remember the audience of the conversation.
    const suggested = await de.say('Was können Sie mir empfehlen?');
    expect(suggested.answers[0]?.cards?.map((card) => card.title)).toEqual(['Die kleine Hexe']);
    const asked = await (await startVisitor(t, { language: 'en' })).say('What do you recommend for families?');
    expect(asked.answers[0]?.cards?.map((card) => card.title)).toEqual(['The Little Witch']);
  });

  it('suggests the youth theatre to a visitor asking for young people, for whom the catalogue has no audience', async () => {
    const scopeNow = scope();
    const { catalogue } = t.foyer.services;
    const youth = await catalogue.createProduction(scopeNow, { title: { de: 'Tschick', en: 'Tschick' }, genres: ['youth_theatre'], audience: 'adults', ageMin: 13 });
    const drama = await catalogue.createProduction(scopeNow, { title: { de: 'Hamlet', en: 'Hamlet' }, genres: ['drama'], audience: 'adults' });
    await catalogue.createPerformance(scopeNow, { productionId: youth.id, startsAt: '2026-09-12T09:00:00.000Z' });
    await catalogue.createPerformance(scopeNow, { productionId: drama.id, startsAt: '2026-09-05T17:30:00.000Z' });
    await t.foyer.services.recommendationFits.refresh(t.house.id);
    await t.foyer.services.assistant.understanders.refresh(t.house.id);
    const visitor = await startVisitor(t);
    const suggested = await visitor.say('Was empfehlen Sie für Jugendliche?');
    expect(suggested.answers[0]?.cards?.[0]?.title).toBe('Tschick');
  });

  it('resends tickets after the code from the mail, and answers alike for an address without orders', async () => {
    await t.foyer.services.ticketing.place(
      t.house.id,
      { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer: { name: 'Anna Becker', email: 'anna@example.org', language: 'de' }, paymentMethod: 'box_office' },
      { source: 'web', staff: false, actor: 'visitor' },
    );
    await t.foyer.jobs.runDueJobs();
    await smtp.waitForMail('anna@example.org');
    const before = smtp.received.length;

    const stranger = await startVisitor(t);
    await stranger.say('Meine Karten sind nicht angekommen');
    const strangerAnswer = await stranger.say('niemand@example.org');

    const visitor = await startVisitor(t);
    expect((await visitor.say('Meine Karten sind nicht angekommen')).text).toContain('E-Mail-Adresse');
    const sent = await visitor.say('anna@example.org');
    // The same words whether or not the address booked: nobody learns who did.
    expect(sent.text).toBe(strangerAnswer.text);
    await t.foyer.jobs.runDueJobs();
    const codeMail = await smtp.waitForMail('anna@example.org', { after: before });
    const code = /\b(\d{6})\b/.exec(codeMail.text ?? '')?.[1] ?? '';
    expect(code).toHaveLength(6);
    expect(smtp.received.some((mail) => mail.to !== undefined && JSON.stringify(mail.to).includes('niemand@example.org'))).toBe(false);

    const wrong = code === '000000' ? '111111' : '000000';
    expect((await visitor.say(wrong)).text).toContain('noch 4 Versuche');
    const resent = await visitor.say(code);
    expect(resent.text).toContain('noch einmal geschickt');
    const afterCode = smtp.received.length;
    await t.foyer.jobs.runDueJobs();
    const tickets = await smtp.waitForMail('anna@example.org', { after: afterCode });
    expect(tickets.subject).toContain('Ihre Karten');
  });
});

describe(`a bare code or address in the step that asked for it on ${testEngine}`, () => {
  // The worst guesses for a message that is only a code or an address: confident and wrong.
  const misread = (text: string) => (/^\d{6}$/.test(text) ? { intent: 'cancel' as const, confidence: 0.9 } : /^\S+@\S+$/.test(text) ? { intent: 'handover' as const, confidence: 0.9 } : undefined);

  it('takes the address and the code in the resend steps whatever intent the classifier guessed', async () => {
    const assistant = misreadingAssistant(t, misread);
    const asked = await assistant.ask(t.house.slug, 'Meine Karten sind nicht angekommen');
    expect(asked.messages.at(-1)?.text).toContain('E-Mail-Adresse');
    const address = await assistant.ask(t.house.slug, 'anna@example.org', { conversationId: asked.conversationId });
    expect(address).toMatchObject({ intent: 'handover', confidence: 0.9, handover: false });
    expect(address.messages.at(-1)?.text).toContain('Code');
    expect((await row(asked.conversationId)).status).toBe('open');
    // The code is random: read as a code, "483920" is a wrong try (or, once in a million, the right one), never a cancel.
    const right = JSON.parse((await row(asked.conversationId)).dialogue_state).resend.codeHash === codeHashOf(asked.conversationId, '483920');
    const code = await assistant.ask(t.house.slug, '483920', { conversationId: asked.conversationId });
    expect(code).toMatchObject({ intent: 'cancel', confidence: 0.9 });
    expect(code.messages.at(-1)?.text).toContain(right ? 'keine Karten für kommende Vorstellungen' : 'noch 4 Versuche');
    if (!right) expect(JSON.parse((await row(asked.conversationId)).dialogue_state)).toMatchObject({ step: 'resend.code', resend: { email: 'anna@example.org', attempts: 1 } });
  });

  it('takes the address in the booking step whatever intent the classifier guessed', async () => {
    const assistant = misreadingAssistant(t, misread);
    const asked = await assistant.ask(t.house.slug, 'Ich möchte 2 Karten für Carmen');
    const id = asked.conversationId;
    await assistant.ask(t.house.slug, asked.messages.at(-1)?.quickReplies?.[0]?.text ?? '', { conversationId: id });
    await assistant.ask(t.house.slug, 'Rang – 29,00 €', { conversationId: id });
    expect((await assistant.ask(t.house.slug, 'Anna Becker', { conversationId: id })).messages.at(-1)?.text).toContain('E-Mail-Adresse');
    const address = await assistant.ask(t.house.slug, 'anna@example.org', { conversationId: id });
    expect(address).toMatchObject({ intent: 'handover', handover: false });
    expect(address.messages.at(-1)?.text).toContain('Newsletter');
    expect(JSON.parse((await row(id)).dialogue_state)).toMatchObject({ step: 'booking.consent_newsletter', booking: { name: 'Anna Becker', email: 'anna@example.org' } });
  });
});

describe(`handing over on ${testEngine}`, () => {
  it('hands over on request and says that the team is there (Tuesday 10:00)', async () => {
    const visitor = await startVisitor(t);
    const answer = await visitor.say('Ich möchte mit einem Menschen sprechen');
    expect(answer.conversation.status).toBe('handed_over');
    expect(answer.text).toContain('Das Team ist gerade da');
    expect(answer.text).toContain('E-Mail-Adresse');
    expect(await row(visitor.id)).toMatchObject({ status: 'handed_over', handover_reason: 'requested' });
    const noted = await visitor.say('anna@example.org');
    expect(noted.text).toContain('notiert');
    expect((await row(visitor.id)).visitor_email).toBe('anna@example.org');
  });

  it('says honestly when the team is back (Sunday evening)', async () => {
    t.clock.set('2026-09-06T18:00:00.000Z');
    const visitor = await startVisitor(t);
    const answer = await visitor.say('Ich möchte mit einem Menschen sprechen');
    expect(answer.text).toContain('Unser Team ist gerade nicht da; es ist morgen ab 10:00 Uhr wieder für Sie da.');
    expect(answer.conversation.teamAvailable).toBe(false);
  });

  it('hands over after two failed understandings in a row and records the questions', async () => {
    const visitor = await startVisitor(t);
    const first = await visitor.say('xqzv blorf wibble');
    expect(first.conversation.status).toBe('open');
    const second = await visitor.say('zzkrr pflonk');
    expect(second.conversation.status).toBe('handed_over');
    expect((await row(visitor.id)).handover_reason).toBe('not_understood');
    const unanswered = await t.foyer.database.db.selectFrom('assistant_unanswered').select(['normalised', 'times_asked']).where('house_id', '=', t.house.id).orderBy('normalised').execute();
    expect(unanswered.map((u) => u.normalised)).toEqual(['xqzv blorf wibble', 'zzkrr pflonk']);
  });

  it('hands over a complaint, a topic the house marks human-only', async () => {
    const visitor = await startVisitor(t);
    const answer = await visitor.say('Ich möchte mich beschweren, der Service war unmöglich!');
    expect(answer.conversation.status).toBe('handed_over');
    expect((await row(visitor.id)).handover_reason).toBe('human_only');
  });
});

describe(`the public conversation API on ${testEngine}`, () => {
  it('refuses a wrong token like an unknown conversation, and caps the text', async () => {
    const visitor = await startVisitor(t);
    const wrong = await visitor.send('Hallo', 'foyer_chat_not-the-right-token');
    expect(wrong.status).toBe(404);
    const unknown = await t.foyer.http.inject({ method: 'POST', url: '/public/assistant/conversations/01890000-0000-7000-8000-000000000000/messages', payload: { token: visitor.token, text: 'Hallo' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    const long = await visitor.send('a'.repeat(1001));
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('1000');
  });

  it('limits the messages of one conversation per minute', async () => {
    const visitor = await startVisitor(t);
    let status = 200;
    for (let i = 0; i < 21 && status === 200; i += 1) status = (await visitor.send('Danke')).status;
    expect(status).toBe(429);
    t.clock.advance(61_000);
    expect((await visitor.send('Danke')).status).toBe(200);
  });

  it('polls new messages after a seq, answers 404 for an unknown house and 409 when switched off', async () => {
    const visitor = await startVisitor(t);
    await visitor.say('Danke');
    const poll = await t.foyer.http.inject({ method: 'GET', url: `/public/assistant/conversations/${visitor.id}?token=${encodeURIComponent(visitor.token)}&after=1` });
    expect(poll.statusCode).toBe(200);
    expect(poll.json<{ messages: { seq: number }[] }>().messages.map((m) => m.seq)).toEqual([2, 3]);
    expect((await t.foyer.http.inject({ method: 'POST', url: '/public/houses/no-such-house/assistant/conversations', payload: {} })).statusCode).toBe(404);
    const settings = await t.foyer.services.assistantSettings.get(t.house.id);
    await t.foyer.services.assistantSettings.put(t.house.id, { ...settings, enabled: false }, 'test');
    const off = await t.foyer.http.inject({ method: 'POST', url: `/public/houses/${t.house.slug}/assistant/conversations`, payload: {} });
    expect(off.statusCode).toBe(409);
    expect(off.json()).toMatchObject({ error: { code: 'assistant_disabled' } });
  });

  it('takes no more messages in a closed conversation', async () => {
    const visitor = await startVisitor(t);
    await t.foyer.database.db.updateTable('assistant_conversation').set({ status: 'closed' }).where('id', '=', visitor.id).execute();
    const closed = await visitor.send('Hallo');
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ error: { code: 'conversation_closed' } });
  });
});
