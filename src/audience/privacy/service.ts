import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import type { Events } from '../../core/jobs/events.ts';
import { appendAudit } from '../audit/store.ts';
import { type ListResult, type PageInput, pageOf } from '../contacts/service.ts';
import { normaliseContactEmail } from '../model.ts';
import { eraseContacts, recordErasures } from './erase.ts';
import { buildExport, privacyRequestFromRow } from './export.ts';
import { createRetention } from './retention.ts';
import { type ContactExport, type EraseInput, eraseInput, type ErasureResult, type PrivacyRequest, type PrivacyVia, type RequestListQuery, requestListQuery } from './schemas.ts';
import * as store from './store.ts';

/*
 * The rights of the person: access and portability (Art. 15, 20 GDPR) and erasure
 * (Art. 17), run by staff or by the person through the preference centre; and the
 * retention job that ends processing by itself once its purpose is gone (Art. 5(1)(e),
 * storage limitation). Each request is one transaction: the data, its privacy_request
 * row and its audit entry are written together or not at all.
 */

export interface PrivacyDeps {
  database: Database;
  clock: Clock;
  events?: Events | undefined;
}

/** PostgreSQL's answer when `lock_timeout` ran out. */
function lockTimedOut(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '55P03';
}

export function createPrivacyService(deps: PrivacyDeps) {
  const { database, clock, events } = deps;
  const { db } = database;
  const lock = database.engine === 'postgres';

  /** Everything Foyer holds about the person; the request is recorded, and the document shows that record too. */
  async function exportContact(scope: Scope, contactId: string, actor: string, via: PrivacyVia): Promise<ContactExport> {
    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const contact = await store.findContactInScope(trx, scope, contactId, false);
      if (contact === undefined) throw notFound('contact', contactId);
      const requestId = newId();
      await store.insertPrivacyRequest(trx, {
        id: requestId,
        house_id: scope.houseId,
        contact_id: contactId,
        pseudonym: null,
        kind: 'access',
        status: 'done',
        via,
        actor,
        reason: null,
        requested_at: at,
        completed_at: at,
      });
      await appendAudit(trx, { houseId: scope.houseId, at, actor, action: 'contact.exported', contactId, details: { requestId, via } });
      return buildExport(trx, scope.houseId, contact, { generatedAt: at, requestId });
    });
  }

  /**
   * Erases the person (Art. 17). Bookings stay for the tax law, detached and
   * pseudonymised; ticketing hears of it through 'audience.contact_erased'. Staff must
   * type the person's address again (confirmEmail): there is no undo.
   */
  async function erase(scope: Scope, contactId: string, actor: string, input: EraseInput): Promise<ErasureResult> {
    const parsed = parseInput(eraseInput, input);
    const at = clock.now().toISOString();
    try {
      return await db.transaction().execute(async (trx) => {
        const contact = await store.findContactInScope(trx, scope, contactId, lock);
        if (contact === undefined) throw notFound('contact', contactId);
        if (parsed.via === 'staff') {
          if (parsed.confirmEmail === undefined) throw invalid('confirmEmail', "is required: type the contact's e-mail address");
          if (normaliseContactEmail(parsed.confirmEmail) !== contact.email_normalised) throw invalid('confirmEmail', "does not match the contact's e-mail address");
        }
        const [erasure] = await eraseContacts(trx, scope.houseId, [contactId], at);
        if (erasure === undefined) throw notFound('contact', contactId);
        const requestId = newId();
        // No contact id: the row outlives the person; the pseudonym ties it to the kept bookings.
        await store.insertPrivacyRequest(trx, {
          id: requestId,
          house_id: scope.houseId,
          contact_id: null,
          pseudonym: erasure.pseudonym,
          kind: 'erasure',
          status: 'done',
          via: parsed.via,
          actor,
          reason: parsed.reason,
          requested_at: at,
          completed_at: at,
        });
        await recordErasures(trx, events, scope.houseId, [erasure], { at, actor, reason: parsed.reason, details: { requestId, via: parsed.via } });
        return { ...erasure, requestId };
      });
    } catch (error) {
      if (lockTimedOut(error)) throw new DomainError('busy', 'this contact is being changed right now: try again');
      throw error;
    }
  }

  /** For the staff screen, newest first; a unit actor sees requests of its unit's members only. */
  async function listRequests(scope: Scope, query: RequestListQuery = {}, pageInput?: PageInput): Promise<ListResult<PrivacyRequest>> {
    const filter = parseInput(requestListQuery, query);
    const page = pageOf(pageInput);
    const { rows, total } = await store.listPrivacyRequests(db, scope, filter, page);
    return { items: rows.map(privacyRequestFromRow), total, ...page };
  }

  const retention = createRetention({ database, clock, events });

  return { exportContact, erase, listRequests, runRetention: retention.run };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;

/** The preference centre's view of the service (public/service.ts PrivacyPort): the person acts for themselves. */
export function preferenceCentrePrivacy(privacy: Pick<PrivacyService, 'exportContact' | 'erase'>) {
  return {
    exportContact: (scope: Scope, contactId: string, actor: string) => privacy.exportContact(scope, contactId, actor, 'preference_centre'),
    erase: (scope: Scope, contactId: string, actor: string, reason: string) => privacy.erase(scope, contactId, actor, { reason, via: 'preference_centre' }),
  };
}
