import { describe, expect, it } from 'vitest';
import { planRetention, pseudonymKey, pseudonymOf, type RetentionConsent, retentionLimits, trimActions } from './model.ts';

const now = new Date('2026-09-01T08:00:00.000Z');
const limits = retentionLimits(now);
const old = { createdAt: '2026-01-01T10:00:00.000Z' };

let n = 0;
function consent(purpose: RetentionConsent['purpose'], status: RetentionConsent['status'], fields: Partial<RetentionConsent> = {}): RetentionConsent {
  n += 1;
  return { id: `c${n}`, purpose, status, expiresAt: '2028-01-01T00:00:00.000Z', requestedAt: '2026-01-01T10:00:00.000Z', retentionDoneAt: null, ...fields };
}

describe('planRetention', () => {
  it('leaves a contact whose consents are all valid alone', () => {
    const plan = planRetention(old, [consent('newsletter', 'granted'), consent('ticketing', 'granted')], limits);
    expect(plan).toMatchObject({ because: 'nothing_due', decision: { kind: 'keep' }, expire: [], markDone: [], dropPending: [] });
  });

  it('leaves an end already dealt with alone', () => {
    const plan = planRetention(old, [consent('newsletter', 'revoked', { retentionDoneAt: '2026-08-01T00:00:00.000Z' }), consent('ticketing', 'granted')], limits);
    expect(plan.because).toBe('nothing_due');
  });

  it('trims what only a revoked purpose justified and marks the end handled', () => {
    const revoked = consent('newsletter', 'revoked');
    const plan = planRetention(old, [revoked, consent('recommendations', 'granted')], limits);
    expect(plan.markDone).toEqual([revoked.id]);
    expect(plan.remaining).toEqual(['recommendations']);
    expect(plan.decision).toMatchObject({ kind: 'trim' });
    const drop = plan.decision.kind === 'trim' ? plan.decision.drop : [];
    expect(drop).toContain('interaction:email_sent');
    expect(drop).not.toContain('interests');
  });

  it('expires a granted consent past its expiry, to the millisecond', () => {
    const past = consent('behavioural_analysis', 'granted', { expiresAt: now.toISOString() });
    const future = consent('ticketing', 'granted', { expiresAt: new Date(now.getTime() + 1).toISOString() });
    const plan = planRetention(old, [past, future], limits);
    expect(plan.expire).toEqual([past]);
    expect(plan.remaining).toEqual(['ticketing']);
  });

  it('erases a contact whose last purpose ended', () => {
    expect(planRetention(old, [consent('newsletter', 'expired')], limits)).toMatchObject({ decision: { kind: 'erase' }, because: 'no_purpose_left' });
  });

  it.each([
    ['29 days', '2026-08-03T08:00:00.000Z', 'nothing_due'],
    ['exactly 30 days', '2026-08-02T08:00:00.000Z', 'no_purpose_left'],
  ])('treats an unconfirmed double opt-in asked for %s ago as %s', (_label, requestedAt, because) => {
    const plan = planRetention(old, [consent('newsletter', 'pending', { requestedAt, expiresAt: null })], limits);
    expect(plan.because).toBe(because);
  });

  it('keeps only address and language while a double opt-in is open and nothing else is valid', () => {
    const handled = consent('newsletter', 'pending', { requestedAt: '2026-08-30T00:00:00.000Z', expiresAt: null, retentionDoneAt: '2026-05-01T00:00:00.000Z' });
    const plan = planRetention(old, [handled, consent('ticketing', 'expired')], limits);
    expect(plan.because).toBe('awaiting_confirmation');
    const drop = plan.decision.kind === 'trim' ? plan.decision.drop : [];
    expect(drop).not.toContain('email');
    expect(drop).not.toContain('language');
    expect(drop).toContain('name');
    // The open request holds the contact now, so its end must be seen again.
    expect(plan.reopen).toEqual([handled.id]);
  });

  it.each([
    ['within the grace period', '2026-08-03T08:00:00.000Z', 'nothing_due'],
    ['after the grace period', '2026-08-02T08:00:00.000Z', 'no_consent'],
  ])('a contact that never had a consent is erased only %s', (_label, createdAt, because) => {
    expect(planRetention({ createdAt }, [], limits).because).toBe(because);
  });

  it('erases a contact held by nothing but ends already dealt with', () => {
    const plan = planRetention(old, [consent('newsletter', 'revoked', { retentionDoneAt: '2026-05-01T00:00:00.000Z' })], limits);
    expect(plan).toMatchObject({ decision: { kind: 'erase' }, because: 'no_consent' });
  });
});

describe('trimActions', () => {
  it('pseudonymises bookings instead of deleting them and deletes the other kinds', () => {
    expect(trimActions(['phone', 'interests', 'interaction:booking', 'interaction:attendance', 'interaction_details'])).toEqual({
      columns: ['phone', 'interests'],
      deleteKinds: ['attendance'],
      pseudonymiseKinds: ['booking'],
      clearDetails: true,
    });
  });
});

describe('pseudonymOf', () => {
  it('is stable per person and house key and differs between people and houses', () => {
    const key = pseudonymKey(Buffer.from('house-a'));
    expect(pseudonymOf(key, 'contact-1')).toBe(pseudonymOf(key, 'contact-1'));
    expect(pseudonymOf(key, 'contact-1')).not.toBe(pseudonymOf(key, 'contact-2'));
    expect(pseudonymOf(pseudonymKey(Buffer.from('house-b')), 'contact-1')).not.toBe(pseudonymOf(key, 'contact-1'));
    expect(pseudonymOf(key, 'contact-1')).not.toContain('contact-1');
  });
});
