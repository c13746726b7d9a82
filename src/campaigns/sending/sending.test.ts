import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { newId } from '../../core/ids.ts';
import { addPerson, createNewsletter, everyoneSegment, messageStates, runSending, senderOf } from './test-fixtures.ts';
import { MAX_ATTEMPTS } from './model.ts';

const SECRET = 'a-webhook-secret-long-enough-1234';
let smtp: TestSmtpServer;
let t: TestApp;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url, FOYER_PUBLIC_URL: 'https://foyer.theater.example', FOYER_MAIL_WEBHOOK_SECRET: SECRET } });
});
afterEach(async () => {
  await t.close();
});

function api(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) {
  return t.foyer.http.inject({ method, url: `/api/campaigns${url}`, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
}

/** A header as it came over the wire (mailparser folds List-* headers into one object). */
function header(mail: { headerLines: ReadonlyArray<{ key: string; line: string }> }, name: string): string {
  const line = mail.headerLines.find((candidate) => candidate.key === name)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim();
}

describe(`sending a newsletter on ${testEngine}`, () => {
  it('delivers a personalised mail to everyone in the segment, with unsubscribe headers and signed links', async () => {
    // Replies go to the people of the house.
    await t.foyer.database.db.updateTable('house').set({ email: 'kasse@theater.example' }).where('id', '=', t.house.id).execute();
    const erika = await addPerson(t, 'Erika Mustermann', ['newsletter', 'behavioural_analysis']);
    const jonas = await addPerson(t, 'Jonas Weber', ['newsletter']);
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    const before = smtp.received.length;

    const scheduled = await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    expect(scheduled.json()).toMatchObject({ status: 'scheduled' });
    await runSending(t);

    const toErika = await smtp.waitForMail(erika.email, { after: before });
    expect(toErika.subject).toBe('Neu im Spielplan, Erika');
    expect(toErika.text).toContain('Hallo Erika!');
    expect(header(toErika, 'list-unsubscribe')).toMatch(/<https:\/\/foyer\.theater\.example\/public\/unsubscribe\/m1\.[^>]+>/);
    expect(header(toErika, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header(toErika, 'reply-to')).toBe('kasse@theater.example');
    expect(toErika.messageId).toMatch(/^<campaign\.[0-9a-f-]+@/);
    // Erika allowed behavioural analysis: her programme link goes through the signed redirect.
    expect(toErika.html).toMatch(/href="https:\/\/foyer\.theater\.example\/public\/r\/m1\.[^"]+"/);
    const toJonas = await smtp.waitForMail(jonas.email, { after: before });
    expect(toJonas.text).toContain('Hallo Jonas!');
    expect(toJonas.html).toContain('href="https://theater.example/spielplan"');
    expect(toJonas.html).not.toContain('/public/r/');

    const progress = await api('GET', `/campaigns/${campaign.id}/progress`, headers);
    expect(progress.json()).toMatchObject({ status: 'sent', recipients: 2, walked: 2, counts: { sent: 2, queued: 0 } });
    // Draining again sends nothing twice.
    await runSending(t);
    expect(smtp.received.slice(before)).toHaveLength(2);
  });

  it('records opens, clicks and bounces in the delivery log and attributes a booking in the statistics', async () => {
    const erika = await addPerson(t, 'Erika Mustermann', ['newsletter', 'behavioural_analysis']);
    const jonas = await addPerson(t, 'Jonas Weber', ['newsletter']);
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    const before = smtp.received.length;
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    await runSending(t);

    const mail = await smtp.waitForMail(erika.email, { after: before });
    const click = /href="https:\/\/foyer\.theater\.example(\/public\/r\/[^"]+)"/.exec(String(mail.html))?.[1] ?? '';
    const pixel = /src="https:\/\/foyer\.theater\.example(\/public\/o\/[^"]+)"/.exec(String(mail.html))?.[1] ?? '';
    expect((await t.foyer.http.inject({ method: 'GET', url: click })).statusCode).toBe(302);
    expect((await t.foyer.http.inject({ method: 'GET', url: pixel })).statusCode).toBe(200);
    const bounce = await t.foyer.http.inject({
      method: 'POST',
      url: '/public/mail/events',
      headers: { 'x-foyer-webhook-secret': SECRET },
      payload: { type: 'bounce', bounceType: 'hard', email: jonas.email, campaign: `${t.house.id}/${campaign.id}`, at: t.clock.now().toISOString() },
    });
    expect(bounce.statusCode).toBe(200);

    // Erika books two days later.
    await insertOrder(t, erika.id, new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString(), 4500);

    const log = await api('GET', `/campaigns/${campaign.id}/messages?limit=10`, headers);
    const items = log.json<{ items: Array<{ contactId: string; email: string; state: string; openedAt: string | null; clickedAt: string | null; bouncedAt: string | null }> }>().items;
    const ofErika = items.find((item) => item.contactId === erika.id);
    const ofJonas = items.find((item) => item.contactId === jonas.id);
    expect(ofErika).toMatchObject({ state: 'sent', email: erika.email });
    expect(ofErika?.openedAt).not.toBeNull();
    expect(ofErika?.clickedAt).not.toBeNull();
    expect(ofJonas?.bouncedAt).not.toBeNull();

    const stats = await api('GET', `/campaigns/${campaign.id}/stats`, headers);
    expect(stats.json()).toMatchObject({ sent: 2, delivered: 1, bounced: 1, opened: 1, clicked: 1, bookings: 1, revenueMinor: 4500, currency: 'EUR' });

    // Without audience:read the log shows masked addresses.
    const masked = await api('GET', `/campaigns/${campaign.id}/messages`, await t.withScopes(['campaigns:write']));
    expect(masked.json<{ items: Array<{ email: string }> }>().items.map((item) => item.email)).toEqual(expect.arrayContaining([`e…@example.org`, 'j…@example.org']));
  });

  it('skips and records a person who revoked consent after the segment was walked', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    const jonas = await addPerson(t, 'Jonas Weber');
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    await t.foyer.services.campaignScanner.scan();
    await t.foyer.services.audience.consents.revoke({ houseId: t.house.id, contactId: jonas.id, purpose: 'newsletter', actor: `contact:${jonas.id}` });
    const before = smtp.received.length;
    await t.foyer.services.campaignSender.drain();

    const states = await messageStates(t, campaign.id);
    expect(states.find((row) => row.contact_id === jonas.id)).toMatchObject({ state: 'skipped', reason: 'no_consent' });
    expect(states.find((row) => row.contact_id === erika.id)).toMatchObject({ state: 'sent' });
    expect(smtp.received.slice(before).map((mail) => mail.subject)).toEqual(['Neu im Spielplan, Erika']);
  });

  it('skips an address on the suppression list', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    await t.foyer.services.marketingMail.reportEvent({ type: 'bounce', bounceType: 'hard', email: erika.email, houseId: t.house.id, at: t.clock.now().toISOString() });
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    await runSending(t);
    expect(await messageStates(t, campaign.id)).toEqual([{ contact_id: erika.id, state: 'skipped', reason: 'suppressed' }]);
  });

  it('holds to the frequency cap across campaigns', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    const headers = await t.as('marketing');
    expect((await api('PUT', '/settings', headers, { frequencyCap: 1, frequencyDays: 7, quietStart: '22:00', quietEnd: '07:00' })).statusCode).toBe(200);
    const segmentId = await everyoneSegment(t);
    const first = await createNewsletter(t, headers, segmentId);
    await api('POST', `/campaigns/${first.id}/schedule`, headers, {});
    await runSending(t);
    t.clock.advance(86_400_000);
    const second = await createNewsletter(t, headers, segmentId);
    await api('POST', `/campaigns/${second.id}/schedule`, headers, {});
    await runSending(t);
    expect(await messageStates(t, first.id)).toEqual([{ contact_id: erika.id, state: 'sent', reason: null }]);
    expect(await messageStates(t, second.id)).toEqual([{ contact_id: erika.id, state: 'skipped', reason: 'frequency_cap' }]);
  });

  it('defers mails during quiet hours in the house’s time zone and sends them when they end', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    const headers = await t.as('marketing');
    // 22:30 in Berlin (summer time).
    t.clock.set('2026-09-01T20:30:00Z');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    const before = smtp.received.length;
    await runSending(t);
    expect(smtp.received.length).toBe(before);
    const [row] = await t.foyer.database.db.selectFrom('campaign_message').select(['state', 'not_before', 'attempts']).where('campaign_id', '=', campaign.id).execute();
    expect(row).toMatchObject({ state: 'queued', not_before: '2026-09-02T06:00:00.000Z', attempts: 0 });

    t.clock.set('2026-09-02T06:00:01Z');
    await runSending(t);
    await smtp.waitForMail(erika.email, { after: before });
    expect((await api('GET', `/campaigns/${campaign.id}/progress`, headers)).json()).toMatchObject({ status: 'sent', counts: { sent: 1 } });
  });
});

