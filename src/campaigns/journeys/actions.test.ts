import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consentGranted } from '../../audience/consents/events.ts';
import { newId } from '../../core/ids.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { buyer, idempotent, seedBookable } from '../../ticketing/test-fixtures.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../channels/testing.ts';
import { verifySignature } from '../channels/webhook.ts';
import type { JourneyGraph } from './definition.ts';

/*
 * The steps that reach outside (webhook, staff mail, post) and the triggers that need
 * ticketing (a booking, a performance the person holds tickets for), end to end with the
 * jobs the worker would run, plus contact tags and what an erasure does to them.
 */

let t: TestApp;
let smtp: TestSmtpServer;
let receiver: WebhookReceiver;
let owner: Record<string, string>;

beforeEach(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ env: { FOYER_ALLOW_PRIVATE_WEBHOOKS: 'true', FOYER_SMTP_URL: smtp.url } });
  receiver = await startWebhookReceiver();
  owner = await t.as('owner');
});

afterEach(async () => {
  await t.close();
  await receiver.close();
  await smtp.close();
});

async function contact(name: string): Promise<string> {
  const id = newId();
  const at = t.clock.now().toISOString();
  const email = `${name.toLowerCase()}-${id.slice(-6)}@example.org`;
  await t.foyer.database.db
    .insertInto('contact')
    .values({ id, house_id: t.house.id, email, email_normalised: email, name, phone: null, language: 'de', postal_code: null, birth_year: null, interests: '[]', source: 'staff', created_at: at, updated_at: at })
    .execute();
  return id;
}

async function active(trigger: Record<string, unknown>, graph: JourneyGraph): Promise<string> {
  const created = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/journeys', headers: owner, payload: { name: 'Premierengäste', trigger, graph } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  const activated = await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/journeys/${id}/activate`, headers: owner });
  expect(activated.statusCode, activated.body).toBe(200);
  return id;
}

/** A journey mail, written straight to its table: these tests are about the journey, not the campaign API. */
async function journeyMail(name: string, templateKey: string): Promise<string> {
  const id = newId();
  const at = t.clock.now().toISOString();
  await t.foyer.database.db
    .insertInto('campaign')
    .values({ id, house_id: t.house.id, unit_id: null, name, kind: 'journey', template_key: templateKey, content: null, production_id: null, performance_id: null, segment_id: null, status: 'active', scheduled_at: null, started_at: null, finished_at: null, checkpoint: null, walked_at: null, recipients: 0, pause_reason: null, autopilot_rule: null, approved_by: null, approved_at: null, created_by: 'test', created_at: at, updated_at: at })
    .execute();
  return id;
}

async function webhookAccount(): Promise<{ id: string; secret: string }> {
  const response = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/channels', headers: owner, payload: { kind: 'webhook', name: 'CRM', url: receiver.url } });
  const body = response.json<{ account: { id: string }; signingSecret: string }>();
  return { id: body.account.id, secret: body.signingSecret };
}

const consentTrigger = { type: 'event', event: 'consent.granted' };

async function grant(contactId: string) {
  await t.foyer.events.publish(consentGranted, { houseId: t.house.id, contactId, purpose: 'newsletter', expiresAt: '2028-01-01T00:00:00.000Z' });
  await t.foyer.jobs.runDueJobs();
}

