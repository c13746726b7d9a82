import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationSummary } from '../assistant/inbox/service.ts';
import type { UnansweredQuestion } from '../assistant/knowledge/service.ts';
import { call } from '../catalogue/test-fixtures.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { seedDemoAssistant } from './assistant.ts';
import { demoKnowledge } from './assistant-knowledge.ts';

/* The demo's assistant: a complete knowledge base and an inbox that is not empty. */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe(`the demo assistant on ${testEngine}`, () => {
  it('seeds the knowledge base and handed-over conversations once', async () => {
    const dialogue = await t.login('dialogue');
    const deps = { database: t.foyer.database, clock: t.clock, knowledge: t.foyer.services.assistantKnowledge };
    expect(await seedDemoAssistant(deps, t.house.id)).toEqual({ entries: demoKnowledge.length, conversations: 3 });

    const knowledge = await t.foyer.services.assistantKnowledge.list(t.house.id);
    expect(knowledge).toHaveLength(demoKnowledge.length);
    expect(knowledge.filter((entry) => entry.humanOnly).length).toBe(demoKnowledge.filter((entry) => entry.humanOnly).length);

    const inbox = await call<{ items: ConversationSummary[] }>(t, dialogue, 'GET', '/api/assistant/conversations');
    expect(inbox.body.items.map((c) => [c.handoverReason, c.language, c.visitorPresent])).toEqual([
      ['not_understood', 'en', false],
      ['requested', 'de', false],
    ]);
    const requested = await call<ConversationDetail>(t, dialogue, 'GET', `/api/assistant/conversations/${inbox.body.items[1]?.id}`);
    expect(requested.body.context).toMatchObject({ step: 'idle', intents: ['faq.groups_schools', 'handover'], entities: { ticketCount: 14, email: 'meike.albers@example.org' } });
    const closed = await call<{ items: ConversationSummary[] }>(t, dialogue, 'GET', '/api/assistant/conversations?status=closed');
    expect(closed.body.items[0]).toMatchObject({ handoverReason: 'human_only', assignedTo: { name: 'Test dialogue 1' } });
    expect((await call<{ items: UnansweredQuestion[] }>(t, dialogue, 'GET', '/api/assistant/unanswered')).body.items).toHaveLength(3);

    // The widget can answer the demo's visitors' first question from the seeded base.
    const entries = await t.foyer.services.assistantKnowledge.forUnderstanding(t.house.id);
    expect(entries.some((entry) => entry.topic === 'groups_schools')).toBe(true);

    expect(await seedDemoAssistant(deps, t.house.id)).toEqual({ entries: 0, conversations: 0 });
    expect(await t.foyer.services.assistantKnowledge.list(t.house.id)).toHaveLength(demoKnowledge.length);
  });
});
