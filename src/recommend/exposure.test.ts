import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertInteraction } from '../audience/testing.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { addOperaLover, type RecommendationHouse, seedRecommendationHouse } from './api-fixtures.ts';

let t: TestApp;
let h: RecommendationHouse;

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.example' } });
  h = await seedRecommendationHouse(t, t.house.id);
});
afterEach(async () => t.close());

interface Item {
  productionId: string;
  title: string;
  slot: 'relevant' | 'discovery';
  text: string;
}

const DAY = 86_400_000;

const exposureRows = () =>
  t.foyer.database.db.selectFrom('recommendation_exposure').select(['contact_id', 'production_id', 'slot', 'surface']).where('house_id', '=', t.house.id).execute();

describe(`bubble metrics on ${testEngine}`, () => {
  it('counts a booking after a discovery exposure as coming from discovery, and a first booking in a new genre', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    const marketing = await t.as('marketing');
    const list = (await t.foyer.http.inject({ method: 'GET', url: `/api/recommend/contacts/${erika}`, headers: marketing })).json<{ items: Item[] }>().items;
    const discovery = list.find((item) => item.slot === 'discovery');
    expect(discovery).toBeDefined();
    t.clock.advance(2 * DAY);
    const { db } = t.foyer.database;
    await insertInteraction(db, t.house.id, erika, 'booking', { productionId: discovery?.productionId ?? null, occurredAt: t.clock.now().toISOString() });
    await insertInteraction(db, t.house.id, erika, 'booking', { productionId: h.tosca.productionId, occurredAt: t.clock.now().toISOString() });

    const response = await t.foyer.http.inject({ method: 'GET', url: '/api/recommend/metrics?days=28', headers: marketing });
    expect(response.statusCode).toBe(200);
    const metrics = response.json<{ exposures: number; bookings: number; discoveryBookingShare: number; firstBookingsInNewGenre: number; coverage: number; exposureGini: number; weeks: unknown[] }>();
    expect(metrics).toMatchObject({ exposures: 6, bookings: 2, discoveryBookingShare: 0.5, firstBookingsInNewGenre: 1 });
    expect(metrics.coverage).toBeGreaterThan(0);
    expect(metrics.exposureGini).toBeGreaterThan(0);
    expect(metrics.weeks.length).toBe(5);
    expect(JSON.stringify(metrics)).not.toContain(erika);

    const person = (await t.foyer.http.inject({ method: 'GET', url: `/api/recommend/contacts/${erika}/metrics?months=12`, headers: marketing })).json<{
      personal: boolean;
      months: { month: string; recommended: number; booked: number; bookedEntropy: number | null }[];
      narrowing: { booked: number | null };
    }>();
    expect(person.personal).toBe(true);
    expect(person.months.at(-1)).toMatchObject({ month: '2026-09', recommended: 6, booked: 2, bookedEntropy: 1 });
    // Opera alone before April, opera and something new since: the range widens.
    expect(person.narrowing.booked).toBeLessThan(0);
  });

  it('forgets what an erased person was shown', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    await t.foyer.http.inject({ method: 'GET', url: `/api/recommend/contacts/${erika}`, headers: await t.as('marketing') });
    expect((await exposureRows()).filter((row) => row.contact_id === erika)).toHaveLength(6);
    const email = (await t.foyer.database.db.selectFrom('contact').select('email').where('id', '=', erika).executeTakeFirstOrThrow()).email;
    await t.foyer.services.privacy.erase({ houseId: t.house.id, unitId: null }, erika, 'staff:test', { reason: 'Bitte der Person', via: 'staff', confirmEmail: email });
    await t.foyer.jobs.runDueJobs();
    expect(await exposureRows()).toEqual([]);
  });
});

describe(`suggestions for an anonymous visitor on ${testEngine}`, () => {
  it('answers by genre with titles, explanations, dates and booking links, open to every origin and without personal data', async () => {
    await addOperaLover(t, t.house.id, h, ['recommendations']);
    const response = await t.foyer.http.inject({ method: 'GET', url: `/public/houses/${t.house.slug}/recommendations?genres=ballet&language=en&limit=4` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const items = response.json<{ items: (Item & { nextPerformance: unknown; bookingUrl: string })[] }>().items;
    expect(items).toHaveLength(4);
    expect(['Swan Lake', 'Giselle']).toContain(items[0]?.title);
    expect(items.every((item) => item.nextPerformance !== null && item.bookingUrl.startsWith('https://'))).toBe(true);
    expect(items.every((item) => item.text.length > 0)).toBe(true);
    const rows = await exposureRows();
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.contact_id === null && row.surface === 'widget')).toBe(true);

    const similar = await t.foyer.http.inject({ method: 'GET', url: `/public/houses/${t.house.slug}/recommendations?similarTo=${h.tosca.productionId}&limit=3` });
    expect(similar.json<{ items: Item[] }>().items[0]?.title).toBe('Carmen');
    const preflight = await t.foyer.http.inject({ method: 'OPTIONS', url: `/public/houses/${t.house.slug}/recommendations` });
    expect(preflight.statusCode).toBe(204);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/public/houses/nowhere/recommendations' })).statusCode).toBe(404);
  });
});

describe(`the personal block of campaign mails on ${testEngine}`, () => {
  it('gives people with recommendations consent the recommender’s explained list and the others their interests, recording the batch', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['newsletter', 'recommendations']);
    const jonas = await addOperaLover(t, t.house.id, h, ['newsletter'], ['opera']);
    const blocks = await t.foyer.services.contentBlocks.recommendationsForMany(t.house.id, [erika, jonas], 'de', 3);
    const forErika = blocks.get(erika);
    expect(forErika?.items).toHaveLength(3);
    expect(forErika?.items?.filter((item) => item.discovery)).toHaveLength(1);
    const personal = await t.foyer.services.recommendations.personalLists(t.house.id, [erika], 'de', 3);
    for (const item of personal.get(erika) ?? []) expect(forErika?.text).toContain(item.text);
    expect(forErika?.html).toContain('Tosca');
    // Jonas allowed newsletters only: his declared interest, never his bookings.
    expect(blocks.get(jonas)?.text).toContain('Weil Sie sich für Oper interessieren');
    const rows = await exposureRows();
    expect(rows.filter((row) => row.contact_id === erika && row.surface === 'mail')).toHaveLength(3);
    expect(rows.filter((row) => row.contact_id === null && row.surface === 'mail')).toHaveLength(blocks.get(jonas)?.items?.length ?? -1);
    expect(rows.some((row) => row.contact_id === jonas)).toBe(false);
  });

  it('renders the block in a real template, with the explanations', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['newsletter', 'recommendations']);
    const templates = t.foyer.services.campaignTemplates;
    const prepared = await templates.prepare(t.house.id, { templateKey: 'season_announcement', language: 'de', focus: {} });
    const personal = await templates.personalBlocks(prepared, [erika]);
    const mail = await templates.renderPrepared(prepared, { id: erika, name: 'Erika Mustermann' }, { unsubscribe: 'https://foyer.example/u', preferences: 'https://foyer.example/p', view_online: 'https://foyer.example/v' }, personal.get(erika));
    const list = (await t.foyer.services.recommendations.personalLists(t.house.id, [erika], 'de', 3)).get(erika) ?? [];
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) {
      expect(mail.html).toContain(item.title);
      expect(mail.text).toContain(item.text);
    }
  });
});
