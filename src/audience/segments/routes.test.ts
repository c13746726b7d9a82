import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedPlaces } from '../../catalogue/test-fixtures.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import type { Purpose } from '../model.ts';
import { insertConsent, insertContact, insertInteraction } from '../testing.ts';
import type { MemberImport, Segment, SegmentCount } from './schemas.ts';

/*
 * Segments through the HTTP API: counting while editing, saving, members, static lists
 * from CSV, and the lines nobody may cross (another unit, another house, a look at people
 * without audience:read).
 */

let t: TestApp;
let places: Awaited<ReturnType<typeof seedPlaces>>;

beforeAll(async () => {
  t = await createTestApp();
  places = await seedPlaces(t);
});
afterAll(async () => {
  await t.close();
});

async function person(email: string, options: { language?: string; units?: string[]; consents?: Purpose[]; houseId?: string } = {}) {
  const houseId = options.houseId ?? t.house.id;
  const id = await insertContact(t.foyer.database.db, houseId, { email, name: email.split('@')[0] as string, language: options.language ?? 'de', units: options.units ?? [] });
  for (const purpose of options.consents ?? []) await insertConsent(t.foyer.database.db, houseId, id, purpose);
  return id;
}

function upload(content: string, name = 'liste.csv') {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/csv' }), name);
  return form;
}

async function importFile(headers: Record<string, string>, id: string, content: string) {
  const response = await t.foyer.http.inject({ method: 'POST', url: `/api/segments/${id}/members/import`, payload: upload(content) as never, headers });
  return { status: response.statusCode, body: response.json() };
}

