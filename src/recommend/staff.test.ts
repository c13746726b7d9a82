import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertConsent, insertContact, insertInteraction } from '../audience/testing.ts';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { testEngine } from '../core/testing/database.ts';
import { addOperaLover, type RecommendationHouse, seedRecommendationHouse } from './api-fixtures.ts';

/*
 * What staff see: unit staff only their unit's productions, the settings preview in the
 * staff member's language, and discoveries through a person named with their role.
 */

let t: TestApp;
let h: RecommendationHouse;

interface Item {
  productionId: string;
  title: string;
  slot: 'relevant' | 'discovery';
  explanation: { kind: string; bridge?: { kind: string; person?: string } };
  text: string;
}

beforeEach(async () => {
  t = await createTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.example' } });
  h = await seedRecommendationHouse(t, t.house.id);
});
afterEach(async () => t.close());

const get = async (url: string, headers: Record<string, string> = {}) => t.foyer.http.inject({ method: 'GET', url, headers });
const ids = (items: readonly Item[]) => items.map((i) => i.productionId);

describe(`unit scoping of recommendations on ${testEngine}`, () => {
  it('shows unit staff only their unit’s productions, and answers 404 for another unit’s production', async () => {
    const { catalogue } = t.foyer.services;
    const youth = await catalogue.createUnit(h.scope, { name: { de: 'Junges Theater', en: 'Young Theatre' } });
    const dance = await catalogue.createUnit(h.scope, { name: { de: 'Tanzcompagnie', en: 'Dance company' } });
    const staged = async (title: string, unitId: string, genres: string[], startsAt: string) => {
      const production = await catalogue.createProduction(h.scope, { title: { de: title, en: title }, genres, unitId, creativeTeam: [{ name: 'Ruth Berghaus', role: 'Regie' }] });
      await catalogue.createPerformance(h.scope, { productionId: production.id, startsAt });
      return production.id;
    };
    const own = [await staged('Tschick', youth.id, ['youth_theatre'], '2026-09-10T10:00:00.000Z'), await staged('Momo', youth.id, ['children_theatre'], '2026-09-11T10:00:00.000Z')];
    const foreign = await staged('Bolero', dance.id, ['ballet'], '2026-09-12T18:00:00.000Z');

    const unitStaff = await t.login('unit_staff', { unitId: youth.id });
    const similar = await get(`/api/recommend/productions/${own[0]}/similar?limit=10`, unitStaff);
    expect(similar.statusCode).toBe(200);
    expect(ids(similar.json<{ items: Item[] }>().items)).toEqual([own[1]]);
    expect((await get(`/api/recommend/productions/${foreign}/similar`, unitStaff)).statusCode).toBe(404);

    const member = await insertContact(t.foyer.database.db, t.house.id, { units: [youth.id] });
    await insertConsent(t.foyer.database.db, t.house.id, member, 'recommendations');
    await insertInteraction(t.foyer.database.db, t.house.id, member, 'booking', { productionId: h.past[0] as string, occurredAt: '2026-03-01T10:00:00.000Z' });
    await t.foyer.services.recommendationFits.refresh(t.house.id);
    const list = await get(`/api/recommend/contacts/${member}?limit=10`, unitStaff);
    expect(list.statusCode).toBe(200);
    expect(ids(list.json<{ items: Item[] }>().items).sort()).toEqual([...own].sort());

    // The house's staff still see everything.
    const houseWide = await get(`/api/recommend/contacts/${member}?limit=20`, await t.as('marketing'));
    expect(ids(houseWide.json<{ items: Item[] }>().items)).toEqual(expect.arrayContaining([foreign, h.tosca.productionId]));
  });
});

describe(`the settings preview’s language on ${testEngine}`, () => {
  it('renders the sample lists in the staff member’s language, or the one asked for', async () => {
    await addOperaLover(t, t.house.id, h, ['recommendations']);
    const owner = await t.login('owner');
    const preview = async (payload: Record<string, unknown>) => {
      const response = await t.foyer.http.inject({ method: 'POST', url: '/api/recommend/settings/preview', headers: owner, payload });
      expect(response.statusCode).toBe(200);
      return response.json<{ people: { current: Item[] }[] }>().people[0]?.current ?? [];
    };
    const german = await preview({ listSize: 6, discoverySlots: 2 });
    expect(german.some((i) => i.text.startsWith('Neu für Sie'))).toBe(true);

    const english = await preview({ listSize: 6, discoverySlots: 2, language: 'en' });
    expect(english.some((i) => i.text.startsWith('New for you'))).toBe(true);
    expect(english.some((i) => i.text.startsWith('Neu für Sie'))).toBe(false);

    const me = await t.foyer.http.inject({ method: 'PATCH', url: '/api/auth/me', headers: owner, payload: { language: 'en' } });
    expect(me.statusCode).toBe(200);
    const own = await preview({ listSize: 6, discoverySlots: 2 });
    expect(own.some((i) => i.text.startsWith('New for you'))).toBe(true);

    const bad = await t.foyer.http.inject({ method: 'POST', url: '/api/recommend/settings/preview', headers: owner, payload: { listSize: 6, discoverySlots: 2, language: 'fr' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('language');
  });
});

describe(`discoveries through a person, with the catalogue’s role, on ${testEngine}`, () => {
  it('names the director of a production the person saw, in German and English', async () => {
    const erika = await addOperaLover(t, t.house.id, h, ['recommendations']);
    const headers = await t.as('marketing');
    const of = async (language: string) => (await get(`/api/recommend/contacts/${erika}?language=${language}`, headers)).json<{ items: Item[] }>().items;
    const hamlet = (items: Item[]) => items.find((i) => i.productionId === h.hamlet);
    const de = hamlet(await of('de'));
    expect(de?.explanation).toMatchObject({ kind: 'new_for_you', bridge: { kind: 'same_person', person: 'ruth berghaus' } });
    expect(de?.text).toMatch(/^Neu für Sie: Schauspiel, mit Ruth Berghaus \(Regie in „(Aida|La Bohème)“\)$/);
    expect(hamlet(await of('en'))?.text).toMatch(/^New for you: drama, with Ruth Berghaus, the director of (Aida|La Bohème)$/);
  });
});