describe(`pausing, resuming and cancelling on ${testEngine}`, () => {
  it('stops at the next batch when paused, continues on resume, and cancels what is left', async () => {
    for (let i = 0; i < 6; i += 1) await addPerson(t, `Gast ${'ABCDEF'[i] ?? ''}`);
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    await t.foyer.services.campaignScanner.scan();

    const small = senderOf(t.foyer, 2);
    await small.sendBatch();
    expect((await api('POST', `/campaigns/${campaign.id}/pause`, headers)).json()).toMatchObject({ status: 'paused' });
    expect(await small.sendBatch()).toBeNull();
    expect((await api('GET', `/campaigns/${campaign.id}/progress`, headers)).json()).toMatchObject({ status: 'paused', counts: { sent: 2, queued: 4 } });

    expect((await api('POST', `/campaigns/${campaign.id}/resume`, headers)).json()).toMatchObject({ status: 'sending' });
    await small.sendBatch();
    expect((await api('POST', `/campaigns/${campaign.id}/cancel`, headers)).json()).toMatchObject({ status: 'cancelled' });
    expect(await small.sendBatch()).toBeNull();
    expect((await api('GET', `/campaigns/${campaign.id}/progress`, headers)).json()).toMatchObject({ status: 'cancelled', counts: { sent: 4, queued: 0, cancelled: 2 } });
    expect((await api('POST', `/campaigns/${campaign.id}/resume`, headers)).statusCode).toBe(409);
  });

  it('pauses a campaign by itself when the SMTP server keeps refusing', async () => {
    for (let i = 0; i < 12; i += 1) await addPerson(t, `Gast ${i}`);
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    smtp.refuseNext(1000);
    try {
      await runSending(t);
    } finally {
      smtp.refuseNext(0);
    }
    const body = (await api('GET', `/campaigns/${campaign.id}`, headers)).json<{ status: string; pauseReason: string }>();
    expect(body.status).toBe('paused');
    expect(body.pauseReason).toMatch(/^smtp_errors/);
    const states = await messageStates(t, campaign.id);
    expect(states.every((row) => row.state === 'queued' && (row.reason ?? '').startsWith('smtp:'))).toBe(true);
  });
  it('tries a refused message again later, and records it as failed with the server answer after the last attempt', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    const attempts = async () => (await t.foyer.database.db.selectFrom('campaign_message').select(['state', 'reason', 'attempts', 'not_before']).where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow());
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      smtp.refuseNext(1);
      await runSending(t);
      const row = await attempts();
      expect(Number(row.attempts)).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(row).toMatchObject({ state: 'queued', reason: expect.stringMatching(/^smtp:.*451/) });
        // Not before its time: a drain now sends nothing.
        await t.foyer.services.campaignSender.drain();
        expect(Number((await attempts()).attempts)).toBe(attempt);
        t.clock.set(new Date(Date.parse(row.not_before) + 1000));
      } else {
        expect(row).toMatchObject({ state: 'failed', reason: expect.stringMatching(/451/) });
      }
    }
    expect(smtp.received.some((mail) => JSON.stringify(mail.to).includes(erika.email))).toBe(false);
    const progress = (await api('GET', `/campaigns/${campaign.id}/progress`, headers)).json<{ counts: { failed: number; sent: number } }>();
    expect(progress.counts).toMatchObject({ failed: 1, sent: 0 });
  });
});

