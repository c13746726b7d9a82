import type { Updateable } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import { constraintViolation } from '../../core/db/constraints.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input.ts';
import { appendAudit } from '../audit/store.ts';
import { auditContactView } from '../audit/views.ts';
import { consentSummaryFromRow } from '../consents/service.ts';
import { consentSummariesOf } from '../consents/store.ts';
import { normaliseContactEmail, type Purpose, purposes } from '../model.ts';
import type { ContactTable } from '../tables.ts';
import {
  type Contact,
  type ContactCreateBody,
  type ContactFindOrCreateInput,
  type ContactListItem,
  type ContactListQuery,
  type ContactPatchBody,
  contactCreateBody,
  contactFindOrCreateInput,
  contactListQuery,
  contactPatchBody,
} from './schemas.ts';
import { contactSearchWords } from './search.ts';
import * as store from './store.ts';

/*
 * Contacts: one person per normalised address and house. findOrCreate is what other
 * capabilities call (sign-up, bookings, import); the scoped functions serve staff and
 * see only what the scope may see. A staff view of one contact is audited, because the
 * person may ask who looked at their data.
 */

export interface ContactDeps {
  database: Database;
  clock: Clock;
}

export interface ListResult<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageInput {
  limit?: number | undefined;
  offset?: number | undefined;
}

export function pageOf(input: PageInput = {}): store.Page {
  return { limit: Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), 500), offset: Math.max(Math.trunc(input.offset ?? 0), 0) };
}

/** Unit staff learn about their own unit only, not which other units the person deals with. */
export function unitsSeenBy(scope: Scope, units: string[]): string[] {
  return scope.unitId === null ? units : units.filter((unit) => unit === scope.unitId);
}

