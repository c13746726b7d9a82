import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactExport, ErasureResult } from '../audience/privacy/schemas.ts';
import { insertContact } from '../audience/testing.ts';
import { call } from '../catalogue/test-fixtures.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import type { ConversationSummary } from './inbox/service.ts';
import { insertConversation, insertUnanswered } from './inbox/testing.ts';
import { assistantRetentionJob } from './privacy.ts';

/*
 * Conversations are personal data: in the person's export, gone with the person, and
 * gone by themselves after the house's retention period.
 */

let t: TestApp;
let marketing: Record<string, string>;

beforeEach(async () => {
  t = await createTestApp();
  marketing = await t.login('marketing');
});
afterEach(async () => {
  await t.close();
});

const daysAgo = (days: number) => new Date(new Date('2026-09-01T08:00:00.000Z').getTime() - days * 86_400_000).toISOString();

async function conversationIds(houseId = t.house.id): Promise<string[]> {
  return (await t.foyer.database.db.selectFrom('assistant_conversation').select('id').where('house_id', '=', houseId).orderBy('id').execute()).map((row) => row.id);
}

async function messageCount(conversationId: string): Promise<number> {
  return (await t.foyer.database.db.selectFrom('assistant_message').select('id').where('conversation_id', '=', conversationId).execute()).length;
}

async function unansweredTexts(houseId = t.house.id): Promise<string[]> {
  return (await t.foyer.database.db.selectFrom('assistant_unanswered').select('text').where('house_id', '=', houseId).orderBy('text').execute()).map((row) => row.text);
}

describe(`assistant conversations and the person on ${testEngine}`, () => {
  it('puts the conversations linked to the contact or written under their address into the export', async () => {
    const { db } = t.foyer.database;
    const meike = await insertContact(db, t.house.id, { email: 'Meike.Albers@example.org', name: 'Meike Albers' });
    const linked = await insertConversation(t, { contactId: meike, lastMessageAt: daysAgo(3) });
    const byAddress = await insertConversation(t, {
      visitorEmail: 'MEIKE.albers@example.org',
      lastMessageAt: daysAgo(1),
      lines: [
        { author: 'visitor', text: 'Gibt es noch Karten für Carmen?', intent: 'book', confidence: 0.8 },
        { author: 'staff', text: 'Ja, im Parkett.' },
      ],
    });
    await insertConversation(t, { visitorEmail: 'someone.else@example.org' });
    const other = await insertTestHouse(t.foyer);
    await insertConversation(t, { houseId: other.id, visitorEmail: 'meike.albers@example.org' });

    const response = await t.foyer.http.inject({ method: 'POST', url: `/api/contacts/${meike}/export`, headers: marketing });
    expect(response.statusCode).toBe(200);
    const document = response.json<ContactExport>();
    expect(document.assistantConversations.map((c) => c.id)).toEqual([linked, byAddress]);
    expect(document.assistantConversations[1]).toEqual({
      id: byAddress,
      language: 'de',
      status: 'handed_over',
      visitorName: null,
      visitorEmail: 'MEIKE.albers@example.org',
      pageUrl: 'https://theater.example/spielplan',
      createdAt: daysAgo(1),
      lastMessageAt: daysAgo(1),
      closedAt: null,
      messages: [
        { seq: 1, author: 'visitor', text: 'Gibt es noch Karten für Carmen?', createdAt: daysAgo(1) },
        { seq: 2, author: 'staff', text: 'Ja, im Parkett.', createdAt: daysAgo(1) },
      ],
    });
  });

  it('erases the person’s conversations with the person, linked or by address, and leaves everyone else’s', async () => {
    const { db } = t.foyer.database;
    const meike = await insertContact(db, t.house.id, { email: 'meike.albers@example.org' });
    const linked = await insertConversation(t, { contactId: meike });
    const byAddress = await insertConversation(t, { visitorEmail: 'Meike.Albers@example.org' });
    const stranger = await insertConversation(t, { visitorEmail: 'someone.else@example.org' });
    await insertUnanswered(t, { text: 'Meine Nummer ist 0171 555 123, rufen Sie an?', conversationId: byAddress });
    await insertUnanswered(t, { text: 'Gibt es Hörschleifen?', conversationId: stranger });

    const erased = await call<ErasureResult>(t, marketing, 'POST', `/api/contacts/${meike}/erase`, { reason: 'asked by mail', confirmEmail: 'meike.albers@example.org' });
    expect(erased.status).toBe(200);
    expect(await conversationIds()).toEqual([stranger]);
    expect(await messageCount(linked)).toBe(0);
    expect(await messageCount(byAddress)).toBe(0);
    expect(await messageCount(stranger)).toBe(2);
    expect(await unansweredTexts()).toEqual(['Gibt es Hörschleifen?']);
    const inbox = await call<{ items: ConversationSummary[] }>(t, marketing, 'GET', '/api/assistant/conversations?status=all');
    expect(inbox.body.items.map((c) => c.id)).toEqual([stranger]);
  });
});

