import { gunzipSync } from 'node:zlib';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp, type TestHouse } from '../../core/testing/app.ts';
import { parseJsonLd } from '../import/jsonld.ts';
import { programmeSchema, publicHouseSchema } from './routes.ts';
import { insertPerformance, insertPrice, insertProduction, insertUnit, insertVenueWithHall } from './testing.ts';

interface Seeded {
  faust: string;
  hotzenplotz: string;
  exhibition: string;
  faustOct24: string;
  faustOct25: string;
  faustCancelled: string;
  faustPast: string;
  hotzenplotzOct25: string;
  hotzenplotzMoved: string;
  otherHouse: TestHouse;
  otherPerformance: string;
}

/**
 * A theatre in Europe/Berlin with a young-audience unit, a museum-style exhibition and
 * performances on both sides of the change from summer to winter time (25 Oct 2026,
 * 03:00 CEST -> 02:00 CET), plus a second house that must never leak in.
 */
async function seed(t: TestApp): Promise<Seeded> {
  const db = t.foyer.database.db;
  const at = t.clock.now();
  const houseId = t.house.id;
  await db.updateTable('house').set({ updated_at: at.toISOString() }).where('id', '=', houseId).execute();
  const { hallId, venueId } = await insertVenueWithHall(db, houseId, at);
  const unitId = await insertUnit(db, houseId, at, { slug: 'junges-theater', nameDe: 'Junges Theater', nameEn: 'Young Theatre' });
  const faust = await insertProduction(db, houseId, at, {
    slug: 'faust',
    titleDe: 'Faust. Der Tragödie erster Teil',
    titleEn: 'Faust, Part One',
    subtitleDe: 'Von Johann Wolfgang von Goethe',
    descriptionDe: 'Faust schließt einen Pakt, und die Bühne brennt.',
    descriptionEn: 'Faust makes a pact, and the stage burns.',
    genres: ['drama'],
    durationMinutes: 150,
    performers: [{ name: 'Anna Berger', role: 'Gretchen' }],
    imageUrl: 'https://example.org/faust.jpg',
    bookingUrl: 'https://tickets.example.org/faust',
  });
  const hotzenplotz = await insertProduction(db, houseId, at, {
    slug: 'hotzenplotz',
    titleDe: 'Der Räuber Hotzenplotz',
    titleEn: 'The Robber Hotzenplotz',
    genres: ['children_theatre'],
    audience: 'families',
    ageMin: 6,
    ageMax: 10,
    durationMinutes: 75,
    unitId,
  });
  const exhibition = await insertProduction(db, houseId, at, {
    slug: 'licht-und-schatten',
    titleDe: 'Licht und Schatten',
    titleEn: 'Light and Shadow',
    kind: 'exhibition',
    genres: ['exhibition'],
    venueId,
    runsFrom: '2026-09-10',
    runsUntil: '2026-12-31',
  });
  await insertPrice(db, houseId, at, { productionId: faust, code: 'A', nameDe: 'Parkett', amountMinor: 4500 });
  await insertPrice(db, houseId, at, { productionId: faust, code: 'B', nameDe: 'Rang', amountMinor: 1800, sortOrder: 1 });
  await insertPrice(db, houseId, at, { productionId: hotzenplotz, code: 'F', nameDe: 'Freier Eintritt', amountMinor: 0 });
  await insertPrice(db, houseId, at, { productionId: exhibition, code: 'E', nameDe: 'Eintritt', amountMinor: 800 });

  const faustOct24 = await insertPerformance(db, houseId, at, { productionId: faust, hallId, startsAt: '2026-10-24T17:30:00Z' });
  const faustOct25 = await insertPerformance(db, houseId, at, { productionId: faust, hallId, startsAt: '2026-10-25T18:30:00Z' });
  const faustCancelled = await insertPerformance(db, houseId, at, { productionId: faust, hallId, startsAt: '2026-10-31T18:30:00Z', status: 'cancelled' });
  const faustPast = await insertPerformance(db, houseId, at, { productionId: faust, hallId, startsAt: '2026-08-15T17:30:00Z' });
  const hotzenplotzOct25 = await insertPerformance(db, houseId, at, { productionId: hotzenplotz, hallId, startsAt: '2026-10-25T14:00:00Z' });
  const hotzenplotzMoved = await insertPerformance(db, houseId, at, {
    productionId: hotzenplotz,
    hallId,
    startsAt: '2026-11-08T14:00:00Z',
    status: 'rescheduled',
    rescheduledFrom: '2026-11-01T14:00:00Z',
  });

  const otherHouse = await insertTestHouse(t.foyer, { name: 'Nachbartheater' });
  const other = await insertProduction(db, otherHouse.id, at, { slug: 'faust', titleDe: 'Fremder Faust', genres: ['drama'] });
  const otherPerformance = await insertPerformance(db, otherHouse.id, at, { productionId: other, startsAt: '2026-10-24T18:00:00Z' });
  return {
    faust,
    hotzenplotz,
    exhibition,
    faustOct24,
    faustOct25,
    faustCancelled,
    faustPast,
    hotzenplotzOct25,
    hotzenplotzMoved,
    otherHouse,
    otherPerformance,
  };
}

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // Only the VTIMEZONE in the feed itself tells ical.js what Europe/Berlin is.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      status: String(component.getFirstPropertyValue('status')),
      start: event.startDate,
      end: event.endDate,
      tzid: component.getFirstProperty('dtstart')?.getParameter('tzid'),
    };
  });
  return { calendar, events };
}

