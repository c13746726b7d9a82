import { type Insertable, type RawBuilder, sql, type SqlBool, type Updateable } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import type { SegmentTable } from '../tables.ts';

/*
 * Segments and static list members. Every query filters by house, and for unit staff by
 * their unit: a unit coordinator neither sees nor touches another unit's segments, and
 * finds only contacts of the unit. The evaluation queries take the condition compiled by
 * compile.ts (it carries the house, unit and purpose filters itself) over `contact c`.
 */

const segmentColumns = ['id', 'unit_id', 'name', 'description', 'kind', 'rules', 'created_by', 'created_at', 'updated_at'] as const;
export type SegmentRow = Pick<SegmentTable, (typeof segmentColumns)[number]>;

export interface Page {
  limit: number;
  offset: number;
}

export async function findSegment(db: Executor, scope: Scope, id: string): Promise<SegmentRow | undefined> {
  let query = db.selectFrom('segment').select(segmentColumns).where('house_id', '=', scope.houseId).where('id', '=', id);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  return query.executeTakeFirst();
}

/** Segments by id, for resolving references; the caller checks each is visible where it is used. */
export async function findSegments(db: Executor, houseId: string, ids: readonly string[]): Promise<SegmentRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('segment').select(segmentColumns).where('house_id', '=', houseId).where('id', 'in', ids).execute();
}

export async function listSegments(db: Executor, scope: Scope, page: Page): Promise<{ rows: SegmentRow[]; total: number }> {
  let query = db.selectFrom('segment').where('house_id', '=', scope.houseId);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  const rows = await query.select(segmentColumns).orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute();
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function segmentNamed(db: Executor, houseId: string, name: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('segment').select('id').where('house_id', '=', houseId).where('name', '=', name).executeTakeFirst();
}

/** Segments whose rules name this id ({ segment: id }): the JSON holds the id in quotes. */
export async function segmentsReferring(db: Executor, houseId: string, id: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('segment')
    .select(['id', 'name'])
    .where('house_id', '=', houseId)
    .where('kind', '=', 'rules')
    .where('rules', 'like', `%"${id}"%`)
    .where('id', '<>', id)
    .execute();
}

export async function insertSegment(db: Executor, row: Insertable<SegmentTable>): Promise<void> {
  await db.insertInto('segment').values(row).execute();
}

export async function updateSegment(db: Executor, scope: Scope, id: string, changes: Updateable<SegmentTable>): Promise<void> {
  let query = db.updateTable('segment').set(changes).where('house_id', '=', scope.houseId).where('id', '=', id);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  await query.execute();
}

export async function deleteSegment(db: Executor, scope: Scope, id: string): Promise<boolean> {
  let query = db.deleteFrom('segment').where('house_id', '=', scope.houseId).where('id', '=', id);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---------- references checked before a rule tree is used ----------

export async function existingProductions(db: Executor, scope: Scope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = db.selectFrom('production').select('id').where('house_id', '=', scope.houseId).where('id', 'in', ids);
  if (scope.unitId !== null) query = query.where('unit_id', '=', scope.unitId);
  return new Set((await query.execute()).map((row) => row.id));
}

export async function existingUnits(db: Executor, scope: Scope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = db.selectFrom('unit').select('id').where('house_id', '=', scope.houseId).where('id', 'in', ids);
  if (scope.unitId !== null) query = query.where('id', '=', scope.unitId);
  return new Set((await query.execute()).map((row) => row.id));
}

// ---------- static list members ----------

/** Contacts by normalised e-mail address, in the scope (unit staff find only their unit's). */
export async function contactsByEmail(db: Executor, scope: Scope, emails: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // Chunks stay far below either engine's limit of bound parameters.
  for (let start = 0; start < emails.length; start += 500) {
    const chunk = emails.slice(start, start + 500);
    let query = db.selectFrom('contact as c').select(['c.id', 'c.email_normalised']).where('c.house_id', '=', scope.houseId).where('c.email_normalised', 'in', chunk);
    if (scope.unitId !== null) {
      const unitId = scope.unitId;
      query = query.where((eb) =>
        eb.exists(eb.selectFrom('contact_unit as u').select('u.contact_id').whereRef('u.contact_id', '=', 'c.id').where('u.unit_id', '=', unitId)),
      );
    }
    for (const row of await query.execute()) found.set(row.email_normalised, row.id);
  }
  return found;
}

/** Adds members; those already in the list stay as they were. Returns how many were added. */
export async function addMembers(db: Executor, houseId: string, segmentId: string, contactIds: readonly string[], at: string): Promise<number> {
  let added = 0;
  for (let start = 0; start < contactIds.length; start += 500) {
    const chunk = contactIds.slice(start, start + 500);
    const result = await db
      .insertInto('segment_member')
      .values(chunk.map((contactId) => ({ house_id: houseId, segment_id: segmentId, contact_id: contactId, added_at: at })))
      .onConflict((oc) => oc.columns(['segment_id', 'contact_id']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Removes the given members, or all of them when contactIds is null. */
export async function removeMembers(db: Executor, houseId: string, segmentId: string, contactIds: readonly string[] | null): Promise<number> {
  let query = db.deleteFrom('segment_member').where('house_id', '=', houseId).where('segment_id', '=', segmentId);
  if (contactIds !== null) {
    if (contactIds.length === 0) return 0;
    query = query.where('contact_id', 'in', contactIds);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---------- evaluation ----------

type Condition = RawBuilder<SqlBool>;

/** How many contacts match, and how many of them each condition in `also` holds for (one scan). */
export async function countMatches(db: Executor, where: Condition, also: Record<string, Condition>): Promise<{ total: number; also: Record<string, number> }> {
  const names = Object.keys(also);
  const columns = [sql<number>`count(*)`.as('total'), ...names.map((name, index) => sql<number>`count(case when ${also[name]} then 1 end)`.as(`also_${index}`))];
  const row = (await db.selectFrom('contact as c').select(columns).where(where).executeTakeFirstOrThrow()) as Record<string, number | string>;
  return {
    total: Number(row.total),
    also: Object.fromEntries(names.map((name, index) => [name, Number(row[`also_${index}`])])),
  };
}

export interface MemberRow {
  id: string;
  name: string | null;
  email: string;
  language: string | null;
}

/** A page of matching contacts in id order (the order they were created in). */
export async function matchingContacts(db: Executor, where: Condition, page: Page): Promise<MemberRow[]> {
  return db
    .selectFrom('contact as c')
    .select(['c.id', 'c.name', 'c.email', 'c.language'])
    .where(where)
    .orderBy('c.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** When each contact was put on a static list. */
export async function memberSince(db: Executor, houseId: string, segmentId: string, contactIds: readonly string[]): Promise<Map<string, string>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('segment_member')
    .select(['contact_id', 'added_at'])
    .where('house_id', '=', houseId)
    .where('segment_id', '=', segmentId)
    .where('contact_id', 'in', contactIds)
    .execute();
  return new Map(rows.map((row) => [row.contact_id, row.added_at]));
}

/** The next batch of matching contact ids after a checkpoint, in id order. */
export async function matchingIdsAfter(db: Executor, where: Condition, afterId: string | null, limit: number): Promise<string[]> {
  let query = db.selectFrom('contact as c').select('c.id').where(where);
  if (afterId !== null) query = query.where('c.id', '>', afterId);
  const rows = await query.orderBy('c.id').limit(limit).execute();
  return rows.map((row) => row.id);
}
