import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../catalogue/test-fixtures.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { seedKnowledge, startVisitor } from '../conversations/testing.ts';
import type { ConversationDetail, ConversationSummary, StaffMessage } from './service.ts';

/*
 * The whole way of a handover, through the public conversation API the widget uses and
 * the staff API: the visitor asks for a person, the team sees it in the inbox, answers
 * while the visitor is there (the widget's next poll shows it), and once the visitor has
 * gone and left an address, the next answer arrives by mail.
 */

let smtp: TestSmtpServer;
let t: TestApp;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url, FOYER_MAIL_FROM: 'foyer@theater.example' } });
  await seedKnowledge(t);
});
afterEach(async () => {
  await t.close();
});

describe(`a handover end to end on ${testEngine}`, () => {
  it('reaches the visitor in the widget while they poll, and by mail after they left', async () => {
    const dialogue = await t.login('dialogue');
    const visitor = await startVisitor(t, { language: 'de' });
    const asked = await visitor.say('Ich möchte bitte mit einem Mitarbeiter sprechen');
    expect(asked.conversation.status).toBe('handed_over');

    const inbox = await call<{ items: ConversationSummary[] }>(t, dialogue, 'GET', '/api/assistant/conversations');
    expect(inbox.body.items.map((c) => [c.id, c.handoverReason, c.visitorPresent])).toEqual([[visitor.id, 'requested', true]]);
    const detail = await call<ConversationDetail>(t, dialogue, 'GET', `/api/assistant/conversations/${visitor.id}`);
    expect(detail.body.context.intents).toContain('handover');

    const inWidget = await call<{ message: StaffMessage; delivery: string }>(t, dialogue, 'POST', `/api/assistant/conversations/${visitor.id}/replies`, { text: 'Guten Tag, wie kann ich helfen?' });
    expect(inWidget.body.delivery).toBe('widget');
    const polled = await t.foyer.http.inject({ method: 'GET', url: `/public/assistant/conversations/${visitor.id}?token=${encodeURIComponent(visitor.token)}&after=${inWidget.body.message.seq - 1}` });
    expect(polled.statusCode).toBe(200);
    expect(polled.json<{ messages: { author: string; text: string }[] }>().messages).toMatchObject([{ author: 'staff', text: 'Guten Tag, wie kann ich helfen?' }]);

    await visitor.say('Sie erreichen mich unter besucherin@example.org');
    t.clock.advance(5 * 60_000);
    const before = smtp.received.length;
    const byMail = await call<{ message: StaffMessage; delivery: string }>(t, dialogue, 'POST', `/api/assistant/conversations/${visitor.id}/replies`, { text: 'Die Antwort kommt per E-Mail.' });
    expect(byMail.body.delivery).toBe('email');
    await t.foyer.jobs.runDueJobs();
    const mail = await smtp.waitForMail('besucherin@example.org', { after: before });
    expect(mail.text).toContain('Die Antwort kommt per E-Mail.');
  });
});
