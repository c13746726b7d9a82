import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '../../core/db/json.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { insertConsent, insertContact, insertInteraction } from '../testing.ts';
import type { PrivacyService } from './service.ts';
import { insertStaticSegment, rowsOf } from './testing.ts';

const house = (t: TestApp) => ({ houseId: t.house.id, unitId: null });

/** A person with a row in every audience table: unit, interactions, consents with proof, a list, audit entries, a request. */
async function person(t: TestApp, email: string, unitId: string) {
  const db = t.foyer.database.db;
  const id = await insertContact(db, t.house.id, { email, units: [unitId], phone: '+49 30 5', interests: ['opera'] });
  await insertConsent(db, t.house.id, id, 'recommendations');
  await t.foyer.services.audience.consents.grant({
    houseId: t.house.id,
    contactId: id,
    purpose: 'newsletter',
    source: 'form',
    legalBasis: 'consent',
    proof: { ipHash: `hash-of-${email}`, userAgent: 'Firefox' },
    actor: 'staff:test',
  });
  await db.updateTable('consent').set({ proof: toJson({ ipHash: `hash-of-${email}`, ip: '192.0.2.1' }) }).where('contact_id', '=', id).where('purpose', '=', 'recommendations').execute();
  await insertInteraction(db, t.house.id, id, 'booking', { occurredAt: '2026-08-01T18:00:00.000Z', details: { seats: 2 } });
  await insertInteraction(db, t.house.id, id, 'page_view', { occurredAt: '2026-08-02T18:00:00.000Z', details: { page: `/for/${email}` } });
  await insertStaticSegment(db, t.house.id, `list of ${email}`, [id]);
  return id;
}