describe(`assistant retention on ${testEngine}`, () => {
  it('deletes conversations and questions older than each house’s period, daily through its job, and logs the counts', async () => {
    const dialogue = await t.login('dialogue');
    const teamHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    await call(t, dialogue, 'PUT', '/api/assistant/settings', { enabled: true, teamHours, humanOnlyTopics: [], retentionDays: 30 });
    const old = await insertConversation(t, { lastMessageAt: daysAgo(31), visitorEmail: 'old@example.org' });
    const recent = await insertConversation(t, { lastMessageAt: daysAgo(29) });
    await insertUnanswered(t, { text: 'Frage von vor 40 Tagen', lastAskedAt: daysAgo(40) });
    await insertUnanswered(t, { text: 'Frage von gestern', lastAskedAt: daysAgo(1) });
    // A house that never saved keeps conversations for the default 90 days.
    const other = await insertTestHouse(t.foyer);
    const otherKept = await insertConversation(t, { houseId: other.id, lastMessageAt: daysAgo(89) });
    const otherOld = await insertConversation(t, { houseId: other.id, lastMessageAt: daysAgo(91) });

    await t.foyer.jobs.enqueue(assistantRetentionJob, {});
    await t.foyer.jobs.runDueJobs();

    expect(await conversationIds()).toEqual([recent]);
    expect(await messageCount(old)).toBe(0);
    expect(await unansweredTexts()).toEqual(['Frage von gestern']);
    expect(await conversationIds(other.id)).toEqual([otherKept]);
    expect(await messageCount(otherOld)).toBe(0);
    const audit = await t.foyer.database.db.selectFrom('audit_entry').select(['house_id', 'actor', 'reason', 'details']).where('action', '=', 'assistant.conversations_deleted').orderBy('house_id').execute();
    expect(audit.find((entry) => entry.house_id === t.house.id)).toMatchObject({ actor: 'system:assistant-retention', reason: 'retention period of 30 days' });
    expect(JSON.parse(audit.find((entry) => entry.house_id === t.house.id)?.details ?? '{}')).toMatchObject({ conversations: 1, unanswered: 1 });
    expect(audit).toHaveLength(2);

    // A second run finds nothing and logs nothing.
    expect(await t.foyer.services.assistantRetention.run()).toEqual({ houses: 0, conversations: 0, unanswered: 0 });
  });

  it('takes a conversation whose visitor kept writing as recent: the last message counts', async () => {
    const { db } = t.foyer.database;
    const id = await insertConversation(t, { lastMessageAt: daysAgo(100), lines: [{ author: 'visitor', text: 'Hallo', at: daysAgo(120) }] });
    await db.updateTable('assistant_conversation').set({ last_message_at: daysAgo(2) }).where('id', '=', id).execute();
    expect((await t.foyer.services.assistantRetention.run()).conversations).toBe(0);
    expect(await conversationIds()).toEqual([id]);
  });
});
