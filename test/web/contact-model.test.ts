import { describe, expect, it } from 'vitest';
import type { Contact } from '../../web/src/api/audienceTypes.ts';
import { consentTip, consentTone, contactBody, contactValues, daysUntil } from '../../web/src/pages/audience/contactModel.ts';

/* The contact form's values and how a consent reads at a glance (web/src/pages/audience/contactModel.ts). */

const now = new Date('2026-06-01T10:00:00.000Z');
const contact: Contact = {
  id: '0199b1a2-0000-7000-8000-000000000001',
  email: 'erika@example.org',
  name: 'Erika Mustermann',
  phone: null,
  language: 'de',
  postalCode: '10115',
  birthYear: 1980,
  interests: ['opera'],
  source: 'staff',
  units: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
};

describe('a contact in the form', () => {
  it('sends cleared fields as null and keeps the address as typed, trimmed', () => {
    const values = { ...contactValues(contact), email: ' erika@example.org ', name: '  ', postalCode: '', birthYear: '' as const };
    expect(contactBody(values, false)).toEqual({
      email: 'erika@example.org',
      name: null,
      phone: null,
      language: 'de',
      postalCode: null,
      birthYear: null,
      interests: ['opera'],
    });
  });

  it('names the unit only when a contact is created for one', () => {
    const values = contactValues(undefined, { unitId: '0199b1a2-0000-7000-8000-0000000000aa' });
    expect(contactBody({ ...values, email: 'new@example.org' }, true).unitId).toBe('0199b1a2-0000-7000-8000-0000000000aa');
    expect(contactBody({ ...values, email: 'new@example.org' }, false)).not.toHaveProperty('unitId');
    expect(contactBody({ ...values, unitId: null, email: 'new@example.org' }, true)).not.toHaveProperty('unitId');
  });
});

describe('a consent at a glance', () => {
  it('is valid, expiring within 60 days, pending or ended', () => {
    expect(consentTone({ status: 'granted', valid: true, expiresAt: '2027-06-01T10:00:00.000Z' }, now)).toBe('valid');
    expect(consentTone({ status: 'granted', valid: true, expiresAt: '2026-07-15T10:00:00.000Z' }, now)).toBe('expiring');
    expect(consentTone({ status: 'pending', valid: false, expiresAt: null }, now)).toBe('pending');
    expect(consentTone({ status: 'revoked', valid: false, expiresAt: '2027-06-01T10:00:00.000Z' }, now)).toBe('ended');
    // Past its expiry but not yet swept by the retention job: the server says it is not valid.
    expect(consentTone({ status: 'expired', valid: false, expiresAt: '2026-05-01T10:00:00.000Z' }, now)).toBe('ended');
  });

  it("tells in the list badge's tooltip until when a consent holds, or when it ran out", () => {
    expect(consentTip({ purpose: 'newsletter', status: 'granted', valid: true, expiresAt: '2026-07-15T10:00:00.000Z' }, now)).toEqual({ kind: 'validUntil', date: '2026-07-15T10:00:00.000Z', days: 44 });
    expect(consentTip({ purpose: 'newsletter', status: 'expired', valid: false, expiresAt: '2026-05-01T10:00:00.000Z' }, now)).toEqual({ kind: 'expiredOn', date: '2026-05-01T10:00:00.000Z' });
    // A revoked consent ended when it was revoked: the expiry it would have had is not its end.
    expect(consentTip({ purpose: 'post_phone', status: 'revoked', valid: false, expiresAt: '2027-06-01T10:00:00.000Z' }, now)).toEqual({ kind: 'status', status: 'revoked' });
    expect(consentTip({ purpose: 'newsletter', status: 'pending', valid: false, expiresAt: null }, now)).toEqual({ kind: 'pending' });
  });

  it('counts whole days left, negative once past', () => {
    expect(daysUntil('2026-06-11T09:59:59.000Z', now)).toBe(9);
    expect(daysUntil('2026-06-11T10:00:00.000Z', now)).toBe(10);
    expect(daysUntil('2026-05-31T10:00:00.000Z', now)).toBe(-1);
  });
});
