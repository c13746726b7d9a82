import { hashToken, newToken } from '../../core/auth/tokens.ts';
import type { Clock } from '../../core/clock.ts';
import { chunks } from '../../core/db/batch.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { Events } from '../../core/jobs/events.ts';
import { appendAudit } from '../audit/store.ts';
import { findContact } from '../contacts/store.ts';
import { CONFIRMATION_HOURS, type ConsentProof, effectiveStatus, expiryFrom, isConsentValid, type Purpose } from '../model.ts';
import { consentGranted, consentRevoked } from './events.ts';
import { createConsentPolicies } from './policy-service.ts';
import {
  type Consent,
  type ConsentConfirmInput,
  type ConsentGrantInput,
  type ConsentRequestInput,
  type ConsentRevokeInput,
  type ConsentSummary,
  consentConfirmInput,
  consentGrantInput,
  consentRequestInput,
  consentRevokeInput,
} from './schemas.ts';
import * as store from './store.ts';

/*
 * Consent per purpose: double opt-in, direct grants, revocation, the checks every reader
 * of personal data goes through, and each house's policies. These functions act for the
 * house (sign-up form, preference centre, import, bookings call them); the staff API
 * reaches them through staff.ts, which first checks that the caller may see the contact.
 * Every change writes its audit entry in the same transaction.
 */

export interface ConsentDeps {
  database: Database;
  clock: Clock;
  /** Optional so that tests and scripts can build the service without a jobs layer. */
  events?: Events | undefined;
}

/** Lets a caller run the change inside its own transaction (a booking, an import row). */
export interface InTransaction {
  executor?: Executor | undefined;
}

export function consentFromRow(row: store.ConsentRow, now: Date): Consent {
  const state = { status: row.status as Consent['status'], grantedAt: row.granted_at, expiresAt: row.expires_at, revokedAt: row.revoked_at };
  return {
    id: row.id,
    contactId: row.contact_id,
    purpose: row.purpose as Purpose,
    status: effectiveStatus(state, now),
    valid: isConsentValid(state, now),
    legalBasis: row.legal_basis as Consent['legalBasis'],
    source: row.source,
    textVersion: row.text_version,
    requestedAt: row.requested_at,
    grantedAt: row.granted_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    proof: fromJson<Record<string, unknown>>(row.proof, {}),
    updatedAt: row.updated_at,
  };
}

/** A consent at a glance, with the same effective status and validity as consentFromRow. */
export function consentSummaryFromRow(row: store.ConsentSummaryRow, now: Date): ConsentSummary {
  const state = { status: row.status as Consent['status'], grantedAt: row.granted_at, expiresAt: row.expires_at, revokedAt: row.revoked_at };
  return { purpose: row.purpose as Purpose, status: effectiveStatus(state, now), valid: isConsentValid(state, now), expiresAt: row.expires_at };
}

const linkUsed = () => new DomainError('gone', 'this confirmation link has already been used');