describe('privacy requests', () => {
  let t: TestApp;
  let privacy: PrivacyService;
  let unitId: string;
  let erika: string;
  let max: string;
  beforeEach(async () => {
    t = await createTestApp();
    privacy = t.foyer.services.privacy;
    unitId = (await t.foyer.services.catalogue.createUnit(house(t), { name: { de: 'Junges Theater' } })).id;
    erika = await person(t, 'erika@example.org', unitId);
    max = await person(t, 'max@example.org', unitId);
    await privacy.exportContact(house(t), erika, 'staff:earlier', 'staff');
  });
  afterEach(async () => {
    await t.close();
  });

  it('exports every row held about the person and nothing of anyone else', async () => {
    const document = await privacy.exportContact(house(t), erika, 'staff:abc', 'staff');
    const rows = await rowsOf(t.foyer.database.db, erika);

    expect(document.header).toMatchObject({ formatVersion: 1, generatedAt: t.clock.now().toISOString(), house: { id: t.house.id, name: 'Stadttheater Test' }, contactId: erika });
    expect(document.contact).toMatchObject({ id: erika, email: 'erika@example.org', phone: '+49 30 5', interests: ['opera'] });
    expect(document.units).toEqual([{ unitId, name: 'Junges Theater', since: expect.any(String) }]);
    expect(document.interactions.map((row) => row.id).sort()).toEqual(rows.interaction.map((row) => row.id).sort());
    expect(document.interactions.find((row) => row.kind === 'page_view')?.details).toEqual({ page: '/for/erika@example.org' });
    expect(document.consents.map((row) => row.id).sort()).toEqual(rows.consent.map((row) => row.id).sort());
    expect(document.segments).toEqual([{ segmentId: rows.segment_member[0]?.segment_id, name: 'list of erika@example.org', addedAt: expect.any(String) }]);
    const audit = await t.foyer.database.db.selectFrom('audit_entry').select('id').where('contact_id', '=', erika).execute();
    expect(document.audit.map((entry) => entry.id).sort()).toEqual(audit.map((entry) => entry.id).sort());
    expect(document.audit.map((entry) => entry.action)).toEqual(['consent.granted', 'contact.exported', 'contact.exported']);
    // The earlier request and this one, which the document records as well.
    expect(document.privacyRequests).toMatchObject([
      { kind: 'access', status: 'done', via: 'staff', actor: 'staff:earlier' },
      { id: document.header.requestId, kind: 'access', actor: 'staff:abc' },
    ]);

    const text = JSON.stringify(document);
    expect(text).not.toContain(max);
    expect(text).not.toContain('max@example.org');
    // Consent proof: the hashed IP, never an address.
    expect(text).not.toContain('192.0.2.1');
    expect(document.consents.find((row) => row.purpose === 'recommendations')?.proof).toEqual({ ipHash: 'hash-of-erika@example.org' });
    expect(text).not.toContain('confirmation_token');
  });

  it('erases the person in every table, keeps the bookings pseudonymised and records the request', async () => {
    const result = await privacy.erase(house(t), erika, 'staff:abc', { reason: 'asked by phone', via: 'staff', confirmEmail: ' ERIKA@example.org ' });

    expect(result).toMatchObject({ contactId: erika, kept: { bookings: 1 }, deleted: { interactions: 1, consents: 2, units: 1, segments: 1 } });
    const db = t.foyer.database.db;
    expect(await rowsOf(db, erika)).toEqual({ contact: [], contact_unit: [], interaction: [], consent: [], segment_member: [], privacy_request: [] });
    const kept = await db.selectFrom('interaction').select(['contact_id', 'details', 'kind']).where('pseudonym', '=', result.pseudonym).execute();
    expect(kept).toEqual([{ contact_id: null, details: null, kind: 'booking' }]);
    const requests = await db.selectFrom('privacy_request').select(['id', 'kind', 'contact_id', 'pseudonym', 'reason', 'via']).orderBy('id').execute();
    expect(requests).toEqual([
      { id: expect.any(String), kind: 'access', contact_id: null, pseudonym: null, reason: null, via: 'staff' },
      { id: result.requestId, kind: 'erasure', contact_id: null, pseudonym: result.pseudonym, reason: 'asked by phone', via: 'staff' },
    ]);
    const erased = await db.selectFrom('audit_entry').select(['actor', 'reason', 'details']).where('contact_id', '=', erika).where('action', '=', 'contact.erased').executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ actor: 'staff:abc', reason: 'asked by phone' });
    expect(JSON.parse(erased.details)).toMatchObject({ requestId: result.requestId, pseudonym: result.pseudonym });
    // Max is untouched.
    expect((await rowsOf(db, max)).interaction).toHaveLength(2);
    await expect(privacy.erase(house(t), erika, 'staff:abc', { reason: 'again', via: 'staff', confirmEmail: 'erika@example.org' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses an erasure whose confirmation address is not the contact’s, and erases nothing', async () => {
    await expect(privacy.erase(house(t), erika, 'staff:abc', { reason: 'asked by phone', via: 'staff', confirmEmail: 'max@example.org' })).rejects.toMatchObject({
      code: 'validation',
      details: [{ field: 'confirmEmail' }],
    });
    await expect(privacy.erase(house(t), erika, 'staff:abc', { reason: 'asked', via: 'staff' })).rejects.toMatchObject({ details: [{ field: 'confirmEmail' }] });
    await expect(privacy.erase(house(t), erika, 'staff:abc', { reason: 'no', via: 'staff', confirmEmail: 'erika@example.org' })).rejects.toMatchObject({ details: [{ field: 'reason' }] });
    expect((await rowsOf(t.foyer.database.db, erika)).contact).toHaveLength(1);
  });

  it('lets the person erase themselves from the preference centre without typing the address', async () => {
    const result = await privacy.erase(house(t), erika, `contact:${erika}`, { reason: 'requested by the person in the preference centre', via: 'preference_centre' });
    expect(result.deleted.consents).toBe(2);
    const [request] = await t.foyer.database.db.selectFrom('privacy_request').select(['via', 'actor']).where('kind', '=', 'erasure').execute();
    expect(request).toEqual({ via: 'preference_centre', actor: `contact:${erika}` });
  });

  it('does not export or erase a contact of another unit for a unit actor', async () => {
    const other = (await t.foyer.services.catalogue.createUnit(house(t), { name: { de: 'Stadtmuseum' } })).id;
    const scope = { houseId: t.house.id, unitId: other };
    await expect(privacy.exportContact(scope, erika, 'api_key:x', 'staff')).rejects.toMatchObject({ code: 'not_found' });
    await expect(privacy.erase(scope, erika, 'api_key:x', { reason: 'because', via: 'staff', confirmEmail: 'erika@example.org' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await privacy.listRequests(scope)).toMatchObject({ items: [], total: 0 });
    expect(await privacy.listRequests({ houseId: t.house.id, unitId })).toMatchObject({ total: 1 });
  });
});