describe(`approvals on ${testEngine}`, () => {
  it('holds a send scheduled without approval right until someone approves it; a rejection sends it back', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    const writer = await t.withScopes(['campaigns:write']);
    const approver = await t.as('marketing');
    const segmentId = await everyoneSegment(t);
    const campaign = await createNewsletter(t, writer, segmentId);
    expect((await api('POST', `/campaigns/${campaign.id}/schedule`, writer, {})).json()).toMatchObject({ status: 'awaiting_approval' });
    await runSending(t);
    expect(await messageStates(t, campaign.id)).toEqual([]);
    expect((await api('POST', `/campaigns/${campaign.id}/approve`, writer)).statusCode).toBe(403);
    const waiting = (await api('GET', '/approvals', approver)).json<{ campaigns: Array<{ id: string }> }>();
    expect(waiting.campaigns.map((c) => c.id)).toEqual([campaign.id]);

    const approved = await api('POST', `/campaigns/${campaign.id}/approve`, approver);
    expect(approved.json()).toMatchObject({ status: 'scheduled', approvedBy: expect.stringMatching(/^api_key:/) });
    const before = smtp.received.length;
    await runSending(t);
    await smtp.waitForMail(erika.email, { after: before });

    const other = await createNewsletter(t, writer, segmentId);
    await api('POST', `/campaigns/${other.id}/schedule`, writer, {});
    const rejected = await api('POST', `/campaigns/${other.id}/reject`, approver, { reason: 'Ton passt nicht' });
    expect(rejected.json()).toMatchObject({ status: 'draft', pauseReason: expect.stringContaining('Ton passt nicht') });
  });

  it('sends held journey messages that are approved and skips rejected ones', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    const jonas = await addPerson(t, 'Jonas Weber');
    const headers = await t.as('marketing');
    const created = await api('POST', '/campaigns', headers, { name: 'Willkommen 1', kind: 'journey', templateKey: 'welcome_1' });
    expect(created.json()).toMatchObject({ kind: 'journey', status: 'active' });
    const campaignId = created.json<{ id: string }>().id;
    const [forErika, forJonas] = [await heldRow(campaignId, erika.id), await heldRow(campaignId, jonas.id)];

    const waiting = (await api('GET', '/approvals', headers)).json<{ messages: Array<{ id: string; contactName: string; campaignName: string }> }>();
    expect(waiting.messages.map((m) => m.id).sort()).toEqual([forErika, forJonas].sort());
    expect(waiting.messages[0]).toMatchObject({ campaignName: 'Willkommen 1' });

    expect((await api('POST', '/approvals/messages', headers, { ids: [forErika], decision: 'approve' })).json()).toEqual({ approved: 1, rejected: 0 });
    expect((await api('POST', '/approvals/messages', headers, { ids: [forJonas], decision: 'reject' })).json()).toEqual({ approved: 0, rejected: 1 });
    const before = smtp.received.length;
    await runSending(t);
    await smtp.waitForMail(erika.email, { after: before });
    const states = await messageStates(t, campaignId);
    expect(states.find((row) => row.contact_id === jonas.id)).toMatchObject({ state: 'skipped', reason: 'rejected' });
    expect(states.find((row) => row.contact_id === erika.id)).toMatchObject({ state: 'sent' });
    expect(smtp.received.slice(before)).toHaveLength(1);
  });
});

