import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { notFound } from '../../core/errors.ts';
import { parseInput } from '../../core/input.ts';
import { auditContactView } from '../audit/views.ts';
import { findContact } from '../contacts/store.ts';
import { type Purpose } from '../model.ts';
import { type Consent, type StaffConsentBody, staffConsentBody } from './schemas.ts';
import type { ConsentService } from './service.ts';

/*
 * Consents as staff reach them from a contact's page: the same service functions, behind
 * the check that the caller's scope may see the contact (404 otherwise, for a contact of
 * another house or, for unit staff, of another unit).
 */
export function createStaffConsents({ database, clock, consents }: { database: Database; clock: Clock; consents: ConsentService }) {
  const { db } = database;

  async function visible(scope: Scope, contactId: string, executor = db): Promise<void> {
    if ((await findContact(executor, scope, contactId)) === undefined) throw notFound('contact', contactId);
  }

  /** A staff view of the person's consents, audited like opening the contact: once per visit (audit/views.ts). */
  async function listForContact(scope: Scope, actor: string, contactId: string): Promise<Consent[]> {
    return db.transaction().execute(async (trx) => {
      await visible(scope, contactId, trx);
      await auditContactView(trx, database.engine, { houseId: scope.houseId, actor, contactId, view: 'consents', now: clock.now() });
      return consents.ofContact(scope.houseId, contactId, { executor: trx });
    });
  }

  /** Said at the box office, on the phone, to the assistant: recorded with who recorded it. */
  async function recordForContact(scope: Scope, actor: string, contactId: string, body: StaffConsentBody): Promise<Consent[]> {
    const parsed = parseInput(staffConsentBody, body);
    await db.transaction().execute(async (trx) => {
      await visible(scope, contactId, trx);
      await consents.grant({
        houseId: scope.houseId,
        contactId,
        purpose: parsed.purpose,
        source: parsed.source,
        legalBasis: parsed.legalBasis ?? (parsed.purpose === 'ticketing' ? 'contract' : 'consent'),
        proof: { staffRef: actor, ...(parsed.note === undefined || parsed.note === '' ? {} : { note: parsed.note }) },
        actor,
        executor: trx,
      });
    });
    return consents.ofContact(scope.houseId, contactId);
  }

  async function revokeForContact(scope: Scope, actor: string, contactId: string, purpose: Purpose, reason?: string): Promise<{ revoked: boolean }> {
    return db.transaction().execute(async (trx) => {
      await visible(scope, contactId, trx);
      return consents.revoke({ houseId: scope.houseId, contactId, purpose, actor, reason: reason ?? null, executor: trx });
    });
  }

  return { listForContact, recordForContact, revokeForContact };
}

export type StaffConsents = ReturnType<typeof createStaffConsents>;
