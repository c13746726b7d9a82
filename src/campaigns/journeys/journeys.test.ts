import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { consentGranted } from '../../audience/consents/events.ts';
import { createJourneyEngine } from './engine.ts';
import type { JourneyGraph } from './definition.ts';

/*
 * Journeys end to end on the test's engine: the API creates and activates, events and
 * scans enroll, engine.runDue() plays the minute tick, and the delivery log shows what
 * the sender would send.
 */

let t: TestApp;
let owner: Record<string, string>;

beforeEach(async () => {
  t = await createTestApp();
  owner = await t.as('owner');
});

afterEach(async () => {
  await t.close();
});

async function contact(name: string, options: { houseId?: string; language?: string } = {}): Promise<string> {
  const id = newId();
  const at = t.clock.now().toISOString();
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${id.slice(-6)}@example.org`;
  await t.foyer.database.db
    .insertInto('contact')
    .values({ id, house_id: options.houseId ?? t.house.id, email, email_normalised: email, name, phone: null, language: options.language ?? 'de', postal_code: '10115', birth_year: null, interests: '[]', source: 'staff', created_at: at, updated_at: at })
    .execute();
  return id;
}

async function journeyMail(houseId = t.house.id): Promise<string> {
  const id = newId();
  const at = t.clock.now().toISOString();
  await t.foyer.database.db
    .insertInto('campaign')
    .values({ id, house_id: houseId, unit_id: null, name: 'Willkommen', kind: 'journey', template_key: 'welcome', content: null, production_id: null, performance_id: null, segment_id: null, status: 'active', scheduled_at: null, started_at: null, finished_at: null, checkpoint: null, walked_at: null, recipients: 0, pause_reason: null, autopilot_rule: null, approved_by: null, approved_at: null, created_by: 'test', created_at: at, updated_at: at })
    .execute();
  return id;
}

function sendGraph(campaignId: string): JourneyGraph {
  return { start: 'send', nodes: [{ id: 'send', type: 'action', action: { kind: 'send_email', campaignId } }], edges: [] };
}

async function createJourney(body: Record<string, unknown>, headers = owner): Promise<{ id: string; problems: { field: string }[]; status: string }> {
  const response = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/journeys', headers, payload: { name: 'Willkommensstrecke', ...body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function activate(id: string, headers = owner) {
  return t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/journeys/${id}/activate`, headers });
}

async function active(body: Record<string, unknown>): Promise<string> {
  const { id } = await createJourney(body);
  const response = await activate(id);
  expect(response.statusCode, response.body).toBe(200);
  return id;
}

async function messages(journeyId: string) {
  return t.foyer.database.db.selectFrom('campaign_message').select(['contact_id', 'state', 'source_key', 'node_id', 'variant', 'focus', 'campaign_id']).where('journey_id', '=', journeyId).orderBy('contact_id').execute();
}

async function enrollments(journeyId: string) {
  return t.foyer.database.db.selectFrom('journey_enrollment').select(['id', 'contact_id', 'trigger_key', 'node_id', 'state', 'wake_at']).where('journey_id', '=', journeyId).orderBy('contact_id').execute();
}

async function grant(contactId: string, purpose = 'newsletter', houseId = t.house.id) {
  await t.foyer.events.publish(consentGranted, { houseId, contactId, purpose, expiresAt: '2028-01-01T00:00:00.000Z' });
  await t.foyer.jobs.runDueJobs();
}

const consentTrigger = { type: 'event', event: 'consent.granted', purpose: 'newsletter' };
const engine = () => t.foyer.services.journeyEngine;

