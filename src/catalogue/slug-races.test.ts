import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import type { House } from './schemas.ts';
import type { Unit } from './schemas/places.ts';
import type { Production } from './schemas/productions.ts';
import type * as houseStore from './store/houses.ts';
import type * as placeStore from './store/places.ts';
import type * as productionStore from './store/productions.ts';
import { call } from './test-fixtures.ts';

/*
 * Two requests can both look a slug up, find it free and write it: the unique constraint
 * then stops the second. The look-ups are made to miss here, as they would in that race,
 * so the write meets the constraint on either engine.
 */

const race = vi.hoisted(() => ({ on: false }));

vi.mock('./store/productions.ts', async (importOriginal) => {
  const real = await importOriginal<typeof productionStore>();
  return {
    ...real,
    findProductionBySlug: (...args: Parameters<typeof real.findProductionBySlug>) => (race.on ? Promise.resolve(undefined) : real.findProductionBySlug(...args)),
    productionSlugsLike: (...args: Parameters<typeof real.productionSlugsLike>) => (race.on ? Promise.resolve(new Set<string>()) : real.productionSlugsLike(...args)),
  };
});

vi.mock('./store/places.ts', async (importOriginal) => {
  const real = await importOriginal<typeof placeStore>();
  return {
    ...real,
    findUnitBySlug: (...args: Parameters<typeof real.findUnitBySlug>) => (race.on ? Promise.resolve(undefined) : real.findUnitBySlug(...args)),
    unitSlugsLike: (...args: Parameters<typeof real.unitSlugsLike>) => (race.on ? Promise.resolve(new Set<string>()) : real.unitSlugsLike(...args)),
  };
});

vi.mock('./store/houses.ts', async (importOriginal) => {
  const real = await importOriginal<typeof houseStore>();
  return {
    ...real,
    findHouseBySlug: (...args: Parameters<typeof real.findHouseBySlug>) => (race.on ? Promise.resolve(undefined) : real.findHouseBySlug(...args)),
    houseSlugsLike: (...args: Parameters<typeof real.houseSlugsLike>) => (race.on ? Promise.resolve(new Set<string>()) : real.houseSlugsLike(...args)),
  };
});

const slugTaken = { status: 409, body: { error: { code: 'conflict', details: [{ field: 'slug', message: 'taken' }] } } };

describe('a slug taken between the look-up and the write', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.as('owner');
    race.on = false;
  });
  afterEach(async () => {
    race.on = false;
    await t.close();
  });

  it('answers 409 naming the slug for a production, given or made from the title, created or changed', async () => {
    const faust = await call<Production>(t, owner, 'POST', '/api/productions', { title: { de: 'Faust' } });
    const other = await call<Production>(t, owner, 'POST', '/api/productions', { title: { de: 'Woyzeck' } });
    race.on = true;
    expect(await call(t, owner, 'POST', '/api/productions', { title: { de: 'Faust' } })).toMatchObject(slugTaken);
    expect(await call(t, owner, 'POST', '/api/productions', { title: { de: 'Faust II' }, slug: faust.body.slug })).toMatchObject(slugTaken);
    expect(await call(t, owner, 'PATCH', `/api/productions/${other.body.id}`, { slug: faust.body.slug })).toMatchObject(slugTaken);
  });

  it('answers 409 naming the slug for a unit, given or made from the name, created or changed', async () => {
    const young = await call<Unit>(t, owner, 'POST', '/api/units', { name: { de: 'Junges Theater' } });
    const museum = await call<Unit>(t, owner, 'POST', '/api/units', { name: { de: 'Museum' } });
    race.on = true;
    expect(await call(t, owner, 'POST', '/api/units', { name: { de: 'Junges Theater' } })).toMatchObject(slugTaken);
    expect(await call(t, owner, 'POST', '/api/units', { name: { de: 'Jugend' }, slug: young.body.slug })).toMatchObject(slugTaken);
    expect(await call(t, owner, 'PATCH', `/api/units/${museum.body.id}`, { slug: young.body.slug })).toMatchObject(slugTaken);
  });

  it('answers 409 naming the slug for a house', async () => {
    const { catalogue } = t.foyer.services;
    const other: House = await catalogue.createHouse({ name: 'Stadttheater' });
    race.on = true;
    await expect(catalogue.createHouse({ name: 'Stadttheater' })).rejects.toMatchObject({ code: 'conflict', details: [{ field: 'slug' }] });
    expect(await call(t, owner, 'PATCH', '/api/house', { slug: other.slug })).toMatchObject(slugTaken);
  });
});