describe('the segment API', () => {
  it('counts a rule tree live: analysts see the number, staff with audience:read also a sample, which is audited once', async () => {
    const marker = `count-${Date.now()}`;
    const ids = [
      await person(`${marker}-a@example.org`, { consents: ['newsletter'] }),
      await person(`${marker}-b@example.org`, { consents: ['newsletter', 'recommendations'] }),
      await person(`${marker}-c@example.org`, { language: 'en', consents: ['newsletter'] }),
    ];
    const body = { rules: { all: [{ language: ['de'] }, { consent: 'newsletter' }] } };

    const analyst = await t.as('analyst');
    const counted = await call<SegmentCount>(t, analyst, 'POST', '/api/segments/count', body);
    expect(counted.status).toBe(200);
    expect(counted.body.total).toBeGreaterThanOrEqual(2);
    expect(counted.body).toMatchObject({ purpose: null, count: counted.body.total });
    expect(counted.body.reachable.newsletter).toBe(counted.body.total);
    expect(counted.body.sample).toBeUndefined();
    expect((await call(t, analyst, 'POST', '/api/segments/count', { ...body, sample: true })).status).toBe(403);

    const forRecommendations = await call<SegmentCount>(t, analyst, 'POST', '/api/segments/count', { ...body, purpose: 'recommendations' });
    expect(forRecommendations.body.count).toBe(forRecommendations.body.reachable.recommendations);
    expect(forRecommendations.body.count).toBeLessThan(forRecommendations.body.total);

    const audits = () => t.foyer.database.db.selectFrom('audit_entry').select(['action', 'details', 'contact_id']).where('action', '=', 'segment.sampled').execute();
    const before = (await audits()).length;
    const marketing = await t.as('marketing');
    const sampled = await call<SegmentCount>(t, marketing, 'POST', '/api/segments/count', {
      rules: { all: [{ postcode: ['99'] }, { language: ['de'] }] },
      sample: true,
    });
    expect(sampled.body.sample).toEqual([]);
    const named = await call<SegmentCount>(t, marketing, 'POST', '/api/segments/count', { rules: { language: ['en'] }, sample: true });
    expect(named.body.sample).toContainEqual({ id: ids[2], name: `${marker}-c`, email: `${marker}-c@example.org` });
    const entries = await audits();
    expect(entries).toHaveLength(before + 2);
    expect(JSON.parse(entries.at(-1)?.details ?? '{}')).toMatchObject({ view: 'sample', contactIds: expect.arrayContaining([ids[2]]) });
  });

  it('names the path of a bad node, and refuses ids that are not of the house', async () => {
    const marketing = await t.as('marketing');
    const bad = await call<{ error: { details: { field: string }[] } }>(t, marketing, 'POST', '/api/segments/count', {
      rules: { all: [{ language: ['de'] }, { consent: 'newsletter' }, { attended: { months: 0 } }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toContainEqual(expect.objectContaining({ field: 'rules.all[2].attended.months' }));

    const other = await insertTestHouse(t.foyer);
    const foreign = await seedPlaces(t, other.id);
    const production = await t.foyer.services.catalogue.createProduction({ houseId: other.id, unitId: null }, { title: { de: 'Fremd' } });
    const refused = await call<{ error: { details: { field: string; message: string }[] } }>(t, marketing, 'POST', '/api/segments/count', {
      rules: { any: [{ attended: { productionId: production.id } }, { booked: { unitId: foreign.young.id } }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d) => d.field)).toEqual(['rules.any[0].attended.productionId', 'rules.any[1].booked.unitId']);
  });

  it('saves, renames, changes and deletes segments, with names unique per house', async () => {
    const marketing = await t.as('marketing');
    const created = await call<Segment>(t, marketing, 'POST', '/api/segments', { name: 'Opernfreunde', rules: { attended: { genre: 'opera', atLeast: 2 } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Opernfreunde', kind: 'rules', unitId: null, rules: { attended: { genre: 'opera', atLeast: 2 } } });
    expect(created.body.createdBy).toMatch(/^api_key:/);

    const taken = await call<{ error: { code: string; details: { field: string }[] } }>(t, marketing, 'POST', '/api/segments', { name: 'Opernfreunde', rules: { language: ['de'] } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([{ field: 'name', message: 'taken' }]);
    expect((await call(t, marketing, 'POST', '/api/segments', { name: 'Ohne Regeln' })).status).toBe(400);
    expect((await call(t, marketing, 'POST', '/api/segments', { name: 'Liste mit Regeln', kind: 'static', rules: { language: ['de'] } })).status).toBe(400);

    const changed = await call<Segment>(t, marketing, 'PATCH', `/api/segments/${created.body.id}`, { name: 'Oper', rules: { attended: { genre: 'opera' } } });
    expect(changed.body).toMatchObject({ name: 'Oper', rules: { attended: { genre: 'opera', atLeast: 1 } } });
    const badPatch = await call<{ error: { details: { field: string }[] } }>(t, marketing, 'PATCH', `/api/segments/${created.body.id}`, { rules: { not: { language: ['xx'] } } });
    expect(badPatch.body.error.details[0]?.field).toBe('rules.not.language[0]');

    const list = await call<{ items: Segment[]; total: number }>(t, await t.as('analyst'), 'GET', '/api/segments');
    expect(list.body.items.map((s) => s.name)).toContain('Oper');
    expect((await call(t, await t.as('analyst'), 'POST', '/api/segments', { name: 'x', rules: { language: ['de'] } })).status).toBe(403);

    expect((await call(t, marketing, 'DELETE', `/api/segments/${created.body.id}`)).status).toBe(204);
    expect((await call(t, marketing, 'GET', `/api/segments/${created.body.id}`)).status).toBe(404);
  });

  it('uses saved segments inside others, refusing cycles and the deletion of a segment in use', async () => {
    const marketing = await t.as('marketing');
    const inner = await call<Segment>(t, marketing, 'POST', '/api/segments', { name: 'Innen', rules: { language: ['de'] } });
    const outer = await call<Segment>(t, marketing, 'POST', '/api/segments', { name: 'Außen', rules: { all: [{ segment: inner.body.id }, { consent: 'newsletter' }] } });
    expect(outer.status).toBe(201);
    const cycle = await call<{ error: { details: { field: string; message: string }[] } }>(t, marketing, 'PATCH', `/api/segments/${inner.body.id}`, {
      rules: { any: [{ language: ['de'] }, { segment: outer.body.id }] },
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details).toEqual([{ field: 'rules.any[1].segment', message: `segment ${inner.body.id} refers back to a segment it is used in` }]);
    const self = await call<{ error: { details: { field: string }[] } }>(t, marketing, 'PATCH', `/api/segments/${inner.body.id}`, { rules: { segment: inner.body.id } });
    expect(self.body.error.details[0]?.field).toBe('rules.segment');

    const inUse = await call<{ error: { code: string } }>(t, marketing, 'DELETE', `/api/segments/${inner.body.id}`);
    expect(inUse.status).toBe(409);
    const counted = await call<SegmentCount>(t, marketing, 'GET', `/api/segments/${outer.body.id}/count?purpose=newsletter`);
    expect(counted.status).toBe(200);
    expect(counted.body.purpose).toBe('newsletter');
    expect(counted.body.count).toBe(counted.body.reachable.newsletter);
  });

  it('lists the members of a segment to staff with audience:read only, one audit entry per page', async () => {
    const marker = `members${Date.now()}`;
    for (const n of [1, 2, 3]) await person(`${marker}-${n}@example.org`, { consents: ['ticketing'], language: 'en' });
    const marketing = await t.as('marketing');
    const segment = await call<Segment>(t, marketing, 'POST', '/api/segments', { name: `Members ${marker}`, rules: { language: ['en'] } });
    const first = await call<{ items: { email: string; addedAt: string | null }[]; total: number }>(t, marketing, 'GET', `/api/segments/${segment.body.id}/members?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(first.body.items[0]?.addedAt).toBeNull();
    expect((await call(t, await t.as('analyst'), 'GET', `/api/segments/${segment.body.id}/members`)).status).toBe(403);
    const entry = await t.foyer.database.db.selectFrom('audit_entry').select(['details']).where('action', '=', 'segment.sampled').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toMatchObject({ segmentId: segment.body.id, view: 'members', contacts: 2 });
  });

  it('fills a static list from a CSV file: German header and delimiter, unknown addresses reported and not created', async () => {
    const marketing = await t.as('marketing');
    const known = await person('ada@example.org', { consents: ['newsletter'] });
    await person('bert@example.org', { consents: ['newsletter'] });
    const list = await call<Segment>(t, marketing, 'POST', '/api/segments', { name: 'Premierenliste', kind: 'static' });
    const csv = 'Vorname;Nachname;E-Mail\r\nAda;L.;ADA@example.org\r\nBert;B.;bert@example.org\r\nNiemand;N.;niemand@example.org\r\nKaputt;K.;kein-at-zeichen\r\n;;\r\n';
    const imported = await importFile(marketing, list.body.id, csv);
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      rows: 3,
      added: 2,
      alreadyMembers: 0,
      unknown: [{ row: 4, email: 'niemand@example.org' }],
      invalid: [{ row: 5, value: 'kein-at-zeichen', reason: 'not an e-mail address' }],
      truncated: false,
    } satisfies MemberImport);
    expect(await t.foyer.database.db.selectFrom('contact').select('id').where('email_normalised', '=', 'niemand@example.org').execute()).toEqual([]);
    const again = await importFile(marketing, list.body.id, 'Email\nada@example.org\n');
    expect(again.body).toMatchObject({ added: 0, alreadyMembers: 1 });

    const members = await call<{ items: { id: string; addedAt: string | null }[]; total: number }>(t, marketing, 'GET', `/api/segments/${list.body.id}/members`);
    expect(members.body.total).toBe(2);
    expect(members.body.items.find((m) => m.id === known)?.addedAt).toBe(t.clock.now().toISOString());
    const counted = await call<SegmentCount>(t, marketing, 'GET', `/api/segments/${list.body.id}/count`);
    expect(counted.body.total).toBe(2);

    expect((await call(t, marketing, 'DELETE', `/api/segments/${list.body.id}/members/${known}`)).body).toEqual({ removed: 1 });
    expect((await call(t, marketing, 'DELETE', `/api/segments/${list.body.id}/members`)).body).toEqual({ removed: 1 });

    const noColumn = await importFile(marketing, list.body.id, 'Name;Telefon\nAda;123\n');
    expect(noColumn.status).toBe(422);
    const rulesSegment = await call<Segment>(t, marketing, 'POST', '/api/segments', { name: `Regeln ${Date.now()}`, rules: { language: ['de'] } });
    expect((await importFile(marketing, rulesSegment.body.id, 'Email\nada@example.org\n')).status).toBe(409);
  });

  it('hands campaigns batches of ids after a checkpoint, checking consent at each fetch', async () => {
    const { id: houseId } = await insertTestHouse(t.foyer);
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push(await person(`batch-${n}@example.org`, { houseId, consents: n === 5 ? [] : ['newsletter'] }));
    const segments = t.foyer.services.segments;
    const segment = await segments.createSegment({ houseId, unitId: null }, { name: 'Alle', rules: { language: ['de'] } }, 'system:test');
    const first = await segments.contactIds(houseId, segment.id, { purpose: 'newsletter', limit: 2 });
    expect(first).toEqual(ids.slice(0, 2));
    await t.foyer.database.db.updateTable('consent').set({ status: 'revoked' }).where('contact_id', '=', ids[2] as string).execute();
    const second = await segments.contactIds(houseId, segment.id, { purpose: 'newsletter', afterId: first.at(-1), limit: 2 });
    expect(second).toEqual([ids[3]]);
    expect(await segments.contactIds(houseId, segment.id, { purpose: 'newsletter', afterId: second.at(-1), limit: 2 })).toEqual([]);
    await expect(segments.contactIds(t.house.id, segment.id, { purpose: 'newsletter', limit: 2 })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('segments across units and houses', () => {
  it('keeps unit staff to their unit: its segments, its contacts, its interactions', async () => {
    const { young, museum } = places;
    const youngStaff = await t.as('unit_staff', { unitId: young.id });
    const museumStaff = await t.as('unit_staff', { unitId: museum.id });
    const marker = `unit${Date.now()}`;
    const kid = await person(`${marker}-kid@example.org`, { units: [young.id], consents: ['ticketing'] });
    await person(`${marker}-visitor@example.org`, { units: [museum.id], consents: ['ticketing'] });
    await insertInteraction(t.foyer.database.db, t.house.id, kid, 'attendance', { occurredAt: '2026-05-01T10:00:00.000Z', unitId: museum.id });

    const created = await call<Segment>(t, youngStaff, 'POST', '/api/segments', { name: `Schulklassen ${marker}`, rules: { language: ['de'] }, unitId: museum.id });
    expect(created.status).toBe(201);
    expect(created.body.unitId).toBe(young.id);

    expect((await call(t, museumStaff, 'GET', `/api/segments/${created.body.id}`)).status).toBe(404);
    expect((await call(t, museumStaff, 'GET', `/api/segments/${created.body.id}/count`)).status).toBe(404);
    expect((await call(t, museumStaff, 'GET', `/api/segments/${created.body.id}/members`)).status).toBe(404);
    expect((await call(t, museumStaff, 'PATCH', `/api/segments/${created.body.id}`, { name: 'mine now' })).status).toBe(404);
    expect((await call(t, museumStaff, 'DELETE', `/api/segments/${created.body.id}`)).status).toBe(404);
    const museumList = await call<{ items: Segment[] }>(t, museumStaff, 'GET', '/api/segments');
    expect(museumList.body.items.map((s) => s.id)).not.toContain(created.body.id);

    const members = await call<{ items: { email: string }[] }>(t, youngStaff, 'GET', `/api/segments/${created.body.id}/members?limit=500`);
    expect(members.body.items.map((m) => m.email)).toEqual([`${marker}-kid@example.org`]);
    // The kid's visit to the museum is the museum's business, not the young theatre's.
    const attended = await call<SegmentCount>(t, youngStaff, 'POST', '/api/segments/count', { rules: { attended: {} }, sample: true });
    expect(attended.body.sample?.map((c) => c.id)).not.toContain(kid);
    const museumAttended = await call<SegmentCount>(t, museumStaff, 'POST', '/api/segments/count', { rules: { attended: {} }, sample: true });
    expect(museumAttended.body.sample?.map((c) => c.id)).not.toContain(kid);

    const houseWide = await call<Segment>(t, await t.as('marketing'), 'POST', '/api/segments', { name: `Haus ${marker}`, rules: { language: ['de'] } });
    const reference = await call<{ error: { details: { field: string }[] } }>(t, youngStaff, 'POST', '/api/segments/count', { rules: { segment: houseWide.body.id } });
    expect(reference.status).toBe(400);
    expect(reference.body.error.details[0]?.field).toBe('rules.segment');
    expect((await call(t, youngStaff, 'POST', '/api/segments/count', { rules: { booked: { unitId: museum.id } } })).status).toBe(400);
  });

  it('keeps a unit’s static list to the unit’s contacts', async () => {
    const { young, museum } = places;
    const youngStaff = await t.as('unit_staff', { unitId: young.id });
    await person('unit-list-member@example.org', { units: [young.id] });
    await person('unit-list-stranger@example.org', { units: [museum.id] });
    const list = await call<Segment>(t, youngStaff, 'POST', '/api/segments', { name: `Klassenliste ${Date.now()}`, kind: 'static' });
    const imported = await importFile(youngStaff, list.body.id, 'E-Mail\nunit-list-member@example.org\nunit-list-stranger@example.org\n');
    expect(imported.body).toMatchObject({ added: 1, unknown: [{ row: 3, email: 'unit-list-stranger@example.org' }] });
    expect((await importFile(await t.as('unit_staff', { unitId: museum.id }), list.body.id, 'E-Mail\nx@example.org\n')).status).toBe(404);
  });

  it('never shows one house’s segments to another house', async () => {
    const other = await insertTestHouse(t.foyer);
    const stranger = await t.as('owner', { houseId: other.id });
    const mine = await call<Segment>(t, await t.as('marketing'), 'POST', '/api/segments', { name: `Geheim ${Date.now()}`, kind: 'static' });
    for (const [method, url] of [
      ['GET', `/api/segments/${mine.body.id}`],
      ['GET', `/api/segments/${mine.body.id}/count`],
      ['GET', `/api/segments/${mine.body.id}/members`],
      ['PATCH', `/api/segments/${mine.body.id}`],
      ['DELETE', `/api/segments/${mine.body.id}`],
      ['DELETE', `/api/segments/${mine.body.id}/members`],
    ] as const) {
      expect((await call(t, stranger, method, url, method === 'PATCH' ? { name: 'x' } : undefined)).status, `${method} ${url}`).toBe(404);
    }
    expect((await importFile(stranger, mine.body.id, 'E-Mail\nx@example.org\n')).status).toBe(404);
    const theirs = await call<{ items: Segment[] }>(t, stranger, 'GET', '/api/segments');
    expect(theirs.body.items).toEqual([]);
    // Their count sees none of this house's contacts.
    const counted = await call<SegmentCount>(t, stranger, 'POST', '/api/segments/count', { rules: { language: ['de', 'en'] } });
    expect(counted.body.total).toBe(0);
    // A reference to this house's segment is refused as unknown.
    expect((await call(t, stranger, 'POST', '/api/segments/count', { rules: { segment: mine.body.id } })).status).toBe(400);
  });
});
