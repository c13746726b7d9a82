import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromJson } from '../../core/db/json.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { insertConsent, insertContact, insertInteraction } from '../testing.ts';
import { contactErased } from './events.ts';
import { retentionJob, scheduleRetention } from './retention.ts';
import { insertStaticSegment, rowsOf } from './testing.ts';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse('2026-09-01T08:00:00.000Z') + days * DAY).toISOString();

describe('the retention job', () => {
  let t: TestApp;
  let houseId: string;
  beforeEach(async () => {
    t = await createTestApp();
    houseId = t.house.id;
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.foyer.database.db;
  const run = () => t.foyer.services.privacy.runRetention();
  const kinds = async (contactId: string) => (await rowsOf(db(), contactId)).interaction.map((row) => row.kind).sort();
  const auditOf = async (contactId: string) =>
    db().selectFrom('audit_entry').select(['action', 'actor', 'reason', 'details']).where('contact_id', '=', contactId).orderBy('id').execute();

  it('deletes the e-mails sent when the newsletter is revoked, keeping interests that recommendations justify', async () => {
    const id = await insertContact(db(), houseId, { interests: ['opera'], phone: '+49 30 1234', birthYear: 1980 });
    await insertConsent(db(), houseId, id, 'newsletter', { status: 'revoked', revokedAt: at(-1) });
    await insertConsent(db(), houseId, id, 'recommendations');
    await insertInteraction(db(), houseId, id, 'email_sent', { occurredAt: at(-30) });
    await insertInteraction(db(), houseId, id, 'email_sent', { occurredAt: at(-20) });
    await insertInteraction(db(), houseId, id, 'email_clicked', { occurredAt: at(-20), details: { link: 'https://example.org' } });
    await insertInteraction(db(), houseId, id, 'page_view', { occurredAt: at(-10), details: { page: '/programme' } });
    await insertInteraction(db(), houseId, id, 'booking', { occurredAt: at(-5) });

    const report = await run();

    expect(report).toMatchObject({ trimmed: 1, erased: 0 });
    expect(await kinds(id)).toEqual(['booking', 'page_view']);
    const rows = await rowsOf(db(), id);
    expect(rows.contact[0]).toMatchObject({ interests: '["opera"]', birth_year: 1980, name: null, phone: null });
    expect(rows.interaction.every((row) => row.details === null)).toBe(true);
    expect(rows.consent.find((row) => row.purpose === 'newsletter')?.retention_done_at).toBe(t.clock.now().toISOString());
    const trimmed = (await auditOf(id)).find((entry) => entry.action === 'retention.trimmed');
    expect(trimmed?.actor).toBe('system:retention');
    expect(fromJson<{ items: string[]; interactionsDeleted: number }>(trimmed?.details ?? '{}', { items: [], interactionsDeleted: 0 })).toMatchObject({
      items: expect.arrayContaining(['interaction:email_sent', 'interaction_details', 'name', 'phone']),
      interactionsDeleted: 3,
    });
  });

  it('removes the behavioural profile and every detail when behavioural analysis expires, and keeps the bookings', async () => {
    const id = await insertContact(db(), houseId, { interests: ['drama'], birthYear: 1975, postalCode: '10115', phone: '+49 30 1' });
    await insertConsent(db(), houseId, id, 'behavioural_analysis', { expiresAt: at(-0.5) });
    await insertConsent(db(), houseId, id, 'ticketing');
    for (const kind of ['page_view', 'email_opened', 'email_clicked', 'assistant_conversation', 'survey_answer'] as const) {
      await insertInteraction(db(), houseId, id, kind, { occurredAt: at(-40), details: { what: kind } });
    }
    await insertInteraction(db(), houseId, id, 'booking', { occurredAt: at(-40), details: { seats: 2 } });
    await insertInteraction(db(), houseId, id, 'attendance', { occurredAt: at(-39), details: { gate: 'B' } });

    expect(await run()).toMatchObject({ expired: 1, trimmed: 1, erased: 0 });

    expect(await kinds(id)).toEqual(['attendance', 'booking']);
    const rows = await rowsOf(db(), id);
    expect(rows.interaction.map((row) => [row.details, row.pseudonym, row.contact_id])).toEqual([
      [null, null, id],
      [null, null, id],
    ]);
    // Ticketing justifies name, phone and postcode; nothing left justifies birth year or interests.
    expect(rows.contact[0]).toMatchObject({ birth_year: null, interests: '[]', postal_code: '10115', phone: '+49 30 1', name: 'Erika Mustermann' });
    expect(rows.consent.find((row) => row.purpose === 'behavioural_analysis')).toMatchObject({ status: 'expired', retention_done_at: t.clock.now().toISOString() });
    expect((await auditOf(id)).map((entry) => entry.action)).toEqual(['consent.expired', 'retention.trimmed']);
  });

  it('deletes the phone number when contact by post or phone ends', async () => {
    const id = await insertContact(db(), houseId, { phone: '+49 30 999', postalCode: '04109' });
    await insertConsent(db(), houseId, id, 'post_phone', { status: 'revoked', revokedAt: at(-0.1) });
    await insertConsent(db(), houseId, id, 'newsletter');

    await run();

    const [contact] = (await rowsOf(db(), id)).contact;
    expect(contact).toMatchObject({ phone: null, postal_code: null, name: 'Erika Mustermann', email: expect.stringContaining('@') });
  });

  it('erases a contact whose last purpose ended, keeping the bookings under one pseudonym', async () => {
    const { young } = await units(t);
    const id = await insertContact(db(), houseId, { units: [young] });
    await insertConsent(db(), houseId, id, 'newsletter', { expiresAt: at(-1) });
    await insertConsent(db(), houseId, id, 'ticketing', { status: 'revoked', revokedAt: at(-2) });
    const bookings = [
      await insertInteraction(db(), houseId, id, 'booking', { occurredAt: at(-100), ref: 'order-1', source: 'ticketing', details: { seat: 'A1' } }),
      await insertInteraction(db(), houseId, id, 'booking', { occurredAt: at(-50), ref: 'order-2', source: 'ticketing' }),
    ];
    await insertInteraction(db(), houseId, id, 'email_sent', { occurredAt: at(-10) });
    await insertInteraction(db(), houseId, id, 'attendance', { occurredAt: at(-99) });
    await insertStaticSegment(db(), houseId, 'Abo 2026', [id]);
    const heard: unknown[] = [];
    t.foyer.events.subscribe(contactErased, 'test-ticketing', async (payload) => {
      heard.push(payload);
    });

    expect(await run()).toMatchObject({ erased: 1, expired: 1 });

    expect(await rowsOf(db(), id)).toEqual({ contact: [], contact_unit: [], interaction: [], consent: [], segment_member: [], privacy_request: [] });
    const kept = await db().selectFrom('interaction').select(['id', 'contact_id', 'pseudonym', 'details', 'kind']).where('house_id', '=', houseId).orderBy('id').execute();
    expect(kept.map((row) => row.id)).toEqual(bookings);
    expect(new Set(kept.map((row) => row.pseudonym)).size).toBe(1);
    expect(kept[0]?.pseudonym).toMatch(/^p_/);
    expect(kept.every((row) => row.contact_id === null && row.details === null)).toBe(true);
    const audit = await auditOf(id);
    expect(audit.map((entry) => entry.action)).toEqual(['consent.expired', 'contact.erased']);
    expect(audit[1]).toMatchObject({ actor: 'system:retention', reason: 'no purpose left' });
    expect(fromJson(audit[1]?.details ?? '{}', {})).toMatchObject({
      pseudonym: kept[0]?.pseudonym,
      kept: { bookings: 2 },
      deleted: { interactions: 2, consents: 2, units: 1, segments: 1 },
    });
    // Not a request of the person: the job's erasures are in the audit log only.
    expect(await db().selectFrom('privacy_request').selectAll().execute()).toEqual([]);
    // Ticketing hears of it, with the same pseudonym.
    await t.foyer.jobs.runDueJobs();
    expect(heard).toEqual([{ houseId, contactId: id, pseudonym: kept[0]?.pseudonym }]);
  });

  it('never touches a contact whose consents are all valid', async () => {
    const id = await insertContact(db(), houseId, { phone: '+49 1', interests: ['jazz'], birthYear: 1990, postalCode: '20095' });
    await insertConsent(db(), houseId, id, 'newsletter');
    await insertConsent(db(), houseId, id, 'behavioural_analysis', { expiresAt: at(0.001) });
    await insertInteraction(db(), houseId, id, 'email_clicked', { occurredAt: at(-1), details: { link: 'x' } });
    const before = await rowsOf(db(), id);

    expect(await run()).toMatchObject({ contacts: 0, batches: 0 });

    expect(await rowsOf(db(), id)).toEqual(before);
    expect(await auditOf(id)).toEqual([]);
  });

  it('changes nothing on a second run', async () => {
    const trimmed = await insertContact(db(), houseId);
    await insertConsent(db(), houseId, trimmed, 'newsletter', { status: 'revoked', revokedAt: at(-1) });
    await insertConsent(db(), houseId, trimmed, 'ticketing');
    await insertInteraction(db(), houseId, trimmed, 'email_sent', { occurredAt: at(-3) });
    const erased = await insertContact(db(), houseId);
    await insertConsent(db(), houseId, erased, 'newsletter', { expiresAt: at(-1) });
    await insertInteraction(db(), houseId, erased, 'booking', { occurredAt: at(-3) });
    await run();
    const snapshot = async () => ({
      contacts: await db().selectFrom('contact').selectAll().orderBy('id').execute(),
      consents: await db().selectFrom('consent').selectAll().orderBy('id').execute(),
      interactions: await db().selectFrom('interaction').selectAll().orderBy('id').execute(),
      audit: await db().selectFrom('audit_entry').select('id').execute(),
    });
    const first = await snapshot();

    t.clock.advance(15 * 60_000);
    expect(await run()).toMatchObject({ contacts: 0, trimmed: 0, erased: 0 });
    expect(await snapshot()).toEqual(first);
  });

  it('drops a double opt-in left unconfirmed for 30 days, and the contact it alone held', async () => {
    const alone = await insertContact(db(), houseId, { createdAt: at(-31) });
    await insertConsent(db(), houseId, alone, 'newsletter', { status: 'pending', grantedAt: at(-30) });
    const withPurpose = await insertContact(db(), houseId, { createdAt: at(-31) });
    await insertConsent(db(), houseId, withPurpose, 'newsletter', { status: 'pending', grantedAt: at(-30) });
    await insertConsent(db(), houseId, withPurpose, 'recommendations');
    const recent = await insertContact(db(), houseId, { createdAt: at(-31) });
    await insertConsent(db(), houseId, recent, 'newsletter', { status: 'pending', grantedAt: at(-29) });

    expect(await run()).toMatchObject({ unconfirmed: 2, erased: 1 });

    expect((await rowsOf(db(), alone)).contact).toEqual([]);
    expect((await rowsOf(db(), withPurpose)).consent.map((row) => row.purpose)).toEqual(['recommendations']);
    expect((await rowsOf(db(), recent)).consent.map((row) => row.status)).toEqual(['pending']);
    expect((await auditOf(withPurpose)).map((entry) => entry.action)).toEqual(['consent.expired', 'retention.trimmed']);
  });

  it('erases a contact that never had a consent 30 days after it was created', async () => {
    const old = await insertContact(db(), houseId, { createdAt: at(-30) });
    const young = await insertContact(db(), houseId, { createdAt: at(-29) });
    await insertInteraction(db(), houseId, old, 'booking', { occurredAt: at(-30) });

    expect(await run()).toMatchObject({ erased: 1, erasedWithoutConsent: 1 });

    expect((await rowsOf(db(), old)).contact).toEqual([]);
    expect((await rowsOf(db(), young)).contact).toHaveLength(1);
    const [booking] = await db().selectFrom('interaction').select(['contact_id', 'pseudonym']).execute();
    expect(booking).toMatchObject({ contact_id: null, pseudonym: expect.stringMatching(/^p_/) });
    expect(await auditOf(old)).toMatchObject([{ action: 'contact.erased', details: expect.stringContaining('"because":"no_consent"') }]);
  });

  it('resumes after a stop half-way and ends where one whole run would', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const id = await insertContact(db(), houseId);
      await insertConsent(db(), houseId, id, 'newsletter', { status: 'revoked', revokedAt: at(-1) });
      await insertConsent(db(), houseId, id, 'ticketing');
      await insertInteraction(db(), houseId, id, 'email_sent', { occurredAt: at(-2) });
      ids.push(id);
    }
    const stop = new AbortController();
    const first = await t.foyer.services.privacy.runRetention({ batchSize: 2, signal: stop.signal, onBatch: () => stop.abort() });
    expect(first).toMatchObject({ batches: 1, trimmed: 2 });

    const second = await t.foyer.services.privacy.runRetention({ batchSize: 2 });
    expect(second).toMatchObject({ batches: 2, trimmed: 3 });
    for (const id of ids) expect(await kinds(id)).toEqual([]);
    const trims = await db().selectFrom('audit_entry').select('contact_id').where('action', '=', 'retention.trimmed').execute();
    expect(trims.map((entry) => entry.contact_id).sort()).toEqual([...ids].sort());
  });

  it('runs as the job audience/retention, scheduled every 15 minutes', async () => {
    const id = await insertContact(db(), houseId);
    await insertConsent(db(), houseId, id, 'newsletter', { expiresAt: at(-1) });
    await scheduleRetention(t.foyer.jobs);
    expect(await t.foyer.jobs.schedules()).toEqual([expect.objectContaining({ name: 'audience/retention', cron: '*/15 * * * *', timeZone: 'UTC' })]);

    await t.foyer.jobs.enqueue(retentionJob, {});
    await t.foyer.jobs.runDueJobs();

    expect((await rowsOf(db(), id)).contact).toEqual([]);
  });

  it('leaves another house alone when it handles one', async () => {
    const otherHouse = (await insertTestHouse(t.foyer)).id;
    const mine = await insertContact(db(), houseId);
    await insertConsent(db(), houseId, mine, 'newsletter', { expiresAt: at(-1) });
    const theirs = await insertContact(db(), otherHouse);
    await insertConsent(db(), otherHouse, theirs, 'newsletter');
    await insertInteraction(db(), otherHouse, theirs, 'email_sent', { occurredAt: at(-1) });

    await run();

    expect((await rowsOf(db(), mine)).contact).toEqual([]);
    expect(await kinds(theirs)).toEqual(['email_sent']);
  });
});

async function units(t: TestApp) {
  const scope = { houseId: t.house.id, unitId: null };
  const young = await t.foyer.services.catalogue.createUnit(scope, { name: { de: 'Junges Theater' } });
  return { young: young.id };
}
