import { type ConsentStatus, expiryFrom, isConsentValid, type LegalBasis, type Purpose } from '../model.ts';
import type { ContactRow } from './model.ts';
import type { RowNotes } from './notes.ts';

/*
 * The lawful basis of what an import keeps, pure. A row counts only for a purpose: a
 * consent column that says yes (legal basis consent), or an order (contract, purpose
 * ticketing). Foyer holds personal data only for a purpose, so a row with neither is
 * skipped. A consent counts from the date the file gives, else from the import; one
 * whose period has already passed is not imported.
 */

export interface ExistingConsent {
  status: ConsentStatus;
  grantedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Grant {
  purpose: Purpose;
  legalBasis: LegalBasis;
  grantedAt: string;
  /** The file gives the date (else: the time of the import). */
  dated: boolean;
  expiresAt: string;
  line: number;
  /** For the proof: the column that said yes, or the order. */
  note: string;
}

export interface Booking {
  ref: string;
  at: string;
  line: number;
}

export interface BasisContext {
  now: Date;
  expiryMonths: Record<Purpose, number>;
  /** An instant as the house's local date, for messages. */
  day: (iso: string) => string;
  notes: RowNotes;
}

export const purposeLabels: Record<Purpose, string> = {
  newsletter: 'newsletter',
  recommendations: 'recommendations',
  behavioural_analysis: 'behavioural analysis',
  post_phone: 'post and phone',
  ticketing: 'ticketing',
};

export type RowBasis = { grants: Grant[]; booking?: Booking } | { skip: string };

/** What one row grants; a row that grants nothing is skipped with the reason why. */
export function rowBasis(row: ContactRow, context: BasisContext): RowBasis {
  const { notes, day, expiryMonths } = context;
  const nowIso = context.now.toISOString();
  const expiry = (at: string, purpose: Purpose) => expiryFrom(new Date(at), expiryMonths[purpose]).toISOString();
  const grants: Grant[] = [];
  const refusals: string[] = [];
  for (const answer of row.consents) {
    if (answer.answer === 'no') continue;
    const grantedAt = answer.grantedAt ?? nowIso;
    const expiresAt = expiry(grantedAt, answer.purpose);
    if (expiresAt <= nowIso) {
      refusals.push(`the consent in "${answer.column}" of ${day(grantedAt)} expired on ${day(expiresAt)}`);
      notes.add(`expired:${answer.column}`, row.line, `column "${answer.column}": the consent expired before the import (after ${expiryMonths[answer.purpose]} months): not imported`);
      continue;
    }
    grants.push({ purpose: answer.purpose, legalBasis: 'consent', grantedAt, dated: answer.grantedAt !== undefined, expiresAt, line: row.line, note: answer.column });
  }
  let booking: Booking | undefined;
  if (row.order !== undefined) {
    if (row.order.cancelled) {
      refusals.push('the order is cancelled');
      notes.add('cancelled', row.line, 'a cancelled or expired order is no booking: not imported');
    } else {
      const at = row.order.at ?? nowIso;
      booking = { ref: row.order.ref, at, line: row.line };
      const expiresAt = expiry(at, 'ticketing');
      if (expiresAt <= nowIso) {
        refusals.push(`the order of ${day(at)} is older than the ticketing period of ${expiryMonths.ticketing} months`);
      } else {
        grants.push({ purpose: 'ticketing', legalBasis: 'contract', grantedAt: at, dated: row.order.at !== undefined, expiresAt, line: row.line, note: `order ${row.order.ref}` });
      }
    }
  }
  if (grants.length > 0) return booking === undefined ? { grants } : { grants, booking };
  if (refusals.length === 0) return { skip: 'no lawful basis: no consent column says yes and no order' };
  const saysYes = row.consents.some((answer) => answer.answer === 'yes');
  return { skip: `no lawful basis: ${[...refusals, ...(saysYes ? [] : ['no consent column says yes']), ...(row.order === undefined ? ['no order'] : [])].join('; ')}` };
}

export type ConsentDecision = 'new' | 'renew' | 'unchanged' | { refused: string; key: string };

/**
 * One consent from the file against the one Foyer holds for the purpose. An import never
 * takes a consent away, never gives back one the person revoked in Foyer, and renews one
 * only with a date later than Foyer's: re-importing the same (or an older) export
 * changes nothing, and without a date an import never extends a consent.
 */
export function decideConsent(previous: ExistingConsent | undefined, grant: Grant, now: Date, day: (iso: string) => string): ConsentDecision {
  if (previous === undefined) return 'new';
  if (previous.status === 'pending') return 'new';
  const label = purposeLabels[grant.purpose];
  const newer = grant.dated && (previous.grantedAt === null || grant.grantedAt > previous.grantedAt);
  if (previous.status === 'revoked') {
    // A new order is a new contract; a consent the person withdrew is theirs to give again, not a file's.
    if (grant.purpose === 'ticketing' && newer && (previous.revokedAt === null || grant.grantedAt > previous.revokedAt)) return 'renew';
    if (grant.purpose === 'ticketing') return 'unchanged';
    return { refused: `the person revoked the ${label} consent in Foyer${previous.revokedAt === null ? '' : ` on ${day(previous.revokedAt)}`}: an import does not give it back`, key: 'revoked' };
  }
  if (newer) return 'renew';
  if (isConsentValid(previous, now)) return 'unchanged';
  return { refused: `the ${label} consent has expired in Foyer and the file gives no later date for a new one: not renewed`, key: 'expired' };
}