describe(`journey actions on ${testEngine}`, () => {
  it('calls the webhook once per person, signed, with ids and no address; notifies staff by mail; posts once per trigger key', async () => {
    const hook = await webhookAccount();
    const graph: JourneyGraph = {
      start: 'hook',
      nodes: [
        { id: 'hook', type: 'action', action: { kind: 'call_webhook', accountId: hook.id } },
        { id: 'tell', type: 'action', action: { kind: 'notify_staff', email: 'kasse@stadttheater.example', message: 'Bitte persönlich begrüßen.' } },
        { id: 'post', type: 'action', action: { kind: 'publish_post', accountId: hook.id, text: 'Willkommen an alle Neuen!', language: 'de' } },
      ],
      edges: [
        { from: 'hook', to: 'tell' },
        { from: 'tell', to: 'post' },
      ],
    };
    const journeyId = await active(consentTrigger, graph);
    const [anna, ben] = [await contact('Anna'), await contact('Ben')];
    await grant(anna);
    await grant(ben);
    await t.foyer.services.journeyEngine.runDue();
    await t.foyer.services.journeyEngine.runDue();
    await t.foyer.jobs.runDueJobs();

    const calls = receiver.requests.filter((r) => JSON.parse(r.body.toString()).event === 'journey.step');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const body = call.body.toString();
      expect(verifySignature(hook.secret, String(call.headers['x-foyer-signature']), body, t.clock.now())).toBe(true);
      expect(body).not.toContain('@example.org');
      expect(JSON.parse(body)).toMatchObject({ journey: { id: journeyId }, node: 'hook', trigger: { type: 'event', key: 'newsletter', purpose: 'newsletter' } });
    }
    expect(new Set(calls.map((c) => JSON.parse(c.body.toString()).contact.id))).toEqual(new Set([anna, ben]));

    const mail = await smtp.waitForMail('kasse@stadttheater.example');
    expect(mail.text).toContain('Bitte persönlich begrüßen.');
    expect(mail.text).toMatch(/Anna|Ben/);
    expect(mail.subject).toContain('Premierengäste');

    const posts = await t.foyer.database.db.selectFrom('scheduled_post').select(['text', 'created_by']).where('house_id', '=', t.house.id).execute();
    expect(posts).toEqual([{ text: 'Willkommen an alle Neuen!', created_by: `journey:${journeyId}:post:newsletter` }]);
  });

  it('enrolls the buyer of a booking for the production, keyed by the order', async () => {
    const b = await seedBookable(t);
    const campaignId = await journeyMail('Vorfreude', 'pre');
    const graph: JourneyGraph = {
      start: 'wait',
      nodes: [
        { id: 'wait', type: 'wait', wait: { kind: 'before_performance', days: 2, time: '10:00' } },
        { id: 'send', type: 'action', action: { kind: 'send_email', campaignId } },
      ],
      edges: [{ from: 'wait', to: 'send' }],
    };
    const journeyId = await active({ type: 'event', event: 'booking.created', productionId: b.production.id }, graph);
    const placed = await t.foyer.http.inject({
      method: 'POST',
      url: `/public/houses/${t.house.slug}/orders`,
      headers: idempotent(),
      payload: { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 2 }], buyer, consents: { newsletter: false, recommendations: false }, paymentMethod: 'invoice' },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    await t.foyer.jobs.runDueJobs();
    t.clock.advance(60_000); // the journey's subscriber may have run before ticketing linked the contact: its retry
    await t.foyer.jobs.runDueJobs();
    await t.foyer.services.journeyEngine.runDue();
    const [enrollment] = await t.foyer.database.db.selectFrom('journey_enrollment').select(['trigger_key', 'node_id', 'state', 'wake_at']).where('journey_id', '=', journeyId).execute();
    // The performance starts 2026-10-03 19:30 in Berlin: two days before at 10:00 is 2026-10-01 08:00 UTC.
    expect(enrollment).toEqual({ trigger_key: placed.json<{ id: string }>().id, node_id: 'wait', state: 'waiting', wake_at: '2026-10-01T08:00:00.000Z' });

    // Performance trigger: the day after, at 10:00, for everybody holding a ticket.
    const thanks = await active({ type: 'performance', days: 1, time: '10:00' }, { start: 'send', nodes: [{ id: 'send', type: 'action', action: { kind: 'send_email', campaignId } }], edges: [] });
    t.clock.set('2026-10-03T12:00:00.000Z');
    await t.foyer.services.journeyTriggers.scan();
    await t.foyer.services.journeyTriggers.scan();
    const thanked = await t.foyer.database.db.selectFrom('journey_enrollment').select(['trigger_key', 'wake_at']).where('journey_id', '=', thanks).execute();
    expect(thanked).toEqual([{ trigger_key: b.performance.id, wake_at: '2026-10-04T08:00:00.000Z' }]);
    await t.foyer.services.journeyEngine.runDue();
    expect(await t.foyer.database.db.selectFrom('campaign_message').select('id').where('journey_id', '=', thanks).execute()).toHaveLength(0);
    t.clock.set('2026-10-04T08:01:00.000Z');
    await t.foyer.services.journeyEngine.runDue();
    expect(await t.foyer.database.db.selectFrom('campaign_message').select('focus').where('journey_id', '=', thanks).execute()).toEqual([
      { focus: JSON.stringify({ productionId: b.production.id, performanceId: b.performance.id }) },
    ]);
  });
  it('takes the buyer out of the reminder when the booking is cancelled', async () => {
    const b = await seedBookable(t);
    const campaignId = await journeyMail('Erinnerung', 'reminder');
    const graph: JourneyGraph = {
      start: 'wait',
      nodes: [
        { id: 'wait', type: 'wait', wait: { kind: 'before_performance', days: 2, time: '10:00' } },
        { id: 'send', type: 'action', action: { kind: 'send_email', campaignId } },
      ],
      edges: [{ from: 'wait', to: 'send' }],
    };
    const journeyId = await active({ type: 'event', event: 'booking.created' }, graph);
    const placed = await t.foyer.http.inject({
      method: 'POST',
      url: `/public/houses/${t.house.slug}/orders`,
      headers: idempotent(),
      payload: { items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }], buyer, consents: { newsletter: false, recommendations: false }, paymentMethod: 'invoice' },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    await t.foyer.jobs.runDueJobs();
    t.clock.advance(60_000);
    await t.foyer.jobs.runDueJobs();
    await t.foyer.services.journeyEngine.runDue();
    const state = async () => (await t.foyer.database.db.selectFrom('journey_enrollment').select('state').where('journey_id', '=', journeyId).executeTakeFirstOrThrow()).state;
    expect(await state()).toBe('waiting');

    const cancelled = await t.foyer.http.inject({ method: 'POST', url: `/api/orders/${placed.json<{ id: string }>().id}/cancel`, headers: idempotent(owner), payload: {} });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await t.foyer.jobs.runDueJobs();
    expect(await state()).toBe('exited');
    t.clock.set('2026-10-01T08:01:00.000Z');
    await t.foyer.services.journeyEngine.runDue();
    expect(await t.foyer.database.db.selectFrom('campaign_message').select('id').where('journey_id', '=', journeyId).execute()).toHaveLength(0);
  });
});

