import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { fromJson } from '../../core/db/json.ts';
import type { AudienceService } from '../service.ts';

const HOUR = 3_600_000;

describe('consents', () => {
  let t: TestApp;
  let audience: AudienceService;
  let contactId: string;
  beforeEach(async () => {
    t = await createTestApp();
    audience = t.foyer.services.audience;
    ({ id: contactId } = await audience.contacts.findOrCreate({ houseId: t.house.id, email: 'Erika@Example.org', source: 'form' }));
  });
  afterEach(async () => {
    await t.close();
  });

  const consentOf = async (purpose: string) => (await audience.consents.ofContact(t.house.id, contactId)).find((c) => c.purpose === purpose);
  const auditActions = async () =>
    (await t.foyer.database.db.selectFrom('audit_entry').select(['action', 'actor']).where('contact_id', '=', contactId).orderBy('id').execute()).map((e) => e.action);

  it('grants a newsletter consent through double opt-in for the default 24 months', async () => {
    const requested = await audience.consents.request({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'form', proof: { ipHash: 'abc' }, actor: 'system:signup' });
    expect(requested.expiresAt).toBe(new Date(t.clock.now().getTime() + 72 * HOUR).toISOString());
    expect(await consentOf('newsletter')).toMatchObject({ status: 'pending', valid: false });
    // Only the hash is stored.
    const stored = await t.foyer.database.db.selectFrom('consent').select('confirmation_token_hash').executeTakeFirstOrThrow();
    expect(stored.confirmation_token_hash).not.toContain(requested.confirmationToken);

    t.clock.advance(2 * HOUR);
    const confirmed = await audience.consents.confirm({ token: requested.confirmationToken, proof: { userAgent: 'Firefox' } });
    expect(confirmed).toEqual({ houseId: t.house.id, contactId, purpose: 'newsletter', expiresAt: '2028-09-01T10:00:00.000Z' });
    const consent = await consentOf('newsletter');
    expect(consent).toMatchObject({ status: 'granted', valid: true, legalBasis: 'consent', source: 'form' });
    expect(consent?.proof).toMatchObject({ ipHash: 'abc', userAgent: 'Firefox', confirmedAt: '2026-09-01T10:00:00.000Z' });
    expect(await auditActions()).toEqual(['contact.created', 'consent.requested', 'consent.granted']);
    const granted = await t.foyer.database.db.selectFrom('audit_entry').select('actor').where('action', '=', 'consent.granted').executeTakeFirstOrThrow();
    expect(granted.actor).toBe(`contact:${contactId}`);
  });

  it('answers a second click on the same link with gone', async () => {
    const { confirmationToken } = await audience.consents.request({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'form', proof: {}, actor: 'system:signup' });
    await audience.consents.confirm({ token: confirmationToken, proof: {} });
    await expect(audience.consents.confirm({ token: confirmationToken, proof: {} })).rejects.toMatchObject({ code: 'gone' });
  });

  it('answers a link followed 72 hours after the request with gone, one millisecond earlier it works', async () => {
    const first = await audience.consents.request({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'form', proof: {}, actor: 'system:signup' });
    t.clock.advance(72 * HOUR);
    await expect(audience.consents.confirm({ token: first.confirmationToken })).rejects.toMatchObject({ code: 'gone' });
    expect(await consentOf('newsletter')).toMatchObject({ status: 'pending' });

    const second = await audience.consents.request({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'form', proof: {}, actor: 'system:signup' });
    t.clock.advance(72 * HOUR - 1);
    await expect(audience.consents.confirm({ token: second.confirmationToken })).resolves.toMatchObject({ purpose: 'newsletter' });
  });

  it('answers an unknown token with not_found', async () => {
    await expect(audience.consents.confirm({ token: 'foyer_optin_made-up' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('voids a pending link when the consent is revoked before the click', async () => {
    const { confirmationToken } = await audience.consents.request({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'form', proof: {}, actor: 'system:signup' });
    await audience.consents.revoke({ houseId: t.house.id, contactId, purpose: 'newsletter', actor: `contact:${contactId}` });
    await expect(audience.consents.confirm({ token: confirmationToken })).rejects.toMatchObject({ code: 'gone' });
    expect(await consentOf('newsletter')).toMatchObject({ status: 'revoked', valid: false });
  });

  it('keeps a valid consent granted while a renewal mail is out, and renews it on the click', async () => {
    await audience.consents.grant({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'box_office', legalBasis: 'consent', proof: { staffRef: 'staff:x' }, actor: 'staff:x' });
    t.clock.advance(30 * 24 * HOUR);
    const { confirmationToken } = await audience.consents.request({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'form', proof: {}, actor: 'system:signup' });
    expect(await consentOf('newsletter')).toMatchObject({ status: 'granted', valid: true, expiresAt: '2028-09-01T08:00:00.000Z' });
    const confirmed = await audience.consents.confirm({ token: confirmationToken });
    expect(confirmed.expiresAt).toBe('2028-10-01T08:00:00.000Z');
  });

  it('re-granting updates the one row and starts a new period', async () => {
    await audience.consents.grant({ houseId: t.house.id, contactId, purpose: 'recommendations', source: 'staff', legalBasis: 'consent', proof: {}, actor: 'staff:x' });
    await audience.consents.revoke({ houseId: t.house.id, contactId, purpose: 'recommendations', actor: 'staff:x', reason: 'asked by phone' });
    t.clock.advance(HOUR);
    const again = await audience.consents.grant({ houseId: t.house.id, contactId, purpose: 'recommendations', source: 'assistant', legalBasis: 'consent', proof: {}, actor: 'staff:x' });
    const rows = await t.foyer.database.db.selectFrom('consent').select(['id', 'status', 'revoked_at', 'source', 'retention_done_at']).execute();
    expect(rows).toEqual([{ id: again.consentId, status: 'granted', revoked_at: null, source: 'assistant', retention_done_at: null }]);
    expect(again.expiresAt).toBe('2028-09-01T09:00:00.000Z');
  });

  it('revoking leaves retention_done_at null for the retention job and records the reason', async () => {
    await audience.consents.grant({ houseId: t.house.id, contactId, purpose: 'behavioural_analysis', source: 'staff', legalBasis: 'consent', proof: {}, actor: 'staff:x' });
    t.clock.advance(HOUR);
    expect(await audience.consents.revoke({ houseId: t.house.id, contactId, purpose: 'behavioural_analysis', actor: 'staff:x', reason: 'asked by mail' })).toEqual({ revoked: true });
    expect(await audience.consents.revoke({ houseId: t.house.id, contactId, purpose: 'behavioural_analysis', actor: 'staff:x' })).toEqual({ revoked: false });
    const row = await t.foyer.database.db.selectFrom('consent').select(['status', 'revoked_at', 'retention_done_at']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'revoked', revoked_at: '2026-09-01T09:00:00.000Z', retention_done_at: null });
    const entry = await t.foyer.database.db.selectFrom('audit_entry').select(['reason', 'details']).where('action', '=', 'consent.revoked').executeTakeFirstOrThrow();
    expect(entry.reason).toBe('asked by mail');
    expect(fromJson(entry.details, {})).toEqual({ purpose: 'behavioural_analysis', previousStatus: 'granted' });
  });

  it('a consent is valid until one millisecond before its expiry and then require refuses with no_consent', async () => {
    const { expiresAt } = await audience.consents.grant({ houseId: t.house.id, contactId, purpose: 'post_phone', source: 'staff', legalBasis: 'consent', proof: {}, actor: 'staff:x' });
    t.clock.set(new Date(Date.parse(expiresAt) - 1));
    await expect(audience.consents.require(t.house.id, contactId, 'post_phone')).resolves.toBeUndefined();
    t.clock.set(expiresAt);
    await expect(audience.consents.require(t.house.id, contactId, 'post_phone')).rejects.toMatchObject({ code: 'no_consent' });
    expect(await consentOf('post_phone')).toMatchObject({ status: 'expired', valid: false });
  });

  it('uses the house policy: its period for new grants and a new text version when the text changes', async () => {
    const defaults = await audience.consents.policy(t.house.id, 'newsletter');
    expect(defaults).toMatchObject({ expiryMonths: 24, custom: false });
    const changed = await audience.consents.setPolicy('staff:owner', t.house.id, 'newsletter', { expiryMonths: 12, textDe: 'Newsletter, bitte.', textEn: 'Newsletter, please.' });
    expect(changed).toMatchObject({ expiryMonths: 12, custom: true });
    expect(changed.textVersion).not.toBe(defaults.textVersion);
    const sameText = await audience.consents.setPolicy('staff:owner', t.house.id, 'newsletter', { expiryMonths: 6, textDe: 'Newsletter, bitte.', textEn: 'Newsletter, please.' });
    expect(sameText.textVersion).toBe(changed.textVersion);

    const { expiresAt } = await audience.consents.grant({ houseId: t.house.id, contactId, purpose: 'newsletter', source: 'staff', legalBasis: 'consent', proof: {}, actor: 'staff:x' });
    expect(expiresAt).toBe('2027-03-01T08:00:00.000Z');
    expect((await consentOf('newsletter'))?.textVersion).toBe(changed.textVersion);
    expect((await audience.consents.policies(t.house.id)).map((p) => p.purpose)).toEqual(['newsletter', 'recommendations', 'behavioural_analysis', 'post_phone', 'ticketing']);
    const logged = await t.foyer.database.db.selectFrom('audit_entry').select('action').where('action', '=', 'consent.policy_changed').execute();
    expect(logged).toHaveLength(2);
  });

  it('refuses a consent for a contact of another house, and double opt-in for ticketing', async () => {
    const second = await insertTestHouse(t.foyer);
    await expect(audience.consents.grant({ houseId: second.id, contactId, purpose: 'newsletter', source: 'staff', legalBasis: 'consent', proof: {}, actor: 'staff:x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(audience.consents.request({ houseId: t.house.id, contactId, purpose: 'ticketing' as 'newsletter', source: 'form', proof: {}, actor: 'x' })).rejects.toMatchObject({ code: 'validation' });
  });
});