describe('public programme', () => {
  let t: TestApp;
  let s: Seeded;
  let base: string;

  beforeEach(async () => {
    t = await createTestApp();
    s = await seed(t);
    base = `/public/houses/${t.house.slug}`;
  });
  afterEach(async () => {
    await t.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.foyer.http.inject({ method: 'GET', url, headers });

  describe('JSON programme', () => {
    it('lists the coming performances with texts in both languages, hall, venue, price from and booking link', async () => {
      const response = await get(`${base}/programme`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = programmeSchema.parse(response.json());
      expect(body.items.map((item) => item.id)).toEqual([s.faustOct24, s.hotzenplotzOct25, s.faustOct25, s.faustCancelled, s.hotzenplotzMoved]);
      expect(body.total).toBe(5);
      const first = body.items[0];
      expect(first).toMatchObject({
        productionId: s.faust,
        startsAt: '2026-10-24T17:30:00.000Z',
        endsAt: '2026-10-24T20:00:00.000Z',
        localStart: '2026-10-24T19:30:00+02:00',
        status: 'scheduled',
        hall: 'Großes Haus',
        priceFrom: { amountMinor: 1800, currency: 'EUR' },
        free: false,
        bookingUrl: 'https://tickets.example.org/faust',
      });
      expect(body.items[2]?.localStart).toBe('2026-10-25T19:30:00+01:00');
      expect(body.items[1]).toMatchObject({ productionId: s.hotzenplotz, free: true });
      // Each production and venue comes once, however many performances point to it.
      expect(body.productions.map((p) => p.id)).toEqual([s.faust, s.hotzenplotz]);
      expect(body.productions[0]).toMatchObject({
        slug: 'faust',
        title: { de: 'Faust. Der Tragödie erster Teil', en: 'Faust, Part One' },
        description: { de: 'Faust schließt einen Pakt, und die Bühne brennt.', en: 'Faust makes a pact, and the stage burns.' },
        genres: [{ code: 'drama', de: 'Schauspiel', en: 'Drama' }],
        audience: 'adults',
      });
      expect(body.productions[1]).toMatchObject({ unit: { slug: 'junges-theater', name: { de: 'Junges Theater', en: 'Young Theatre' } } });
      expect(body.venues).toEqual([expect.objectContaining({ id: first?.venueId, name: 'Stadttheater', street: 'Theaterplatz 1', city: 'Musterstadt' })]);
      expect(body.exhibitions.map((e) => e.slug)).toEqual(['licht-und-schatten']);
      expect(body.exhibitions[0]).toMatchObject({ runsFrom: '2026-09-10', runsUntil: '2026-12-31', priceFrom: { amountMinor: 800 } });
    });

    it('filters by genre, audience, unit, free text, production and date range, and pages', async () => {
      const ids = async (query: string) => programmeSchema.parse((await get(`${base}/programme?${query}`)).json()).items.map((i) => i.id);
      expect(await ids('genre=children_theatre')).toEqual([s.hotzenplotzOct25, s.hotzenplotzMoved]);
      expect(await ids('genre=children_theatre,drama')).toHaveLength(5);
      expect(await ids('audience=families')).toEqual([s.hotzenplotzOct25, s.hotzenplotzMoved]);
      expect(await ids('unit=junges-theater')).toEqual([s.hotzenplotzOct25, s.hotzenplotzMoved]);
      expect(await ids('q=Rauber')).toEqual([s.hotzenplotzOct25, s.hotzenplotzMoved]);
      expect(await ids('q=robber')).toEqual([s.hotzenplotzOct25, s.hotzenplotzMoved]);
      expect(await ids(`productionId=${s.faust}`)).toEqual([s.faustOct24, s.faustOct25, s.faustCancelled]);
      // A date is a whole day in the house's zone: the 25th ends at midnight CET.
      expect(await ids('from=2026-10-25&to=2026-10-25')).toEqual([s.hotzenplotzOct25, s.faustOct25]);
      expect(await ids('from=2026-08-01&to=2026-08-31')).toEqual([s.faustPast]);
      const page = programmeSchema.parse((await get(`${base}/programme?limit=2&offset=2`)).json());
      expect(page).toMatchObject({ total: 5, limit: 2, offset: 2 });
      expect(page.items.map((i) => i.id)).toEqual([s.faustOct25, s.faustCancelled]);
    });

    it('shows what is on from now on: a performance that has started is gone', async () => {
      t.clock.set('2026-10-24T17:31:00Z');
      const body = programmeSchema.parse((await get(`${base}/programme`)).json());
      expect(body.items.map((i) => i.id)).not.toContain(s.faustOct24);
      expect(body.items[0]?.id).toBe(s.hotzenplotzOct25);
    });

    it('answers a wrong filter with a 400 that names the field', async () => {
      const response = await get(`${base}/programme?genre=tragicomedy`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation', details: [{ field: 'genre' }] } });
      const limit = await get(`${base}/programme?limit=5000`);
      expect(limit.statusCode).toBe(400);
      expect(limit.json().error.details[0].field).toContain('limit');
    });

    it('describes the house with its units, venues and feed links', async () => {
      const response = await get(base);
      expect(response.statusCode).toBe(200);
      const body = publicHouseSchema.parse(response.json());
      expect(body).toMatchObject({ slug: t.house.slug, timeZone: 'Europe/Berlin', units: [{ slug: 'junges-theater' }], venues: [{ name: 'Stadttheater', halls: ['Großes Haus'] }] });
      expect(body.links.calendar).toMatch(new RegExp(`/public/houses/${t.house.slug}/calendar\\.ics$`));
    });
  });

  describe('isolation and unknown names', () => {
    it("never shows another house's performances, in any format", async () => {
      const programme = (await get(`${base}/programme?from=2026-01-01`)).body;
      const jsonld = (await get(`${base}/programme.jsonld?from=2026-01-01`)).body;
      const ics = (await get(`${base}/calendar.ics`)).body;
      for (const text of [programme, jsonld, ics]) {
        expect(text).toContain('Faust');
        expect(text).not.toContain('Fremder Faust');
        expect(text).not.toContain(s.otherPerformance);
      }
      const foreign = await get(`${base}/performances/${s.otherPerformance}.jsonld`);
      expect(foreign.statusCode).toBe(404);
      const theirs = programmeSchema.parse((await get(`/public/houses/${s.otherHouse.slug}/programme`)).json());
      expect(theirs.items.map((i) => i.id)).toEqual([s.otherPerformance]);
    });

    it('answers unknown houses, units, productions and performances with 404 in the error shape', async () => {
      for (const url of [
        '/public/houses/no-such-house/programme',
        '/public/houses/no-such-house',
        '/public/houses/no-such-house/calendar.ics',
        `${base}/units/no-such-unit/calendar.ics`,
        `${base}/productions/no-such-production/calendar.ics`,
        `${base}/performances/0190a000-0000-7000-8000-000000000000.jsonld`,
      ]) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.json(), url).toMatchObject({ error: { code: 'not_found', message: expect.any(String), details: [] } });
        expect(response.headers['access-control-allow-origin'], url).toBe('*');
      }
    });
  });

  describe('caching', () => {
    it('answers 304 to a matching ETag and gives a new ETag after a performance changes', async () => {
      // A fixed window: the default one starts at the current minute, so it is another query once the clock moves.
      const query = `${base}/programme?from=2026-09-01`;
      const first = await get(query);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600, stale-if-error=86400');
      expect(first.headers['last-modified']).toBe(new Date('2026-09-01T08:00:00Z').toUTCString());
      expect(first.headers['access-control-allow-origin']).toBe('*');

      const again = await get(query, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect((await get(query, { 'if-none-match': `W/${etag}, "other"` })).statusCode).toBe(304);
      expect((await get(`${query}&genre=drama`, { 'if-none-match': etag })).statusCode).toBe(200);

      t.clock.advance(60_000);
      // Still the same catalogue: the same query keeps its ETag.
      expect((await get(query, { 'if-none-match': etag })).statusCode).toBe(304);
      await t.foyer.database.db
        .updateTable('performance')
        .set({ status: 'sold_out', updated_at: t.clock.now().toISOString() })
        .where('id', '=', s.faustOct24)
        .execute();
      t.clock.advance(1000);
      const changed = await get(query, { 'if-none-match': etag });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(changed.json().items[0]).toMatchObject({ id: s.faustOct24, status: 'sold_out' });
      expect(changed.headers['last-modified']).toBe(new Date('2026-09-01T08:01:00Z').toUTCString());
    });

    it('gives a new ETag after staff change a performance through the API', async () => {
      const query = `${base}/programme?from=2026-09-01`;
      const etag = String((await get(query)).headers.etag);
      const owner = await t.as('owner');
      t.clock.advance(60_000);
      const patched = await t.foyer.http.inject({ method: 'PATCH', url: `/api/performances/${s.faustOct24}`, headers: owner, payload: { status: 'sold_out' } });
      expect(patched.statusCode).toBe(200);
      const after = await get(query, { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.json().items[0]).toMatchObject({ id: s.faustOct24, status: 'sold_out' });
      expect((await get(query, { 'if-none-match': String(after.headers.etag) })).statusCode).toBe(304);
    });

    it('gives a new ETag when a performance is deleted, though no updated_at moves', async () => {
      const query = `${base}/programme?from=2026-09-01`;
      const etag = String((await get(query)).headers.etag);
      expect((await get(query, { 'if-none-match': etag })).statusCode).toBe(304);
      await t.foyer.database.db.deleteFrom('performance').where('id', '=', s.hotzenplotzMoved).execute();
      // Each process reads a house's catalogue version at most once a second.
      t.clock.advance(1000);
      const after = await get(query, { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.json().items.map((i: { id: string }) => i.id)).not.toContain(s.hotzenplotzMoved);
    });

    it('keeps the ETag of one house when another house changes', async () => {
      const query = `${base}/programme?from=2026-09-01`;
      const etag = String((await get(query)).headers.etag);
      t.clock.advance(60_000);
      await t.foyer.database.db
        .updateTable('performance')
        .set({ status: 'cancelled', updated_at: t.clock.now().toISOString() })
        .where('id', '=', s.otherPerformance)
        .execute();
      expect((await get(query, { 'if-none-match': etag })).statusCode).toBe(304);
    });

    it('sends gzip to clients that take it, with its own ETag, and 304 for either tag', async () => {
      const plain = await get(`${base}/programme?from=2026-09-01`);
      const zipped = await get(`${base}/programme?from=2026-09-01`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toBe('Accept-Encoding');
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
      expect(zipped.headers.etag).not.toBe(plain.headers.etag);
      expect((await get(`${base}/programme?from=2026-09-01`, { 'if-none-match': String(zipped.headers.etag) })).statusCode).toBe(304);
      const refused = await get(`${base}/programme?from=2026-09-01`, { 'accept-encoding': 'gzip;q=0, identity' });
      expect(refused.headers['content-encoding']).toBeUndefined();
    });

    it('opens only the public routes to other origins', async () => {
      const preflight = await t.foyer.http.inject({ method: 'OPTIONS', url: `${base}/programme`, headers: { origin: 'https://portal.example', 'access-control-request-method': 'GET' } });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('If-None-Match');
      const staff = await get('/healthz');
      expect(staff.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('iCalendar feeds', () => {
    it('shows 19:30 local time on both sides of the October DST change, with TZID and VTIMEZONE', async () => {
      const response = await get(`${base}/calendar.ics`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.body).toContain('X-WR-CALNAME:Stadttheater Test');
      expect(response.body).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
      expect(response.body).toContain('X-PUBLISHED-TTL:PT1H');
      const { calendar, events } = parseCalendar(response.body);
      expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
      const before = events.find((e) => e.uid === `${s.faustOct24}@127.0.0.1`);
      const after = events.find((e) => e.uid === `${s.faustOct25}@127.0.0.1`);
      for (const [event, utc] of [
        [before, '2026-10-24T17:30:00.000Z'],
        [after, '2026-10-25T18:30:00.000Z'],
      ] as const) {
        expect(event?.tzid).toBe('Europe/Berlin');
        expect([event?.start.hour, event?.start.minute]).toEqual([19, 30]);
        expect(event?.start.toJSDate().toISOString()).toBe(utc);
      }
      expect(before?.end.toJSDate().toISOString()).toBe('2026-10-24T20:00:00.000Z');
      expect(before?.summary).toBe('Faust. Der Tragödie erster Teil');
      expect(before?.location).toBe('Großes Haus, Stadttheater, Theaterplatz 1, 12345 Musterstadt');
      expect(before?.description).toContain('Karten ab 18,00');
      expect(before?.status).toBe('CONFIRMED');
      // The past month stays in the feed, for people who look back; older ones leave it.
      expect(events.map((e) => e.uid)).toContain(`${s.faustPast}@127.0.0.1`);
      t.clock.set('2026-09-20T08:00:00Z');
      const later = parseCalendar((await get(`${base}/calendar.ics`)).body);
      expect(later.events.map((e) => e.uid)).not.toContain(`${s.faustPast}@127.0.0.1`);
    });

    it('marks a cancelled performance STATUS:CANCELLED and says so in the title', async () => {
      const { events } = parseCalendar((await get(`${base}/calendar.ics`)).body);
      const cancelled = events.find((e) => e.uid === `${s.faustCancelled}@127.0.0.1`);
      expect(cancelled?.status).toBe('CANCELLED');
      expect(cancelled?.summary).toBe('Abgesagt: Faust. Der Tragödie erster Teil');
    });

    it('writes titles in the requested language', async () => {
      const { events } = parseCalendar((await get(`${base}/calendar.ics?lang=en`)).body);
      expect(events.find((e) => e.uid === `${s.faustOct24}@127.0.0.1`)?.summary).toBe('Faust, Part One');
      expect(events.find((e) => e.uid === `${s.faustCancelled}@127.0.0.1`)?.summary).toBe('Cancelled: Faust, Part One');
    });

    it('names its own URL as asked for, with or without the language', async () => {
      const plain = await get(`${base}/calendar.ics`);
      const german = await get(`${base}/calendar.ics?lang=de`);
      expect(parseCalendar(plain.body).calendar.getFirstPropertyValue('url')).toBe(`http://127.0.0.1:3000${base}/calendar.ics`);
      expect(parseCalendar(german.body).calendar.getFirstPropertyValue('url')).toBe(`http://127.0.0.1:3000${base}/calendar.ics?lang=de`);
      expect(german.headers.etag).not.toBe(plain.headers.etag);
      // Both are German, the house's first language.
      expect(parseCalendar(plain.body).events.find((e) => e.uid === `${s.faustOct24}@127.0.0.1`)?.summary).toBe('Faust. Der Tragödie erster Teil');
      expect(parseCalendar(german.body).events.find((e) => e.uid === `${s.faustOct24}@127.0.0.1`)?.summary).toBe('Faust. Der Tragödie erster Teil');
    });

    it('gives an exhibition one all-day event over its whole run', async () => {
      const { events } = parseCalendar((await get(`${base}/calendar.ics`)).body);
      const run = events.find((e) => e.uid === `${s.exhibition}@127.0.0.1`);
      expect(run?.start.isDate).toBe(true);
      expect(run?.start.toString()).toBe('2026-09-10');
      expect(run?.end.toString()).toBe('2027-01-01');
    });

    it("has only the unit's performances in the unit feed", async () => {
      const response = await get(`${base}/units/junges-theater/calendar.ics`);
      expect(response.statusCode).toBe(200);
      const { calendar, events } = parseCalendar(response.body);
      expect(events.map((e) => e.uid).sort()).toEqual([`${s.hotzenplotzOct25}@127.0.0.1`, `${s.hotzenplotzMoved}@127.0.0.1`].sort());
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Stadttheater Test: Junges Theater');
    });

    it("has only the production's performances in the production feed", async () => {
      const { events } = parseCalendar((await get(`${base}/productions/faust/calendar.ics`)).body);
      expect(events.map((e) => e.uid).sort()).toEqual([s.faustPast, s.faustOct24, s.faustOct25, s.faustCancelled].map((id) => `${id}@127.0.0.1`).sort());
    });
  });

  describe('JSON-LD', () => {
    it('gives one performance as a schema.org Event with offset, place, offers and organizer', async () => {
      const response = await get(`${base}/performances/${s.faustOct25}.jsonld?lang=en`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/ld+json; charset=utf-8');
      expect(response.headers['content-language']).toBe('en');
      expect(response.json()).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'TheaterEvent',
        name: 'Faust, Part One',
        description: 'Faust makes a pact, and the stage burns.',
        // The language it is performed in, as schema.org means it; the texts' language is the header's.
        inLanguage: 'de',
        startDate: '2026-10-25T19:30:00+01:00',
        endDate: '2026-10-25T22:00:00+01:00',
        eventStatus: 'https://schema.org/EventScheduled',
        eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
        location: {
          '@type': 'Place',
          name: 'Großes Haus',
          address: { '@type': 'PostalAddress', streetAddress: 'Theaterplatz 1', postalCode: '12345', addressLocality: 'Musterstadt', addressCountry: 'DE' },
          containedInPlace: { '@type': 'Place', name: 'Stadttheater', geo: { '@type': 'GeoCoordinates', latitude: 52.52, longitude: 13.405 } },
        },
        offers: [
          { '@type': 'Offer', price: 18, priceCurrency: 'EUR', availability: 'https://schema.org/InStock', url: 'https://tickets.example.org/faust' },
          { '@type': 'Offer', price: 45, priceCurrency: 'EUR' },
        ],
        organizer: { '@type': 'Organization', name: 'Stadttheater Test' },
        performer: [{ '@type': 'Person', name: 'Anna Berger' }],
        workPresented: { '@type': 'CreativeWork', name: 'Faust, Part One', inLanguage: 'de' },
        image: 'https://example.org/faust.jpg',
      });
    });

    it('lists the programme as a @graph with the right Event types, statuses and the exhibition', async () => {
      const response = await get(`${base}/programme.jsonld`);
      expect(response.headers['content-type']).toBe('application/ld+json; charset=utf-8');
      const body = response.json() as { '@context': string; '@graph': Record<string, unknown>[] };
      expect(body['@context']).toBe('https://schema.org');
      const byId = new Map(body['@graph'].map((event) => [String(event.identifier), event]));
      expect(byId.get(s.faustOct24)).toMatchObject({ '@type': 'TheaterEvent', startDate: '2026-10-24T19:30:00+02:00', name: 'Faust. Der Tragödie erster Teil' });
      expect(byId.get(s.faustCancelled)).toMatchObject({ eventStatus: 'https://schema.org/EventCancelled' });
      expect(byId.get(s.hotzenplotzOct25)).toMatchObject({ '@type': 'ChildrensEvent', typicalAgeRange: '6-10', isAccessibleForFree: true, offers: [{ price: 0 }] });
      expect(byId.get(s.hotzenplotzMoved)).toMatchObject({
        eventStatus: 'https://schema.org/EventRescheduled',
        startDate: '2026-11-08T15:00:00+01:00',
        previousStartDate: '2026-11-01T15:00:00+01:00',
      });
      expect(byId.get(s.exhibition)).toMatchObject({ '@type': 'ExhibitionEvent', startDate: '2026-09-10', endDate: '2026-12-31' });
      expect(byId.get(s.faustOct24)).not.toHaveProperty('@context');
    });

    it('can be read back by the JSON-LD importer: dates, statuses, prices, places and productions survive', async () => {
      const text = (await get(`${base}/programme.jsonld?lang=en`)).body;
      const batch = parseJsonLd(text, { timeZone: 'Europe/Berlin', language: 'en', now: t.clock.now() });
      expect(batch.skipped).toEqual([]);
      const byStart = new Map(batch.performances.map((p) => [p.startsAt, p]));
      expect(batch.performances).toHaveLength(5);
      expect(byStart.get('2026-10-24T17:30:00.000Z')).toMatchObject({
        status: 'scheduled',
        endsAt: '2026-10-24T20:00:00.000Z',
        hallName: 'Großes Haus',
        prices: [
          { code: 'B', amountMinor: 1800, currency: 'EUR' },
          { code: 'A', amountMinor: 4500, currency: 'EUR' },
        ],
        bookingUrl: 'https://tickets.example.org/faust',
      });
      expect(byStart.get('2026-10-25T18:30:00.000Z')?.status).toBe('scheduled');
      expect(byStart.get('2026-10-31T18:30:00.000Z')?.status).toBe('cancelled');
      expect(byStart.get('2026-11-08T14:00:00.000Z')?.status).toBe('rescheduled');
      expect(byStart.get('2026-10-25T14:00:00.000Z')?.prices).toEqual([expect.objectContaining({ amountMinor: 0 })]);
      // All three Faust evenings are one production, found by the work they present.
      const faustStarts = ['2026-10-24T17:30:00.000Z', '2026-10-25T18:30:00.000Z', '2026-10-31T18:30:00.000Z'];
      const faustRefs = new Set(batch.performances.filter((p) => faustStarts.includes(p.startsAt)).map((p) => p.productionRef));
      expect(faustRefs.size).toBe(1);
      const faust = batch.productions.find((p) => faustRefs.has(p.ref));
      expect(faust).toMatchObject({ title: { en: 'Faust, Part One' }, genres: expect.arrayContaining(['drama']), performanceLanguage: 'de', durationMinutes: 150 });
      // The exhibition's run comes back as an exhibition production and makes no performance.
      expect(batch.productions.find((p) => p.title.en === 'Light and Shadow')).toMatchObject({
        kind: 'exhibition',
        genres: ['exhibition'],
        runsFrom: '2026-09-10',
        runsUntil: '2026-12-31',
        venueRef: 'Stadttheater',
      });
      expect(batch.venues).toEqual([expect.objectContaining({ name: 'Stadttheater', street: 'Theaterplatz 1', postalCode: '12345', city: 'Musterstadt' })]);
    });

    it('marks a sold-out performance SoldOut in its offers', async () => {
      t.clock.advance(60_000);
      await t.foyer.database.db.updateTable('performance').set({ status: 'sold_out', updated_at: t.clock.now().toISOString() }).where('id', '=', s.faustOct24).execute();
      const event = (await get(`${base}/performances/${s.faustOct24}.jsonld`)).json() as { offers: { availability: string }[]; eventStatus: string };
      expect(event.eventStatus).toBe('https://schema.org/EventScheduled');
      expect(event.offers.map((o) => o.availability)).toEqual(['https://schema.org/SoldOut', 'https://schema.org/SoldOut']);
    });
  });
});
