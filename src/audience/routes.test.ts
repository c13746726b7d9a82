import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, seedPlaces } from '../catalogue/test-fixtures.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../core/testing/app.ts';
import type { Contact } from './contacts/schemas.ts';
import type { AuditEntry } from './audit/schemas.ts';
import type { Consent } from './consents/schemas.ts';
import { insertConsent } from './testing.ts';

type Page<T> = { items: T[]; total: number };

/** call() of the catalogue's fixtures knows no PUT. */
async function put(t: TestApp, headers: Record<string, string>, url: string, payload: Record<string, unknown>) {
  const response = await t.foyer.http.inject({ method: 'PUT', url, headers, payload });
  return { status: response.statusCode, body: response.json<unknown>() };
}

/*
 * Unit and house isolation, proved by trying to cross the line through the API: a
 * contact outside the caller's scope answers 404, exactly like one that does not exist.
 */
describe('audience API isolation', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  let youngStaff: Record<string, string>;
  let young: { id: string };
  let inYoung: string;
  let inMuseum: string;
  let houseWide: string;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.as('owner');
    const places = await seedPlaces(t);
    young = places.young;
    youngStaff = await t.as('unit_staff', { unitId: young.id });
    const { contacts } = t.foyer.services.audience;
    const add = async (email: string, unitId: string | null) => (await contacts.findOrCreate({ houseId: t.house.id, unitId, email, name: email.split('@')[0], source: 'staff' })).id;
    inYoung = await add('kid@example.org', young.id);
    inMuseum = await add('curator@example.org', places.museum.id);
    houseWide = await add('patron@example.org', null);
  });
  afterEach(async () => {
    await t.close();
  });

  it('unit staff list only their unit and cannot reach any other contact', async () => {
    const listed = await call<Page<Contact>>(t, youngStaff, 'GET', '/api/contacts');
    expect(listed.body.items.map((c) => c.id)).toEqual([inYoung]);
    expect(listed.body.total).toBe(1);
    const searched = await call<Page<Contact>>(t, youngStaff, 'GET', '/api/contacts?q=curator');
    expect(searched.body.total).toBe(0);

    for (const id of [inMuseum, houseWide]) {
      expect((await call(t, youngStaff, 'GET', `/api/contacts/${id}`)).status).toBe(404);
      expect((await call(t, youngStaff, 'PATCH', `/api/contacts/${id}`, { name: 'X' })).status).toBe(404);
      expect((await call(t, youngStaff, 'GET', `/api/contacts/${id}/timeline`)).status).toBe(404);
      expect((await call(t, youngStaff, 'GET', `/api/contacts/${id}/consents`)).status).toBe(404);
      expect((await call(t, youngStaff, 'POST', `/api/contacts/${id}/consents`, { purpose: 'newsletter', source: 'box_office' })).status).toBe(404);
      expect((await call(t, youngStaff, 'DELETE', `/api/contacts/${id}/consents/newsletter`)).status).toBe(404);
      expect((await call(t, youngStaff, 'POST', `/api/contacts/${id}/interactions`, { kind: 'attendance', occurredAt: '2026-08-01T18:00:00Z' })).status).toBe(404);
      expect((await call(t, youngStaff, 'POST', `/api/contacts/${inYoung}/merge`, { from: id })).status).toBe(404);
      expect((await call(t, youngStaff, 'POST', `/api/contacts/${id}/merge`, { from: inYoung })).status).toBe(404);
    }
    const unchanged = await t.foyer.database.db.selectFrom('contact').select('name').where('id', '=', inMuseum).executeTakeFirstOrThrow();
    expect(unchanged.name).toBe('curator');
    // Typing another unit's address neither shows nor takes over that contact.
    const taken = await call(t, youngStaff, 'POST', '/api/contacts', { email: 'CURATOR@example.org' });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'conflict', details: [{ field: 'email' }] } } });
    expect(JSON.stringify(taken.body)).not.toContain(inMuseum);
    // Nor does a shared contact tell them which other units the person deals with.
    await t.foyer.services.audience.contacts.findOrCreate({ houseId: t.house.id, unitId: young.id, email: 'curator@example.org', source: 'staff' });
    const shared = await call<Contact>(t, youngStaff, 'GET', `/api/contacts/${inMuseum}`);
    expect(shared).toMatchObject({ status: 200, body: { units: [young.id] } });
  });

  it("lists each contact's consents at a glance to staff and unit staff, without logging a view", async () => {
    const { db } = t.foyer.database;
    await insertConsent(db, t.house.id, inYoung, 'newsletter', { expiresAt: '2026-08-31T00:00:00.000Z' });
    await insertConsent(db, t.house.id, inYoung, 'ticketing', { expiresAt: '2028-01-01T00:00:00.000Z' });
    type Listed = Page<Contact & { consents: { purpose: string; status: string; valid: boolean; expiresAt: string | null }[] }>;
    const forUnit = await call<Listed>(t, youngStaff, 'GET', '/api/contacts');
    expect(forUnit.body.items).toMatchObject([
      {
        id: inYoung,
        consents: [
          { purpose: 'newsletter', status: 'expired', valid: false, expiresAt: '2026-08-31T00:00:00.000Z' },
          { purpose: 'ticketing', status: 'granted', valid: true, expiresAt: '2028-01-01T00:00:00.000Z' },
        ],
      },
    ]);
    expect(Object.keys(forUnit.body.items[0]?.consents[0] ?? {}).sort()).toEqual(['expiresAt', 'purpose', 'status', 'valid']);
    const forHouse = await call<Listed>(t, owner, 'GET', '/api/contacts?purpose=ticketing');
    expect(forHouse.body.items.map((c) => [c.id, c.consents.map((consent) => consent.purpose)])).toEqual([[inYoung, ['newsletter', 'ticketing']]]);
    const all = await call<Listed>(t, owner, 'GET', '/api/contacts');
    expect(all.body.items.find((c) => c.id === houseWide)?.consents).toEqual([]);
    const viewed = await call<Page<AuditEntry>>(t, owner, 'GET', '/api/audit?action=contact.viewed');
    expect(viewed.body.total).toBe(0);
  });

  it('unit staff add contacts to their own unit whatever the body says, and work with them', async () => {
    const created = await call<Contact>(t, youngStaff, 'POST', '/api/contacts', { email: 'new@example.org', name: 'Neu', unitId: null });
    expect(created.status).toBe(201);
    expect(created.body.units).toEqual([young.id]);
    expect((await call(t, youngStaff, 'GET', `/api/contacts/${created.body.id}`)).status).toBe(200);
    expect((await call(t, youngStaff, 'POST', `/api/contacts/${inYoung}/merge`, { from: created.body.id })).status).toBe(200);
    const again = await call<Contact>(t, youngStaff, 'POST', '/api/contacts', { email: 'kid@example.org', phone: '+49 30 1' });
    expect(again).toMatchObject({ status: 200, body: { id: inYoung, phone: '+49 30 1' } });
  });

  it('staff of another house see none of these contacts nor their audit entries', async () => {
    const other = await insertTestHouse(t.foyer);
    const stranger = await t.as('owner', { houseId: other.id });
    await call(t, owner, 'GET', `/api/contacts/${houseWide}`);
    expect((await call<Page<Contact>>(t, stranger, 'GET', '/api/contacts')).body.total).toBe(0);
    expect((await call(t, stranger, 'GET', `/api/contacts/${houseWide}`)).status).toBe(404);
    expect((await call(t, stranger, 'PATCH', `/api/contacts/${houseWide}`, { name: 'X' })).status).toBe(404);
    expect((await call(t, stranger, 'GET', `/api/contacts/${houseWide}/timeline`)).status).toBe(404);
    expect((await call(t, stranger, 'GET', `/api/contacts/${houseWide}/consents`)).status).toBe(404);
    expect((await call<Page<AuditEntry>>(t, stranger, 'GET', '/api/audit')).body.total).toBe(0);
    expect((await call<Page<AuditEntry>>(t, stranger, 'GET', `/api/audit?contactId=${houseWide}`)).body.total).toBe(0);
  });

  it('refuses people data to roles without it: analysts get 403 on contacts, only the owner reads the audit log', async () => {
    const analyst = await t.as('analyst');
    expect((await call(t, analyst, 'GET', '/api/contacts')).status).toBe(403);
    expect((await call(t, analyst, 'GET', `/api/contacts/${houseWide}`)).status).toBe(403);
    expect((await call(t, analyst, 'GET', `/api/contacts/${houseWide}/timeline`)).status).toBe(403);
    expect((await call(t, analyst, 'GET', '/api/audit')).status).toBe(403);
    const marketing = await t.as('marketing');
    expect((await call(t, marketing, 'GET', '/api/audit')).status).toBe(403);
    expect((await call(t, marketing, 'GET', '/api/audit/export')).status).toBe(403);
    expect((await put(t, marketing, '/api/consent-policies/newsletter', { expiryMonths: 12, textDe: 'x' })).status).toBe(403);
    expect((await call(t, youngStaff, 'GET', '/api/audit')).status).toBe(403);
    const dialogue = await t.as('dialogue');
    expect((await call(t, dialogue, 'GET', `/api/contacts/${houseWide}`)).status).toBe(200);
  });

  it('writes views, consent changes and merges to the audit log, which the owner reads and exports', async () => {
    const staff = await t.login('marketing');
    expect((await call(t, staff, 'GET', `/api/contacts/${houseWide}`)).status).toBe(200);
    const recorded = await call<Consent[]>(t, staff, 'POST', `/api/contacts/${houseWide}/consents`, { purpose: 'post_phone', source: 'box_office', note: 'said yes at the counter' });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject([{ purpose: 'post_phone', status: 'granted', valid: true, source: 'box_office', expiresAt: '2028-09-01T08:00:00.000Z' }]);
    const revoked = await t.foyer.http.inject({ method: 'DELETE', url: `/api/contacts/${houseWide}/consents/post_phone`, headers: staff, payload: { reason: 'called to withdraw' } });
    expect(revoked.statusCode).toBe(204);
    expect((await call(t, staff, 'POST', `/api/contacts/${houseWide}/merge`, { from: inMuseum })).status).toBe(200);

    const log = await call<Page<AuditEntry>>(t, owner, 'GET', `/api/audit?contactId=${houseWide}`);
    expect(log.body.items.map((e) => e.action)).toEqual(['contact.merged', 'consent.revoked', 'consent.granted', 'contact.viewed', 'contact.created']);
    expect(log.body.items[1]).toMatchObject({ reason: 'called to withdraw', actor: expect.stringMatching(/^staff:/) });
    const merges = await call<Page<AuditEntry>>(t, owner, 'GET', `/api/audit?action=contact.merged`);
    expect(new Set(merges.body.items.map((e) => e.contactId))).toEqual(new Set([houseWide, inMuseum]));
    const period = await call<Page<AuditEntry>>(t, owner, 'GET', '/api/audit?from=2026-09-01T08:00:00Z&to=2026-09-01T08:00:00.001Z&limit=2');
    expect(period.body).toMatchObject({ total: 8, items: [{}, {}] });

    const csv = await t.foyer.http.inject({ method: 'GET', url: `/api/audit/export?format=csv&contactId=${houseWide}`, headers: owner });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('audit-2026-09-01.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,contact_id,reason,details');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('"contact.created"');
    const json = await t.foyer.http.inject({ method: 'GET', url: '/api/audit/export?format=json&action=consent.revoked', headers: owner });
    expect(JSON.parse(json.body)).toMatchObject([{ action: 'consent.revoked', contactId: houseWide }]);
    const exports = await call<Page<AuditEntry>>(t, owner, 'GET', '/api/audit?action=audit.exported');
    expect(exports.body.items.map((e) => e.details.format)).toEqual(['json', 'csv']);
  });

  it('shows the timeline newest first, paged, with performance dates and titles, and notes staff interactions', async () => {
    await insertConsent(t.foyer.database.db, t.house.id, inYoung, 'ticketing', { expiresAt: '2028-01-01T00:00:00.000Z' });
    const { catalogue } = t.foyer.services;
    const pippi = await catalogue.createProduction({ houseId: t.house.id, unitId: null }, { title: { de: 'Pippi' }, unitId: young.id });
    const matinee = await catalogue.createPerformance({ houseId: t.house.id, unitId: null }, { productionId: pippi.id, startsAt: '2026-08-02T09:00:00.000Z' });
    for (const day of ['01', '02', '03']) {
      const noted = await call<{ created: boolean; detailsDropped: boolean }>(t, youngStaff, 'POST', `/api/contacts/${inYoung}/interactions`, {
        kind: 'attendance',
        occurredAt: `2026-08-${day}T18:00:00Z`,
        note: 'came with the class',
        ...(day === '02' ? { performanceId: matinee.id } : {}),
      });
      expect(noted).toMatchObject({ status: 201, body: { created: true, detailsDropped: true } });
    }
    type Item = { occurredAt: string; unitId: string; performanceStartsAt: string | null; productionTitle: { de: string; en: string | null } | null };
    const timeline = await call<{ items: Item[]; total: number; detailsShown: boolean }>(t, youngStaff, 'GET', `/api/contacts/${inYoung}/timeline?limit=2&offset=1`);
    expect(timeline.body).toMatchObject({ total: 3, detailsShown: false });
    expect(timeline.body.items.map((i) => [i.occurredAt, i.performanceStartsAt, i.productionTitle])).toEqual([
      ['2026-08-02T18:00:00.000Z', '2026-08-02T09:00:00.000Z', { de: 'Pippi', en: null }],
      ['2026-08-01T18:00:00.000Z', null, null],
    ]);
    expect(timeline.body.items[0]?.unitId).toBe(young.id);
    expect((await call(t, youngStaff, 'GET', `/api/contacts/${inYoung}/timeline?kind=shopping`)).status).toBe(400);
  });

  it('lets the owner read and set consent policies', async () => {
    const all = await call<{ purpose: string; custom: boolean }[]>(t, owner, 'GET', '/api/consent-policies');
    expect(all.body).toHaveLength(5);
    const set = await put(t, owner, '/api/consent-policies/newsletter', { expiryMonths: 12, textDe: 'Ja, Newsletter.', textEn: 'Yes, newsletter.' });
    expect(set).toMatchObject({ status: 200, body: { purpose: 'newsletter', expiryMonths: 12, custom: true } });
    expect((await call(t, owner, 'GET', '/api/consent-policies/newsletter')).body).toMatchObject({ expiryMonths: 12 });
    expect((await put(t, owner, '/api/consent-policies/newsletter', { expiryMonths: 0, textDe: 'x' })).status).toBe(400);
    expect((await put(t, owner, '/api/consent-policies/gossip', { expiryMonths: 6, textDe: 'x' })).status).toBe(400);
  });
});