export function contactFromRow(row: store.ContactRow, units: string[]): Contact {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    language: row.language,
    postalCode: row.postal_code,
    birthYear: row.birth_year,
    interests: fromJson<string[]>(row.interests, []),
    source: row.source,
    units,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Columns of a contact from input fields; undefined leaves a column alone, null clears it. */
function columnsOf(input: ContactPatchBody): Updateable<ContactTable> {
  const columns: Updateable<ContactTable> = {};
  if (input.email !== undefined) Object.assign(columns, { email: input.email, email_normalised: normaliseContactEmail(input.email) });
  if (input.name !== undefined) columns.name = input.name;
  if (input.phone !== undefined) columns.phone = input.phone;
  if (input.language !== undefined) columns.language = input.language;
  if (input.postalCode !== undefined) columns.postal_code = input.postalCode;
  if (input.birthYear !== undefined) columns.birth_year = input.birthYear;
  if (input.interests !== undefined) columns.interests = toJson(input.interests);
  return columns;
}

/** What findOrCreate may fill in on an existing contact: only what is still empty, never overwriting. */
function emptyFieldsFilled(row: store.ContactRow, input: ContactPatchBody): Updateable<ContactTable> {
  const fill: ContactPatchBody = {};
  if (row.name === null && input.name != null) fill.name = input.name;
  if (row.phone === null && input.phone != null) fill.phone = input.phone;
  if (row.language === null && input.language != null) fill.language = input.language;
  if (row.postal_code === null && input.postalCode != null) fill.postalCode = input.postalCode;
  if (row.birth_year === null && input.birthYear != null) fill.birthYear = input.birthYear;
  if (fromJson<string[]>(row.interests, []).length === 0 && input.interests !== undefined && input.interests.length > 0) fill.interests = input.interests;
  return columnsOf(fill);
}

/** Consents in the order of the purposes (newsletter first, ticketing last), as the contact's page shows them. */
const byPurpose = (a: { purpose: string }, b: { purpose: string }) => purposes.indexOf(a.purpose as Purpose) - purposes.indexOf(b.purpose as Purpose);

const emailTaken = () => new DomainError('conflict', 'email: another contact of this house has this address', [{ field: 'email', message: 'taken' }]);

export function createContactService({ database, clock }: ContactDeps) {
  const { db } = database;
  const run = <T>(executor: Executor | undefined, work: (trx: Executor) => Promise<T>): Promise<T> =>
    executor === undefined ? db.transaction().execute(work) : work(executor);

  function checkBirthYear(year: number | null | undefined): void {
    const thisYear = clock.now().getUTCFullYear();
    if (year != null && year > thisYear) throw invalid('birthYear', `must be between 1900 and ${thisYear}`);
  }

  async function checkUnit(executor: Executor, houseId: string, unitId: string | null | undefined): Promise<void> {
    if (unitId != null && !(await store.unitExists(executor, houseId, unitId))) throw invalid('unitId', 'no unit with this id in this house');
  }

  /**
   * The contact for an address, made when missing. Deduplicated by normalised address
   * (ON CONFLICT, so two sign-ups at once make one contact and no aborted transaction);
   * an existing contact only gets its empty fields filled. With unitId the person
   * becomes a member of that unit, which lets the unit's staff see them.
   */
  async function findOrCreate(input: ContactFindOrCreateInput, options: { executor?: Executor | undefined; actor?: string } = {}): Promise<{ id: string; created: boolean }> {
    const parsed = parseInput(contactFindOrCreateInput, input);
    checkBirthYear(parsed.birthYear);
    const at = clock.now().toISOString();
    const actor = options.actor ?? `system:${parsed.source}`;
    const normalised = normaliseContactEmail(parsed.email);
    return run(options.executor, async (trx) => {
      await checkUnit(trx, parsed.houseId, parsed.unitId);
      const id = newId();
      const inserted = await trx
        .insertInto('contact')
        .values({
          id,
          house_id: parsed.houseId,
          email: parsed.email,
          email_normalised: normalised,
          name: parsed.name ?? null,
          phone: parsed.phone ?? null,
          language: parsed.language ?? null,
          postal_code: parsed.postalCode ?? null,
          birth_year: parsed.birthYear ?? null,
          interests: toJson(parsed.interests ?? []),
          source: parsed.source,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.columns(['house_id', 'email_normalised']).doNothing())
        .returning('id')
        .executeTakeFirst();
      const created = inserted !== undefined;
      let contactId = id;
      if (created) {
        await appendAudit(trx, { houseId: parsed.houseId, at, actor, action: 'contact.created', contactId: id, details: { source: parsed.source } });
      } else {
        const existing = await store.findContactByEmail(trx, parsed.houseId, normalised);
        if (existing === undefined) throw new Error('contact vanished between insert and select');
        contactId = existing.id;
        const fill = emptyFieldsFilled(existing, parsed);
        if (Object.keys(fill).length > 0) {
          await store.updateContact(trx, { houseId: parsed.houseId, unitId: null }, contactId, { ...fill, updated_at: at });
          await appendAudit(trx, { houseId: parsed.houseId, at, actor, action: 'contact.updated', contactId, details: { filled: Object.keys(fill) } });
        }
      }
      if (parsed.unitId != null) await store.addContactUnit(trx, parsed.houseId, contactId, parsed.unitId, at);
      return { id: contactId, created };
    });
  }

  async function load(executor: Executor, scope: Scope, id: string): Promise<Contact> {
    const row = await store.findContact(executor, scope, id);
    if (row === undefined) throw notFound('contact', id);
    return contactFromRow(row, unitsSeenBy(scope, await store.unitsOfContact(executor, scope.houseId, id)));
  }

  /**
   * A page of contacts, each with its consents at a glance (two queries for the page's
   * units and consents, whatever its size). The list is not written to the audit log:
   * it is how staff find a person, not a look at one. It shows what identifies someone
   * and whether they may be written to, never their history, proof or details; those
   * are on the contact's page, and opening it is the view the log records (who looked
   * at whom, when). Logging every row of every page and search would bury those entries
   * under the house's whole address book many times a day.
   */
  async function list(scope: Scope, query: ContactListQuery = {}, pageInput?: PageInput): Promise<ListResult<ContactListItem>> {
    const filter = parseInput(contactListQuery, query);
    const page = pageOf(pageInput);
    const now = clock.now();
    const { rows, total } = await store.listContacts(
      db,
      scope,
      { words: filter.q === undefined ? [] : contactSearchWords(filter.q), unitId: filter.unitId, purpose: filter.purpose, now: now.toISOString() },
      page,
    );
    const ids = rows.map((row) => row.id);
    const units = await store.unitsOfContacts(db, scope.houseId, ids);
    const consents = await consentSummariesOf(db, scope.houseId, ids);
    const items = rows.map((row) => ({
      ...contactFromRow(row, unitsSeenBy(scope, units.get(row.id) ?? [])),
      consents: (consents.get(row.id) ?? []).map((consent) => consentSummaryFromRow(consent, now)).sort(byPurpose),
    }));
    return { items, total, ...page };
  }

  /** A staff member opens a contact: the visit is written to the audit log with the reading (audit/views.ts). */
  async function get(scope: Scope, actor: string, id: string): Promise<Contact> {
    return db.transaction().execute(async (trx) => {
      const contact = await load(trx, scope, id);
      await auditContactView(trx, database.engine, { houseId: scope.houseId, actor, contactId: id, view: 'contact', now: clock.now() });
      return contact;
    });
  }

  /**
   * Staff add a person. Unit staff always add to their unit. An address the house
   * already has answers with that contact (200) when the caller may see it, and with a
   * conflict naming no one's data when it may not: a unit does not take over another
   * unit's contact by typing its address.
   */
  async function create(scope: Scope, actor: string, body: ContactCreateBody): Promise<{ contact: Contact; created: boolean }> {
    const parsed = parseInput(contactCreateBody, body);
    const unitId = scope.unitId ?? parsed.unitId ?? null;
    return db.transaction().execute(async (trx) => {
      const existing = await store.findContactByEmail(trx, scope.houseId, normaliseContactEmail(parsed.email));
      if (existing !== undefined && (await store.findContact(trx, scope, existing.id)) === undefined) throw emailTaken();
      const { id, created } = await findOrCreate({ ...parsed, houseId: scope.houseId, unitId, source: 'staff' }, { executor: trx, actor });
      return { contact: await load(trx, scope, id), created };
    });
  }

  async function update(scope: Scope, actor: string, id: string, body: ContactPatchBody): Promise<Contact> {
    const parsed = parseInput(contactPatchBody, body);
    checkBirthYear(parsed.birthYear);
    if (parsed.email === null) throw invalid('email', 'cannot be cleared');
    const at = clock.now().toISOString();
    return db
      .transaction()
      .execute(async (trx) => {
        await load(trx, scope, id);
        const changes = columnsOf(parsed);
        if (Object.keys(changes).length > 0) {
          await store.updateContact(trx, scope, id, { ...changes, updated_at: at });
          const fields = Object.keys(parsed).filter((key) => parsed[key as keyof typeof parsed] !== undefined);
          await appendAudit(trx, { houseId: scope.houseId, at, actor, action: 'contact.updated', contactId: id, details: { fields } });
        }
        return load(trx, scope, id);
      })
      .catch((error: unknown) => {
        if (constraintViolation(error) === 'unique') throw emailTaken();
        throw error;
      });
  }

  /** For staff routes of other parts of the audience: the contact exists and this scope may see it, else 404. */
  async function requireVisible(scope: Scope, id: string, executor: Executor = db): Promise<void> {
    if ((await store.findContact(executor, scope, id)) === undefined) throw notFound('contact', id);
  }

  return { findOrCreate, list, get, create, update, requireVisible, load: (scope: Scope, id: string) => load(db, scope, id) };
}

export type ContactService = ReturnType<typeof createContactService>;
