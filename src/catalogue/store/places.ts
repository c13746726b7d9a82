import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { HallTable, UnitTable, VenueTable } from '../tables.ts';

/*
 * Units, venues and halls. Every query filters by house_id. Unit staff read these
 * house-wide (to pick a hall) and may not write them, which the service decides.
 */

export interface Page {
  limit: number;
  offset: number;
}

// ---------- units ----------

const unitColumns = ['id', 'slug', 'name_de', 'name_en', 'description_de', 'description_en', 'created_at', 'updated_at'] as const;
export type UnitRow = Pick<UnitTable, (typeof unitColumns)[number]>;

export async function listUnits(db: Executor, houseId: string, page: Page): Promise<{ rows: UnitRow[]; total: number }> {
  const rows = await db
    .selectFrom('unit')
    .select(unitColumns)
    .where('house_id', '=', houseId)
    .orderBy('name_de')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await db
    .selectFrom('unit')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('house_id', '=', houseId)
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function findUnit(db: Executor, houseId: string, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('unit').select(unitColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

export async function findUnitBySlug(db: Executor, houseId: string, slug: string): Promise<UnitRow | undefined> {
  return db.selectFrom('unit').select(unitColumns).where('house_id', '=', houseId).where('slug', '=', slug).executeTakeFirst();
}

/** Slugs that begin with stem (see slugStem in model.ts), to pick the next free one. Slugs hold no LIKE wildcards. */
export async function unitSlugsLike(db: Executor, houseId: string, stem: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('unit')
    .select('slug')
    .where('house_id', '=', houseId)
    .where('slug', 'like', `${stem}%`)
    .execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertUnit(db: Executor, row: Insertable<UnitTable>): Promise<void> {
  await db.insertInto('unit').values(row).execute();
}

export async function updateUnit(db: Executor, houseId: string, id: string, changes: Updateable<UnitTable>): Promise<void> {
  await db.updateTable('unit').set(changes).where('house_id', '=', houseId).where('id', '=', id).execute();
}

export async function deleteUnit(db: Executor, houseId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('unit').where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Productions that belong to the unit: deleting it would silently make them house-wide. */
export async function countUnitProductions(db: Executor, houseId: string, unitId: string): Promise<number> {
  const { n } = await db
    .selectFrom('production')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('house_id', '=', houseId)
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

// ---------- venues ----------

const venueColumns = [
  'id', 'name', 'street', 'postal_code', 'city', 'country', 'latitude', 'longitude',
  'directions_de', 'directions_en', 'source_ref', 'created_at', 'updated_at',
] as const;
export type VenueRow = Pick<VenueTable, (typeof venueColumns)[number]>;

export async function listVenues(db: Executor, houseId: string, page: Page): Promise<{ rows: VenueRow[]; total: number }> {
  const rows = await db
    .selectFrom('venue')
    .select(venueColumns)
    .where('house_id', '=', houseId)
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await db
    .selectFrom('venue')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('house_id', '=', houseId)
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function findVenue(db: Executor, houseId: string, id: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venue').select(venueColumns).where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
}

export async function insertVenue(db: Executor, row: Insertable<VenueTable>): Promise<void> {
  await db.insertInto('venue').values(row).execute();
}

export async function updateVenue(db: Executor, houseId: string, id: string, changes: Updateable<VenueTable>): Promise<void> {
  await db.updateTable('venue').set(changes).where('house_id', '=', houseId).where('id', '=', id).execute();
}

export async function deleteVenue(db: Executor, houseId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('venue').where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** What still points at a venue: its halls, and exhibitions shown there. */
export async function venueDependents(db: Executor, houseId: string, venueId: string): Promise<{ halls: number; productions: number }> {
  const halls = await db
    .selectFrom('hall')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('house_id', '=', houseId)
    .where('venue_id', '=', venueId)
    .executeTakeFirstOrThrow();
  const productions = await db
    .selectFrom('production')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('house_id', '=', houseId)
    .where('venue_id', '=', venueId)
    .executeTakeFirstOrThrow();
  return { halls: Number(halls.n), productions: Number(productions.n) };
}

// ---------- halls ----------

export interface HallRow {
  id: string;
  venue_id: string;
  venue_name: string;
  name: string;
  capacity: number;
  accessibility: string;
  source_ref: string | null;
  created_at: string;
  updated_at: string;
}

/** Halls with their venue's name; both joined rows belong to the house. */
function selectHalls(db: Executor, houseId: string) {
  return db
    .selectFrom('hall')
    .innerJoin('venue', 'venue.id', 'hall.venue_id')
    .select([
      'hall.id', 'hall.venue_id', 'venue.name as venue_name', 'hall.name', 'hall.capacity',
      'hall.accessibility', 'hall.source_ref', 'hall.created_at', 'hall.updated_at',
    ])
    .where('hall.house_id', '=', houseId);
}

export async function listHalls(
  db: Executor,
  houseId: string,
  filter: { venueId?: string | undefined },
  page: Page,
): Promise<{ rows: HallRow[]; total: number }> {
  let rows = selectHalls(db, houseId);
  let count = db.selectFrom('hall').select((eb) => eb.fn.countAll<number>().as('total')).where('hall.house_id', '=', houseId);
  if (filter.venueId !== undefined) {
    rows = rows.where('hall.venue_id', '=', filter.venueId);
    count = count.where('hall.venue_id', '=', filter.venueId);
  }
  const items = await rows.orderBy('venue.name').orderBy('hall.name').orderBy('hall.id').limit(page.limit).offset(page.offset).execute();
  const { total } = await count.executeTakeFirstOrThrow();
  return { rows: items, total: Number(total) };
}

export async function findHall(db: Executor, houseId: string, id: string): Promise<HallRow | undefined> {
  return selectHalls(db, houseId).where('hall.id', '=', id).executeTakeFirst();
}

export async function insertHall(db: Executor, row: Insertable<HallTable>): Promise<void> {
  await db.insertInto('hall').values(row).execute();
}

export async function updateHall(db: Executor, houseId: string, id: string, changes: Updateable<HallTable>): Promise<void> {
  await db.updateTable('hall').set(changes).where('house_id', '=', houseId).where('id', '=', id).execute();
}

export async function deleteHall(db: Executor, houseId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('hall').where('house_id', '=', houseId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countHallPerformances(db: Executor, houseId: string, hallId: string): Promise<number> {
  const { n } = await db
    .selectFrom('performance')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('house_id', '=', houseId)
    .where('hall_id', '=', hallId)
    .executeTakeFirstOrThrow();
  return Number(n);
}
