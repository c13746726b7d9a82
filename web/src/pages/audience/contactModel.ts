import type { Consent, ConsentPurpose, ConsentStatus, ConsentSummary, Contact } from '../../api/audienceTypes.ts';

/* A contact's form values and their mapping to the API; how a consent reads at a glance. Pure. */

export interface ContactValues {
  email: string;
  name: string;
  phone: string;
  language: string | null;
  postalCode: string;
  birthYear: number | string;
  interests: string[];
  unitId: string | null;
}

export function contactValues(contact: Contact | undefined, defaults: { unitId: string | null } = { unitId: null }): ContactValues {
  return {
    email: contact?.email ?? '',
    name: contact?.name ?? '',
    phone: contact?.phone ?? '',
    language: contact?.language ?? null,
    postalCode: contact?.postalCode ?? '',
    birthYear: contact?.birthYear ?? '',
    interests: contact?.interests ?? [],
    unitId: defaults.unitId,
  };
}

const blank = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The body of POST /api/contacts (with the unit) or PATCH /api/contacts/{id} (without: membership is not edited here). */
export function contactBody(values: ContactValues, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    email: values.email.trim(),
    name: blank(values.name),
    phone: blank(values.phone),
    language: values.language,
    postalCode: blank(values.postalCode),
    birthYear: values.birthYear === '' ? null : Number(values.birthYear),
    interests: values.interests,
  };
  if (creating && values.unitId !== null) body.unitId = values.unitId;
  return body;
}

export type ConsentTone = 'valid' | 'expiring' | 'pending' | 'ended';

/** Days until an instant, rounded down; negative once it is past. */
export function daysUntil(iso: string, now: Date): number {
  return Math.floor((new Date(iso).getTime() - now.getTime()) / 86_400_000);
}

/** A valid consent that ends within this many days is flagged, so that staff can ask again in time. */
export const EXPIRING_DAYS = 60;

export function consentTone(consent: Pick<Consent, 'status' | 'valid' | 'expiresAt'>, now: Date): ConsentTone {
  if (consent.status === 'pending') return 'pending';
  if (!consent.valid) return 'ended';
  if (consent.expiresAt !== null && daysUntil(consent.expiresAt, now) <= EXPIRING_DAYS) return 'expiring';
  return 'valid';
}

/** What a consent badge's tooltip says: until when it holds, since when it has ended, or its state. */
export type ConsentTip =
  | { kind: 'validUntil'; date: string; days: number }
  | { kind: 'expiredOn'; date: string }
  | { kind: 'pending' }
  | { kind: 'status'; status: ConsentStatus };

export function consentTip(consent: ConsentSummary, now: Date): ConsentTip {
  if (consent.status === 'pending') return { kind: 'pending' };
  if (consent.valid && consent.expiresAt !== null) return { kind: 'validUntil', date: consent.expiresAt, days: daysUntil(consent.expiresAt, now) };
  // A revoked consent ended when it was revoked, not at the expiry it would have had.
  if (consent.status === 'expired' && consent.expiresAt !== null) return { kind: 'expiredOn', date: consent.expiresAt };
  return { kind: 'status', status: consent.status };
}

export const toneColor: Record<ConsentTone, string> = {
  valid: 'teal',
  expiring: 'yellow',
  pending: 'blue',
  ended: 'gray',
};

/** One consent per purpose, in the order of the purposes; purposes without a row are absent. */
export function consentsByPurpose(consents: readonly Consent[]): Map<ConsentPurpose, Consent> {
  return new Map(consents.map((consent) => [consent.purpose, consent]));
}