export function createConsentService({ database, clock, events }: ConsentDeps) {
  const { db } = database;
  const { policyFor, policies, policy, setPolicy } = createConsentPolicies({ database, clock });
  const run = <T>(executor: Executor | undefined, work: (trx: Executor) => Promise<T>): Promise<T> =>
    executor === undefined ? db.transaction().execute(work) : work(executor);

  /** The contact must be of this house: a consent for someone else's contact id is refused. */
  async function requireContact(executor: Executor, houseId: string, contactId: string): Promise<void> {
    if ((await findContact(executor, { houseId, unitId: null }, contactId)) === undefined) throw notFound('contact', contactId);
  }

  /**
   * Starts a double opt-in: returns the token for the mail (only its hash is stored).
   * A consent that is valid stays granted while the new mail is out: confirming then
   * renews it for another period, and ignoring the mail changes nothing. Any other state
   * becomes pending. A new request replaces an earlier, unused link.
   */
  async function request(input: ConsentRequestInput & InTransaction): Promise<{ consentId: string; confirmationToken: string; expiresAt: string }> {
    const { executor, ...rest } = input;
    const parsed = parseInput(consentRequestInput, rest);
    const now = clock.now();
    const at = now.toISOString();
    const confirmationToken = newToken('foyer_optin');
    const linkFields = { confirmation_token_hash: hashToken(confirmationToken), token_spent_at: null, requested_at: at, updated_at: at };
    const consentId = await run(executor, async (trx) => {
      await requireContact(trx, parsed.houseId, parsed.contactId);
      const textVersion = parsed.textVersion ?? (await policyFor(trx, parsed.houseId, parsed.purpose)).textVersion;
      const existing = await store.findConsent(trx, parsed.houseId, parsed.contactId, parsed.purpose);
      const asked = { status: 'pending', legal_basis: 'consent', source: parsed.source, text_version: textVersion, proof: toJson(parsed.proof) };
      let id: string;
      if (existing === undefined) {
        id = newId();
        await store.insertConsent(trx, {
          id,
          house_id: parsed.houseId,
          contact_id: parsed.contactId,
          purpose: parsed.purpose,
          ...asked,
          ...linkFields,
          granted_at: null,
          expires_at: null,
          revoked_at: null,
          retention_done_at: null,
        });
      } else {
        id = existing.id;
        const valid = isConsentValid({ status: existing.status as Consent['status'], grantedAt: existing.granted_at, expiresAt: existing.expires_at, revokedAt: existing.revoked_at }, now);
        // A valid grant keeps its own proof and wording until the new link is followed.
        await store.updateConsent(trx, parsed.houseId, id, valid ? linkFields : { ...asked, ...linkFields });
      }
      await appendAudit(trx, {
        houseId: parsed.houseId,
        at,
        actor: parsed.actor,
        action: 'consent.requested',
        contactId: parsed.contactId,
        details: { purpose: parsed.purpose, source: parsed.source, textVersion },
      });
      return id;
    });
    return { consentId, confirmationToken, expiresAt: new Date(now.getTime() + CONFIRMATION_HOURS * 3_600_000).toISOString() };
  }

  /** The person followed the link in the mail: the consent is granted for the house's period. */
  async function confirm(input: ConsentConfirmInput & InTransaction): Promise<{ houseId: string; contactId: string; purpose: Purpose; expiresAt: string }> {
    const { executor, ...rest } = input;
    const { token, proof } = parseInput(consentConfirmInput, rest);
    const now = clock.now();
    const at = now.toISOString();
    return run(executor, async (trx) => {
      const row = await store.findConsentByTokenHash(trx, hashToken(token));
      if (row === undefined) throw new DomainError('not_found', 'this confirmation link is unknown');
      if (row.token_spent_at !== null) throw linkUsed();
      if (Date.parse(row.requested_at) + CONFIRMATION_HOURS * 3_600_000 <= now.getTime()) {
        throw new DomainError('gone', `this confirmation link is older than ${CONFIRMATION_HOURS} hours; please sign up again`);
      }
      const purpose = row.purpose as Purpose;
      const expiresAt = expiryFrom(now, (await policyFor(trx, row.house_id, purpose)).expiryMonths).toISOString();
      // The request's proof (hashed IP, user agent at sign-up) is kept and the confirmation's added.
      const merged: ConsentProof = { ...fromJson<ConsentProof>(row.proof, {}), ...proof, confirmedAt: at };
      const spent = await store.spendToken(trx, row.id, {
        status: 'granted',
        legal_basis: 'consent',
        granted_at: at,
        expires_at: expiresAt,
        revoked_at: null,
        retention_done_at: null,
        token_spent_at: at,
        proof: toJson(merged),
        updated_at: at,
      });
      if (!spent) throw linkUsed();
      await appendAudit(trx, {
        houseId: row.house_id,
        at,
        actor: `contact:${row.contact_id}`,
        action: 'consent.granted',
        contactId: row.contact_id,
        details: { purpose, via: 'double_opt_in', source: row.source, textVersion: row.text_version, expiresAt },
      });
      await events?.publish(consentGranted, { houseId: row.house_id, contactId: row.contact_id, purpose, expiresAt }, { executor: trx });
      return { houseId: row.house_id, contactId: row.contact_id, purpose, expiresAt };
    });
  }

  /**
   * A grant without double opt-in: box office, staff, import, assistant, a booking
   * (ticketing, contract) or the preference centre. Re-granting updates the one row and
   * starts a new period; retention_done_at goes back to null so that the end of this new
   * period is handled again. An unused opt-in link is voided.
   */
  async function grant(input: ConsentGrantInput & InTransaction): Promise<{ consentId: string; expiresAt: string }> {
    const { executor, ...rest } = input;
    const parsed = parseInput(consentGrantInput, rest);
    const now = clock.now();
    const at = now.toISOString();
    return run(executor, async (trx) => {
      await requireContact(trx, parsed.houseId, parsed.contactId);
      const policy = await policyFor(trx, parsed.houseId, parsed.purpose);
      const expiresAt = expiryFrom(now, policy.expiryMonths).toISOString();
      const existing = await store.findConsent(trx, parsed.houseId, parsed.contactId, parsed.purpose);
      const granted = {
        status: 'granted',
        legal_basis: parsed.legalBasis,
        source: parsed.source,
        text_version: parsed.textVersion ?? policy.textVersion,
        granted_at: at,
        expires_at: expiresAt,
        revoked_at: null,
        retention_done_at: null,
        proof: toJson(parsed.proof),
        updated_at: at,
      };
      let consentId: string;
      if (existing === undefined) {
        consentId = newId();
        await store.insertConsent(trx, {
          id: consentId,
          house_id: parsed.houseId,
          contact_id: parsed.contactId,
          purpose: parsed.purpose,
          requested_at: at,
          confirmation_token_hash: null,
          token_spent_at: null,
          ...granted,
        });
      } else {
        consentId = existing.id;
        await store.updateConsent(trx, parsed.houseId, consentId, { ...granted, token_spent_at: existing.token_spent_at ?? (existing.confirmation_token_hash === null ? null : at) });
      }
      await appendAudit(trx, {
        houseId: parsed.houseId,
        at,
        actor: parsed.actor,
        action: 'consent.granted',
        contactId: parsed.contactId,
        details: { purpose: parsed.purpose, source: parsed.source, legalBasis: parsed.legalBasis, textVersion: granted.text_version, expiresAt },
      });
      await events?.publish(consentGranted, { houseId: parsed.houseId, contactId: parsed.contactId, purpose: parsed.purpose, expiresAt }, { executor: trx });
      return { consentId, expiresAt };
    });
  }

  /**
   * Ends a consent now. retention_done_at stays as it was (null for a consent that was
   * in force), so the retention job finds it and removes what only this purpose
   * justified. Revoking what is absent or already revoked changes nothing and is not logged.
   */
  async function revoke(input: ConsentRevokeInput & InTransaction): Promise<{ revoked: boolean }> {
    const { executor, ...rest } = input;
    const parsed = parseInput(consentRevokeInput, rest);
    const at = clock.now().toISOString();
    return run(executor, async (trx) => {
      await requireContact(trx, parsed.houseId, parsed.contactId);
      const existing = await store.findConsent(trx, parsed.houseId, parsed.contactId, parsed.purpose);
      if (existing === undefined || existing.status === 'revoked') return { revoked: false };
      await store.updateConsent(trx, parsed.houseId, existing.id, {
        status: 'revoked',
        revoked_at: at,
        token_spent_at: existing.token_spent_at ?? (existing.confirmation_token_hash === null ? null : at),
        updated_at: at,
      });
      await appendAudit(trx, {
        houseId: parsed.houseId,
        at,
        actor: parsed.actor,
        action: 'consent.revoked',
        contactId: parsed.contactId,
        reason: parsed.reason ?? null,
        details: { purpose: parsed.purpose, previousStatus: existing.status },
      });
      await events?.publish(consentRevoked, { houseId: parsed.houseId, contactId: parsed.contactId, purpose: parsed.purpose }, { executor: trx });
      return { revoked: true };
    });
  }

  /** Every consent row of the contact, with the status a reader should see now. */
  async function ofContact(houseId: string, contactId: string, options: InTransaction = {}): Promise<Consent[]> {
    const rows = await store.consentsOfContact(options.executor ?? db, houseId, contactId);
    const now = clock.now();
    return rows.map((row) => consentFromRow(row, now));
  }

  async function isValid(houseId: string, contactId: string, purpose: Purpose, options: InTransaction = {}): Promise<boolean> {
    const row = await store.findConsent(options.executor ?? db, houseId, contactId, purpose);
    return row !== undefined && consentFromRow(row, clock.now()).valid;
  }

  /**
   * isValid for many contacts in one query (a newsletter batch asks for hundreds at once):
   * the contacts among `contactIds` whose consent for `purpose` is valid now.
   */
  async function validAmong(houseId: string, contactIds: readonly string[], purpose: Purpose): Promise<Set<string>> {
    const valid = new Set<string>();
    const now = clock.now();
    for (const chunk of chunks(contactIds, 1000)) {
      for (const [contactId, rows] of await store.consentSummariesOf(db, houseId, chunk)) {
        if (rows.some((row) => row.purpose === purpose && consentSummaryFromRow(row, now).valid)) valid.add(contactId);
      }
    }
    return valid;
  }

  /** The gate in front of every use of personal data for a purpose. */
  async function require(houseId: string, contactId: string, purpose: Purpose, options: InTransaction = {}): Promise<void> {
    if (!(await isValid(houseId, contactId, purpose, options))) {
      throw new DomainError('no_consent', `contact ${contactId} has no valid consent for ${purpose}`, [{ field: 'purpose', message: `no valid consent for ${purpose}` }]);
    }
  }

  return { request, confirm, grant, revoke, ofContact, isValid, validAmong, require, policies, policy, setPolicy };
}

export type ConsentService = ReturnType<typeof createConsentService>;
