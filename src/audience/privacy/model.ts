import { createHmac } from 'node:crypto';
import {
  type ConsentStatus,
  type DataItem,
  dataItems,
  type InteractionKind,
  keptForTheLaw,
  type Purpose,
  type RetentionDecision,
  retentionDecision,
} from '../model.ts';

/*
 * The privacy rules, pure: what the retention job does to one contact, which columns
 * and interactions a trim touches, and the pseudonym an erased person's kept bookings
 * carry. The store applies these decisions set-based, a batch at a time.
 */

/** Contacts per retention batch: one transaction each, short enough not to hold up other writers. */
export const RETENTION_BATCH = 500;

/** Contacts read per query while looking for people without any consent. */
export const SWEEP_CHUNK = 5_000;

/**
 * An unconfirmed double opt-in is dropped this long after it was asked for. The link
 * itself dies after CONFIRMATION_HOURS (72); the rest of the month lets the house show,
 * should someone complain about the confirmation mail, that and when it was requested
 * (Art. 7(1) GDPR, proof of the request). After that nobody agreed to anything.
 */
export const UNCONFIRMED_DAYS = 30;

/**
 * A contact that never had a consent row (created by findOrCreate and the consent
 * request failed, added by staff or imported without a lawful basis) holds no purpose.
 * It is erased this long after it was created: time for the request to be repeated or
 * staff to record the consent the person gave at the box office.
 */
export const NO_CONSENT_GRACE_DAYS = 30;

export const EXPORT_FORMAT_VERSION = 1;

/** What retention sees of a consent. */
export interface RetentionConsent {
  id: string;
  purpose: Purpose;
  status: ConsentStatus;
  expiresAt: string | null;
  requestedAt: string;
  retentionDoneAt: string | null;
}

export interface RetentionLimits {
  now: Date;
  /** Pending consents asked for before this instant are dropped. */
  unconfirmedBefore: string;
  /** A contact without any consent row created before this instant is erased. */
  noConsentBefore: string;
}

export function retentionLimits(now: Date): RetentionLimits {
  const day = 86_400_000;
  return {
    now,
    unconfirmedBefore: new Date(now.getTime() - UNCONFIRMED_DAYS * day).toISOString(),
    noConsentBefore: new Date(now.getTime() - NO_CONSENT_GRACE_DAYS * day).toISOString(),
  };
}

/** What the job does to one contact. Every list holds consent ids. */
export interface RetentionPlan {
  /** Granted consents past their expiry: stored as 'expired' (audit consent.expired). */
  expire: RetentionConsent[];
  /** Unconfirmed double opt-ins older than UNCONFIRMED_DAYS: deleted. */
  dropPending: RetentionConsent[];
  /** Ended consents whose end is now dealt with: retention_done_at is set. */
  markDone: string[];
  /** Pending requests that now hold the contact: their end must be seen again (retention_done_at null). */
  reopen: string[];
  /** The purposes still valid after this run. */
  remaining: Purpose[];
  decision: RetentionDecision;
  /** Why, for the audit entry. */
  because: 'purposes_left' | 'awaiting_confirmation' | 'no_purpose_left' | 'no_consent' | 'nothing_due';
}

/** While a double opt-in is open and nothing else is valid, only what the confirmation needs stays. */
const keptWhileAwaiting: ReadonlySet<DataItem> = new Set(['email', 'language']);

/**
 * The retention decision for one contact and all its consent rows. A contact with no
 * consent that the job still has to deal with (all valid, or already handled) gets
 * 'nothing_due' and is left exactly as it is, so a second run changes nothing. A contact
 * that no consent row holds at all (none ever, or only ends already dealt with) is
 * erased once it is older than NO_CONSENT_GRACE_DAYS.
 */
