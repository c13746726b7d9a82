import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { buyer, idempotent, seedBookable } from '../../ticketing/test-fixtures.ts';

/*
 * The autopilot through its API: switching a journey rule on makes a running journey
 * with its mail, settings rewrite it, switching off pauses it; the hourly scan announces
 * new productions once and pushes performances that sell below the curve.
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

interface RuleDto {
  rule: string;
  enabled: boolean;
  mode: string;
  params: Record<string, unknown>;
  journeyId: string | null;
  campaignIds: string[];
}

async function configure(rule: string, body: Record<string, unknown>, headers = owner) {
  return t.foyer.http.inject({ method: 'PUT', url: `/api/campaigns/autopilot/${rule}`, headers, payload: body });
}

async function rules(headers = owner): Promise<RuleDto[]> {
  const response = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/autopilot', headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ rules: RuleDto[] }>().rules;
}

async function journey(id: string) {
  const response = await t.foyer.http.inject({ method: 'GET', url: `/api/campaigns/journeys/${id}`, headers: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ status: string; mode: string; trigger: Record<string, unknown>; autopilotRule: string | null; problems: unknown[]; graph: { nodes: { type: string; action?: { campaignId: string } }[] } }>();
}

async function autopilotCampaigns(rule: string) {
  return t.foyer.database.db
    .selectFrom('campaign')
    .select(['id', 'kind', 'status', 'template_key', 'production_id', 'performance_id', 'segment_id', 'autopilot_rule'])
    .where('autopilot_rule', '=', rule)
    .orderBy('created_at')
    .execute();
}

describe(`the autopilot on ${testEngine}`, () => {
  it('lists every rule switched off until the house switches one on', async () => {
    const listed = await rules();
    expect(listed.map((rule) => [rule.rule, rule.enabled])).toEqual([
      ['new_production', false],
      ['sales_push', false],
      ['reminder', false],
      ['thank_you', false],
      ['win_back', false],
    ]);
    expect(listed.find((rule) => rule.rule === 'reminder')?.params).toEqual({ daysBefore: 2, time: '10:00' });
  });

  it('switches the reminder on as a running journey with its mail, rewrites it with new settings, and pauses it when switched off', async () => {
    const on = await configure('reminder', { enabled: true, mode: 'autopilot', params: {} });
    expect(on.statusCode, on.body).toBe(200);
    const rule = on.json<RuleDto>();
    expect(rule).toMatchObject({ rule: 'reminder', enabled: true, mode: 'autopilot', params: { daysBefore: 2, time: '10:00' } });
    expect(rule.journeyId).not.toBeNull();
    const started = await journey(rule.journeyId as string);
    expect(started).toMatchObject({ status: 'active', mode: 'autopilot', autopilotRule: 'reminder', trigger: { type: 'performance', days: -2, time: '10:00' }, problems: [] });
    const [mail] = await autopilotCampaigns('reminder');
    expect(mail).toMatchObject({ kind: 'journey', status: 'active', template_key: 'reminder' });
    expect(rule.campaignIds).toEqual([mail?.id]);

    const changed = await configure('reminder', { enabled: true, mode: 'approval', params: { daysBefore: 3, time: '17:00' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<RuleDto>().journeyId).toBe(rule.journeyId);
    expect(await journey(rule.journeyId as string)).toMatchObject({ status: 'active', mode: 'approval', trigger: { type: 'performance', days: -3, time: '17:00' } });
    // The same mail: its statistics stay in one place.
    expect(await autopilotCampaigns('reminder')).toHaveLength(1);

    const off = await configure('reminder', { enabled: false, mode: 'approval', params: { daysBefore: 3, time: '17:00' } });
    expect(off.json<RuleDto>().enabled).toBe(false);
    expect((await journey(rule.journeyId as string)).status).toBe('paused');
  });

  it('wins back from a lapsed segment it creates once', async () => {
    const on = await configure('win_back', { enabled: true, params: { months: 24 } });
    expect(on.statusCode, on.body).toBe(200);
    const started = await journey(on.json<RuleDto>().journeyId as string);
    expect(started.trigger).toMatchObject({ type: 'segment_entry', includeCurrent: true });
    const segment = await t.foyer.database.db.selectFrom('segment').select(['id', 'name', 'rules']).where('id', '=', started.trigger.segmentId as string).executeTakeFirstOrThrow();
    expect(JSON.parse(segment.rules ?? 'null')).toEqual({ lapsed: { months: 24 } });
    await configure('win_back', { enabled: true, params: { months: 24, includeCurrent: false } });
    expect(await t.foyer.database.db.selectFrom('segment').select('id').where('name', '=', segment.name).execute()).toHaveLength(1);
  });

  it('refuses settings that make no sense, naming the field, and rules that do not exist', async () => {
    const bad = await configure('sales_push', { enabled: true, params: { daysBefore: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('params.daysBefore');
    expect((await configure('sales_push', { enabled: 'yes' })).statusCode).toBe(400);
    expect((await configure('discount_everything', { enabled: true })).statusCode).toBe(404);
  });

  it('lets sending without approval only those who may approve', async () => {
    const writer = await t.withScopes(['campaigns:write']);
    const refused = await configure('thank_you', { enabled: true, mode: 'autopilot' }, writer);
    expect(refused.statusCode).toBe(403);
    const allowed = await configure('thank_you', { enabled: true, mode: 'approval' }, writer);
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect((await journey(allowed.json<RuleDto>().journeyId as string)).mode).toBe('approval');
  });

  it('announces a production created after the rule was switched on, once, to those interested in its genres', async () => {
    const before = await seedBookable(t);
    t.clock.advance(60_000);
    expect((await configure('new_production', { enabled: true, mode: 'approval' })).statusCode).toBe(200);
    t.clock.advance(60_000);
    const { catalogue } = t.foyer.services;
    const scope = { houseId: t.house.id, unitId: null };
    const fresh = await catalogue.createProduction(scope, { title: { de: 'Giselle', en: 'Giselle' }, genres: ['ballet'] });
    await catalogue.createPerformance(scope, { productionId: fresh.id, startsAt: '2026-11-20T18:00:00.000Z' });
    const silent = await catalogue.createProduction(scope, { title: { de: 'Ohne Termin', en: 'No date' }, genres: ['ballet'] });

    expect(await t.foyer.services.autopilot.scan()).toEqual({ announced: 1, pushed: 0 });
    expect(await t.foyer.services.autopilot.scan()).toEqual({ announced: 0, pushed: 0 });
    const written = await autopilotCampaigns('new_production');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ kind: 'newsletter', status: 'awaiting_approval', template_key: 'new_production', production_id: fresh.id });
    expect(written.map((c) => c.production_id)).not.toContain(before.production.id);
    expect(written.map((c) => c.production_id)).not.toContain(silent.id);
    const segment = await t.foyer.database.db.selectFrom('segment').select('rules').where('id', '=', written[0]?.segment_id as string).executeTakeFirstOrThrow();
    expect(JSON.parse(segment.rules ?? 'null')).toEqual({ interest: ['ballet'] });

    const approvals = await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/approvals', headers: owner });
    expect(approvals.json<{ campaigns: { id: string }[] }>().campaigns.map((c) => c.id)).toEqual([written[0]?.id]);
  });

  it('pushes a performance that sells below the curve N days before, and leaves one that sells well', async () => {
    // The test clock starts on 2026-09-01; both performances are 13.5 days ahead.
    const slow = await seedBookable(t, { capacity: 10, startsAt: '2026-09-14T12:00:00.000Z' });
    const selling = await seedBookable(t, { capacity: 10, startsAt: '2026-09-14T12:00:00.000Z' });
    const placed = await t.foyer.http.inject({
      method: 'POST',
      url: `/public/houses/${t.house.slug}/orders`,
      headers: idempotent(),
      payload: { items: [{ performanceId: selling.performance.id, priceCategoryId: selling.stalls.id, quantity: 5 }], buyer, consents: { newsletter: false, recommendations: false }, paymentMethod: 'invoice' },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect((await configure('sales_push', { enabled: true, params: { daysBefore: 14, expectedShare: 0.4, tolerance: 1 } })).statusCode).toBe(200);
    t.clock.advance(60_000);

    expect(await t.foyer.services.autopilot.scan()).toEqual({ announced: 0, pushed: 1 });
    expect(await t.foyer.services.autopilot.scan()).toEqual({ announced: 0, pushed: 0 });
    const [push] = await autopilotCampaigns('sales_push');
    expect(push).toMatchObject({ kind: 'newsletter', status: 'scheduled', performance_id: slow.performance.id, production_id: slow.production.id });
    const segment = await t.foyer.database.db.selectFrom('segment').select('rules').where('id', '=', push?.segment_id as string).executeTakeFirstOrThrow();
    expect(JSON.parse(segment.rules ?? 'null')).toEqual({ all: [{ interest: ['opera'] }, { not: { booked: { atLeast: 1, productionId: slow.production.id } } }] });
  });

  it('keeps each house to its own rules', async () => {
    await configure('thank_you', { enabled: true });
    const other = await insertTestHouse(t.foyer);
    const theirs = await rules(await t.as('owner', { houseId: other.id }));
    expect(theirs.find((rule) => rule.rule === 'thank_you')).toMatchObject({ enabled: false, journeyId: null });
    // The autopilot writes in the whole house's name: a unit's coordinator neither reads nor switches it.
    const unit = await t.foyer.services.catalogue.createUnit({ houseId: t.house.id, unitId: null }, { name: { de: 'Junges Theater', en: 'Young Theatre' } });
    const coordinator = await t.as('unit_staff', { unitId: unit.id });
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/campaigns/autopilot', headers: coordinator })).statusCode).toBe(403);
    expect((await configure('thank_you', { enabled: true, mode: 'approval' }, coordinator)).statusCode).toBe(403);
  });
});
