import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock } from '../core/clock.ts';
import { createHttpServer } from '../core/http/server.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import { createTestDatabase } from '../core/testing/database.ts';
import { catalogueRoutes } from './routes.ts';
import type { House } from './schemas.ts';
import { createCatalogueService } from './service.ts';
import { call, seedPlaces } from './test-fixtures.ts';

describe('houses', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates a house with a slug derived from its name and sensible defaults', async () => {
    const house = await t.foyer.services.catalogue.createHouse({ name: 'Theater Großstadt', city: 'Großstadt' });
    expect(house).toMatchObject({
      slug: 'theater-grossstadt',
      timeZone: 'Europe/Berlin',
      languages: ['de', 'en'],
      defaultLanguage: 'de',
      currency: 'EUR',
      city: 'Großstadt',
      street: null,
    });
    expect(await t.foyer.services.catalogue.getHouse(house.id)).toEqual(house);
    expect(await t.foyer.services.catalogue.getHouseBySlug('theater-grossstadt')).toEqual(house);
  });

  it('gives a second house of the same name the next free slug', async () => {
    const first = await t.foyer.services.catalogue.createHouse({ name: 'Stadttheater' });
    const second = await t.foyer.services.catalogue.createHouse({ name: 'Stadttheater' });
    expect([first.slug, second.slug]).toEqual(['stadttheater', 'stadttheater-2']);
  });

  it('refuses an unknown time zone, currency or a default language the house does not speak', async () => {
    const { catalogue } = t.foyer.services;
    await expect(catalogue.createHouse({ name: 'X', timeZone: 'Europe/Atlantis' })).rejects.toMatchObject({
      code: 'validation',
      details: [{ field: 'timeZone' }],
    });
    await expect(catalogue.createHouse({ name: 'X', timeZone: '+01:00' })).rejects.toMatchObject({ details: [{ field: 'timeZone' }] });
    await expect(catalogue.createHouse({ name: 'X', currency: 'XYZ' })).rejects.toMatchObject({ details: [{ field: 'currency' }] });
    await expect(catalogue.createHouse({ name: 'X', languages: ['de'], defaultLanguage: 'en' })).rejects.toMatchObject({
      details: [{ field: 'defaultLanguage' }],
    });
  });

  it('counts and lists houses, and answers not_found for an unknown one', async () => {
    const { catalogue } = t.foyer.services;
    expect(await catalogue.countHouses()).toBe(1);
    await catalogue.createHouse({ name: 'Museum am Fluss', timeZone: 'Europe/Vienna' });
    expect(await catalogue.countHouses()).toBe(2);
    expect((await catalogue.listHouses()).map((h) => h.name)).toContain('Museum am Fluss');
    await expect(catalogue.getHouse('01936b2e-1e4a-7c3b-8a2f-0123456789ab')).rejects.toMatchObject({ code: 'not_found' });
    await expect(catalogue.getHouseBySlug('nowhere')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deletes a house with everything in it, staff, sessions and keys included, and no other house’s rows', async () => {
    const { catalogue } = t.foyer.services;
    const other = await insertTestHouse(t.foyer);
    for (const houseId of [t.house.id, other.id]) {
      const places = await seedPlaces(t, houseId);
      const production = await catalogue.createProduction(places.scope, { title: { de: 'Faust' }, unitId: places.young.id, venueId: places.venue.id });
      const performance = await catalogue.createPerformance(places.scope, { productionId: production.id, startsAt: '2027-01-10T18:00:00Z', hallId: places.bigHall.id });
      await catalogue.createPriceCategory(places.scope, { productionId: production.id, performanceId: performance.id, name: { de: 'Premiere' }, amountMinor: 5000 });
      // Staff of a unit hold it with ON DELETE RESTRICT, halls their venue: the cascade must still get through.
      await t.login('unit_staff', { houseId, unitId: places.young.id });
      await t.as('unit_staff', { houseId, unitId: places.young.id });
    }
    const tables = ['unit', 'venue', 'hall', 'production', 'performance', 'price_category', 'staff_account', 'staff_session', 'api_key'] as const;
    const rowsOf = async (houseId: string) => {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const row = await t.foyer.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('house_id', '=', houseId).executeTakeFirstOrThrow();
        counts[table] = Number(row.n);
      }
      return counts;
    };
    const before = await rowsOf(other.id);
    expect(Object.values(before).every((n) => n > 0)).toBe(true);

    await catalogue.deleteHouse(t.house.id);
    expect(Object.values(await rowsOf(t.house.id))).toEqual(tables.map(() => 0));
    expect(await rowsOf(other.id)).toEqual(before);
    await expect(catalogue.getHouse(t.house.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(catalogue.deleteHouse(t.house.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('house and vocabulary API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows the caller’s own house and lets the owner change it', async () => {
    const owner = await t.as('owner');
    const shown = await call<House>(t, owner, 'GET', '/api/house');
    expect(shown).toMatchObject({ status: 200, body: { id: t.house.id, timeZone: 'Europe/Berlin' } });
    const changed = await call<House>(t, owner, 'PATCH', '/api/house', { name: 'Theater Musterstadt', street: 'Theaterplatz 1', timeZone: 'Europe/Vienna' });
    expect(changed).toMatchObject({ status: 200, body: { name: 'Theater Musterstadt', street: 'Theaterplatz 1', timeZone: 'Europe/Vienna', slug: t.house.slug } });
    const other = await insertTestHouse(t.foyer);
    const otherOwner = await t.as('owner', { houseId: other.id });
    expect((await call<House>(t, otherOwner, 'GET', '/api/house')).body.id).toBe(other.id);
  });

  it('needs house:manage to change the house and names a wrong field', async () => {
    const marketing = await t.as('marketing');
    expect((await call(t, marketing, 'PATCH', '/api/house', { name: 'Übernahme' })).status).toBe(403);
    const owner = await t.as('owner');
    const zone = await call(t, owner, 'PATCH', '/api/house', { timeZone: 'Mars/Olympus' });
    expect(zone).toMatchObject({ status: 400, body: { error: { code: 'validation', details: [{ field: 'body.timeZone' }] } } });
    const language = await call(t, owner, 'PATCH', '/api/house', { languages: ['en'] });
    expect(language).toMatchObject({ status: 400, body: { error: { details: [{ field: 'defaultLanguage' }] } } });
  });

  it('refuses to switch currency while prices are in the old one', async () => {
    const { catalogue } = t.foyer.services;
    const scope = { houseId: t.house.id, unitId: null };
    const production = await catalogue.createProduction(scope, { title: { de: 'Tosca' } });
    await catalogue.createPriceCategory(scope, { productionId: production.id, name: { de: 'PK 1' }, amountMinor: 4000 });
    const owner = await t.as('owner');
    expect(await call(t, owner, 'PATCH', '/api/house', { currency: 'CHF' })).toMatchObject({ status: 409, body: { error: { details: [{ field: 'currency' }] } } });
  });

  it('serves the vocabulary with German and English labels', async () => {
    const analyst = await t.as('analyst');
    const { status, body } = await call<{ genres: { code: string; de: string }[]; audiences: { code: string; en: string }[]; performanceStatuses: unknown[]; accessibility: unknown[] }>(
      t,
      analyst,
      'GET',
      '/api/vocabulary',
    );
    expect(status).toBe(200);
    expect(body.genres).toContainEqual(expect.objectContaining({ code: 'opera', de: 'Oper', en: 'Opera' }));
    expect(body.audiences.map((a) => a.code)).toEqual(['adults', 'families', 'children', 'schools']);
    expect(body.performanceStatuses).toHaveLength(4);
    expect(body.accessibility).toContainEqual({ code: 'wheelchair', de: 'Rollstuhlgerecht', en: 'Wheelchair accessible' });
  });
});

describe('API documentation', () => {
  it('documents every catalogue route with its request and response schemas', async () => {
    const database = await createTestDatabase();
    const http = await createHttpServer({ logLevel: 'silent', bodyLimitBytes: 1_000_000, publicUrl: 'http://localhost' });
    await http.register(catalogueRoutes, { prefix: '/api', catalogue: createCatalogueService({ database, clock: createTestClock() }) });
    await http.ready();
    const response = await http.inject({ method: 'GET', url: '/api/docs/json' });
    await http.close();
    await database.close();
    expect(response.statusCode).toBe(200);
    const paths = (response.json() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] }>> }).paths;
    for (const entity of ['units', 'venues', 'halls', 'productions', 'performances', 'price-categories']) {
      expect(Object.keys(paths[`/api/${entity}`] ?? {}).sort()).toEqual(['get', 'post']);
      expect(Object.keys(paths[`/api/${entity}/{id}`] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
      expect(paths[`/api/${entity}`]?.post?.requestBody).toBeDefined();
      expect(paths[`/api/${entity}/{id}`]?.patch?.responses).toHaveProperty('404');
    }
    const filters = (paths['/api/performances']?.get?.parameters ?? []) as { name: string }[];
    expect(filters.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'productionId', 'hallId', 'unitId', 'genre', 'audience', 'status', 'q', 'limit', 'offset']));
    expect(Object.keys(paths['/api/house'] ?? {}).sort()).toEqual(['get', 'patch']);
  });
});
