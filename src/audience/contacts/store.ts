import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import type { DB } from '../../core/db/schema.ts';
import type { ContactTable } from '../tables.ts';
import { containsPattern, searchFolds } from './search.ts';

/*
 * Contacts, narrowed to the caller's scope in every query a request can reach: the
 * house, and for unit staff only contacts with a contact_unit row of their unit. A
 * contact outside the scope is simply not found, so the API answers 404 and does not
 * reveal that the person exists.
 */

const contactColumns = [
  'contact.id', 'contact.house_id', 'contact.email', 'contact.email_normalised', 'contact.name', 'contact.phone',
  'contact.language', 'contact.postal_code', 'contact.birth_year', 'contact.interests', 'contact.source',
  'contact.created_at', 'contact.updated_at',
] as const;

export type ContactRow = Pick<ContactTable, (typeof contactColumns)[number] extends `contact.${infer C}` ? C & keyof ContactTable : never>;

export interface ContactFilter {
  /** Folded words (search.ts); each must occur in the name or the e-mail address. */
  words?: readonly string[];
  unitId?: string | undefined;
  /** Only contacts whose consent for this purpose is valid at `now`. */
  purpose?: string | undefined;
  now: string;
}

export interface Page {
  limit: number;
  offset: number;
}

/** The SQL twin of foldContactText: lower() then the replace() chain. */
function folded(column: 'contact.name' | 'contact.email_normalised') {
  let expression = sql<string>`lower(coalesce(${sql.ref(column)}, ''))`;
  for (const [from, to] of searchFolds) expression = sql<string>`replace(${expression}, ${from}, ${to})`;
  return expression;
}

/** Who the scope may see: the house, and for unit staff the members of their unit. */
export function visibleContact(eb: ExpressionBuilder<DB, 'contact'>, scope: Scope): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('contact.house_id', '=', scope.houseId)];
  if (scope.unitId !== null) conditions.push(memberOfUnit(eb, scope.houseId, scope.unitId));
  return eb.and(conditions);
}

function memberOfUnit(eb: ExpressionBuilder<DB, 'contact'>, houseId: string, unitId: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('contact_unit')
      .select(sql.lit(1).as('one'))
      .whereRef('contact_unit.contact_id', '=', 'contact.id')
      .where('contact_unit.house_id', '=', houseId)
      .where('contact_unit.unit_id', '=', unitId),
  );
}

function contactConditions(eb: ExpressionBuilder<DB, 'contact'>, scope: Scope, filter: ContactFilter): Expression<SqlBool> {
  const conditions = [visibleContact(eb, scope)];
  if (filter.unitId !== undefined) conditions.push(memberOfUnit(eb, scope.houseId, filter.unitId));
  if (filter.purpose !== undefined) {
    // The same test as isConsentValid (model.ts): granted and not yet expired.
    conditions.push(
      eb.exists(
        eb
          .selectFrom('consent')
          .select(sql.lit(1).as('one'))
          .whereRef('consent.contact_id', '=', 'contact.id')
          .where('consent.house_id', '=', scope.houseId)
          .where('consent.purpose', '=', filter.purpose)
          .where('consent.status', '=', 'granted')
          .where('consent.expires_at', '>', filter.now),
      ),
    );
  }
  for (const word of filter.words ?? []) {
    const pattern = containsPattern(word);
    conditions.push(
      eb.or([
        sql<SqlBool>`${folded('contact.name')} like ${pattern} escape '\\'`,
        sql<SqlBool>`${folded('contact.email_normalised')} like ${pattern} escape '\\'`,
      ]),
    );
  }
  return eb.and(conditions);
}

export async function listContacts(db: Executor, scope: Scope, filter: ContactFilter, page: Page): Promise<{ rows: ContactRow[]; total: number }> {
  const rows = await db
    .selectFrom('contact')
    .select(contactColumns)
    .where((eb) => contactConditions(eb, scope, filter))
    .orderBy('contact.email_normalised')
    .orderBy('contact.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await db
    .selectFrom('contact')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where((eb) => contactConditions(eb, scope, filter))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function findContact(db: Executor, scope: Scope, id: string): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contact')
    .select(contactColumns)
    .where((eb) => visibleContact(eb, scope))
    .where('contact.id', '=', id)
    .executeTakeFirst();
}

/** Many contacts by id, as far as the scope sees them: a newsletter batch reads its people in one query. */
export async function findContacts(db: Executor, scope: Scope, ids: readonly string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('contact')
    .select(contactColumns)
    .where((eb) => visibleContact(eb, scope))
    .where('contact.id', 'in', ids)
    .execute();
}

/** House-wide, for the services other capabilities call (sign-up, bookings, import): they act for the house. */
export async function findContactByEmail(db: Executor, houseId: string, emailNormalised: string): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contact')
    .select(contactColumns)
    .where('contact.house_id', '=', houseId)
    .where('contact.email_normalised', '=', emailNormalised)
    .executeTakeFirst();
}

export async function insertContact(db: Executor, row: Insertable<ContactTable>): Promise<void> {
  await db.insertInto('contact').values(row).execute();
}

export async function updateContact(db: Executor, scope: Scope, id: string, changes: Updateable<ContactTable>): Promise<void> {
  await db
    .updateTable('contact')
    .set(changes)
    .where((eb) => visibleContact(eb, scope))
    .where('contact.id', '=', id)
    .execute();
}

/** Membership of a unit: what lets the unit's staff see the person. Adding it twice is harmless. */
export async function addContactUnit(db: Executor, houseId: string, contactId: string, unitId: string, since: string): Promise<void> {
  await db
    .insertInto('contact_unit')
    .values({ house_id: houseId, contact_id: contactId, unit_id: unitId, since })
    .onConflict((oc) => oc.columns(['contact_id', 'unit_id']).doNothing())
    .execute();
}

export async function unitsOfContact(db: Executor, houseId: string, contactId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('contact_unit')
    .select('unit_id')
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .orderBy('unit_id')
    .execute();
  return rows.map((row) => row.unit_id);
}

/** The units of a page of contacts in one query, not one per contact. */
export async function unitsOfContacts(db: Executor, houseId: string, contactIds: readonly string[]): Promise<Map<string, string[]>> {
  const units = new Map<string, string[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return units;
  const rows = await db
    .selectFrom('contact_unit')
    .select(['contact_id', 'unit_id'])
    .where('house_id', '=', houseId)
    .where('contact_id', 'in', contactIds)
    .orderBy('unit_id')
    .execute();
  for (const row of rows) units.get(row.contact_id)?.push(row.unit_id);
  return units;
}

/** Units of this house only: a unit id from another house is refused, never linked. */
export async function unitExists(db: Executor, houseId: string, unitId: string): Promise<boolean> {
  const row = await db.selectFrom('unit').select('id').where('house_id', '=', houseId).where('id', '=', unitId).executeTakeFirst();
  return row !== undefined;
}
