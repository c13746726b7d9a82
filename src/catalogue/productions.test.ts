import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTestHouse, type TestApp, createTestApp } from '../core/testing/app.ts';
import type { Production } from './schemas/productions.ts';
import type { ListResult } from './service/access.ts';
import { call, houseScope, seedPlaces } from './test-fixtures.ts';

const unknownId = '01936b2e-1e4a-7c3b-8a2f-0123456789ab';

const zauberfloete = {
  title: { de: 'Die Zauberflöte', en: 'The Magic Flute' },
  description: { de: 'Eine Oper in zwei Aufzügen.', en: 'A singspiel about trials, friendship and a bird catcher.' },
  genres: ['opera'],
  tags: ['Mozart'],
  audience: 'families' as const,
  performers: [{ name: 'Anna Schäfer', role: 'Pamina' }],
};

describe('productions API', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.as('owner');
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates, reads, changes and deletes a production', async () => {
    const created = await call<Production>(t, owner, 'POST', '/api/productions', zauberfloete);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'die-zauberfloete', kind: 'staged', genres: ['opera'], audience: 'families', unitId: null });

    const read = await call<Production>(t, owner, 'GET', `/api/productions/${created.body.id}`);
    expect(read.body).toEqual(created.body);

    t.clock.advance(60_000);
    const changed = await call<Production>(t, owner, 'PATCH', `/api/productions/${created.body.id}`, { title: { en: 'Magic Flute' }, ageMin: 6 });
    expect(changed.status).toBe(200);
    expect(changed.body.title).toEqual({ de: 'Die Zauberflöte', en: 'Magic Flute' });
    expect(changed.body.ageMin).toBe(6);
    expect(changed.body.slug).toBe('die-zauberfloete');
    expect(changed.body.updatedAt > created.body.updatedAt).toBe(true);

    expect((await call(t, owner, 'DELETE', `/api/productions/${created.body.id}`)).status).toBe(204);
    expect((await call(t, owner, 'GET', `/api/productions/${created.body.id}`)).status).toBe(404);
  });

  it('gives a second production of the same title its own slug', async () => {
    const first = await call<Production>(t, owner, 'POST', '/api/productions', zauberfloete);
    const second = await call<Production>(t, owner, 'POST', '/api/productions', zauberfloete);
    expect([first.body.slug, second.body.slug]).toEqual(['die-zauberfloete', 'die-zauberfloete-2']);
    const taken = await call(t, owner, 'PATCH', `/api/productions/${second.body.id}`, { slug: 'die-zauberfloete' });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'conflict', details: [{ field: 'slug' }] } } });
  });

  it('makes slugs from very long titles that the API takes back unchanged, also for the second and third', async () => {
    // Cut at a word boundary, the slug is 79 characters long: no room for "-2" without shortening.
    const long = { title: { de: `Die ${'unendlich '.repeat(7)}lange Nacht` } };
    const made: Production[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await call<Production>(t, owner, 'POST', '/api/productions', long);
      expect(created.status).toBe(201);
      made.push(created.body);
    }
    const slugs = made.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(3);
    for (const slug of slugs) expect(slug.length).toBeLessThanOrEqual(80);
    expect(slugs[1]).toMatch(/[a-z]-2$/);
    expect(slugs[2]).toMatch(/[a-z]-3$/);
    for (const production of made) {
      // What the web app sends when a form is saved untouched.
      const resent = await call<Production>(t, owner, 'PATCH', `/api/productions/${production.id}`, { slug: production.slug, title: production.title });
      expect(resent.status).toBe(200);
    }
  });

  it('answers 404 for an unknown production and 400 for a malformed id', async () => {
    expect((await call(t, owner, 'GET', `/api/productions/${unknownId}`)).status).toBe(404);
    expect((await call(t, owner, 'PATCH', `/api/productions/${unknownId}`, { ageMin: 3 })).status).toBe(404);
    expect((await call(t, owner, 'DELETE', `/api/productions/${unknownId}`)).status).toBe(404);
    expect((await call(t, owner, 'GET', '/api/productions/not-an-id')).status).toBe(400);
  });

  it('names the field of invalid input and lists unknown genre codes', async () => {
    const genres = await call(t, owner, 'POST', '/api/productions', { title: { de: 'X' }, genres: ['opera', 'krimi', 'oper'] });
    expect(genres).toMatchObject({ status: 400, body: { error: { code: 'validation', details: [{ field: 'body.genres' }] } } });
    expect(JSON.stringify(genres.body)).toContain('krimi, oper');

    const run = await call(t, owner, 'POST', '/api/productions', { title: { de: 'Fotografie' }, kind: 'exhibition', runsFrom: '2026-10-01', runsUntil: '2026-09-01' });
    expect(run).toMatchObject({ status: 400, body: { error: { details: [{ field: 'runsUntil' }] } } });

    const hours = await call(t, owner, 'POST', '/api/productions', {
      title: { de: 'Fotografie' },
      kind: 'exhibition',
      runsFrom: '2026-10-01',
      runsUntil: '2027-01-31',
      openingHours: { weekly: { tue: [{ opens: '18:00', closes: '10:00' }] } },
    });
    expect(hours).toMatchObject({ status: 400, body: { error: { details: [{ field: 'openingHours.weekly.tue.0.closes' }] } } });

    const title = await call(t, owner, 'POST', '/api/productions', { title: { de: '' } });
    expect(title).toMatchObject({ status: 400, body: { error: { details: [{ field: 'body.title.de' }] } } });
  });

  it('keeps an exhibition with its run, venue and opening hours', async () => {
    const { venue } = await seedPlaces(t);
    const created = await call<Production>(t, owner, 'POST', '/api/productions', {
      title: { de: 'Licht und Schatten', en: 'Light and shadow' },
      kind: 'exhibition',
      genres: ['exhibition'],
      venueId: venue.id,
      runsFrom: '2026-10-01',
      runsUntil: '2027-01-31',
      openingHours: {
        weekly: { tue: [{ opens: '10:00', closes: '18:00' }], thu: [{ opens: '10:00', closes: '20:00' }] },
        exceptions: [{ date: '2026-12-24' }, { date: '2026-12-26', hours: [{ opens: '12:00', closes: '16:00' }] }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ venueId: venue.id, runsFrom: '2026-10-01', runsUntil: '2027-01-31' });
    expect(created.body.openingHours?.exceptions).toEqual([
      { date: '2026-12-24', closed: true, hours: [], note: null },
      { date: '2026-12-26', closed: false, hours: [{ opens: '12:00', closes: '16:00' }], note: null },
    ]);
  });

  it('refuses a unit or venue of another house, naming the field', async () => {
    const other = await insertTestHouse(t.foyer);
    const { young, venue } = await seedPlaces(t, other.id);
    const unit = await call(t, owner, 'POST', '/api/productions', { title: { de: 'X' }, unitId: young.id });
    expect(unit).toMatchObject({ status: 400, body: { error: { details: [{ field: 'unitId' }] } } });
    const place = await call(t, owner, 'POST', '/api/productions', { title: { de: 'X' }, kind: 'exhibition', runsFrom: '2026-10-01', runsUntil: '2026-10-02', venueId: venue.id });
    expect(place).toMatchObject({ status: 400, body: { error: { details: [{ field: 'venueId' }] } } });
  });

  it('needs catalogue:read to list and catalogue:write to create', async () => {
    expect((await call(t, {}, 'GET', '/api/productions')).status).toBe(401);
    const analyst = await t.as('analyst');
    expect((await call(t, analyst, 'GET', '/api/productions')).status).toBe(200);
    expect((await call(t, analyst, 'POST', '/api/productions', zauberfloete)).status).toBe(403);
  });
});

