import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPlaces } from '../../catalogue/test-fixtures.ts';
import type { Scope } from '../../core/auth/model.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import type { AudienceService } from '../service.ts';
import { insertConsent, insertContact, insertInteraction } from '../testing.ts';
import { createContactService } from './service.ts';

describe('contacts', () => {
  let t: TestApp;
  let audience: AudienceService;
  let house: Scope;
  beforeEach(async () => {
    t = await createTestApp();
    audience = t.foyer.services.audience;
    house = { houseId: t.house.id, unitId: null };
  });
  afterEach(async () => {
    await t.close();
  });

  it('finds the same person however the address was typed, filling only empty fields', async () => {
    const first = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'Erika.M@Example.org', name: 'Erika', source: 'form' });
    const again = await audience.contacts.findOrCreate(
      { houseId: t.house.id, email: '  erika.m@example.ORG ', name: 'Someone Else', postalCode: '10115', interests: ['opera'], source: 'box_office' },
      { actor: 'staff:1' },
    );
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const contact = await audience.contacts.load(house, first.id);
    expect(contact).toMatchObject({ email: 'Erika.M@Example.org', name: 'Erika', postalCode: '10115', interests: ['opera'], source: 'form', units: [] });
    const actions = await t.foyer.database.db.selectFrom('audit_entry').select(['action', 'actor']).orderBy('id').execute();
    expect(actions).toEqual([
      { action: 'contact.created', actor: 'system:form' },
      { action: 'contact.updated', actor: 'staff:1' },
    ]);
  });

  it('makes one contact when the same address signs up several times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => audience.contacts.findOrCreate({ houseId: t.house.id, email: 'rush@example.org', source: 'form' })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('makes the person a member of the unit it was created for, and refuses a unit of another house', async () => {
    const { young } = await seedPlaces(t);
    const { id } = await audience.contacts.findOrCreate({ houseId: t.house.id, unitId: young.id, email: 'kid@example.org', source: 'import' });
    expect((await audience.contacts.load(house, id)).units).toEqual([young.id]);
    expect((await audience.contacts.load({ houseId: t.house.id, unitId: young.id }, id)).id).toBe(id);
    const other = await seedPlaces(t, (await import('../../core/testing/app.ts').then((m) => m.insertTestHouse(t.foyer))).id);
    await expect(audience.contacts.findOrCreate({ houseId: t.house.id, unitId: other.young.id, email: 'x@example.org', source: 'import' })).rejects.toMatchObject({
      code: 'validation',
      details: [{ field: 'unitId' }],
    });
  });

  it('searches names and addresses ignoring case and accents', async () => {
    await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'mueller@example.org', name: 'Jörg MÜLLER', source: 'staff' });
    await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'zoe_s@example.org', name: 'Zoë Schäfer', source: 'staff' });
    await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'other@example.org', name: 'Anna Berg', source: 'staff' });
    const names = async (q: string) => (await audience.contacts.list(house, { q })).items.map((c) => c.name);
    expect(await names('müller')).toEqual(['Jörg MÜLLER']);
    expect(await names('MUELLER jorg')).toEqual(['Jörg MÜLLER']);
    expect(await names('schafer')).toEqual(['Zoë Schäfer']);
    expect(await names('zoe_')).toEqual(['Zoë Schäfer']);
    expect(await names('%')).toEqual([]);
    expect((await audience.contacts.list(house, {}, { limit: 2 })).total).toBe(3);
  });

  it('filters by a purpose with valid consent only', async () => {
    const { id: valid } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'a@example.org', source: 'staff' });
    const { id: expired } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'b@example.org', source: 'staff' });
    await insertConsent(t.foyer.database.db, t.house.id, valid, 'newsletter', { expiresAt: '2027-01-01T00:00:00.000Z' });
    await insertConsent(t.foyer.database.db, t.house.id, expired, 'newsletter', { expiresAt: '2026-08-01T00:00:00.000Z' });
    expect((await audience.contacts.list(house, { purpose: 'newsletter' })).items.map((c) => c.id)).toEqual([valid]);
  });

  it('lists each contact with its consents at a glance, with the status a reader should see now', async () => {
    const { db } = t.foyer.database;
    const { id: anna } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'anna@example.org', source: 'staff' });
    const { id: bert } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'bert@example.org', source: 'staff' });
    await insertConsent(db, t.house.id, anna, 'ticketing', { expiresAt: '2028-01-01T00:00:00.000Z' });
    await insertConsent(db, t.house.id, anna, 'newsletter', { expiresAt: '2027-01-01T00:00:00.000Z' });
    // Granted but past its expiry: the retention job has not run yet, the list says expired all the same.
    await insertConsent(db, t.house.id, anna, 'recommendations', { expiresAt: '2026-08-01T00:00:00.000Z' });
    await insertConsent(db, t.house.id, anna, 'post_phone', { status: 'revoked', revokedAt: '2026-07-01T00:00:00.000Z' });
    const { items } = await audience.contacts.list(house);
    expect(items.map((c) => [c.id, c.consents])).toEqual([
      [
        anna,
        [
          { purpose: 'newsletter', status: 'granted', valid: true, expiresAt: '2027-01-01T00:00:00.000Z' },
          { purpose: 'recommendations', status: 'expired', valid: false, expiresAt: '2026-08-01T00:00:00.000Z' },
          { purpose: 'post_phone', status: 'revoked', valid: false, expiresAt: '2028-01-01T10:00:00.000Z' },
          { purpose: 'ticketing', status: 'granted', valid: true, expiresAt: '2028-01-01T00:00:00.000Z' },
        ],
      ],
      [bert, []],
    ]);
    t.clock.set('2027-01-01T00:00:00.000Z');
    const later = await audience.contacts.list(house, { q: 'anna' });
    expect(later.items[0]?.consents[0]).toEqual({ purpose: 'newsletter', status: 'expired', valid: false, expiresAt: '2027-01-01T00:00:00.000Z' });
  });

  it('reads the consents of a whole page in one query, and writes no view to the audit log', async () => {
    const { db } = t.foyer.database;
    let selects = 0;
    const counting: KyselyPlugin = {
      transformQuery: ({ node }) => {
        if (node.kind === 'SelectQueryNode') selects += 1;
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const contacts = createContactService({ database: { ...t.foyer.database, db: db.withPlugin(counting) }, clock: t.clock });
    const selectsForPage = async (limit: number) => {
      selects = 0;
      const page = await contacts.list(house, {}, { limit });
      return { selects, rows: page.items.length, consents: page.items.reduce((sum, c) => sum + c.consents.length, 0) };
    };
    for (let n = 0; n < 12; n += 1) {
      const id = await insertContact(db, t.house.id, { email: `p${String(n).padStart(2, '0')}@example.org` });
      await insertConsent(db, t.house.id, id, 'newsletter');
      await insertConsent(db, t.house.id, id, 'ticketing');
    }
    const small = await selectsForPage(2);
    const large = await selectsForPage(12);
    expect(small).toEqual({ selects: 4, rows: 2, consents: 4 });
    // Rows, count, units, consents: the same four queries for 12 contacts as for 2.
    expect(large).toEqual({ selects: 4, rows: 12, consents: 24 });
    expect(await db.selectFrom('audit_entry').select('id').where('action', '=', 'contact.viewed').execute()).toEqual([]);
  });

  it('checks a change field by field', async () => {
    const { id } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'a@example.org', source: 'staff' });
    await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'taken@example.org', source: 'staff' });
    const refused = async (patch: object) => audience.contacts.update(house, 'staff:1', id, patch).catch((error: unknown) => error);
    expect(await refused({ email: 'not an address' })).toMatchObject({ code: 'validation', details: [{ field: 'email' }] });
    expect(await refused({ language: 'fr' })).toMatchObject({ code: 'validation', details: [{ field: 'language' }] });
    expect(await refused({ birthYear: 1899 })).toMatchObject({ code: 'validation', details: [{ field: 'birthYear' }] });
    expect(await refused({ birthYear: 2027 })).toMatchObject({ code: 'validation', details: [{ field: 'birthYear' }] });
    expect(await refused({ interests: ['knitting'] })).toMatchObject({ code: 'validation', details: [{ field: 'interests' }] });
    expect(await refused({ email: 'TAKEN@example.org' })).toMatchObject({ code: 'conflict', details: [{ field: 'email' }] });
    const changed = await audience.contacts.update(house, 'staff:1', id, { birthYear: 2026, language: 'en', interests: ['opera', 'ballet'], postalCode: '80331' });
    expect(changed).toMatchObject({ birthYear: 2026, language: 'en', interests: ['opera', 'ballet'], postalCode: '80331' });
  });

  it('merges two contacts keeping every interaction, the stronger consent per purpose and all memberships', async () => {
    const { young, museum } = await seedPlaces(t);
    const { db } = t.foyer.database;
    const { id: survivor } = await audience.contacts.findOrCreate({ houseId: t.house.id, unitId: young.id, email: 'erika@example.org', source: 'staff' });
    const { id: other } = await audience.contacts.findOrCreate({ houseId: t.house.id, unitId: museum.id, email: 'erika.m@example.org', name: 'Erika M', phone: '+49 30 1234', source: 'staff' });
    await insertInteraction(db, t.house.id, survivor, 'booking', { occurredAt: '2026-05-01T18:00:00.000Z' });
    await insertInteraction(db, t.house.id, other, 'attendance', { occurredAt: '2026-06-01T18:00:00.000Z' });
    await insertInteraction(db, t.house.id, other, 'email_opened', { occurredAt: '2026-06-02T18:00:00.000Z' });
    // newsletter: the survivor's has expired, the other's is valid -> the other's is kept.
    await insertConsent(db, t.house.id, survivor, 'newsletter', { expiresAt: '2026-08-01T00:00:00.000Z' });
    const othersNewsletter = await insertConsent(db, t.house.id, other, 'newsletter', { expiresAt: '2027-06-01T00:00:00.000Z' });
    // recommendations: both valid, the survivor's lasts longer -> kept.
    const survivorsRecommendations = await insertConsent(db, t.house.id, survivor, 'recommendations', { expiresAt: '2028-01-01T00:00:00.000Z' });
    await insertConsent(db, t.house.id, other, 'recommendations', { expiresAt: '2027-01-01T00:00:00.000Z' });
    await insertConsent(db, t.house.id, other, 'post_phone', { status: 'revoked', revokedAt: '2026-07-01T00:00:00.000Z' });
    const segmentId = '01936b2e-1e4a-7c3b-8a2f-0123456789ab';
    await db.insertInto('segment').values({ id: segmentId, house_id: t.house.id, unit_id: null, name: 'List', description: null, kind: 'static', rules: null, created_by: null, created_at: 'x', updated_at: 'x' }).execute();
    await db.insertInto('segment_member').values({ house_id: t.house.id, segment_id: segmentId, contact_id: other, added_at: 'x' }).execute();

    const merged = await audience.contacts.merge(house, 'staff:1', survivor, other);
    expect(merged).toMatchObject({ id: survivor, email: 'erika@example.org', name: 'Erika M', phone: '+49 30 1234' });
    expect(new Set(merged.units)).toEqual(new Set([young.id, museum.id]));
    const interactions = await db.selectFrom('interaction').select('contact_id').execute();
    expect(interactions.map((i) => i.contact_id)).toEqual([survivor, survivor, survivor]);
    const consents = await audience.consents.ofContact(t.house.id, survivor);
    expect(consents.map((c) => [c.purpose, c.id, c.status])).toEqual([
      ['newsletter', othersNewsletter, 'granted'],
      ['post_phone', expect.any(String), 'revoked'],
      ['recommendations', survivorsRecommendations, 'granted'],
    ]);
    expect(await db.selectFrom('segment_member').select('contact_id').execute()).toEqual([{ contact_id: survivor }]);
    expect(await db.selectFrom('contact').select('id').where('id', '=', other).execute()).toEqual([]);
    const logged = await db.selectFrom('audit_entry').select('contact_id').where('action', '=', 'contact.merged').execute();
    expect(new Set(logged.map((e) => e.contact_id))).toEqual(new Set([survivor, other]));
    await expect(audience.contacts.merge(house, 'staff:1', survivor, survivor)).rejects.toMatchObject({ code: 'validation' });
  });

  it('reads for a purpose only what it justifies, and nothing without valid consent', async () => {
    const { id } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'a@example.org', name: 'Anna', phone: '+49 1', birthYear: 1980, interests: ['opera'], source: 'staff' });
    await expect(audience.contacts.readForPurpose(house, id, 'newsletter')).rejects.toMatchObject({ code: 'no_consent' });
    await insertConsent(t.foyer.database.db, t.house.id, id, 'newsletter', { expiresAt: '2027-01-01T00:00:00.000Z' });
    const reading = await audience.contacts.readForPurpose(house, id, 'newsletter');
    expect(reading.fields).toEqual({ email: 'a@example.org', name: 'Anna', language: null, interests: ['opera'] });
    expect(reading.interactionKinds).toEqual(['email_sent']);
    expect(reading.interactionDetails).toBe(false);
    t.clock.set('2027-01-01T00:00:00.000Z');
    await expect(audience.contacts.readForPurpose(house, id, 'newsletter')).rejects.toMatchObject({ code: 'no_consent' });
  });
});