describe(`campaign API on ${testEngine}`, () => {
  it('names the field that is wrong', async () => {
    const headers = await t.as('marketing');
    const badKind = await api('POST', '/campaigns', headers, { name: 'X', kind: 'flyer', templateKey: 'last_tickets' });
    expect(badKind.statusCode).toBe(400);
    expect(JSON.stringify(badKind.json())).toContain('kind');
    const badTemplate = await api('POST', '/campaigns', headers, { name: 'X', kind: 'newsletter', templateKey: 'nope' });
    expect(badTemplate.statusCode).toBe(400);
    expect(badTemplate.json()).toMatchObject({ error: { details: [{ field: 'templateKey' }] } });
    const badLiquid = await api('POST', '/campaigns', headers, { name: 'X', kind: 'newsletter', templateKey: 'last_tickets', content: { de: { subject: '{{ broken', preheader: '', body: '<mj-section></mj-section>' } } });
    expect(badLiquid.statusCode).toBe(400);
    expect(badLiquid.json()).toMatchObject({ error: { details: [{ field: 'content.de.subject' }] } });
    const badSettings = await api('PUT', '/settings', headers, { frequencyCap: 3, frequencyDays: 7, quietStart: '25:00', quietEnd: '08:00' });
    expect(badSettings.statusCode).toBe(400);
    expect(JSON.stringify(badSettings.json())).toContain('quietStart');
    const noSegment = await createNewsletter(t, headers, await everyoneSegment(t), { segmentId: undefined });
    expect((await api('POST', `/campaigns/${noSegment.id}/schedule`, headers, {})).json()).toMatchObject({ error: { details: [{ field: 'segmentId' }] } });
  });

  it('keeps each house’s campaigns to itself', async () => {
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    const other = await insertTestHouse(t.foyer);
    const theirs = await t.as('marketing', { houseId: other.id });
    expect((await api('GET', `/campaigns/${campaign.id}`, theirs)).statusCode).toBe(404);
    expect((await api('POST', `/campaigns/${campaign.id}/schedule`, theirs, {})).statusCode).toBe(404);
    expect((await api('GET', '/campaigns', theirs)).json()).toMatchObject({ items: [], total: 0 });
    expect((await api('GET', '/campaigns', headers)).json()).toMatchObject({ total: 1, items: [{ id: campaign.id, counts: { sent: 0 } }] });
    const foreignSegment = await everyoneSegment(t, other.id);
    const refused = await api('POST', '/campaigns', headers, { name: 'X', kind: 'newsletter', templateKey: 'last_tickets', segmentId: foreignSegment });
    expect(refused.json()).toMatchObject({ error: { details: [{ field: 'segmentId' }] } });
  });

  it('previews the edited campaign and sends a test mail', async () => {
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    const preview = await api('POST', `/campaigns/${campaign.id}/preview`, headers, { language: 'de' });
    expect(preview.json()).toMatchObject({ subject: 'Neu im Spielplan, Erika' });
    const before = smtp.received.length;
    const sent = await api('POST', `/campaigns/${campaign.id}/test-send`, headers, { email: 'redaktion@theater.example', language: 'de' });
    expect(sent.statusCode).toBe(200);
    const mail = await smtp.waitForMail('redaktion@theater.example', { after: before });
    expect(mail.subject).toBe('[Test] Neu im Spielplan, Erika');
  });
});

