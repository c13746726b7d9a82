import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { addOperaLover, type RecommendationHouse, seedRecommendationHouse } from './api-fixtures.ts';

/*
 * Needs in the API (age, languages understood, accessibility), the service function the
 * visitor assistant calls (suggest something, surprise me), and discovery slots for an
 * anonymous visitor who chose genres.
 */

let t: TestApp;
let h: RecommendationHouse;
let family: { gruffalo: string; toddlers: string; english: string; italian: string; loop: string };

interface Item {
  productionId: string;
  title: string;
  slot: 'relevant' | 'discovery';
  explanation: { kind: string; genre?: string; bridge?: { kind: string; from?: string; to?: string } };
  text: string;
}

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.example' } });
  h = await seedRecommendationHouse(t, t.house.id);
  const { catalogue } = t.foyer.services;
  const staged = async (title: string, fields: Omit<Parameters<typeof catalogue.createProduction>[1], 'title'>, startsAt: string) => {
    const production = await catalogue.createProduction(h.scope, { ...fields, title: { de: title, en: title } });
    await catalogue.createPerformance(h.scope, { productionId: production.id, startsAt });
    return production.id;
  };
  family = {
    gruffalo: await staged('Der Grüffelo', { genres: ['children_theatre'], audience: 'families', ageMin: 6, ageMax: 10, accessibility: ['wheelchair'] }, '2026-09-13T09:00:00.000Z'),
    toddlers: await staged('Kleine Wolke', { genres: ['children_theatre'], audience: 'families', ageMin: 2, ageMax: 5 }, '2026-09-14T09:00:00.000Z'),
    english: await staged('Hamlet (English)', { genres: ['drama'], performanceLanguage: 'en' }, '2026-09-21T18:00:00.000Z'),
    italian: await staged('Rigoletto', { genres: ['opera'], performanceLanguage: 'it', accessibility: ['surtitles', 'wheelchair'] }, '2026-09-22T18:00:00.000Z'),
    loop: await staged('Liederabend', { genres: ['chamber_music'], accessibility: ['hearing_loop', 'wheelchair'] }, '2026-09-23T18:00:00.000Z'),
  };
});
afterEach(async () => t.close());

const get = async (url: string, headers: Record<string, string> = {}) => t.foyer.http.inject({ method: 'GET', url, headers });
const ids = (items: readonly Item[]) => items.map((i) => i.productionId);

describe(`needs in the recommendation API on ${testEngine}`, () => {
  it('leaves out family offers that do not suit a child’s age, on the contact, similar and public lists', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    const headers = await t.as('marketing');
    const all = (await get(`/public/houses/${t.house.slug}/recommendations?limit=20`)).json<{ items: Item[] }>().items;
    expect(ids(all)).toEqual(expect.arrayContaining([family.gruffalo, family.toddlers]));

    const forFour = (await get(`/public/houses/${t.house.slug}/recommendations?limit=20&age=4,38`)).json<{ items: Item[] }>().items;
    expect(ids(forFour)).toContain(family.toddlers);
    expect(ids(forFour)).not.toContain(family.gruffalo);

    const contact = await get(`/api/recommend/contacts/${erika}?limit=20&age=7`, headers);
    expect(contact.statusCode).toBe(200);
    expect(ids(contact.json<{ items: Item[] }>().items)).not.toContain(family.toddlers);

    const similar = await get(`/api/recommend/productions/${family.gruffalo}/similar?limit=20&age=3`, headers);
    expect(similar.statusCode).toBe(200);
    const similarIds = ids(similar.json<{ items: Item[] }>().items);
    expect(similarIds).toContain(family.toddlers);
    expect(similarIds).not.toContain(family.gruffalo);
  });

  it('keeps a production in another language only with surtitles, and only what offers every accessibility need', async () => {
    const languages = (await get(`/public/houses/${t.house.slug}/recommendations?limit=20&understands=de`)).json<{ items: Item[] }>().items;
    expect(ids(languages)).not.toContain(family.english);
    expect(ids(languages)).toContain(family.italian);

    const loop = (await get(`/public/houses/${t.house.slug}/recommendations?limit=20&accessibility=hearing_loop,wheelchair`)).json<{ items: Item[] }>().items;
    expect(ids(loop)).toEqual([family.loop]);
  });

  it('refuses needs outside the vocabulary with 400 naming the parameter', async () => {
    const headers = await t.as('marketing');
    const cases: [string, string][] = [
      [`/public/houses/${t.house.slug}/recommendations?age=seven`, 'age'],
      [`/public/houses/${t.house.slug}/recommendations?age=130`, 'age'],
      [`/public/houses/${t.house.slug}/recommendations?understands=german`, 'understands'],
      [`/public/houses/${t.house.slug}/recommendations?accessibility=lift`, 'accessibility'],
      [`/public/houses/${t.house.slug}/recommendations?audience=pensioners`, 'audience'],
      [`/public/houses/${t.house.slug}/recommendations?surprise=yes`, 'surprise'],
      [`/api/recommend/productions/${h.tosca.productionId}/similar?accessibility=ramp`, 'accessibility'],
    ];
    for (const [url, field] of cases) {
      const response = await get(url, headers);
      expect(response.statusCode, url).toBe(400);
      expect(JSON.stringify(response.json()), url).toContain(field);
    }
  });
});

