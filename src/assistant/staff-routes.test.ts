import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../catalogue/test-fixtures.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../core/mail/testing.ts';
import { createTestApp, insertTestHouse, type LoginHeaders, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import type { ConversationDetail, ConversationSummary, StaffMessage } from './inbox/service.ts';
import { insertConversation, insertUnanswered } from './inbox/testing.ts';
import type { KnowledgeEntry } from './knowledge/model.ts';
import type { UnansweredQuestion } from './knowledge/service.ts';
import type { AssistantStats } from './stats.ts';

/*
 * The assistant's staff API end to end on the real app: who may use it, what it refuses
 * (naming the field), the knowledge base with its unanswered questions, the inbox with
 * replies that reach the visitor in the widget or by mail over real SMTP on loopback,
 * and the statistics.
 */

let smtp: TestSmtpServer;
let t: TestApp;
let dialogue: LoginHeaders;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url, FOYER_MAIL_FROM: 'foyer@theater.example' } });
  await t.foyer.database.db.updateTable('house').set({ email: 'kasse@theater.example' }).where('id', '=', t.house.id).execute();
  dialogue = await t.login('dialogue', { email: 'aylin@theater.example' });
});
afterEach(async () => {
  await t.close();
});

async function staffIdOf(email: string): Promise<string> {
  return (await t.foyer.database.db.selectFrom('staff_account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

async function auditActions(): Promise<{ action: string; details: string }[]> {
  return t.foyer.database.db.selectFrom('audit_entry').select(['action', 'details']).where('house_id', '=', t.house.id).where('action', 'like', 'assistant.%').orderBy('id').execute();
}

const entryInput = {
  topic: 'parking',
  questions: { de: ['Wo kann ich parken?', 'Gibt es Parkplätze?'], en: ['Where can I park?'] },
  answer: { de: 'Die Tiefgarage am Theaterplatz hat 300 Plätze.', en: 'The car park at Theaterplatz has 300 spaces.' },
  links: [{ label: 'Anfahrt', url: 'https://theater.example/anfahrt' }],
  humanOnly: false,
};

describe(`assistant settings on ${testEngine}`, () => {
  it('gives the defaults to a house that never saved, with the team there on a Tuesday at 10:00', async () => {
    const response = await call(t, dialogue, 'GET', '/api/assistant/settings');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      enabled: true,
      teamHours: {
        mon: [['10:00', '18:00']],
        tue: [['10:00', '18:00']],
        wed: [['10:00', '18:00']],
        thu: [['10:00', '18:00']],
        fri: [['10:00', '18:00']],
        sat: [['10:00', '14:00']],
        sun: [],
      },
      humanOnlyTopics: ['complaint', 'accessibility_request'],
      retentionDays: 90,
      teamAvailableNow: true,
      languageModel: { configured: false },
    });
  });

  it('saves a change, records it in the audit log, and says when the team is not there', async () => {
    const teamHours = { mon: [], tue: [['14:00', '16:00']], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const saved = await call(t, dialogue, 'PUT', '/api/assistant/settings', { enabled: false, teamHours, humanOnlyTopics: ['complaint', 'prices'], retentionDays: 30 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ enabled: false, teamHours, humanOnlyTopics: ['complaint', 'prices'], retentionDays: 30, teamAvailableNow: false });
    expect((await call(t, dialogue, 'GET', '/api/assistant/settings')).body).toMatchObject({ enabled: false, retentionDays: 30 });
    const [entry] = await auditActions();
    expect(entry?.action).toBe('assistant.settings_changed');
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({ changed: ['enabled', 'teamHours', 'humanOnlyTopics', 'retentionDays'], retentionDays: 30, previousRetentionDays: 90 });
  });

  it('refuses bad settings naming the field, and nothing changes', async () => {
    const base = { enabled: true, teamHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, humanOnlyTopics: [], retentionDays: 90 };
    const tooLong = await call(t, dialogue, 'PUT', '/api/assistant/settings', { ...base, retentionDays: 1000 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ error: { code: 'validation', details: [{ field: 'body.retentionDays' }] } });
    const backwards = await call(t, dialogue, 'PUT', '/api/assistant/settings', { ...base, teamHours: { ...base.teamHours, fri: [['18:00', '10:00']] } });
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ error: { details: [{ field: 'body.teamHours.fri.0', message: 'from must be before to' }] } });
    expect(await auditActions()).toEqual([]);
  });

  it('is for the dialogue team and marketing, not for analysts; writes need the CSRF token', async () => {
    expect((await call(t, await t.as('analyst'), 'GET', '/api/assistant/settings')).status).toBe(403);
    expect((await call(t, await t.as('unit_staff'), 'GET', '/api/assistant/stats')).status).toBe(403);
    expect((await call(t, await t.login('marketing'), 'GET', '/api/assistant/settings')).status).toBe(200);
    expect((await call(t, {}, 'GET', '/api/assistant/settings')).status).toBe(401);
    const { 'x-csrf-token': _csrf, ...withoutToken } = dialogue;
    expect((await call(t, withoutToken, 'PUT', '/api/assistant/settings', {})).status).toBe(403);
  });
});

