import { sql } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';
import { chunks, lockTransaction } from '../../core/db/batch.ts';
import type { Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { type ImportRunRow, runColumnValues } from '../../core/import/runs.ts';
import type { ConsentStatus, Purpose } from '../model.ts';
import type { BookingInsert, ConsentWrite, ContactFill, ContactInsert, ExistingContact, ExistingState } from './plan.ts';

/*
 * The contact import's own SQL, in batches: what the house holds is read for the
 * addresses and order codes the file names, a chunk of a few hundred at a time, and
 * written with multi-row statements. 50,000 rows are a few hundred statements, not
 * 50,000 round trips per table. Every query filters by house.
 */

/** Values per IN list or multi-row statement chunk: far below SQLite's 32,766 and PostgreSQL's 65,535 bound values. */
const CHUNK_ROWS = 500;

// ---------- house, unit, policy ----------

export async function findHouse(db: Executor, houseId: string) {
  return db.selectFrom('house').select(['id', 'slug', 'name', 'time_zone']).where('id', '=', houseId).executeTakeFirst();
}

export async function findUnit(db: Executor, houseId: string, idOrSlug: string) {
  return db
    .selectFrom('unit')
    .select(['id', 'slug'])
    .where('house_id', '=', houseId)
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
}

/** The house's expiry per purpose; purposes it has not set keep the default. */
export async function expiryMonthsOfHouse(db: Executor, houseId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('consent_policy').select(['purpose', 'expiry_months']).where('house_id', '=', houseId).execute();
  return new Map(rows.map((row) => [row.purpose, row.expiry_months]));
}

/** Two imports of one house at once would both create the same new contact: on PostgreSQL the second waits. SQLite has one writer anyway. */
export async function lockHouseContactImports(db: Executor, engine: DatabaseEngine, houseId: string): Promise<void> {
  await lockTransaction(db, engine, `contact-import:${houseId}`);
}

// ---------- what the house holds, for the addresses in the file ----------

/**
 * The contacts the file names (by normalised address), their consents, whether they
 * already belong to the unit, and the imported bookings the file names: three queries
 * per chunk of addresses and one per chunk of order refs.
 */
export async function loadExistingState(
  db: Executor,
  houseId: string,
  input: { emails: readonly string[]; refs: readonly string[]; unitId: string | null; bookingSource: string },
): Promise<ExistingState> {
  const contacts = new Map<string, ExistingContact>();
  for (const emails of chunks(input.emails, CHUNK_ROWS)) {
    const rows = await db
      .selectFrom('contact')
      .select(['id', 'email_normalised', 'name', 'phone', 'language', 'postal_code', 'birth_year', 'interests'])
      .where('house_id', '=', houseId)
      .where('email_normalised', 'in', emails)
      .execute();
    if (rows.length === 0) continue;
    const byId = new Map<string, ExistingContact>();
    for (const row of rows) {
      const contact: ExistingContact = {
        id: row.id,
        name: row.name,
        phone: row.phone,
        language: row.language,
        postalCode: row.postal_code,
        birthYear: row.birth_year,
        interests: fromJson<string[]>(row.interests, []),
        inUnit: false,
        consents: {},
      };
      contacts.set(row.email_normalised, contact);
      byId.set(row.id, contact);
    }
    const ids = [...byId.keys()];
    const consents = await db
      .selectFrom('consent')
      .select(['contact_id', 'purpose', 'status', 'granted_at', 'expires_at', 'revoked_at'])
      .where('house_id', '=', houseId)
      .where('contact_id', 'in', ids)
      .execute();
    for (const consent of consents) {
      const contact = byId.get(consent.contact_id);
      if (contact === undefined) continue;
      contact.consents[consent.purpose as Purpose] = {
        status: consent.status as ConsentStatus,
        grantedAt: consent.granted_at,
        expiresAt: consent.expires_at,
        revokedAt: consent.revoked_at,
      };
    }
    if (input.unitId !== null) {
      const members = await db
        .selectFrom('contact_unit')
        .select('contact_id')
        .where('house_id', '=', houseId)
        .where('unit_id', '=', input.unitId)
        .where('contact_id', 'in', ids)
        .execute();
      for (const member of members) {
        const contact = byId.get(member.contact_id);
        if (contact !== undefined) contact.inUnit = true;
      }
    }
  }
  const bookings = new Map<string, string | null>();
  for (const refs of chunks(input.refs, CHUNK_ROWS)) {
    const rows = await db
      .selectFrom('interaction')
      .select(['ref', 'contact_id'])
      .where('house_id', '=', houseId)
      .where('source', '=', input.bookingSource)
      .where('ref', 'in', refs)
      .execute();
    for (const row of rows) if (row.ref !== null) bookings.set(row.ref, row.contact_id);
  }
  return { contacts, bookings };
}

// ---------- writes, in chunks ----------

export async function insertContacts(db: Executor, houseId: string, rows: readonly ContactInsert[], now: string): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('contact')
      .values(
        chunk.map((c) => ({
          id: c.id,
          house_id: houseId,
          email: c.email,
          email_normalised: c.emailNormalised,
          name: c.name,
          phone: c.phone,
          language: c.language,
          postal_code: c.postalCode,
          birth_year: c.birthYear,
          interests: toJson(c.interests),
          source: c.source,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}

/**
 * Fills empty fields of existing contacts, a chunk per statement: UPDATE … FROM (VALUES …)
 * works alike on SQLite (3.33+) and PostgreSQL, whose VALUES columns are both named
 * column1, column2, … COALESCE keeps whatever the contact already has, so a value set by
 * the person or by staff in the meantime is never overwritten.
 */
export async function fillContacts(db: Executor, houseId: string, rows: readonly ContactFill[], now: string): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    const values = sql.join(
      chunk.map(
        (c) =>
          sql`(${c.id}, ${c.name}, ${c.phone}, ${c.language}, ${c.postalCode}, ${c.birthYear === null ? null : String(c.birthYear)}, ${c.interests === null ? null : toJson(c.interests)})`,
      ),
    );
    await sql`
      update contact set
        name = coalesce(contact.name, v.column2),
        phone = coalesce(contact.phone, v.column3),
        language = coalesce(contact.language, v.column4),
        postal_code = coalesce(contact.postal_code, v.column5),
        birth_year = coalesce(contact.birth_year, cast(v.column6 as integer)),
        interests = case when contact.interests = '[]' and v.column7 is not null then v.column7 else contact.interests end,
        updated_at = ${now}
      from (values ${values}) as v
      where contact.id = v.column1 and contact.house_id = ${houseId}
    `.execute(db);
  }
}

/**
 * New consents and renewals in one statement per chunk: one row per (contact, purpose),
 * so a renewal is the conflict. A pending double opt-in that the import grants loses
 * its link: the token is spent.
 */
export async function writeConsents(db: Executor, houseId: string, rows: readonly ConsentWrite[], textVersion: string, now: string): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('consent')
      .values(
        chunk.map((c) => ({
          id: c.id,
          house_id: houseId,
          contact_id: c.contactId,
          purpose: c.purpose,
          status: 'granted',
          legal_basis: c.legalBasis,
          source: c.source,
          text_version: textVersion,
          requested_at: c.grantedAt,
          granted_at: c.grantedAt,
          expires_at: c.expiresAt,
          revoked_at: null,
          proof: toJson(c.proof),
          confirmation_token_hash: null,
          token_spent_at: null,
          retention_done_at: null,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['contact_id', 'purpose']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          legal_basis: eb.ref('excluded.legal_basis'),
          source: eb.ref('excluded.source'),
          text_version: eb.ref('excluded.text_version'),
          requested_at: eb.ref('excluded.requested_at'),
          granted_at: eb.ref('excluded.granted_at'),
          expires_at: eb.ref('excluded.expires_at'),
          revoked_at: null,
          proof: eb.ref('excluded.proof'),
          confirmation_token_hash: null,
          token_spent_at: sql<string | null>`case when consent.confirmation_token_hash is not null and consent.token_spent_at is null then ${now} else consent.token_spent_at end`,
          retention_done_at: null,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function insertUnitLinks(db: Executor, houseId: string, rows: readonly { contactId: string; unitId: string }[], now: string): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('contact_unit')
      .values(chunk.map((r) => ({ house_id: houseId, contact_id: r.contactId, unit_id: r.unitId, since: now })))
      .onConflict((oc) => oc.columns(['contact_id', 'unit_id']).doNothing())
      .execute();
  }
}

/** Bookings keyed by (house, source, ref): the same order imported twice is one booking. */
export async function insertBookings(db: Executor, houseId: string, rows: readonly BookingInsert[], source: string, now: string): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('interaction')
      .values(
        chunk.map((b) => ({
          id: b.id,
          house_id: houseId,
          contact_id: b.contactId,
          pseudonym: null,
          kind: 'booking',
          occurred_at: b.occurredAt,
          source,
          ref: b.ref,
          unit_id: b.unitId,
          production_id: null,
          performance_id: null,
          details: null,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['house_id', 'source', 'ref']).doNothing())
      .execute();
  }
}

// ---------- runs ----------

export async function insertImportRun(db: Executor, run: ImportRunRow & { unitId: string | null }): Promise<void> {
  await db
    .insertInto('contact_import_run')
    .values({ ...runColumnValues(run), unit_id: run.unitId })
    .execute();
}

const runColumns = ['id', 'unit_id', 'source', 'dry_run', 'status', 'report', 'actor', 'started_at', 'finished_at'] as const;

/** Unit staff see the runs into their unit, nobody else's. */
export async function listImportRuns(db: Executor, houseId: string, unitId: string | null, page: { limit: number; offset: number }) {
  let query = db.selectFrom('contact_import_run').where('house_id', '=', houseId);
  if (unitId !== null) query = query.where('unit_id', '=', unitId);
  const [items, total] = await Promise.all([
    query.select(runColumns).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.count) };
}

export async function findImportRun(db: Executor, houseId: string, unitId: string | null, id: string) {
  let query = db.selectFrom('contact_import_run').select(runColumns).where('house_id', '=', houseId).where('id', '=', id);
  if (unitId !== null) query = query.where('unit_id', '=', unitId);
  return query.executeTakeFirst();
}