describe(`an anonymous visitor on ${testEngine}`, () => {
  it('gets discovery slots outside the chosen genres, each through a neighbouring genre, never first', async () => {
    const response = await get(`/public/houses/${t.house.slug}/recommendations?genres=opera&language=en`);
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: Item[] }>().items;
    expect(items).toHaveLength(6);
    expect(items[0]?.slot).toBe('relevant');
    const discoveries = items.filter((i) => i.slot === 'discovery');
    expect(discoveries).toHaveLength(2);
    for (const discovery of discoveries) {
      expect(discovery.explanation).toMatchObject({ kind: 'new_for_you', bridge: { kind: 'adjacent_genre', from: 'opera' } });
      expect([h.carmen.productionId, h.tosca.productionId, family.italian]).not.toContain(discovery.productionId);
      expect(discovery.text).toMatch(/^New for you: .+, close to the opera you like$/);
    }
    // The chosen genre still leads the list.
    expect([h.carmen.productionId, h.tosca.productionId, family.italian]).toContain(items[0]?.productionId);
  });

  it('surprise me: only productions outside the chosen genres, in the visitor’s language, recorded for the assistant without an id', async () => {
    const { recommendations } = t.foyer.services;
    const list = await recommendations.recommendForVisitor(t.house.id, { genres: ['opera'], language: 'en', limit: 4, discoveryOnly: true, surface: 'assistant' });
    expect(list.language).toBe('en');
    expect(list.items).toHaveLength(4);
    const operas = new Set([h.carmen.productionId, h.tosca.productionId, family.italian]);
    for (const item of list.items) expect(operas.has(item.productionId)).toBe(false);
    expect(list.items.every((item) => item.slot === 'discovery' && /^New for you/.test(item.text))).toBe(true);
    const shown = await t.foyer.database.db.selectFrom('recommendation_exposure').select(['contact_id', 'surface', 'slot']).where('house_id', '=', t.house.id).execute();
    expect(shown).toHaveLength(4);
    expect(shown.every((row) => row.contact_id === null && row.surface === 'assistant')).toBe(true);
  });

  it('suggests for a family with a child of four: family offers for that age only, by audience', async () => {
    const { recommendations } = t.foyer.services;
    const list = await recommendations.recommendForVisitor(t.house.id, { audience: 'families', age: [4, 35], language: 'de', surface: 'assistant' });
    expect(ids(list.items as Item[])).toEqual([family.toddlers]);
  });

  it('refuses a visitor request the assistant got wrong, naming the field', async () => {
    const { recommendations } = t.foyer.services;
    await expect(recommendations.recommendForVisitor(t.house.id, { age: [-1], surface: 'assistant' })).rejects.toMatchObject({ code: 'validation', details: [{ field: 'age.0' }] });
    await expect(recommendations.recommendForVisitor(t.house.id, { limit: 50, surface: 'assistant' })).rejects.toMatchObject({ code: 'validation', details: [{ field: 'limit' }] });
  });
});
