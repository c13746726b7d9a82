import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { appendAudit } from '../audit/store.ts';
import { consentsOfContact, type ConsentRow } from '../consents/store.ts';
import { isConsentValid, type ConsentStatus } from '../model.ts';
import * as moves from './merge-store.ts';
import type { Contact } from './schemas.ts';
import { contactFromRow, unitsSeenBy } from './service.ts';
import * as store from './store.ts';

/*
 * Merging two contacts that are one person (two addresses, a typo at the box office).
 * Nothing of the history is lost: interactions, unit and segment memberships and
 * privacy requests move to the survivor; per purpose the stronger consent is kept.
 * One transaction: a merge happens completely or not at all.
 */

/**
 * Which of two consents for the same purpose survives a merge: a valid one beats one
 * that is not; of two valid ones the longer lasting; otherwise the newer decision, so
 * that a recent revocation is not undone by an old grant that has run out.
 */
export function strongerConsent(a: ConsentRow, b: ConsentRow, now: Date): ConsentRow {
  const valid = (c: ConsentRow) => isConsentValid({ status: c.status as ConsentStatus, grantedAt: c.granted_at, expiresAt: c.expires_at, revokedAt: c.revoked_at }, now);
  if (valid(a) !== valid(b)) return valid(a) ? a : b;
  if (valid(a)) return (a.expires_at ?? '') >= (b.expires_at ?? '') ? a : b;
  return a.updated_at >= b.updated_at ? a : b;
}

export function createContactMerge({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  /** Merges `fromId` into `survivorId` and deletes `fromId`. Both must be visible to the scope. */
  async function merge(scope: Scope, actor: string, survivorId: string, fromId: string): Promise<Contact> {
    if (survivorId === fromId) throw invalid('from', 'a contact cannot be merged into itself');
    const now = clock.now();
    const at = now.toISOString();
    return db.transaction().execute(async (trx) => {
      const survivor = await store.findContact(trx, scope, survivorId);
      if (survivor === undefined) throw notFound('contact', survivorId);
      const merged = await store.findContact(trx, scope, fromId);
      if (merged === undefined) throw notFound('contact', fromId);

      // Fields the survivor lacks come from the merged contact; interests are joined.
      const interests = [...new Set([...fromJson<string[]>(survivor.interests, []), ...fromJson<string[]>(merged.interests, [])])];
      await store.updateContact(trx, { houseId: scope.houseId, unitId: null }, survivorId, {
        name: survivor.name ?? merged.name,
        phone: survivor.phone ?? merged.phone,
        language: survivor.language ?? merged.language,
        postal_code: survivor.postal_code ?? merged.postal_code,
        birth_year: survivor.birth_year ?? merged.birth_year,
        interests: toJson(interests),
        updated_at: at,
      });

      const kept = new Map((await consentsOfContact(trx, scope.houseId, survivorId)).map((c) => [c.purpose, c]));
      const consentsTaken: string[] = [];
      for (const incoming of await consentsOfContact(trx, scope.houseId, fromId)) {
        const current = kept.get(incoming.purpose);
        if (current !== undefined && strongerConsent(current, incoming, now) === current) continue;
        // The survivor's row goes first: one consent per contact and purpose.
        if (current !== undefined) await moves.deleteConsent(trx, scope.houseId, current.id);
        await moves.moveConsent(trx, scope.houseId, incoming.id, survivorId);
        consentsTaken.push(incoming.purpose);
      }

      const interactions = await moves.moveInteractions(trx, scope.houseId, fromId, survivorId);
      await moves.copyUnitMemberships(trx, scope.houseId, fromId, survivorId);
      await moves.copySegmentMemberships(trx, scope.houseId, fromId, survivorId);
      await moves.movePrivacyRequests(trx, scope.houseId, fromId, survivorId);
      await moves.deleteContact(trx, scope.houseId, fromId);

      const details = { survivorId, mergedId: fromId, interactions, consentsTaken };
      await appendAudit(trx, [
        { houseId: scope.houseId, at, actor, action: 'contact.merged', contactId: survivorId, details },
        { houseId: scope.houseId, at, actor, action: 'contact.merged', contactId: fromId, details },
      ]);
      const row = await store.findContact(trx, { houseId: scope.houseId, unitId: null }, survivorId);
      if (row === undefined) throw notFound('contact', survivorId);
      return contactFromRow(row, unitsSeenBy(scope, await store.unitsOfContact(trx, scope.houseId, survivorId)));
    });
  }

  return { merge };
}