export function planRetention(contact: { createdAt: string }, consents: readonly RetentionConsent[], limits: RetentionLimits): RetentionPlan {
  const now = limits.now.toISOString();
  const plan: RetentionPlan = { expire: [], dropPending: [], markDone: [], reopen: [], remaining: [], decision: { kind: 'keep' }, because: 'nothing_due' };
  const holds = consents.some((consent) => consent.status === 'granted' || consent.status === 'pending' || consent.retentionDoneAt === null);
  if (!holds) {
    if (contact.createdAt > limits.noConsentBefore) return plan;
    return { ...plan, decision: { kind: 'erase' }, because: 'no_consent' };
  }
  const awaiting: RetentionConsent[] = [];
  for (const consent of consents) {
    if (consent.status === 'pending') {
      if (consent.requestedAt <= limits.unconfirmedBefore) plan.dropPending.push(consent);
      else awaiting.push(consent);
      continue;
    }
    // Same rule as isConsentValid: an expiry that passed (or none at all) is no consent.
    if (consent.status === 'granted' && consent.expiresAt !== null && consent.expiresAt > now) {
      plan.remaining.push(consent.purpose);
      continue;
    }
    if (consent.status === 'granted') plan.expire.push(consent);
    if (consent.retentionDoneAt === null) plan.markDone.push(consent.id);
  }
  const due = plan.expire.length + plan.dropPending.length + plan.markDone.length > 0;
  if (!due) return plan;
  if (plan.remaining.length > 0) {
    return { ...plan, decision: retentionDecision(new Set(plan.remaining)), because: 'purposes_left' };
  }
  if (awaiting.length > 0) {
    const drop = dataItems.filter((item) => !keptWhileAwaiting.has(item));
    // The request holds the contact now; if it is later revoked, the job must see that end.
    const reopen = awaiting.filter((consent) => consent.retentionDoneAt !== null).map((consent) => consent.id);
    return { ...plan, reopen, decision: { kind: 'trim', drop }, because: 'awaiting_confirmation' };
  }
  return { ...plan, decision: { kind: 'erase' }, because: 'no_purpose_left' };
}

/** The contact columns a trim may clear; email and language go only with the whole contact. */
export type ClearableColumn = 'name' | 'phone' | 'postal_code' | 'birth_year' | 'interests';
const clearable: readonly ClearableColumn[] = ['name', 'phone', 'postal_code', 'birth_year', 'interests'];

/** How a list of dropped items becomes writes. */
export interface TrimActions {
  columns: ClearableColumn[];
  /** Interactions deleted outright. */
  deleteKinds: InteractionKind[];
  /** Interactions the law makes us keep (§ 147 AO): detached from the person and pseudonymised. */
  pseudonymiseKinds: InteractionKind[];
  /** Details of every remaining interaction are set null. */
  clearDetails: boolean;
}

export function trimActions(drop: readonly DataItem[]): TrimActions {
  const dropped = new Set(drop);
  const kinds = drop.filter((item) => item.startsWith('interaction:')).map((item) => item.slice('interaction:'.length) as InteractionKind);
  return {
    columns: clearable.filter((column) => dropped.has(column)),
    deleteKinds: kinds.filter((kind) => !keptForTheLaw.includes(kind)),
    pseudonymiseKinds: kinds.filter((kind) => keptForTheLaw.includes(kind)),
    clearDetails: dropped.has('interaction_details'),
  };
}

/** A stable key for grouping contacts whose trims are the same writes. */
export function trimKey(drop: readonly DataItem[]): string {
  return [...drop].sort().join(',');
}

/**
 * The per-house pseudonym key, derived from the house's link key (audience_key) rather
 * than stored apart: one secret to keep, and the derivation label keeps the two uses
 * apart (a link signature can never be a pseudonym and the other way round).
 */
export function pseudonymKey(linkKey: Buffer): Buffer {
  return createHmac('sha256', linkKey).update('foyer/pseudonym/v1').digest();
}

/**
 * The pseudonym of an erased person: HMAC of the contact id, the same for every kept row
 * of that person, and not computable back to the id without the house's key. The id
 * alone stays in the audit log; without the key the kept bookings cannot be joined to it.
 */
export function pseudonymOf(key: Buffer, contactId: string): string {
  return `p_${createHmac('sha256', key).update(contactId).digest('base64url').slice(0, 32)}`;
}
