import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consentGranted } from '../audience/consents/events.ts';
import type { Purpose } from '../audience/model.ts';
import { newId } from '../core/ids.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../core/mail/testing.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { buyer, idempotent, seedBookable } from '../ticketing/test-fixtures.ts';
import type { JourneyGraph } from './journeys/definition.ts';
import { createNewsletter, everyoneSegment, messageStates, runSending } from './sending/test-fixtures.ts';

/*
 * A unit's coordinator (the school programme of the Junges Theater) runs the unit's own
 * campaigns and journeys inside the house: only to the unit's audience, with the unit's
 * programme, and with the house's marketing approving what goes out in the house's name.
 */

let smtp: TestSmtpServer;
let t: TestApp;
let youth: string;
let marketing: Record<string, string>;
let coordinator: Record<string, string>;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_SMTP_URL: smtp.url, FOYER_PUBLIC_URL: 'https://foyer.theater.example' } });
  youth = (await t.foyer.services.catalogue.createUnit({ houseId: t.house.id, unitId: null }, { name: { de: 'Junges Theater', en: 'Young Theatre' } })).id;
  marketing = await t.as('marketing');
  coordinator = await t.as('unit_staff', { unitId: youth });
});
afterEach(async () => {
  await t.close();
});

function api(method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: Record<string, unknown>) {
  return t.foyer.http.inject({ method, url: `/api/campaigns${url}`, headers, ...(payload === undefined ? {} : { payload }) });
}

/** A person with newsletter consent, of the unit's audience or only of the house's. */
async function person(name: string, unitId: string | null, purposes: readonly Purpose[] = ['newsletter']): Promise<{ id: string; email: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${newId().slice(-6)}@example.org`;
  const { contact } = await t.foyer.services.audience.contacts.create({ houseId: t.house.id, unitId }, 'staff:test', { email, name, language: 'de' });
  for (const purpose of purposes) {
    await t.foyer.services.audience.consents.grant({ houseId: t.house.id, contactId: contact.id, purpose, source: 'staff', legalBasis: 'consent', proof: { staffRef: 'staff:test' }, actor: 'staff:test' });
  }
  return { id: contact.id, email };
}

async function unitSegment(): Promise<string> {
  return (await t.foyer.services.segments.createSegment({ houseId: t.house.id, unitId: youth }, { name: 'Schulen', rules: { language: ['de', 'en'] } }, 'system:test')).id;
}

describe(`a unit's newsletter on ${testEngine}`, () => {
  it('goes only to the unit’s audience, after the house approved it, and the unit sees only its own campaigns', async () => {
    const pupil = await person('Lena Schulz', youth);
    const operaGoer = await person('Otto Oper', null);
    const houseSegment = await everyoneSegment(t);

    // The house's segment and the house's campaigns are not the unit's to use or read.
    const foreign = await api('POST', '/campaigns', coordinator, { name: 'Schulbrief', kind: 'newsletter', templateKey: 'last_tickets', segmentId: houseSegment });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ error: { details: { field: string }[] } }>().error.details.map((d) => d.field)).toEqual(['segmentId']);
    const houseLetter = await createNewsletter(t, marketing, houseSegment);
    expect((await api('GET', `/campaigns/${houseLetter.id}`, coordinator)).statusCode).toBe(404);

    const letter = await createNewsletter(t, coordinator, await unitSegment(), { name: 'Schulbrief' });
    const listed = await api('GET', '/campaigns', coordinator);
    expect(listed.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([letter.id]);

    // Scheduling by the coordinator asks the house; the coordinator cannot approve.
    const scheduled = await api('POST', `/campaigns/${letter.id}/schedule`, coordinator, {});
    expect(scheduled.json()).toMatchObject({ status: 'awaiting_approval' });
    expect((await api('POST', `/campaigns/${letter.id}/approve`, coordinator)).statusCode).toBe(403);
    await runSending(t);
    expect(await messageStates(t, letter.id)).toEqual([]);

    const waiting = await api('GET', '/approvals', marketing);
    expect(waiting.json<{ campaigns: { id: string }[] }>().campaigns.map((c) => c.id)).toEqual([letter.id]);
    const before = smtp.received.length;
    expect((await api('POST', `/campaigns/${letter.id}/approve`, marketing)).json()).toMatchObject({ status: 'scheduled' });
    await runSending(t);

    expect(await messageStates(t, letter.id)).toEqual([{ contact_id: pupil.id, state: 'sent', reason: null }]);
    const mail = await smtp.waitForMail(pupil.email, { after: before });
    expect(mail.text).toContain('Hallo Lena!');
    expect(smtp.received.slice(before).map((m) => m.to)).not.toContainEqual(expect.stringContaining(operaGoer.email));
    expect((await api('GET', `/campaigns/${letter.id}/stats`, coordinator)).json()).toMatchObject({ sent: 1 });
  });

  it('lists the unit’s programme in “this week”, the house’s mail the whole programme', async () => {
    const scope = { houseId: t.house.id, unitId: null };
    const { catalogue } = t.foyer.services;
    const tschick = await catalogue.createProduction(scope, { title: { de: 'Tschick', en: 'Tschick' }, genres: ['youth_theatre'], unitId: youth });
    await catalogue.createPerformance(scope, { productionId: tschick.id, startsAt: '2026-09-03T09:00:00.000Z' });
    const tosca = await catalogue.createProduction(scope, { title: { de: 'Tosca', en: 'Tosca' }, genres: ['opera'] });
    await catalogue.createPerformance(scope, { productionId: tosca.id, startsAt: '2026-09-04T17:30:00.000Z' });
    const create = async (headers: Record<string, string>, segmentId: string) =>
      (await api('POST', '/campaigns', headers, { name: 'Diese Woche', kind: 'newsletter', templateKey: 'last_tickets', segmentId })).json<{ id: string }>().id;
    const unitLetter = await create(coordinator, await unitSegment());
    const houseLetter = await create(marketing, await everyoneSegment(t));

    // The house's marketing sees the unit's mail as its readers will.
    for (const headers of [coordinator, marketing]) {
      const html = (await api('POST', `/campaigns/${unitLetter}/preview`, headers, { language: 'de' })).json<{ html: string }>().html;
      expect(html).toContain('Tschick');
      expect(html).not.toContain('Tosca');
    }
    const whole = (await api('POST', `/campaigns/${houseLetter}/preview`, marketing, { language: 'de' })).json<{ html: string }>().html;
    expect(whole).toContain('Tschick');
    expect(whole).toContain('Tosca');
  });
});