describe(`the knowledge base on ${testEngine}`, () => {
  it('creates, finds, changes and deletes an entry, each change audited and moving the version', async () => {
    const { assistantKnowledge } = t.foyer.services;
    const empty = await assistantKnowledge.version(t.house.id);
    const created = await call<KnowledgeEntry>(t, dialogue, 'POST', '/api/assistant/knowledge', entryInput);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...entryInput, id: expect.any(String), updatedAt: expect.any(String) });
    const afterCreate = await assistantKnowledge.version(t.house.id);
    expect(afterCreate).not.toBe(empty);

    const other = await call<KnowledgeEntry>(t, dialogue, 'POST', '/api/assistant/knowledge', {
      topic: 'cloakroom',
      questions: { en: ['Is there a cloakroom?'] },
      answer: { de: 'Die Garderobe ist kostenlos.', en: 'The cloakroom is free.' },
    });
    expect(other.body).toMatchObject({ questions: { de: [], en: ['Is there a cloakroom?'] }, links: [], humanOnly: false });

    expect((await call<{ items: KnowledgeEntry[] }>(t, dialogue, 'GET', '/api/assistant/knowledge')).body.items.map((e) => e.topic)).toEqual(['cloakroom', 'parking']);
    expect((await call<{ items: KnowledgeEntry[] }>(t, dialogue, 'GET', '/api/assistant/knowledge?topic=parking')).body.items).toHaveLength(1);
    expect((await call<{ items: KnowledgeEntry[] }>(t, dialogue, 'GET', '/api/assistant/knowledge?q=TIEFGARAGE%20theaterplatz')).body.items.map((e) => e.id)).toEqual([created.body.id]);
    expect((await call<{ items: KnowledgeEntry[] }>(t, dialogue, 'GET', '/api/assistant/knowledge?q=garderobe%20parken')).body.items).toEqual([]);

    // The clock stands still in tests: the version moves all the same.
    const changed = await call<KnowledgeEntry>(t, dialogue, 'PUT', `/api/assistant/knowledge/${created.body.id}`, { ...entryInput, humanOnly: true });
    expect(changed.status).toBe(200);
    expect(changed.body.humanOnly).toBe(true);
    const afterUpdate = await assistantKnowledge.version(t.house.id);
    expect(afterUpdate).not.toBe(afterCreate);
    expect((await assistantKnowledge.forUnderstanding(t.house.id)).find((e) => e.id === created.body.id)).toEqual({
      id: created.body.id,
      topic: 'parking',
      questions: entryInput.questions,
      answer: entryInput.answer,
    });

    expect((await call(t, dialogue, 'DELETE', `/api/assistant/knowledge/${created.body.id}`)).status).toBe(204);
    expect((await call(t, dialogue, 'GET', `/api/assistant/knowledge/${created.body.id}`)).status).toBe(404);
    expect(await assistantKnowledge.version(t.house.id)).not.toBe(afterUpdate);
    expect((await auditActions()).map((entry) => JSON.parse(entry.details).change)).toEqual(['created', 'created', 'updated', 'deleted']);
  });

  it.each([
    ['no question variant at all', { ...entryInput, questions: { de: [], en: [] } }, 'questions'],
    ['a missing English answer', { ...entryInput, answer: { de: 'Ja.' } }, 'answer.en'],
    ['an answer too long', { ...entryInput, answer: { de: 'x'.repeat(4001), en: 'Yes.' } }, 'answer.de'],
    ['a link that is not http(s)', { ...entryInput, links: [{ label: 'Plan', url: 'ftp://theater.example/plan.pdf' }] }, 'links.0.url'],
    ['31 question variants', { ...entryInput, questions: { de: Array.from({ length: 31 }, (_, i) => `Frage ${i}`), en: [] } }, 'questions.de'],
    ['a topic nobody knows', { ...entryInput, topic: 'weather' }, 'topic'],
  ])('refuses %s, naming the field', async (_name, input, field) => {
    const response = await call(t, dialogue, 'POST', '/api/assistant/knowledge', input);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'validation', details: [{ field: `body.${field}` }] } });
  });

  it('turns an unanswered question into an entry with one click, and a deleted entry opens it again', async () => {
    const question = await insertUnanswered(t, { text: 'Kann ich mein Fahrrad im Hof abstellen?', timesAsked: 4 });
    const dismissed = await insertUnanswered(t, { text: 'Wie ist das Wetter?', timesAsked: 1 });
    expect((await call<{ items: UnansweredQuestion[] }>(t, dialogue, 'GET', '/api/assistant/unanswered')).body.items.map((q) => [q.text, q.timesAsked])).toEqual([
      ['Kann ich mein Fahrrad im Hof abstellen?', 4],
      ['Wie ist das Wetter?', 1],
    ]);
    const dismissal = await call<UnansweredQuestion>(t, dialogue, 'POST', `/api/assistant/unanswered/${dismissed}/dismiss`);
    expect(dismissal.status).toBe(200);
    expect(dismissal.body.status).toBe('dismissed');

    const created = await call<KnowledgeEntry>(t, dialogue, 'POST', '/api/assistant/knowledge', { ...entryInput, fromUnansweredId: question });
    expect(created.status).toBe(201);
    expect((await call<{ items: UnansweredQuestion[] }>(t, dialogue, 'GET', '/api/assistant/unanswered')).body.items).toEqual([]);
    expect((await call<{ items: UnansweredQuestion[] }>(t, dialogue, 'GET', '/api/assistant/unanswered?status=answered')).body.items.map((q) => q.id)).toEqual([question]);
    expect((await call<{ items: UnansweredQuestion[] }>(t, dialogue, 'GET', '/api/assistant/unanswered?status=dismissed')).body.items.map((q) => q.id)).toEqual([dismissed]);
    expect((await call(t, dialogue, 'POST', '/api/assistant/knowledge', { ...entryInput, fromUnansweredId: question })).status).toBe(409);

    await call(t, dialogue, 'DELETE', `/api/assistant/knowledge/${created.body.id}`);
    expect((await call<{ items: UnansweredQuestion[] }>(t, dialogue, 'GET', '/api/assistant/unanswered')).body.items.map((q) => q.id)).toEqual([question]);
  });

  it('writes nothing when the unanswered question is not the house’s', async () => {
    const other = await insertTestHouse(t.foyer);
    const foreign = await insertUnanswered(t, { text: 'Gibt es Hörschleifen?', houseId: other.id });
    const response = await call(t, dialogue, 'POST', '/api/assistant/knowledge', { ...entryInput, fromUnansweredId: foreign });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { details: [{ field: 'fromUnansweredId' }] } });
    expect((await call<{ items: KnowledgeEntry[] }>(t, dialogue, 'GET', '/api/assistant/knowledge')).body.items).toEqual([]);
    expect((await call(t, dialogue, 'POST', `/api/assistant/unanswered/${foreign}/dismiss`)).status).toBe(404);
  });

  it('keeps houses apart', async () => {
    const other = await insertTestHouse(t.foyer);
    const theirs = await t.foyer.services.assistantKnowledge.create(other.id, entryInput as never, 'test');
    expect((await call(t, dialogue, 'GET', `/api/assistant/knowledge/${theirs.id}`)).status).toBe(404);
    expect((await call(t, dialogue, 'PUT', `/api/assistant/knowledge/${theirs.id}`, entryInput)).status).toBe(404);
    expect((await call(t, dialogue, 'DELETE', `/api/assistant/knowledge/${theirs.id}`)).status).toBe(404);
    expect((await call<{ items: KnowledgeEntry[] }>(t, dialogue, 'GET', '/api/assistant/knowledge')).body.items).toEqual([]);
  });
});