describe('production lists', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  let places: Awaited<ReturnType<typeof seedPlaces>>;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.as('owner');
    places = await seedPlaces(t);
    const { catalogue } = t.foyer.services;
    const scope = houseScope(t);
    await catalogue.createProduction(scope, zauberfloete);
    await catalogue.createProduction(scope, { title: { de: 'Faust I' }, genres: ['drama'], audience: 'adults', description: { en: 'Goethe’s tragedy of a scholar' } });
    await catalogue.createProduction(scope, { title: { de: 'Das Maerchen vom Fischer' }, genres: ['children_theatre'], audience: 'children', unitId: places.young.id });
    await catalogue.createProduction(scope, { title: { de: 'Ritter Rost' }, genres: ['children_theatre', 'musical'], audience: 'children', unitId: places.young.id });
    await catalogue.createProduction(scope, {
      title: { de: 'Stadtgeschichten' },
      kind: 'exhibition',
      genres: ['exhibition'],
      audience: 'adults',
      unitId: places.museum.id,
      runsFrom: '2026-09-01',
      runsUntil: '2027-03-31',
    });
  });
  afterEach(async () => {
    await t.close();
  });

  async function titles(query: string, headers = owner): Promise<string[]> {
    const response = await call<ListResult<Production>>(t, headers, 'GET', `/api/productions${query}`);
    expect(response.status).toBe(200);
    return response.body.items.map((p) => p.title.de);
  }

  it('lists by German title with totals for paging', async () => {
    const first = await call<ListResult<Production>>(t, owner, 'GET', '/api/productions?limit=2');
    expect(first.body).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.body.items.map((p) => p.title.de)).toEqual(['Das Maerchen vom Fischer', 'Die Zauberflöte']);
    const last = await call<ListResult<Production>>(t, owner, 'GET', '/api/productions?limit=2&offset=4');
    expect(last.body).toMatchObject({ total: 5, offset: 4 });
    expect(last.body.items.map((p) => p.title.de)).toEqual(['Stadtgeschichten']);
  });

  it('filters by kind, genre, audience and unit', async () => {
    expect(await titles('?kind=exhibition')).toEqual(['Stadtgeschichten']);
    expect(await titles('?genre=children_theatre')).toEqual(['Das Maerchen vom Fischer', 'Ritter Rost']);
    expect(await titles('?genre=musical')).toEqual(['Ritter Rost']);
    expect(await titles('?audience=adults')).toEqual(['Faust I', 'Stadtgeschichten']);
    expect(await titles(`?unitId=${places.museum.id}`)).toEqual(['Stadtgeschichten']);
    const unknown = await call(t, owner, 'GET', '/api/productions?genre=krimi');
    expect(unknown).toMatchObject({ status: 400, body: { error: { details: [{ field: 'querystring.genre' }] } } });
  });

  it('finds Zauberflöte by "zauberflote", by "Zauberfloete" and by an English word of its description', async () => {
    expect(await titles('?q=zauberflote')).toEqual(['Die Zauberflöte']);
    expect(await titles('?q=Zauberfloete')).toEqual(['Die Zauberflöte']);
    expect(await titles('?q=singspiel')).toEqual(['Die Zauberflöte']);
    expect(await titles('?q=bird%20catcher')).toEqual(['Die Zauberflöte']);
    expect(await titles('?q=sch%C3%A4fer')).toEqual(['Die Zauberflöte']);
  });

  it('finds "Maerchen" by "Märchen" and combines words', async () => {
    expect(await titles('?q=M%C3%A4rchen')).toEqual(['Das Maerchen vom Fischer']);
    expect(await titles('?q=tragedy%20goethe')).toEqual(['Faust I']);
    expect(await titles('?q=tragedy%20mozart')).toEqual([]);
  });

  it('does not list another house’s productions', async () => {
    const other = await insertTestHouse(t.foyer);
    const otherOwner = await t.as('owner', { houseId: other.id });
    expect(await titles('', otherOwner)).toEqual([]);
    const mine = await call<ListResult<Production>>(t, owner, 'GET', '/api/productions?q=faust');
    const id = mine.body.items[0]?.id ?? '';
    expect((await call(t, otherOwner, 'GET', `/api/productions/${id}`)).status).toBe(404);
    expect((await call(t, otherOwner, 'PATCH', `/api/productions/${id}`, { ageMin: 1 })).status).toBe(404);
    expect((await call(t, otherOwner, 'DELETE', `/api/productions/${id}`)).status).toBe(404);
    expect((await call(t, owner, 'GET', `/api/productions/${id}`)).status).toBe(200);
  });

  it('shows unit staff only their unit’s productions', async () => {
    const youngStaff = await t.as('unit_staff', { unitId: places.young.id });
    expect(await titles('', youngStaff)).toEqual(['Das Maerchen vom Fischer', 'Ritter Rost']);
    expect(await titles(`?unitId=${places.museum.id}`, youngStaff)).toEqual([]);
  });

  it('unit staff cannot edit another unit’s production', async () => {
    const youngStaff = await t.as('unit_staff', { unitId: places.young.id });
    const museum = await call<ListResult<Production>>(t, owner, 'GET', '/api/productions?kind=exhibition');
    const id = museum.body.items[0]?.id ?? '';
    expect((await call(t, youngStaff, 'GET', `/api/productions/${id}`)).status).toBe(404);
    expect((await call(t, youngStaff, 'PATCH', `/api/productions/${id}`, { title: { de: 'Übernommen' } })).status).toBe(404);
    expect((await call(t, youngStaff, 'DELETE', `/api/productions/${id}`)).status).toBe(404);
    const unchanged = await call<Production>(t, owner, 'GET', `/api/productions/${id}`);
    expect(unchanged.body.title.de).toBe('Stadtgeschichten');
  });

  it('puts a production created by unit staff into their unit and keeps it there', async () => {
    const youngStaff = await t.as('unit_staff', { unitId: places.young.id });
    const created = await call<Production>(t, youngStaff, 'POST', '/api/productions', { title: { de: 'Pünktchen und Anton' }, unitId: places.museum.id });
    expect(created.status).toBe(201);
    expect(created.body.unitId).toBe(places.young.id);
    const moved = await call(t, youngStaff, 'PATCH', `/api/productions/${created.body.id}`, { unitId: places.museum.id });
    expect(moved).toMatchObject({ status: 403, body: { error: { code: 'forbidden', details: [{ field: 'unitId' }] } } });
    const renamed = await call<Production>(t, youngStaff, 'PATCH', `/api/productions/${created.body.id}`, { subtitle: { de: 'nach Erich Kästner' } });
    expect(renamed.body.subtitle.de).toBe('nach Erich Kästner');
  });
});
