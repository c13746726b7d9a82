import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import type { Performance } from './schemas/performances.ts';
import type { PriceCategory } from './schemas/price-categories.ts';
import type { Production } from './schemas/productions.ts';
import type { ListResult } from './service/access.ts';
import { call, houseScope, seedPlaces } from './test-fixtures.ts';

describe('price categories API', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  let places: Awaited<ReturnType<typeof seedPlaces>>;
  let opera: Production;
  let fisher: Production;
  let premiere: Performance;

  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.as('owner');
    places = await seedPlaces(t);
    const { catalogue } = t.foyer.services;
    const scope = houseScope(t);
    opera = await catalogue.createProduction(scope, { title: { de: 'Carmen' }, genres: ['opera'] });
    fisher = await catalogue.createProduction(scope, { title: { de: 'Vom Fischer und seiner Frau' }, unitId: places.young.id });
    premiere = await catalogue.createPerformance(scope, { productionId: opera.id, startsAt: '2026-11-28T18:00:00Z', hallId: places.bigHall.id });
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates a category with reduced tariffs in the house’s currency, changes and deletes it', async () => {
    const created = await call<PriceCategory>(t, owner, 'POST', '/api/price-categories', {
      productionId: opera.id,
      code: 'PK1',
      name: { de: 'Preiskategorie 1', en: 'Price category 1' },
      amountMinor: 5900,
      quota: 300,
      reductions: [
        { code: 'STUD', nameDe: 'Studierende', nameEn: 'Students', amountMinor: 1500, eligible: ['students'] },
        { code: 'SEN', nameDe: 'Senioren', amountMinor: 4900 },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      currency: 'EUR',
      performanceId: null,
      quota: 300,
      reductions: [
        { code: 'STUD', nameEn: 'Students', amountMinor: 1500, eligible: ['students'] },
        { code: 'SEN', nameEn: null, amountMinor: 4900, eligible: [] },
      ],
    });
    const changed = await call<PriceCategory>(t, owner, 'PATCH', `/api/price-categories/${created.body.id}`, { amountMinor: 6400, name: { en: 'Category 1' } });
    expect(changed.body).toMatchObject({ amountMinor: 6400, name: { de: 'Preiskategorie 1', en: 'Category 1' }, reductions: [{ code: 'STUD' }, { code: 'SEN' }] });
    expect((await call(t, owner, 'DELETE', `/api/price-categories/${created.body.id}`)).status).toBe(204);
    expect((await call(t, owner, 'GET', `/api/price-categories/${created.body.id}`)).status).toBe(404);
  });

  it('names the field: another currency, a reduction above the price, a performance of another production', async () => {
    const currency = await call(t, owner, 'POST', '/api/price-categories', { productionId: opera.id, name: { de: 'A' }, amountMinor: 1000, currency: 'CHF' });
    expect(currency).toMatchObject({ status: 400, body: { error: { details: [{ field: 'currency' }] } } });
    const reduction = await call(t, owner, 'POST', '/api/price-categories', {
      productionId: opera.id,
      name: { de: 'A' },
      amountMinor: 1000,
      reductions: [{ code: 'R', nameDe: 'Ermäßigt', amountMinor: 1200 }],
    });
    expect(reduction).toMatchObject({ status: 400, body: { error: { details: [{ field: 'reductions.0.amountMinor' }] } } });
    const performance = await call(t, owner, 'POST', '/api/price-categories', { productionId: fisher.id, performanceId: premiere.id, name: { de: 'A' }, amountMinor: 1000 });
    expect(performance).toMatchObject({ status: 400, body: { error: { details: [{ field: 'performanceId' }] } } });
    const fraction = await call(t, owner, 'POST', '/api/price-categories', { productionId: opera.id, name: { de: 'A' }, amountMinor: 10.5 });
    expect(fraction).toMatchObject({ status: 400, body: { error: { details: [{ field: 'body.amountMinor' }] } } });
  });

  it('makes a code from a very long name that the API takes back unchanged', async () => {
    const name = { de: 'Premiere mit anschließendem Empfang im Foyer und Gespräch mit dem Ensemble' };
    const created = await call<PriceCategory>(t, owner, 'POST', '/api/price-categories', { productionId: opera.id, name, amountMinor: 9900 });
    expect(created.status).toBe(201);
    expect(created.body.code).toBe('premiere-mit-anschliessendem-empfang-im');
    const resent = await call(t, owner, 'PATCH', `/api/price-categories/${created.body.id}`, { code: created.body.code, name, amountMinor: 9900 });
    expect(resent.status).toBe(200);
  });

  it('refuses a second category with the same code for the same performances', async () => {
    const body = { productionId: opera.id, code: 'PK1', name: { de: 'PK 1' }, amountMinor: 1000 };
    expect((await call(t, owner, 'POST', '/api/price-categories', body)).status).toBe(201);
    expect(await call(t, owner, 'POST', '/api/price-categories', body)).toMatchObject({ status: 409, body: { error: { details: [{ field: 'code' }] } } });
    expect((await call(t, owner, 'POST', '/api/price-categories', { ...body, performanceId: premiere.id })).status).toBe(201);
  });

  it('lists by production and by performance', async () => {
    const { catalogue } = t.foyer.services;
    const scope = houseScope(t);
    await catalogue.createPriceCategory(scope, { productionId: opera.id, code: 'PK2', name: { de: 'PK 2' }, amountMinor: 3900, sortOrder: 2 });
    await catalogue.createPriceCategory(scope, { productionId: opera.id, code: 'PK1', name: { de: 'PK 1' }, amountMinor: 5900, sortOrder: 1 });
    await catalogue.createPriceCategory(scope, { productionId: opera.id, performanceId: premiere.id, code: 'PREMIERE', name: { de: 'Premiere' }, amountMinor: 7900 });
    await catalogue.createPriceCategory(scope, { productionId: fisher.id, code: 'KIND', name: { de: 'Kinder' }, amountMinor: 800 });
    const ofOpera = await call<ListResult<PriceCategory>>(t, owner, 'GET', `/api/price-categories?productionId=${opera.id}`);
    expect(ofOpera.body.total).toBe(3);
    expect(ofOpera.body.items.map((c) => c.code)).toEqual(['PREMIERE', 'PK1', 'PK2']);
    const ofPremiere = await call<ListResult<PriceCategory>>(t, owner, 'GET', `/api/price-categories?performanceId=${premiere.id}`);
    expect(ofPremiere.body.items.map((c) => c.code)).toEqual(['PREMIERE']);
    const paged = await call<ListResult<PriceCategory>>(t, owner, 'GET', '/api/price-categories?limit=1&offset=3');
    expect(paged.body).toMatchObject({ total: 4, limit: 1, offset: 3 });
  });

  it('moves a performance’s own categories along when the performance moves to another production', async () => {
    const { catalogue } = t.foyer.services;
    const scope = houseScope(t);
    const own = await catalogue.createPriceCategory(scope, { productionId: opera.id, performanceId: premiere.id, code: 'PREMIERE', name: { de: 'Premiere' }, amountMinor: 7900 });
    const wide = await catalogue.createPriceCategory(scope, { productionId: opera.id, code: 'PK1', name: { de: 'PK 1' }, amountMinor: 5900 });
    t.clock.advance(60_000);
    expect((await call(t, owner, 'PATCH', `/api/performances/${premiere.id}`, { productionId: fisher.id })).status).toBe(200);

    const moved = await call<PriceCategory>(t, owner, 'GET', `/api/price-categories/${own.id}`);
    expect(moved.body).toMatchObject({ productionId: fisher.id, performanceId: premiere.id });
    expect(moved.body.updatedAt > own.updatedAt).toBe(true);
    expect((await call<PriceCategory>(t, owner, 'GET', `/api/price-categories/${wide.id}`)).body.productionId).toBe(opera.id);
    const ofFisher = await call<ListResult<PriceCategory>>(t, owner, 'GET', `/api/price-categories?productionId=${fisher.id}`);
    expect(ofFisher.body.items.map((c) => c.code)).toEqual(['PREMIERE']);
    // Still consistent, so it can be edited as before.
    expect((await call(t, owner, 'PATCH', `/api/price-categories/${own.id}`, { amountMinor: 6900 })).status).toBe(200);
  });

  it('keeps unit staff to their unit’s prices and other houses out', async () => {
    const { catalogue } = t.foyer.services;
    const operaPrice = await catalogue.createPriceCategory(houseScope(t), { productionId: opera.id, name: { de: 'PK 1' }, amountMinor: 5900 });
    await catalogue.createPriceCategory(houseScope(t), { productionId: fisher.id, name: { de: 'Kinder' }, amountMinor: 800 });
    const youngStaff = await t.as('unit_staff', { unitId: places.young.id });
    const visible = await call<ListResult<PriceCategory>>(t, youngStaff, 'GET', '/api/price-categories');
    expect(visible.body.items.map((c) => c.name.de)).toEqual(['Kinder']);
    expect((await call(t, youngStaff, 'PATCH', `/api/price-categories/${operaPrice.id}`, { amountMinor: 1 })).status).toBe(404);
    const intoOpera = await call(t, youngStaff, 'POST', '/api/price-categories', { productionId: opera.id, name: { de: 'Billig' }, amountMinor: 1 });
    expect(intoOpera).toMatchObject({ status: 400, body: { error: { details: [{ field: 'productionId' }] } } });

    const other = await insertTestHouse(t.foyer);
    const otherOwner = await t.as('owner', { houseId: other.id });
    expect((await call<ListResult<PriceCategory>>(t, otherOwner, 'GET', '/api/price-categories')).body.total).toBe(0);
    expect((await call(t, otherOwner, 'DELETE', `/api/price-categories/${operaPrice.id}`)).status).toBe(404);
    expect((await call(t, owner, 'GET', `/api/price-categories/${operaPrice.id}`)).status).toBe(200);
  });
});