describe(`the inbox on ${testEngine}`, () => {
  it('lists handed-over conversations, newest activity first, by status and assignee, with paging', async () => {
    const aylin = await staffIdOf('aylin@theater.example');
    const older = await insertConversation(t, { lastMessageAt: '2026-09-01T07:00:00.000Z', visitorName: 'Meike Albers', visitorEmail: 'meike@example.org' });
    const newer = await insertConversation(t, { lastMessageAt: '2026-09-01T07:30:00.000Z', reason: 'not_understood', assignedTo: aylin });
    const open = await insertConversation(t, { status: 'open', lastMessageAt: '2026-09-01T07:45:00.000Z' });
    const closed = await insertConversation(t, { status: 'closed', lastMessageAt: '2026-09-01T07:50:00.000Z' });
    const other = await insertTestHouse(t.foyer);
    await insertConversation(t, { houseId: other.id });

    const inbox = await call<{ items: ConversationSummary[]; total: number }>(t, dialogue, 'GET', '/api/assistant/conversations');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((c) => c.id)).toEqual([newer, older]);
    expect(inbox.body.total).toBe(2);
    expect(inbox.body.items[1]).toEqual({
      id: older,
      status: 'handed_over',
      language: 'de',
      handoverReason: 'requested',
      assignedTo: null,
      visitorName: 'Meike Albers',
      visitorEmail: 'meike@example.org',
      contact: null,
      lastMessageAt: '2026-09-01T07:00:00.000Z',
      handedOverAt: '2026-09-01T07:00:00.000Z',
      preview: 'Ich gebe Sie an unser Team weiter.',
      messageCount: 2,
      visitorPresent: false,
    });
    expect(inbox.body.items[0]?.assignedTo).toEqual({ id: aylin, name: 'Test dialogue 1' });

    const list = async (query: string) => (await call<{ items: ConversationSummary[]; total: number }>(t, dialogue, 'GET', `/api/assistant/conversations?${query}`)).body;
    expect((await list('status=all')).items.map((c) => c.id)).toEqual([closed, open, newer, older]);
    expect((await list('status=open')).items.map((c) => c.id)).toEqual([open]);
    expect((await list('assigned=me')).items.map((c) => c.id)).toEqual([newer]);
    expect((await list('assigned=unassigned')).items.map((c) => c.id)).toEqual([older]);
    expect(await list('status=all&limit=2&offset=1')).toMatchObject({ items: [{ id: open }, { id: newer }], total: 4 });

    const bad = await call(t, dialogue, 'GET', '/api/assistant/conversations?status=waiting');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { details: [{ field: 'querystring.status' }] } });
    const byKey = await call(t, await t.as('dialogue'), 'GET', '/api/assistant/conversations?assigned=me');
    expect(byKey.body).toMatchObject({ error: { details: [{ field: 'assigned' }] } });
  });

  it('is closed to analysts and unit staff, and to keys of a unit', async () => {
    const id = await insertConversation(t);
    expect((await call(t, await t.as('analyst'), 'GET', '/api/assistant/conversations')).status).toBe(403);
    expect((await call(t, await t.as('unit_staff'), 'GET', `/api/assistant/conversations/${id}`)).status).toBe(403);
    expect((await call(t, await t.as('analyst'), 'POST', `/api/assistant/conversations/${id}/replies`, { text: 'Hallo' })).status).toBe(403);
    const unit = await t.foyer.services.catalogue.createUnit({ houseId: t.house.id, unitId: null }, { name: { de: 'Junges Haus' } });
    const unitKey = await t.withScopes(['assistant:inbox'], { unitId: unit.id });
    expect((await call(t, unitKey, 'GET', '/api/assistant/conversations')).status).toBe(403);
    expect((await call(t, await t.as('marketing'), 'GET', '/api/assistant/conversations')).status).toBe(200);
  });

  it('shows a conversation with its context: the step, the intents and what the visitor named', async () => {
    const id = await insertConversation(t, {
      step: 'booking.count',
      lines: [
        { author: 'visitor', text: 'Karten für Carmen am Samstag', intent: 'book', confidence: 0.81, entities: { productions: [{ productionId: 'p1', title: 'Carmen', score: 1 }], dates: [] } },
        { author: 'assistant', text: 'Wie viele Karten?', payload: { quickReplies: [{ label: '2', text: '2 Karten' }], cards: [{ kind: 'performance', title: 'Carmen' }] } },
        { author: 'visitor', text: 'Sind die ermäßigt?', intent: 'faq.reductions', confidence: 0.7, entities: { reduced: true, productions: [] } },
        { author: 'visitor', text: 'asdf', intent: 'unknown', confidence: 0.1 },
        { author: 'visitor', text: 'Ich will mit jemandem sprechen', intent: 'handover', confidence: 0.9 },
      ],
    });
    const response = await call<ConversationDetail>(t, dialogue, 'GET', `/api/assistant/conversations/${id}`);
    expect(response.status).toBe(200);
    expect(response.body.context).toEqual({
      step: 'booking.count',
      intents: ['book', 'faq.reductions', 'handover'],
      entities: { productions: [{ productionId: 'p1', title: 'Carmen', score: 1 }], reduced: true },
    });
    expect(response.body.messages[1]).toEqual({
      seq: 2,
      author: 'assistant',
      text: 'Wie viele Karten?',
      createdAt: '2026-09-01T08:00:00.000Z',
      quickReplies: [{ label: '2', text: '2 Karten' }],
      cards: [{ kind: 'performance', title: 'Carmen' }],
      intent: null,
      confidence: null,
      staffUser: null,
      emailedAt: null,
    });
    expect(response.body).toMatchObject({ pageUrl: 'https://theater.example/spielplan', messageCount: 5, visitorPresent: true });
    expect((await call(t, dialogue, 'GET', `/api/assistant/conversations/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('replies in the widget while the visitor is there, and takes the conversation', async () => {
    const aylin = await staffIdOf('aylin@theater.example');
    const id = await insertConversation(t, { visitorEmail: 'meike@example.org', visitorSeenAt: new Date(t.clock.now().getTime() - 60_000).toISOString() });
    t.clock.advance(30_000);
    const reply = await call<{ message: StaffMessage; delivery: string }>(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: '  Guten Tag, hier ist Aylin.  ' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      delivery: 'widget',
      message: {
        seq: 3,
        author: 'staff',
        text: 'Guten Tag, hier ist Aylin.',
        createdAt: '2026-09-01T08:00:30.000Z',
        intent: null,
        confidence: null,
        staffUser: { id: aylin, name: 'Test dialogue 1' },
        emailedAt: null,
      },
    });
    const detail = (await call<ConversationDetail>(t, dialogue, 'GET', `/api/assistant/conversations/${id}`)).body;
    expect(detail).toMatchObject({ assignedTo: { id: aylin }, lastMessageAt: '2026-09-01T08:00:30.000Z', messageCount: 3, preview: 'Guten Tag, hier ist Aylin.' });
    const before = smtp.received.length;
    await t.foyer.jobs.runDueJobs();
    expect(smtp.received).toHaveLength(before);
  });

  it('mails the reply from the house when the visitor has left an address and gone', async () => {
    const id = await insertConversation(t, {
      visitorName: 'Meike Albers',
      visitorEmail: 'meike.mail@example.org',
      lines: [
        { author: 'visitor', text: 'Gibt es Rollstuhlplätze in der Zauberflöte?', intent: 'faq.accessibility', confidence: 0.8 },
        { author: 'assistant', text: 'Ich frage unser Team.' },
      ],
    });
    t.clock.advance(3 * 60_000);
    const before = smtp.received.length;
    const reply = await call<{ message: StaffMessage; delivery: string }>(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: 'Ja, es gibt vier Rollstuhlplätze im Parkett.\n\nWir reservieren gern zwei davon.' });
    expect(reply.status).toBe(201);
    expect(reply.body.delivery).toBe('email');
    expect(reply.body.message.emailedAt).toBe('2026-09-01T08:03:00.000Z');
    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('meike.mail@example.org', { after: before });
    expect(mail.subject).toBe('Ihre Frage an Stadttheater Test: unsere Antwort');
    expect(mail.from?.value[0]).toEqual({ name: 'Stadttheater Test', address: 'foyer@theater.example' });
    expect(mail.replyTo?.value[0]?.address).toBe('kasse@theater.example');
    expect(mail.text).toContain('Guten Tag Meike Albers,');
    expect(mail.text).toContain('> Gibt es Rollstuhlplätze in der Zauberflöte?');
    expect(mail.text).toContain('Ja, es gibt vier Rollstuhlplätze im Parkett.\n\nWir reservieren gern zwei davon.');
    expect(mail.text).toContain('Test dialogue 1\nStadttheater Test');
    expect(mail.html).toContain('<p>Ja, es gibt vier Rollstuhlplätze im Parkett.</p>');
  });

  it('writes the mail in English for an English conversation', async () => {
    const id = await insertConversation(t, { language: 'en', visitorEmail: 'visitor.en@example.org', visitorSeenAt: '2026-09-01T07:00:00.000Z' });
    const before = smtp.received.length;
    expect((await call<{ delivery: string }>(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: 'Yes, there is.' })).body.delivery).toBe('email');
    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('visitor.en@example.org', { after: before });
    expect(mail.subject).toBe('Your question to Stadttheater Test: our answer');
    expect(mail.text).toContain('Hello,');
  });

  it('says honestly when the visitor can be reached neither way', async () => {
    const id = await insertConversation(t, { visitorSeenAt: '2026-09-01T07:00:00.000Z' });
    const reply = await call<{ message: StaffMessage; delivery: string }>(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: 'Hallo?' });
    expect(reply.body).toMatchObject({ delivery: 'none', message: { emailedAt: null } });
  });

  it('refuses an empty reply and a reply to a closed conversation', async () => {
    const id = await insertConversation(t);
    const empty = await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: { details: [{ field: 'body.text' }] } });
    const tooLong = await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: 'x'.repeat(4001) });
    expect(tooLong.body).toMatchObject({ error: { details: [{ field: 'body.text' }] } });

    const closed = await call<ConversationSummary>(t, dialogue, 'POST', `/api/assistant/conversations/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id, status: 'closed', visitorPresent: false });
    expect((await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/close`)).status).toBe(200);
    const late = await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: 'Noch da?' });
    expect(late.status).toBe(409);
    expect((await call<{ items: ConversationSummary[] }>(t, dialogue, 'GET', '/api/assistant/conversations')).body.items).toEqual([]);
  });

  it('takes an open conversation over from the assistant when staff reply', async () => {
    const id = await insertConversation(t, { status: 'open' });
    await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/replies`, { text: 'Darf ich helfen?' });
    expect((await call<ConversationDetail>(t, dialogue, 'GET', `/api/assistant/conversations/${id}`)).body).toMatchObject({ status: 'handed_over', handedOverAt: '2026-09-01T08:00:00.000Z' });
  });

  it('assigns only to staff of the house who work the inbox', async () => {
    const id = await insertConversation(t);
    await t.login('marketing', { email: 'jonas@theater.example' });
    await t.login('analyst', { email: 'tomasz@theater.example' });
    const jonas = await staffIdOf('jonas@theater.example');
    const assigned = await call<ConversationSummary>(t, dialogue, 'POST', `/api/assistant/conversations/${id}/assign`, { userId: jonas });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignedTo).toEqual({ id: jonas, name: 'Test marketing 2' });

    const analyst = await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/assign`, { userId: await staffIdOf('tomasz@theater.example') });
    expect(analyst.status).toBe(400);
    expect(analyst.body).toMatchObject({ error: { details: [{ field: 'userId', message: expect.stringContaining('does not work the assistant inbox') }] } });
    const other = await insertTestHouse(t.foyer);
    await t.login('dialogue', { houseId: other.id, email: 'elsewhere@theater.example' });
    const stranger = await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/assign`, { userId: await staffIdOf('elsewhere@theater.example') });
    expect(stranger.body).toMatchObject({ error: { details: [{ field: 'userId', message: 'no staff member of this house' }] } });
    expect((await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/assign`, { userId: 'nobody' })).status).toBe(400);

    const released = await call<ConversationSummary>(t, dialogue, 'POST', `/api/assistant/conversations/${id}/assign`, { userId: null });
    expect(released.body.assignedTo).toBeNull();
    expect((await call(t, dialogue, 'POST', `/api/assistant/conversations/${crypto.randomUUID()}/assign`, { userId: null })).status).toBe(404);
  });
});

describe(`assistant assignees on ${testEngine}`, () => {
  it('lists the house-wide, active staff who work the inbox to the dialogue team, who may not list staff', async () => {
    await t.login('marketing', { email: 'jonas@theater.example' });
    await t.login('analyst', { email: 'tomasz@theater.example' });
    await t.login('owner', { email: 'ruth@theater.example' });
    await t.login('dialogue', { email: 'gone@theater.example' });
    await t.foyer.database.db.updateTable('staff_account').set({ disabled_at: '2026-08-01T00:00:00.000Z' }).where('email', '=', 'gone@theater.example').execute();
    const other = await insertTestHouse(t.foyer);
    await t.login('dialogue', { houseId: other.id, email: 'elsewhere@theater.example' });

    // GET /api/staff needs staff:manage, which the dialogue team does not hold.
    expect((await call(t, dialogue, 'GET', '/api/staff')).status).toBe(403);
    const response = await call<{ items: { id: string; name: string }[] }>(t, dialogue, 'GET', '/api/assistant/assignees');
    expect(response.status).toBe(200);
    // By name; the analyst, the disabled account and the other house's staff are not offered.
    expect(response.body.items).toEqual([
      { id: await staffIdOf('aylin@theater.example'), name: 'Test dialogue 1' },
      { id: await staffIdOf('jonas@theater.example'), name: 'Test marketing 2' },
      { id: await staffIdOf('ruth@theater.example'), name: 'Test owner 4' },
    ]);
    // Everyone listed can be assigned: the list and the assignment agree.
    const id = await insertConversation(t);
    for (const person of response.body.items) expect((await call(t, dialogue, 'POST', `/api/assistant/conversations/${id}/assign`, { userId: person.id })).status).toBe(200);

    expect((await call(t, await t.as('analyst'), 'GET', '/api/assistant/assignees')).status).toBe(403);
  });
});

describe(`assistant statistics on ${testEngine}`, () => {
  it('counts conversations, understood messages, handovers and open questions per day in the house’s zone', async () => {
    // 23:30 UTC on 31 August is 01:30 on 1 September in Berlin: it counts for the 1st.
    await insertConversation(t, {
      reason: 'requested',
      lastMessageAt: '2026-08-31T23:30:00.000Z',
      lines: [
        { author: 'visitor', text: 'Wann beginnt Carmen?', intent: 'programme', confidence: 0.8 },
        { author: 'assistant', text: 'Um 19:30.' },
        { author: 'visitor', text: 'Mensch bitte', intent: 'handover', confidence: 0.9 },
      ],
    });
    await insertConversation(t, {
      reason: 'not_understood',
      lastMessageAt: '2026-08-30T10:00:00.000Z',
      lines: [
        { author: 'visitor', text: 'qwertz', intent: 'unknown', confidence: 0.1 },
        { author: 'visitor', text: 'Wann beginnt Tosca?', intent: 'programme', confidence: 0.2 },
      ],
    });
    await insertConversation(t, { status: 'open', lastMessageAt: '2026-07-01T10:00:00.000Z', lines: [{ author: 'visitor', text: 'alt', intent: 'greeting', confidence: 0.9 }] });
    await insertUnanswered(t, { text: 'qwertz' });

    const response = await call<AssistantStats>(t, dialogue, 'GET', '/api/assistant/stats?days=3');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      conversations: 2,
      visitorMessages: 4,
      answeredShare: 0.5,
      handovers: { total: 2, requested: 1, not_understood: 1, human_only: 0 },
      bookings: { orders: 0, tickets: 0 },
      unansweredOpen: 1,
      topIntents: [
        { intent: 'programme', count: 2 },
        { intent: 'handover', count: 1 },
      ],
      perDay: [
        { date: '2026-08-30', conversations: 1, handovers: 1 },
        { date: '2026-08-31', conversations: 0, handovers: 0 },
        { date: '2026-09-01', conversations: 1, handovers: 1 },
      ],
    });
    expect((await call<AssistantStats>(t, dialogue, 'GET', '/api/assistant/stats')).body.perDay).toHaveLength(30);
    const tooMany = await call(t, dialogue, 'GET', '/api/assistant/stats?days=366');
    expect(tooMany.body).toMatchObject({ error: { details: [{ field: 'querystring.days' }] } });
    expect((await call(t, await t.as('analyst'), 'GET', '/api/assistant/stats')).status).toBe(403);
  });
});
