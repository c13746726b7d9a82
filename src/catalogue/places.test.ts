import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import type { Hall, Unit, Venue } from './schemas/places.ts';
import type { ListResult } from './service/access.ts';
import { call, houseScope, seedPlaces } from './test-fixtures.ts';

const unknownId = '01936b2e-1e4a-7c3b-8a2f-0123456789ab';

describe('units, venues and halls API', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.as('owner');
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates a unit with a slug, renames it per language and deletes it', async () => {
    const created = await call<Unit>(t, owner, 'POST', '/api/units', { name: { de: 'Junge Bühne', en: 'Young stage' } });
    expect(created).toMatchObject({ status: 201, body: { slug: 'junge-buehne', name: { de: 'Junge Bühne', en: 'Young stage' } } });
    const again = await call<Unit>(t, owner, 'POST', '/api/units', { name: { de: 'Junge Bühne' } });
    expect(again.body.slug).toBe('junge-buehne-2');
    const renamed = await call<Unit>(t, owner, 'PATCH', `/api/units/${created.body.id}`, { name: { en: 'Young Stage' }, description: { de: 'Theater für alle ab 4' } });
    expect(renamed.body).toMatchObject({ name: { de: 'Junge Bühne', en: 'Young Stage' }, description: { de: 'Theater für alle ab 4', en: null } });
    expect((await call(t, owner, 'DELETE', `/api/units/${created.body.id}`)).status).toBe(204);
    expect((await call(t, owner, 'GET', `/api/units/${created.body.id}`)).status).toBe(404);
  });

  it('makes slugs from very long unit names that the API takes back unchanged', async () => {
    // Cut at a word boundary, the slug is 79 characters long: no room for "-2" without shortening.
    const name = { de: `Abteilung für ${'besonders '.repeat(6)}sehr junges Publikum` };
    const first = await call<Unit>(t, owner, 'POST', '/api/units', { name });
    const second = await call<Unit>(t, owner, 'POST', '/api/units', { name });
    const third = await call<Unit>(t, owner, 'POST', '/api/units', { name });
    const units = [first.body, second.body, third.body];
    expect(new Set(units.map((u) => u.slug)).size).toBe(3);
    for (const unit of units) {
      expect(unit.slug.length).toBeLessThanOrEqual(80);
      expect((await call(t, owner, 'PATCH', `/api/units/${unit.id}`, { slug: unit.slug, name: unit.name })).status).toBe(200);
    }
  });

  it('refuses to delete a unit that still has productions, or staff', async () => {
    const { young, museum } = await seedPlaces(t);
    await t.foyer.services.catalogue.createProduction(houseScope(t), { title: { de: 'Ritter Rost' }, unitId: young.id });
    expect(await call(t, owner, 'DELETE', `/api/units/${young.id}`)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    await t.foyer.services.auth.createStaff(t.house.id, {
      email: 'kuratorin@example.org',
      name: 'Kuratorin',
      role: 'unit_staff',
      unitId: museum.id,
      password: 'Vitrinen-und-Sockel-2026',
    });
    // A staff account still belongs to the unit: a clear 409, not a database error.
    expect(await call(t, owner, 'DELETE', `/api/units/${museum.id}`)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await call(t, owner, 'GET', `/api/units/${museum.id}`)).status).toBe(200);
  });

  it('keeps a venue’s fields and answers 409 when deleting a venue with halls', async () => {
    const venue = await call<Venue>(t, owner, 'POST', '/api/venues', {
      name: 'Kulturforum',
      street: 'Am Wall 1',
      postalCode: '12345',
      city: 'Musterstadt',
      country: 'de',
      latitude: 52.5,
      longitude: 13.4,
      directions: { de: 'Bus 7 bis Theaterplatz' },
    });
    expect(venue).toMatchObject({ status: 201, body: { country: 'DE', latitude: 52.5, directions: { de: 'Bus 7 bis Theaterplatz', en: null } } });
    const hall = await call<Hall>(t, owner, 'POST', '/api/halls', { venueId: venue.body.id, name: 'Saal 1', capacity: 400, accessibility: ['wheelchair', 'hearing_loop'] });
    expect(hall).toMatchObject({ status: 201, body: { venueName: 'Kulturforum', capacity: 400, accessibility: ['wheelchair', 'hearing_loop'] } });

    const refused = await call(t, owner, 'DELETE', `/api/venues/${venue.body.id}`);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await call(t, owner, 'DELETE', `/api/halls/${hall.body.id}`)).status).toBe(204);
    expect((await call(t, owner, 'DELETE', `/api/venues/${venue.body.id}`)).status).toBe(204);
  });

  it('refuses to delete a venue an exhibition is shown at', async () => {
    const venue = await t.foyer.services.catalogue.createVenue(houseScope(t), { name: 'Kunsthalle' });
    await t.foyer.services.catalogue.createProduction(houseScope(t), { title: { de: 'Farbe' }, kind: 'exhibition', runsFrom: '2026-10-01', runsUntil: '2026-12-31', venueId: venue.id });
    expect((await call(t, owner, 'DELETE', `/api/venues/${venue.id}`)).status).toBe(409);
  });

  it('lists halls by venue and pages with totals', async () => {
    const { venue } = await seedPlaces(t);
    const other = await t.foyer.services.catalogue.createVenue(houseScope(t), { name: 'Probebühne' });
    await t.foyer.services.catalogue.createHall(houseScope(t), { venueId: other.id, name: 'Probebühne 1', capacity: 40 });
    const all = await call<ListResult<Hall>>(t, owner, 'GET', '/api/halls?limit=2');
    expect(all.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(all.body.items.map((h) => h.name)).toEqual(['Probebühne 1', 'Großes Haus']);
    const ofVenue = await call<ListResult<Hall>>(t, owner, 'GET', `/api/halls?venueId=${venue.id}`);
    expect(ofVenue.body.items.map((h) => h.name)).toEqual(['Großes Haus', 'Studio']);
    const venues = await call<ListResult<Venue>>(t, owner, 'GET', '/api/venues?offset=1');
    expect(venues.body).toMatchObject({ total: 2, offset: 1 });
    expect(venues.body.items.map((v) => v.name)).toEqual(['Theater am Markt']);
    const units = await call<ListResult<Unit>>(t, owner, 'GET', '/api/units');
    expect(units.body.items.map((u) => u.name.de)).toEqual(['Junges Theater', 'Stadtmuseum']);
  });

  it('names the field: a hall in another house’s venue, a negative capacity', async () => {
    const other = await insertTestHouse(t.foyer);
    const foreign = await seedPlaces(t, other.id);
    const crossHouse = await call(t, owner, 'POST', '/api/halls', { venueId: foreign.venue.id, name: 'Saal', capacity: 100 });
    expect(crossHouse).toMatchObject({ status: 400, body: { error: { details: [{ field: 'venueId' }] } } });
    const { venue, studio } = await seedPlaces(t);
    const negative = await call(t, owner, 'POST', '/api/halls', { venueId: venue.id, name: 'Saal', capacity: -1 });
    expect(negative).toMatchObject({ status: 400, body: { error: { details: [{ field: 'body.capacity' }] } } });
    const moved = await call(t, owner, 'PATCH', `/api/halls/${studio.id}`, { venueId: foreign.venue.id });
    expect(moved).toMatchObject({ status: 400, body: { error: { details: [{ field: 'venueId' }] } } });
  });

  it('does not show or change another house’s places', async () => {
    const other = await insertTestHouse(t.foyer);
    const foreign = await seedPlaces(t, other.id);
    const mine = await call<ListResult<Venue>>(t, owner, 'GET', '/api/venues');
    expect(mine.body.total).toBe(0);
    expect((await call(t, owner, 'GET', `/api/halls/${foreign.bigHall.id}`)).status).toBe(404);
    expect((await call(t, owner, 'PATCH', `/api/venues/${foreign.venue.id}`, { name: 'Meins' })).status).toBe(404);
    expect((await call(t, owner, 'DELETE', `/api/units/${foreign.young.id}`)).status).toBe(404);
    expect((await call(t, owner, 'GET', `/api/units/${unknownId}`)).status).toBe(404);
  });

  it('lets unit staff read the house’s halls but not change them', async () => {
    const { young, bigHall, venue } = await seedPlaces(t);
    const youngStaff = await t.as('unit_staff', { unitId: young.id });
    expect((await call<ListResult<Hall>>(t, youngStaff, 'GET', '/api/halls')).body.total).toBe(2);
    expect((await call(t, youngStaff, 'PATCH', `/api/halls/${bigHall.id}`, { capacity: 10 })).status).toBe(403);
    expect((await call(t, youngStaff, 'POST', '/api/venues', { name: 'Garage' })).status).toBe(403);
    expect((await call(t, youngStaff, 'DELETE', `/api/venues/${venue.id}`)).status).toBe(403);
    expect((await call(t, youngStaff, 'POST', '/api/units', { name: { de: 'Eigene Einheit' } })).status).toBe(403);
  });
});
