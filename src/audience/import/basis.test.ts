import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPIRY_MONTHS } from '../model.ts';
import { decideConsent, type ExistingConsent, type Grant, rowBasis } from './basis.ts';
import type { ContactRow } from './model.ts';
import { RowNotes } from './notes.ts';

const now = new Date('2026-09-01T08:00:00.000Z');
const day = (iso: string) => iso.slice(0, 10);
const context = () => ({ now, expiryMonths: DEFAULT_EXPIRY_MONTHS, day, notes: new RowNotes() });
const row = (overrides: Partial<ContactRow>): ContactRow => ({ line: 2, email: 'a@example.org', emailNormalised: 'a@example.org', interests: [], consents: [], ...overrides });

const grant = (overrides: Partial<Grant> = {}): Grant => ({
  purpose: 'newsletter',
  legalBasis: 'consent',
  grantedAt: '2026-06-01T00:00:00.000Z',
  dated: true,
  expiresAt: '2028-06-01T00:00:00.000Z',
  line: 2,
  note: 'Newsletter',
  ...overrides,
});
const held = (overrides: Partial<ExistingConsent> = {}): ExistingConsent => ({
  status: 'granted',
  grantedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2028-01-01T00:00:00.000Z',
  revokedAt: null,
  ...overrides,
});

describe('the lawful basis of a row', () => {
  it.each([
    ['a yes', { consents: [{ purpose: 'newsletter', answer: 'yes', column: 'Newsletter' }] }, ['newsletter']],
    ['an order', { order: { ref: 'A1', at: '2026-08-01T10:00:00.000Z', cancelled: false } }, ['ticketing']],
    [
      'a yes and an order',
      { consents: [{ purpose: 'post_phone', answer: 'yes', column: 'Post' }], order: { ref: 'A1', at: '2026-08-01T10:00:00.000Z', cancelled: false } },
      ['post_phone', 'ticketing'],
    ],
  ] as const)('grants what %s gives', (_label, overrides, purposes) => {
    const basis = rowBasis(row(overrides as Partial<ContactRow>), context());
    expect('grants' in basis ? basis.grants.map((g) => g.purpose) : basis).toEqual(purposes);
  });

  it.each([
    ['nothing', {}, 'no lawful basis: no consent column says yes and no order'],
    ['only a no', { consents: [{ purpose: 'newsletter', answer: 'no', column: 'Newsletter' }] }, 'no lawful basis: no consent column says yes and no order'],
    ['a cancelled order', { order: { ref: 'A1', cancelled: true } }, 'no lawful basis: the order is cancelled; no consent column says yes'],
    [
      'an expired consent',
      { consents: [{ purpose: 'newsletter', answer: 'yes', column: 'NL', grantedAt: '2024-08-01T00:00:00.000Z' }] },
      'no lawful basis: the consent in "NL" of 2024-08-01 expired on 2026-08-01; no order',
    ],
  ] as const)('skips a row with %s', (_label, overrides, reason) => {
    expect(rowBasis(row(overrides as Partial<ContactRow>), context())).toEqual({ skip: reason });
  });

  it('keeps an order past the ticketing period as a booking, without ticketing', () => {
    const basis = rowBasis(
      row({ consents: [{ purpose: 'recommendations', answer: 'yes', column: 'Empfehlungen' }], order: { ref: 'OLD', at: '2024-01-01T00:00:00.000Z', cancelled: false } }),
      context(),
    );
    expect(basis).toMatchObject({ grants: [{ purpose: 'recommendations' }], booking: { ref: 'OLD' } });
  });
});

describe('a consent from a file against the one Foyer holds', () => {
  it.each([
    ['none', undefined, grant(), 'new'],
    ['a pending double opt-in', held({ status: 'pending', grantedAt: null }), grant(), 'new'],
    ['an older valid one', held(), grant(), 'renew'],
    ['a newer valid one', held({ grantedAt: '2026-07-01T00:00:00.000Z' }), grant(), 'unchanged'],
    ['a valid one, the file giving no date', held(), grant({ dated: false, grantedAt: now.toISOString() }), 'unchanged'],
    ['an expired one, the file giving a later date', held({ status: 'expired', grantedAt: '2024-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:00.000Z' }), grant(), 'renew'],
  ] as const)('with %s: %s', (_label, previous, incoming, expected) => {
    expect(decideConsent(previous, incoming, now, day)).toBe(expected);
  });

  it('never gives back a revoked consent, nor renews an expired one without a date', () => {
    expect(decideConsent(held({ status: 'revoked', revokedAt: '2026-07-01T00:00:00.000Z' }), grant({ grantedAt: '2026-08-01T00:00:00.000Z' }), now, day)).toEqual({
      refused: 'the person revoked the newsletter consent in Foyer on 2026-07-01: an import does not give it back',
      key: 'revoked',
    });
    expect(decideConsent(held({ status: 'expired', expiresAt: '2026-01-01T00:00:00.000Z' }), grant({ dated: false }), now, day)).toMatchObject({ key: 'expired' });
  });

  it('renews ticketing after a revocation only with an order placed later', () => {
    const revoked = held({ status: 'revoked', revokedAt: '2026-07-01T00:00:00.000Z' });
    expect(decideConsent(revoked, grant({ purpose: 'ticketing', legalBasis: 'contract', grantedAt: '2026-08-01T00:00:00.000Z' }), now, day)).toBe('renew');
    expect(decideConsent(revoked, grant({ purpose: 'ticketing', legalBasis: 'contract', grantedAt: '2026-06-01T00:00:00.000Z' }), now, day)).toBe('unchanged');
  });
});