describe(`erasure on ${testEngine}`, () => {
  it('forgets an erased person in the delivery log and cancels what was not sent', async () => {
    const erika = await addPerson(t, 'Erika Mustermann');
    const headers = await t.as('marketing');
    const campaign = await createNewsletter(t, headers, await everyoneSegment(t));
    await api('POST', `/campaigns/${campaign.id}/schedule`, headers, {});
    await t.foyer.services.campaignScanner.scan();
    await t.foyer.services.privacy.erase({ houseId: t.house.id, unitId: null }, erika.id, 'staff:test', { reason: 'Bitte der Person', via: 'staff', confirmEmail: erika.email });
    const before = smtp.received.length;
    // The erasure's event and the send jobs run in whichever order the queue picks: either
    // the log cancels the message first, or the sender finds nobody to send to.
    await t.foyer.jobs.runDueJobs();
    await t.foyer.services.campaignSender.drain();
    const [row] = await messageStates(t, campaign.id);
    expect(row).toMatchObject({ contact_id: null, reason: 'erased' });
    expect(['cancelled', 'skipped']).toContain(row?.state);
    expect(smtp.received.length).toBe(before);
  });
});

/** A row as the journey engine writes it in approval mode. */
async function heldRow(campaignId: string, contactId: string): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.foyer.database.db
    .insertInto('campaign_message')
    .values({
      id,
      house_id: t.house.id,
      campaign_id: campaignId,
      journey_id: null,
      enrollment_id: newId(),
      node_id: 'send-1',
      variant: null,
      contact_id: contactId,
      source_key: `j:${newId()}:send-1`,
      focus: '{}',
      state: 'held',
      reason: null,
      not_before: now,
      lease_until: null,
      attempts: 0,
      queued_at: now,
      sent_at: null,
      smtp_message_id: null,
      bounced_at: null,
      opened_at: null,
      clicked_at: null,
      unsubscribed_at: null,
      updated_at: now,
    })
    .execute();
  return id;
}

async function insertOrder(app: TestApp, contactId: string, placedAt: string, totalMinor: number): Promise<void> {
  const id = newId();
  await app.foyer.database.db
    .insertInto('ticket_order')
    .values({
      id,
      house_id: app.house.id,
      number: `T-${id.slice(-6)}`,
      state: 'paid',
      payment_method: 'invoice',
      payment_ref: null,
      total_minor: totalMinor,
      currency: 'EUR',
      buyer_name: 'Erika Mustermann',
      buyer_email: null,
      buyer_language: 'de',
      contact_id: contactId,
      consents: '{}',
      source: 'web',
      access_token_hash: id,
      hold_id: null,
      search_text: '',
      placed_by: 'test',
      placed_at: placedAt,
      paid_at: placedAt,
      cancelled_at: null,
      updated_at: placedAt,
    })
    .execute();
}
