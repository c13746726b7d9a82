import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../catalogue/test-fixtures.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { insertConsent, insertContact, insertInteraction } from '../testing.ts';
import type { ContactExport, ErasureResult, PrivacyRequest } from './schemas.ts';

type Page<T> = { items: T[]; total: number };

/* The staff API of privacy requests, tried from every side a request can come from. */
describe('privacy API', () => {
  let t: TestApp;
  let marketing: Record<string, string>;
  let youngUnit: string;
  let inYoung: string;
  let inMuseum: string;
  beforeEach(async () => {
    t = await createTestApp();
    marketing = await t.login('marketing');
    const scope = { houseId: t.house.id, unitId: null };
    youngUnit = (await t.foyer.services.catalogue.createUnit(scope, { name: { de: 'Junges Theater' } })).id;
    const museum = (await t.foyer.services.catalogue.createUnit(scope, { name: { de: 'Stadtmuseum' } })).id;
    const db = t.foyer.database.db;
    inYoung = await insertContact(db, t.house.id, { email: 'kid@example.org', units: [youngUnit] });
    inMuseum = await insertContact(db, t.house.id, { email: 'curator@example.org', units: [museum] });
    for (const id of [inYoung, inMuseum]) {
      await insertConsent(db, t.house.id, id, 'newsletter');
      await insertInteraction(db, t.house.id, id, 'booking', { occurredAt: '2026-08-01T18:00:00.000Z' });
    }
  });
  afterEach(async () => {
    await t.close();
  });

  it('downloads the export as a JSON attachment', async () => {
    const response = await t.foyer.http.inject({ method: 'POST', url: `/api/contacts/${inYoung}/export`, headers: marketing });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="foyer-contact-${inYoung}.json"`);
    expect(response.headers['content-type']).toContain('application/json');
    const document = response.json<ContactExport>();
    expect(document.contact.email).toBe('kid@example.org');
    expect(document.interactions).toHaveLength(1);
  });

  it('erases with the typed address and answers the counts', async () => {
    const erased = await call<ErasureResult>(t, marketing, 'POST', `/api/contacts/${inYoung}/erase`, { reason: 'asked at the box office', confirmEmail: 'Kid@Example.org' });
    expect(erased).toMatchObject({ status: 200, body: { contactId: inYoung, kept: { bookings: 1 }, deleted: { consents: 1, units: 1 } } });
    expect((await call(t, marketing, 'POST', `/api/contacts/${inYoung}/export`)).status).toBe(404);
  });

  it('refuses an erasure whose address does not match, or without a reason, and erases nothing', async () => {
    const wrong = await call(t, marketing, 'POST', `/api/contacts/${inYoung}/erase`, { reason: 'asked', confirmEmail: 'curator@example.org' });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'validation', details: [{ field: 'confirmEmail' }] } } });
    const missing = await call(t, marketing, 'POST', `/api/contacts/${inYoung}/erase`, { reason: 'asked' });
    expect(missing.status).toBe(400);
    const short = await call(t, marketing, 'POST', `/api/contacts/${inYoung}/erase`, { reason: 'x', confirmEmail: 'kid@example.org' });
    expect(short).toMatchObject({ status: 400, body: { error: { details: [{ field: expect.stringContaining('reason') }] } } });
    expect(await t.foyer.database.db.selectFrom('contact').select('id').where('id', '=', inYoung).execute()).toHaveLength(1);
  });

  it('lets a unit actor reach only its own unit’s contacts: another unit’s answers 404', async () => {
    const unitKey = await t.withScopes(['audience:privacy'], { unitId: youngUnit });
    expect((await call(t, unitKey, 'POST', `/api/contacts/${inMuseum}/export`)).status).toBe(404);
    const crossing = await call(t, unitKey, 'POST', `/api/contacts/${inMuseum}/erase`, { reason: 'trying', confirmEmail: 'curator@example.org' });
    expect(crossing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await t.foyer.database.db.selectFrom('contact').select('id').where('id', '=', inMuseum).execute()).toHaveLength(1);

    expect((await call(t, unitKey, 'POST', `/api/contacts/${inYoung}/export`)).status).toBe(200);
    expect((await call(t, unitKey, 'POST', `/api/contacts/${inYoung}/erase`, { reason: 'asked us', confirmEmail: 'kid@example.org' })).status).toBe(200);
  });

  it('is refused to roles without audience:privacy', async () => {
    for (const role of ['dialogue', 'unit_staff', 'analyst'] as const) {
      const headers = await t.as(role, role === 'unit_staff' ? { unitId: youngUnit } : {});
      expect((await call(t, headers, 'POST', `/api/contacts/${inYoung}/export`)).status).toBe(403);
      expect((await call(t, headers, 'POST', `/api/contacts/${inYoung}/erase`, { reason: 'asked', confirmEmail: 'kid@example.org' })).status).toBe(403);
      expect((await call(t, headers, 'GET', '/api/privacy-requests')).status).toBe(403);
    }
  });

  it('lists the requests, newest first, by kind, status and period', async () => {
    await call(t, marketing, 'POST', `/api/contacts/${inMuseum}/export`);
    t.clock.advance(60_000);
    await call(t, marketing, 'POST', `/api/contacts/${inYoung}/erase`, { reason: 'asked by mail', confirmEmail: 'kid@example.org' });

    const all = await call<Page<PrivacyRequest>>(t, marketing, 'GET', '/api/privacy-requests');
    expect(all.body.items.map((request) => request.kind)).toEqual(['erasure', 'access']);
    expect(all.body.items[0]).toMatchObject({ contactId: null, pseudonym: expect.stringMatching(/^p_/), reason: 'asked by mail', via: 'staff' });
    expect((await call<Page<PrivacyRequest>>(t, marketing, 'GET', '/api/privacy-requests?kind=access')).body.items).toMatchObject([{ contactId: inMuseum }]);
    expect((await call<Page<PrivacyRequest>>(t, marketing, 'GET', '/api/privacy-requests?status=failed')).body.total).toBe(0);
    const later = new Date(t.clock.now().getTime() - 30_000).toISOString();
    expect((await call<Page<PrivacyRequest>>(t, marketing, 'GET', `/api/privacy-requests?from=${later}`)).body.items).toMatchObject([{ kind: 'erasure' }]);
    expect((await call<Page<PrivacyRequest>>(t, marketing, 'GET', `/api/privacy-requests?to=${later}`)).body.items).toMatchObject([{ kind: 'access' }]);
    expect((await call(t, marketing, 'GET', '/api/privacy-requests?kind=deletion')).status).toBe(400);
  });
});