describe(`a unit's journeys on ${testEngine}`, () => {
  async function journeyMail(headers: Record<string, string>): Promise<string> {
    const response = await api('POST', '/campaigns', headers, { name: 'Danke', kind: 'journey', templateKey: 'welcome_1' });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  }

  function sendGraph(campaignId: string): JourneyGraph {
    return { start: 'send', nodes: [{ id: 'send', type: 'action', action: { kind: 'send_email', campaignId } }], edges: [] };
  }

  async function journey(headers: Record<string, string>, body: Record<string, unknown>): Promise<string> {
    const response = await api('POST', '/journeys', headers, { name: 'Nach der Buchung', ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  }

  async function enrolled(journeyId: string): Promise<string[]> {
    const rows = await t.foyer.database.db.selectFrom('journey_enrollment').select('contact_id').where('journey_id', '=', journeyId).where('state', '!=', 'exited').orderBy('contact_id').execute();
    return rows.map((row) => row.contact_id);
  }

  async function book(performanceId: string, priceCategoryId: string, email: string): Promise<void> {
    const placed = await t.foyer.http.inject({
      method: 'POST',
      url: `/public/houses/${t.house.slug}/orders`,
      headers: idempotent(),
      payload: { items: [{ performanceId, priceCategoryId, quantity: 1 }], buyer: { ...buyer, email }, consents: { newsletter: false, recommendations: false }, paymentMethod: 'invoice' },
    });
    expect(placed.statusCode, placed.body).toBe(201);
  }

  it('runs only with approval and only with the unit’s own mails, segments and productions', async () => {
    const ownMail = await journeyMail(coordinator);
    const houseMail = await journeyMail(marketing);
    const opera = await seedBookable(t);
    const trigger = { type: 'event', event: 'booking.created' };

    const unattended = await journey(coordinator, { mode: 'autopilot', trigger, graph: sendGraph(ownMail) });
    const refused = await api('POST', `/journeys/${unattended}/activate`, coordinator);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { details: { field: string }[] } }>().error.details.map((d) => d.field)).toEqual(['mode']);
    expect((await api('PATCH', `/journeys/${unattended}`, coordinator, { mode: 'approval' })).statusCode).toBe(200);
    expect((await api('POST', `/journeys/${unattended}/activate`, coordinator)).json()).toMatchObject({ status: 'active' });

    const borrowing = await journey(coordinator, {
      mode: 'approval',
      trigger: { type: 'event', event: 'booking.created', productionId: opera.production.id },
      graph: sendGraph(houseMail),
    });
    const problems = await api('POST', `/journeys/${borrowing}/activate`, coordinator);
    expect(problems.statusCode).toBe(409);
    expect(problems.json<{ error: { details: { field: string; message: string }[] } }>().error.details).toEqual([
      { field: 'nodes.send', message: `the unit has no journey mail ${houseMail}` },
      { field: 'trigger.productionId', message: `the unit has no production ${opera.production.id}` },
    ]);
    // Posts are never held for approval: a unit's journey cannot publish one.
    const posting = await journey(coordinator, {
      mode: 'approval',
      trigger,
      graph: { start: 'post', nodes: [{ id: 'post', type: 'action', action: { kind: 'publish_post', accountId: newId(), text: 'Heute Schulvorstellung!' } }], edges: [] },
    });
    const unposted = await api('POST', `/journeys/${posting}/activate`, coordinator);
    expect(unposted.statusCode).toBe(403);
    expect(unposted.json<{ error: { details: { field: string }[] } }>().error.details.map((d) => d.field)).toEqual(['nodes.post']);

    // The house's journeys are not the unit's to see.
    const houseJourney = await journey(marketing, { mode: 'autopilot', trigger, graph: sendGraph(houseMail) });
    expect((await api('GET', `/journeys/${houseJourney}`, coordinator)).statusCode).toBe(404);
  });

  it('lets in only people of the unit: bookings of its productions, consents of its audience', async () => {
    const ownMail = await journeyMail(coordinator);
    const afterBooking = await journey(coordinator, { mode: 'approval', trigger: { type: 'event', event: 'booking.created' }, graph: sendGraph(ownMail) });
    const afterConsent = await journey(coordinator, { mode: 'approval', trigger: { type: 'event', event: 'consent.granted', purpose: 'newsletter' }, graph: sendGraph(ownMail) });
    for (const id of [afterBooking, afterConsent]) expect((await api('POST', `/journeys/${id}/activate`, coordinator)).statusCode).toBe(200);

    const opera = await seedBookable(t);
    const school = await seedBookable(t, { unitId: youth });
    await book(opera.performance.id, opera.stalls.id, 'otto.oper@example.org');
    await book(school.performance.id, school.stalls.id, 'lehrerin@example.org');
    await t.foyer.jobs.runDueJobs();
    t.clock.advance(60_000); // the journey's subscriber may have run before ticketing linked the contact: its retry
    await t.foyer.jobs.runDueJobs();
    const teacher = await t.foyer.database.db.selectFrom('contact').select('id').where('email', '=', 'lehrerin@example.org').executeTakeFirstOrThrow();
    expect(await enrolled(afterBooking)).toEqual([teacher.id]);

    const pupil = await person('Lena Schulz', youth, []);
    const operaGoer = await person('Otto Oper', null, []);
    for (const contactId of [pupil.id, operaGoer.id]) {
      await t.foyer.events.publish(consentGranted, { houseId: t.house.id, contactId, purpose: 'newsletter', expiresAt: '2028-01-01T00:00:00.000Z' });
    }
    await t.foyer.jobs.runDueJobs();
    expect(await enrolled(afterConsent)).toEqual([pupil.id]);
  });

  it('shows the coordinator the unit’s held messages only, and lets only the house decide them', async () => {
    const ownMail = await journeyMail(coordinator);
    const houseMail = await journeyMail(marketing);
    const trigger = { type: 'event', event: 'consent.granted', purpose: 'newsletter' };
    const unitJourney = await journey(coordinator, { mode: 'approval', trigger, graph: sendGraph(ownMail) });
    const houseJourney = await journey(marketing, { mode: 'approval', trigger, graph: sendGraph(houseMail) });
    for (const [id, headers] of [[unitJourney, coordinator], [houseJourney, marketing]] as const) expect((await api('POST', `/journeys/${id}/activate`, headers)).statusCode).toBe(200);
    const pupil = await person('Lena Schulz', youth, ['newsletter']);
    await t.foyer.jobs.runDueJobs();
    await t.foyer.services.journeyEngine.runDue();

    type Held = { messages: { id: string; campaignId: string }[] };
    const seenByHouse = (await api('GET', '/approvals', marketing)).json<Held>().messages;
    expect(seenByHouse.map((m) => m.campaignId).sort()).toEqual([ownMail, houseMail].sort());
    const seenByUnit = (await api('GET', '/approvals', coordinator)).json<Held>().messages;
    expect(seenByUnit.map((m) => m.campaignId)).toEqual([ownMail]);
    const ids = seenByHouse.map((m) => m.id);
    expect((await api('POST', '/approvals/messages', coordinator, { ids, decision: 'approve' })).statusCode).toBe(403);

    // A key of the unit that may approve decides the unit's messages, never the house's.
    const unitApprover = await t.withScopes(['campaigns:write', 'campaigns:approve'], { unitId: youth });
    expect((await api('POST', '/approvals/messages', unitApprover, { ids, decision: 'approve' })).json()).toEqual({ approved: 1, rejected: 0 });
    const states = await t.foyer.database.db.selectFrom('campaign_message').select(['campaign_id', 'state']).where('contact_id', '=', pupil.id).execute();
    expect(Object.fromEntries(states.map((s) => [s.campaign_id, s.state]))).toEqual({ [ownMail]: 'queued', [houseMail]: 'held' });
  });

  it('counts behaviour with the unit only in a unit’s condition', async () => {
    const ownMail = await journeyMail(coordinator);
    const graph: JourneyGraph = {
      start: 'booked',
      nodes: [
        { id: 'booked', type: 'condition', condition: { kind: 'behaviour', behaviour: 'booked', withinDays: 365 } },
        { id: 'send', type: 'action', action: { kind: 'send_email', campaignId: ownMail } },
      ],
      edges: [{ from: 'booked', to: 'send', branch: 'yes' }],
    };
    const segment = await unitSegment();
    const id = await journey(coordinator, { mode: 'approval', trigger: { type: 'segment_entry', segmentId: segment, includeCurrent: true }, graph });
    expect((await api('POST', `/journeys/${id}/activate`, coordinator)).statusCode).toBe(200);

    // Both are of the unit; only one booked with it, the other only an opera.
    const school = await seedBookable(t, { unitId: youth });
    const opera = await seedBookable(t);
    await book(school.performance.id, school.stalls.id, 'lehrerin@example.org');
    await book(opera.performance.id, opera.stalls.id, 'vater@example.org');
    await t.foyer.jobs.runDueJobs();
    t.clock.advance(60_000);
    await t.foyer.jobs.runDueJobs();
    const teacher = await t.foyer.database.db.selectFrom('contact').select('id').where('email', '=', 'lehrerin@example.org').executeTakeFirstOrThrow();
    const father = await t.foyer.database.db.selectFrom('contact').select('id').where('email', '=', 'vater@example.org').executeTakeFirstOrThrow();
    await t.foyer.database.db.insertInto('contact_unit').values({ house_id: t.house.id, contact_id: father.id, unit_id: youth, since: t.clock.now().toISOString() }).execute();

    await t.foyer.services.journeyTriggers.scan();
    expect((await enrolled(id)).sort()).toEqual([teacher.id, father.id].sort());
    await t.foyer.services.journeyEngine.runDue();
    const sent = await t.foyer.database.db.selectFrom('campaign_message').select('contact_id').where('journey_id', '=', id).execute();
    expect(sent.map((row) => row.contact_id)).toEqual([teacher.id]);
  });
});
