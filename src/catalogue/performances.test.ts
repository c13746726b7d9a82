import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import type { Performance } from './schemas/performances.ts';
import type { Production } from './schemas/productions.ts';
import type { ListResult } from './service/access.ts';
import { call, houseScope, seedPlaces } from './test-fixtures.ts';

const unknownId = '01936b2e-1e4a-7c3b-8a2f-0123456789ab';

describe('performances API', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  let places: Awaited<ReturnType<typeof seedPlaces>>;
  let flute: Production;
  let fisher: Production;
  let faust: Production;

  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.as('owner');
    places = await seedPlaces(t);
    const { catalogue } = t.foyer.services;
    const scope = houseScope(t);
    flute = await catalogue.createProduction(scope, {
      title: { de: 'Die Zauberflöte', en: 'The Magic Flute' },
      description: { en: 'A singspiel about trials and a bird catcher.' },
      genres: ['opera'],
      audience: 'families',
    });
    fisher = await catalogue.createProduction(scope, {
      title: { de: 'Vom Fischer und seiner Frau' },
      genres: ['children_theatre'],
      audience: 'children',
      unitId: places.young.id,
    });
    faust = await catalogue.createProduction(scope, { title: { de: 'Faust I' }, genres: ['drama'] });
    // Berlin is UTC+1 in December: 19:30 local is 18:30Z.
    const shows: [Production, string, string | null, 'scheduled' | 'cancelled' | 'sold_out'][] = [
      [flute, '2026-12-01T18:30:00.000Z', places.bigHall.id, 'scheduled'],
      [fisher, '2026-12-02T09:00:00.000Z', places.studio.id, 'scheduled'],
      [faust, '2026-12-02T18:00:00.000Z', places.bigHall.id, 'cancelled'],
      [flute, '2026-12-05T18:30:00.000Z', places.bigHall.id, 'sold_out'],
      [fisher, '2026-12-31T23:30:00.000Z', null, 'scheduled'],
    ];
    for (const [production, startsAt, hallId, status] of shows) {
      await catalogue.createPerformance(scope, { productionId: production.id, startsAt, hallId, status });
    }
  });
  afterEach(async () => {
    await t.close();
  });

  async function list(query: string, headers = owner): Promise<ListResult<Performance>> {
    const response = await call<ListResult<Performance>>(t, headers, 'GET', `/api/performances${query}`);
    expect(response.status).toBe(200);
    return response.body;
  }
  const starts = async (query: string, headers = owner) => (await list(query, headers)).items.map((p) => p.startsAt.slice(0, 16));

  it('lists by start with production titles, genres, unit, hall name and effective capacity', async () => {
    const page = await list('');
    expect(page.total).toBe(5);
    expect(page.items.map((p) => p.startsAt)).toEqual([...page.items.map((p) => p.startsAt)].sort());
    expect(page.items[0]).toMatchObject({
      startsAt: '2026-12-01T18:30:00.000Z',
      status: 'scheduled',
      capacity: null,
      effectiveCapacity: 720,
      production: { id: flute.id, title: { de: 'Die Zauberflöte', en: 'The Magic Flute' }, genres: ['opera'], unitId: null },
      hall: { id: places.bigHall.id, name: 'Großes Haus', venueName: 'Theater am Markt' },
    });
    expect(page.items[1]?.production.unitId).toBe(places.young.id);
    expect(page.items[4]).toMatchObject({ hall: null, effectiveCapacity: null });
  });

  it('pages with a total', async () => {
    const second = await list('?limit=2&offset=2');
    expect(second).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(second.items.map((p) => p.startsAt.slice(0, 10))).toEqual(['2026-12-02', '2026-12-05']);
  });

  it('filters by time: instants, and dates read in the house’s zone', async () => {
    expect(await starts('?from=2026-12-02T00:00:00Z&to=2026-12-05T00:00:00Z')).toEqual(['2026-12-02T09:00', '2026-12-02T18:00']);
    // 2027-01-01 00:30 in Berlin is still "31 December" in UTC: the date filter follows the house.
    expect(await starts('?from=2027-01-01')).toEqual(['2026-12-31T23:30']);
    expect(await starts('?to=2026-12-01')).toEqual(['2026-12-01T18:30']);
  });

  it('filters by production, hall, unit, genre, audience and status', async () => {
    expect(await starts(`?productionId=${flute.id}`)).toEqual(['2026-12-01T18:30', '2026-12-05T18:30']);
    expect(await starts(`?hallId=${places.studio.id}`)).toEqual(['2026-12-02T09:00']);
    expect(await starts(`?unitId=${places.young.id}`)).toEqual(['2026-12-02T09:00', '2026-12-31T23:30']);
    expect(await starts('?genre=drama')).toEqual(['2026-12-02T18:00']);
    expect(await starts('?audience=families')).toEqual(['2026-12-01T18:30', '2026-12-05T18:30']);
    expect(await starts('?status=sold_out')).toEqual(['2026-12-05T18:30']);
    expect(await starts('?status=cancelled&genre=opera')).toEqual([]);
  });

  it('finds performances by free text in German and English', async () => {
    expect(await starts('?q=zauberflote')).toEqual(['2026-12-01T18:30', '2026-12-05T18:30']);
    expect(await starts('?q=bird')).toEqual(['2026-12-01T18:30', '2026-12-05T18:30']);
    expect(await starts('?q=fischer&from=2026-12-10')).toEqual(['2026-12-31T23:30']);
  });

  it('creates with the hall’s capacity, overrides it, reschedules and deletes', async () => {
    const created = await call<Performance>(t, owner, 'POST', '/api/performances', {
      productionId: faust.id,
      hallId: places.studio.id,
      startsAt: '2027-02-01T19:30:00+01:00',
      endsAt: '2027-02-01T22:00:00+01:00',
      note: { de: 'Mit Einführung', en: 'With an introduction' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ startsAt: '2027-02-01T18:30:00.000Z', endsAt: '2027-02-01T21:00:00.000Z', capacity: null, effectiveCapacity: 99, status: 'scheduled' });

    const moved = await call<Performance>(t, owner, 'PATCH', `/api/performances/${created.body.id}`, {
      startsAt: '2027-02-08T18:30:00Z',
      endsAt: '2027-02-08T21:00:00Z',
      status: 'rescheduled',
      rescheduledFrom: created.body.startsAt,
      capacity: 80,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'rescheduled', rescheduledFrom: '2027-02-01T18:30:00.000Z', capacity: 80, effectiveCapacity: 80, note: { de: 'Mit Einführung' } });

    expect((await call(t, owner, 'DELETE', `/api/performances/${created.body.id}`)).status).toBe(204);
    expect((await call(t, owner, 'GET', `/api/performances/${created.body.id}`)).status).toBe(404);
  });

  it('names the field: an end before the start, a hall or production of another house', async () => {
    const backwards = await call(t, owner, 'POST', '/api/performances', { productionId: faust.id, startsAt: '2027-02-01T19:30:00Z', endsAt: '2027-02-01T18:00:00Z' });
    expect(backwards).toMatchObject({ status: 400, body: { error: { code: 'validation', details: [{ field: 'endsAt' }] } } });
    const noOffset = await call(t, owner, 'POST', '/api/performances', { productionId: faust.id, startsAt: '2027-02-01 19:30' });
    expect(noOffset).toMatchObject({ status: 400, body: { error: { details: [{ field: 'body.startsAt' }] } } });

    const other = await insertTestHouse(t.foyer);
    const elsewhere = await seedPlaces(t, other.id);
    const foreignHall = await call(t, owner, 'POST', '/api/performances', { productionId: faust.id, startsAt: '2027-02-01T19:30:00Z', hallId: elsewhere.bigHall.id });
    expect(foreignHall).toMatchObject({ status: 400, body: { error: { details: [{ field: 'hallId' }] } } });
    const otherOwner = await t.as('owner', { houseId: other.id });
    const foreignProduction = await call(t, otherOwner, 'POST', '/api/performances', { productionId: faust.id, startsAt: '2027-02-01T19:30:00Z' });
    expect(foreignProduction).toMatchObject({ status: 400, body: { error: { details: [{ field: 'productionId' }] } } });
    expect((await call(t, owner, 'GET', `/api/performances/${unknownId}`)).status).toBe(404);
  });

  it('does not list another house’s performances', async () => {
    const other = await insertTestHouse(t.foyer);
    const otherOwner = await t.as('owner', { houseId: other.id });
    expect((await list('', otherOwner)).total).toBe(0);
    const id = (await list('')).items[0]?.id ?? '';
    expect((await call(t, otherOwner, 'GET', `/api/performances/${id}`)).status).toBe(404);
    expect((await call(t, otherOwner, 'DELETE', `/api/performances/${id}`)).status).toBe(404);
  });

  it('gives unit staff only their unit’s performances, to read and to write', async () => {
    const youngStaff = await t.as('unit_staff', { unitId: places.young.id });
    expect(await starts('', youngStaff)).toEqual(['2026-12-02T09:00', '2026-12-31T23:30']);
    const fluteShow = (await list(`?productionId=${flute.id}`)).items[0]?.id ?? '';
    expect((await call(t, youngStaff, 'PATCH', `/api/performances/${fluteShow}`, { status: 'cancelled' })).status).toBe(404);
    expect((await call(t, youngStaff, 'DELETE', `/api/performances/${fluteShow}`)).status).toBe(404);
    const intoFlute = await call(t, youngStaff, 'POST', '/api/performances', { productionId: flute.id, startsAt: '2027-03-01T10:00:00Z' });
    expect(intoFlute).toMatchObject({ status: 400, body: { error: { details: [{ field: 'productionId' }] } } });
    const own = await call<Performance>(t, youngStaff, 'POST', '/api/performances', { productionId: fisher.id, startsAt: '2027-03-01T10:00:00Z', hallId: places.studio.id });
    expect(own.status).toBe(201);
    const stolen = await call(t, youngStaff, 'PATCH', `/api/performances/${own.body.id}`, { productionId: flute.id });
    expect(stolen).toMatchObject({ status: 400, body: { error: { details: [{ field: 'productionId' }] } } });
    expect((await list(`?productionId=${flute.id}`)).items.map((p) => p.status)).toEqual(['scheduled', 'sold_out']);
  });

  it('refuses to delete a hall that performances use, with a 409', async () => {
    const response = await call(t, owner, 'DELETE', `/api/halls/${places.bigHall.id}`);
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await call(t, owner, 'GET', `/api/halls/${places.bigHall.id}`)).status).toBe(200);
  });

  it('deletes a production’s performances with it', async () => {
    expect((await call(t, owner, 'DELETE', `/api/productions/${flute.id}`)).status).toBe(204);
    expect((await list('')).total).toBe(3);
  });
});