describe(`contact tags on ${testEngine}`, () => {
  it('adds, lists and removes tags; answers 404 for another house’s contact and 400 for an empty tag', async () => {
    const anna = await contact('Anna');
    const add = await t.foyer.http.inject({ method: 'POST', url: `/api/contacts/${anna}/tags`, headers: owner, payload: { tag: ' abo-interesse ' } });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({ tag: 'abo-interesse' });
    expect((await t.foyer.http.inject({ method: 'POST', url: `/api/contacts/${anna}/tags`, headers: owner, payload: { tag: '' } })).json().error.details[0].field).toBe('body.tag');
    const stranger = await t.as('owner', { houseId: (await import('../../core/testing/app.ts').then((m) => m.insertTestHouse(t.foyer))).id });
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/contacts/${anna}/tags`, headers: stranger })).statusCode).toBe(404);
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/contacts/${anna}/tags`, headers: await t.as('analyst') })).statusCode).toBe(403);
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/contacts/${anna}/tags/abo-interesse`, headers: owner })).statusCode).toBe(204);
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/contacts/${anna}/tags`, headers: owner })).json()).toEqual({ items: [] });
  });

  it('erases tags and journey progress with the person', async () => {
    const anna = await contact('Anna');
    await t.foyer.http.inject({ method: 'POST', url: `/api/contacts/${anna}/tags`, headers: owner, payload: { tag: 'vip' } });
    const journeyId = await active(consentTrigger, { start: 'w', nodes: [{ id: 'w', type: 'wait', wait: { kind: 'duration', minutes: 60 } }], edges: [] });
    await grant(anna);
    const { email } = await t.foyer.database.db.selectFrom('contact').select('email').where('id', '=', anna).executeTakeFirstOrThrow();
    await t.foyer.services.privacy.erase({ houseId: t.house.id, unitId: null }, anna, 'staff:test', { reason: 'Auskunft und Löschung nach Art. 17', via: 'staff', confirmEmail: email });
    await t.foyer.jobs.runDueJobs();
    expect(await t.foyer.database.db.selectFrom('contact_tag').select('tag').where('contact_id', '=', anna).execute()).toEqual([]);
    expect(await t.foyer.database.db.selectFrom('journey_enrollment').select('id').where('journey_id', '=', journeyId).execute()).toEqual([]);
  });
});
