import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertConsent, insertContact, insertInteraction } from '../audience/testing.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
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
  explanation: { kind: string };
  text: string;
  nextPerformance: { id: string; startsAt: string } | null;
  bookingUrl: string;
}

async function get(url: string, headers: Record<string, string> = {}) {
  return t.foyer.http.inject({ method: 'GET', url, headers });
}

const exposures = (contactId: string | null) =>
  t.foyer.database.db
    .selectFrom('recommendation_exposure')
    .select(['contact_id', 'production_id', 'slot', 'reason', 'surface'])
    .where('house_id', '=', t.house.id)
    .where((eb) => (contactId === null ? eb('contact_id', 'is', null) : eb('contact_id', '=', contactId)))
    .execute();

describe(`recommendations for a contact on ${testEngine}`, () => {
  it('offers an opera lover a personal list with two explained discovery slots and records what was shown', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    // Carmen is already booked for a coming date: not offered again.
    await insertInteraction(t.foyer.database.db, t.house.id, erika, 'booking', { productionId: h.carmen.productionId, performanceId: h.carmen.soon, occurredAt: '2026-08-20T10:00:00.000Z' });
    const response = await get(`/api/recommend/contacts/${erika}?language=de`, await t.as('marketing'));
    expect(response.statusCode).toBe(200);
    const body = response.json<{ personal: boolean; language: string; items: Item[] }>();
    expect(body.personal).toBe(true);
    expect(body.items).toHaveLength(6);
    expect(body.items.filter((item) => item.slot === 'discovery')).toHaveLength(2);
    expect(body.items.map((item) => item.productionId)).not.toContain(h.carmen.productionId);
    expect(body.items.map((item) => item.productionId)).not.toContain(h.past[0]);
    expect(body.items[0]?.productionId).toBe(h.tosca.productionId);
    for (const item of body.items) {
      expect(item.text.length).toBeGreaterThan(5);
      expect((item.nextPerformance?.startsAt ?? '') > '2026-09-01').toBe(true);
      expect(item.bookingUrl).toMatch(/^https:\/\//);
    }
    const shown = await exposures(erika);
    expect(shown).toHaveLength(6);
    expect(shown.filter((row) => row.slot === 'discovery')).toHaveLength(2);
    expect(new Set(shown.map((row) => row.surface))).toEqual(new Set(['api']));
  });

  it('uses no history without recommendations consent: the list is what anybody gets, and the exposure has no id', async () => {
    const jonas = await addOperaLover(t, t.house.id, h, ['newsletter'], ['opera']);
    const headers = await t.as('marketing');
    const response = await get(`/api/recommend/contacts/${jonas}?limit=4`, headers);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ personal: boolean; items: Item[] }>();
    expect(body.personal).toBe(false);
    expect(body.items.every((item) => item.explanation.kind !== 'because_you_saw' && item.explanation.kind !== 'matches_interest')).toBe(true);
    const anybody = await get(`/public/houses/${t.house.slug}/recommendations?limit=4`);
    expect(body.items.map((i) => i.productionId)).toEqual(anybody.json<{ items: Item[] }>().items.map((i) => i.productionId));
    expect(await exposures(jonas)).toEqual([]);
  });

  it('answers 404 for a contact or a production of another house', async () => {
    const other = await insertTestHouse(t.foyer, { name: 'Oper Nebenan' });
    const stranger = await insertContact(t.foyer.database.db, other.id);
    await insertConsent(t.foyer.database.db, other.id, stranger, 'recommendations');
    const headers = await t.as('marketing');
    expect((await get(`/api/recommend/contacts/${stranger}`, headers)).statusCode).toBe(404);
    expect((await get(`/api/recommend/contacts/${stranger}/metrics`, headers)).statusCode).toBe(404);
    const foreign = await t.as('marketing', { houseId: other.id });
    expect((await get(`/api/recommend/productions/${h.carmen.productionId}/similar`, foreign)).statusCode).toBe(404);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    const headers = await t.as('marketing');
    const limit = await get(`/api/recommend/contacts/${erika}?limit=0`, headers);
    expect(limit.statusCode).toBe(400);
    expect(JSON.stringify(limit.json())).toContain('limit');
    const language = await get(`/api/recommend/contacts/${erika}?language=fr`, headers);
    expect(language.statusCode).toBe(400);
    expect(JSON.stringify(language.json())).toContain('language');
    const slots = await t.foyer.http.inject({ method: 'PUT', url: '/api/recommend/settings', headers: await t.as('owner'), payload: { listSize: 6, discoverySlots: 6 } });
    expect(slots.statusCode).toBe(400);
    expect(JSON.stringify(slots.json())).toContain('discoverySlots');
    expect((await get(`/public/houses/${t.house.slug}/recommendations?similarTo=nope`)).statusCode).toBe(400);
  });

  it('"if you liked this" offers productions like Tosca, not Tosca itself', async () => {
    const response = await get(`/api/recommend/productions/${h.tosca.productionId}/similar?language=en&limit=4`, await t.as('dialogue'));
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: Item[] }>().items;
    expect(items).toHaveLength(4);
    expect(items.map((i) => i.productionId)).not.toContain(h.tosca.productionId);
    expect(items[0]?.productionId).toBe(h.carmen.productionId);
  });
});

describe(`the discovery setting on ${testEngine}`, () => {
  it('is 2 of 6 by default, changes with house:manage only, and shapes the lists', async () => {
    const owner = await t.as('owner');
    expect((await get('/api/recommend/settings', owner)).json()).toMatchObject({ listSize: 6, discoverySlots: 2 });
    const refused = await t.foyer.http.inject({ method: 'PUT', url: '/api/recommend/settings', headers: await t.as('marketing'), payload: { listSize: 8, discoverySlots: 3 } });
    expect(refused.statusCode).toBe(403);
    const saved = await t.foyer.http.inject({ method: 'PUT', url: '/api/recommend/settings', headers: owner, payload: { listSize: 8, discoverySlots: 3 } });
    expect(saved.statusCode).toBe(200);
    expect((await get('/api/recommend/settings', owner)).json()).toMatchObject({ listSize: 8, discoverySlots: 3 });
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    const items = (await get(`/api/recommend/contacts/${erika}`, owner)).json<{ items: Item[] }>().items;
    expect(items).toHaveLength(8);
    expect(items.filter((i) => i.slot === 'discovery')).toHaveLength(3);
  });

  it('previews a proposed setting on people with a history without recording anything', async () => {
    await addOperaLover(t, t.house.id, h, ['recommendations']);
    await addOperaLover(t, t.house.id, h, ['recommendations']);
    const response = await t.foyer.http.inject({ method: 'POST', url: '/api/recommend/settings/preview', headers: await t.as('owner'), payload: { listSize: 3, discoverySlots: 0 } });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ sampleSize: number; current: { measures: { outsideComfortShare: number } }; proposed: { measures: { outsideComfortShare: number; coverage: number } }; people: { current: Item[]; proposed: Item[] }[] }>();
    expect(body.sampleSize).toBe(2);
    expect(body.people[0]?.current.filter((i) => i.slot === 'discovery')).toHaveLength(2);
    expect(body.people[0]?.proposed.filter((i) => i.slot === 'discovery')).toHaveLength(0);
    expect(body.current.measures.outsideComfortShare).toBeGreaterThan(body.proposed.measures.outsideComfortShare);
    expect(body.proposed.measures.coverage).toBeGreaterThan(0);
    const rows = await t.foyer.database.db.selectFrom('recommendation_exposure').select('id').execute();
    expect(rows).toEqual([]);
  });
});