describe(`journeys on ${testEngine}`, () => {
  it('sends the welcome mail once to a person who gave consent, however often the tick runs', async () => {
    const campaignId = await journeyMail();
    const journeyId = await active({ trigger: consentTrigger, graph: sendGraph(campaignId) });
    const anna = await contact('Anna Becker');
    await grant(anna);
    await grant(anna); // a replayed event lets nobody in twice
    await grant(anna, 'recommendations'); // another purpose: not this journey's trigger

    expect(await engine().runDue()).toMatchObject({ stepped: 1 });
    expect(await engine().runDue()).toMatchObject({ stepped: 0 });
    expect(await messages(journeyId)).toEqual([
      { contact_id: anna, state: 'queued', source_key: `j:${(await enrollments(journeyId))[0]?.id}:send`, node_id: 'send', variant: null, focus: '{}', campaign_id: campaignId },
    ]);
    expect((await enrollments(journeyId))[0]).toMatchObject({ state: 'completed', trigger_key: 'newsletter' });
  });

  it('holds the messages for approval in approval mode', async () => {
    const journeyId = await active({ mode: 'approval', trigger: consentTrigger, graph: sendGraph(await journeyMail()) });
    await grant(await contact('Ben'));
    await engine().runDue();
    expect((await messages(journeyId)).map((m) => m.state)).toEqual(['held']);
  });

  it('waits before the reminder, and a paused journey keeps people waiting', async () => {
    const campaignId = await journeyMail();
    const graph: JourneyGraph = {
      start: 'wait',
      nodes: [
        { id: 'wait', type: 'wait', wait: { kind: 'duration', minutes: 60 } },
        { id: 'send', type: 'action', action: { kind: 'send_email', campaignId } },
      ],
      edges: [{ from: 'wait', to: 'send' }],
    };
    const journeyId = await active({ trigger: consentTrigger, graph });
    await grant(await contact('Clara'));
    await engine().runDue();
    expect(await messages(journeyId)).toEqual([]);
    expect((await enrollments(journeyId))[0]).toMatchObject({ node_id: 'wait', state: 'waiting', wake_at: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });

    await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/journeys/${journeyId}/pause`, headers: owner });
    t.clock.advance(2 * 3_600_000);
    await engine().runDue();
    expect(await messages(journeyId)).toEqual([]);

    expect((await activate(journeyId)).statusCode).toBe(200);
    await engine().runDue();
    expect(await messages(journeyId)).toHaveLength(1);

    const nodes = await t.foyer.http.inject({ method: 'GET', url: `/api/campaigns/journeys/${journeyId}/nodes`, headers: owner });
    expect(nodes.json()).toEqual({ nodes: [{ nodeId: 'wait', waiting: 0, passed: 1, sent: 0, opened: 0, clicked: 0 }, { nodeId: 'send', waiting: 0, passed: 1, sent: 0, opened: 0, clicked: 0 }] });
  });

  it('archiving lets everyone still waiting leave', async () => {
    const graph: JourneyGraph = { start: 'wait', nodes: [{ id: 'wait', type: 'wait', wait: { kind: 'duration', minutes: 60 } }], edges: [] };
    const journeyId = await active({ trigger: consentTrigger, graph });
    await grant(await contact('Dora'));
    await engine().runDue();
    const archived = await t.foyer.http.inject({ method: 'POST', url: `/api/campaigns/journeys/${journeyId}/archive`, headers: owner });
    expect(archived.json()).toMatchObject({ status: 'archived', counts: { waiting: 0, exited: 1 } });
  });

  it('branches on the language, tags, and sends the opened/clicked follow-up only to readers', async () => {
    const campaignId = await journeyMail();
    const graph: JourneyGraph = {
      start: 'german',
      nodes: [
        { id: 'german', type: 'condition', condition: { kind: 'attribute', field: 'language', value: 'de' } },
        { id: 'tag', type: 'action', action: { kind: 'add_tag', tag: 'deutsch' } },
        { id: 'send', type: 'action', action: { kind: 'send_email', campaignId } },
        { id: 'wait', type: 'wait', wait: { kind: 'duration', minutes: 60 } },
        { id: 'opened', type: 'condition', condition: { kind: 'opened', nodeId: 'send' } },
        { id: 'follow-up', type: 'action', action: { kind: 'send_email', campaignId } },
      ],
      edges: [
        { from: 'german', to: 'tag', branch: 'yes' },
        { from: 'tag', to: 'send' },
        { from: 'send', to: 'wait' },
        { from: 'wait', to: 'opened' },
        { from: 'opened', to: 'follow-up', branch: 'yes' },
      ],
    };
    const journeyId = await active({ trigger: consentTrigger, graph });
    const [anna, ben, emma] = [await contact('Anna'), await contact('Ben'), await contact('Emma', { language: 'en' })];
    for (const person of [anna, ben, emma]) await grant(person);
    await engine().runDue();
    expect((await messages(journeyId)).map((m) => [m.contact_id, m.node_id])).toEqual([[anna, 'send'], [ben, 'send']].sort());
    const tags = await t.foyer.http.inject({ method: 'GET', url: `/api/contacts/${anna}/tags`, headers: owner });
    expect(tags.json()).toMatchObject({ items: [{ tag: 'deutsch', addedBy: `journey:${journeyId}` }] });

    await t.foyer.database.db.updateTable('campaign_message').set({ state: 'sent', sent_at: t.clock.now().toISOString(), opened_at: t.clock.now().toISOString() }).where('contact_id', '=', anna).execute();
    t.clock.advance(2 * 3_600_000);
    await engine().runDue();
    expect((await messages(journeyId)).filter((m) => m.node_id === 'follow-up').map((m) => m.contact_id)).toEqual([anna]);
  });

  it('a failure in the middle of a batch writes nothing, and the rerun sends exactly once', async () => {
    const campaignId = await journeyMail();
    const graph: JourneyGraph = {
      start: 'send',
      nodes: [
        { id: 'send', type: 'action', action: { kind: 'send_email', campaignId } },
        { id: 'tag', type: 'action', action: { kind: 'add_tag', tag: 'begruesst' } },
      ],
      edges: [{ from: 'send', to: 'tag' }],
    };
    const journeyId = await active({ trigger: consentTrigger, graph });
    for (const name of ['Anna', 'Ben', 'Clara']) await grant(await contact(name));
    const { database, clock, jobs, services } = t.foyer;
    const failing = createJourneyEngine({
      database,
      clock,
      jobs,
      outbox: services.mail,
      segments: services.segments,
      houseTimeZone: async () => 'Europe/Berlin',
      tags: {
        addMany: async () => {
          throw new Error('the disk is full');
        },
      },
    });
    await expect(failing.runDue()).rejects.toThrow('the disk is full');
    expect(await messages(journeyId)).toEqual([]);
    expect((await enrollments(journeyId)).every((e) => e.state === 'waiting')).toBe(true);

    await engine().runDue();
    await engine().runDue();
    expect(await messages(journeyId)).toHaveLength(3);
  });

  it('two ticks at once send one message per person', async () => {
    const journeyId = await active({ trigger: consentTrigger, graph: sendGraph(await journeyMail()) });
    const people = [];
    for (let i = 0; i < 25; i += 1) people.push(await contact(`Person ${i}`));
    for (const person of people) await t.foyer.events.publish(consentGranted, { houseId: t.house.id, contactId: person, purpose: 'newsletter', expiresAt: '2028-01-01T00:00:00.000Z' });
    await t.foyer.jobs.runDueJobs();
    const results = await Promise.all([engine().runDue({ batchSize: 5 }), engine().runDue({ batchSize: 5 })]);
    expect(results[0].stepped + results[1].stepped).toBe(25);
    const rows = await messages(journeyId);
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => r.contact_id)).size).toBe(25);
  });

  it('splits people into variants and records the variant on the message', async () => {
    const [a, b] = [await journeyMail(), await journeyMail()];
    const graph: JourneyGraph = {
      start: 'ab',
      nodes: [
        { id: 'ab', type: 'split', variants: [{ key: 'A', weight: 1 }, { key: 'B', weight: 1 }] },
        { id: 'send-a', type: 'action', action: { kind: 'send_email', campaignId: a } },
        { id: 'send-b', type: 'action', action: { kind: 'send_email', campaignId: b } },
      ],
      edges: [
        { from: 'ab', to: 'send-a', branch: 'A' },
        { from: 'ab', to: 'send-b', branch: 'B' },
      ],
    };
    const journeyId = await active({ trigger: consentTrigger, graph });
    for (let i = 0; i < 12; i += 1) await grant(await contact(`P${i}`));
    await engine().runDue();
    const rows = await messages(journeyId);
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row.campaign_id).toBe(row.variant === 'A' ? a : b);
    expect(new Set(rows.map((r) => r.variant))).toEqual(new Set(['A', 'B']));
  });

  it('lets only later entries of a segment in when current members are excluded', async () => {
    const scope = { houseId: t.house.id, unitId: null };
    const segment = await t.foyer.services.segments.createSegment(scope, { name: 'Englisch', kind: 'rules', rules: { language: ['en'] } }, 'staff:test');
    const before = await contact('Early', { language: 'en' });
    const journeyId = await active({ trigger: { type: 'segment_entry', segmentId: segment.id, includeCurrent: false }, graph: sendGraph(await journeyMail()) });
    const later = await contact('Later', { language: 'en' });
    await t.foyer.services.journeyTriggers.scan();
    await engine().runDue();
    expect((await messages(journeyId)).map((m) => m.contact_id)).toEqual([later]);
    expect((await enrollments(journeyId)).find((e) => e.contact_id === before)).toMatchObject({ state: 'exited', node_id: '' });
  });

  it('lets the segment in once per cron tick of a schedule, in the house time zone', async () => {
    const scope = { houseId: t.house.id, unitId: null };
    const segment = await t.foyer.services.segments.createSegment(scope, { name: 'Alle Deutschen', kind: 'rules', rules: { language: ['de'] } }, 'staff:test');
    const anna = await contact('Anna');
    t.clock.set('2026-09-01T05:00:00.000Z');
    const journeyId = await active({ trigger: { type: 'schedule', cron: '0 9 * * 1', segmentId: segment.id }, graph: sendGraph(await journeyMail()) });
    await t.foyer.services.journeyTriggers.scan();
    expect(await enrollments(journeyId)).toEqual([]);
    t.clock.set('2026-09-07T07:30:00.000Z'); // Monday 09:30 in Berlin
    await t.foyer.services.journeyTriggers.scan();
    await t.foyer.services.journeyTriggers.scan();
    expect(await enrollments(journeyId)).toMatchObject([{ contact_id: anna, trigger_key: '2026-09-07T07:00:00.000Z' }]);
  });

  it('refuses to activate with the problems named, and isolates houses', async () => {
    const { id } = await createJourney({ trigger: consentTrigger, graph: sendGraph(newId()) });
    const refused = await activate(id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual([{ field: 'nodes.send', message: expect.stringContaining('no journey mail') }]);

    const other = await insertTestHouse(t.foyer);
    const stranger = await t.as('owner', { houseId: other.id });
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/campaigns/journeys/${id}`, headers: stranger })).statusCode).toBe(404);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/journeys', headers: stranger })).json()).toEqual({ items: [] });

    // A mail of another house does not count, and a consent there lets nobody into this house's journey.
    const { id: foreign } = await createJourney({ trigger: consentTrigger, graph: sendGraph(await journeyMail(other.id)) });
    expect((await activate(foreign)).statusCode).toBe(409);
    const journeyId = await active({ trigger: consentTrigger, graph: sendGraph(await journeyMail()) });
    await grant(await contact('Fremd', { houseId: other.id }), 'newsletter', other.id);
    await engine().runDue();
    expect(await enrollments(journeyId)).toEqual([]);
  });

  it('answers bad input with 400 naming the field, and keeps running journeys from being edited or deleted', async () => {
    const bad = await t.foyer.http.inject({
      method: 'POST',
      url: '/api/campaigns/journeys',
      headers: owner,
      payload: { name: 'x', trigger: consentTrigger, graph: { start: 'w', nodes: [{ id: 'w', type: 'wait', wait: { kind: 'duration', minutes: 0 } }], edges: [] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('graph.nodes.0.wait.minutes');

    const validated = await t.foyer.http.inject({ method: 'POST', url: '/api/campaigns/journeys/validate', headers: owner, payload: { trigger: consentTrigger, graph: { start: 'nope', nodes: [{ id: 'a', type: 'action', action: { kind: 'add_tag', tag: 'x' } }], edges: [] } } });
    expect(validated.json().problems).toContainEqual({ field: 'start', message: expect.any(String) });

    const journeyId = await active({ trigger: consentTrigger, graph: sendGraph(await journeyMail()) });
    expect((await t.foyer.http.inject({ method: 'PATCH', url: `/api/campaigns/journeys/${journeyId}`, headers: owner, payload: { name: 'Neu' } })).statusCode).toBe(409);
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/campaigns/journeys/${journeyId}`, headers: owner })).statusCode).toBe(409);
    const { id: draft } = await createJourney({ trigger: consentTrigger, graph: sendGraph(newId()) });
    expect((await t.foyer.http.inject({ method: 'PATCH', url: `/api/campaigns/journeys/${draft}`, headers: owner, payload: { name: 'Neu', mode: 'approval' } })).json()).toMatchObject({ name: 'Neu', mode: 'approval' });
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/campaigns/journeys/${draft}`, headers: owner })).statusCode).toBe(204);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/journeys', headers: await t.as('analyst') })).statusCode).toBe(403);
  });
});
