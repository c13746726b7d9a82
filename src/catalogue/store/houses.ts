import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { HouseTable } from '../tables.ts';

/*
 * Houses are the tenants themselves: these are the only catalogue queries without a
 * house_id filter, and they are reached by setup, the CLI and public slugs, or with the
 * actor's own house id.
 */

const houseColumns = [
  'id', 'slug', 'name', 'time_zone', 'languages', 'default_language', 'currency',
  'street', 'postal_code', 'city', 'country', 'website', 'email', 'phone', 'created_at', 'updated_at',
] as const;

export type HouseRow = Pick<HouseTable, (typeof houseColumns)[number]>;

export async function findHouse(db: Executor, houseId: string): Promise<HouseRow | undefined> {
  return db.selectFrom('house').select(houseColumns).where('id', '=', houseId).executeTakeFirst();
}

export async function findHouseBySlug(db: Executor, slug: string): Promise<HouseRow | undefined> {
  return db.selectFrom('house').select(houseColumns).where('slug', '=', slug).executeTakeFirst();
}

export async function listHouses(db: Executor): Promise<HouseRow[]> {
  return db.selectFrom('house').select(houseColumns).orderBy('created_at').orderBy('id').execute();
}

export async function countHouses(db: Executor): Promise<number> {
  const row = await db.selectFrom('house').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Slugs that begin with stem (see slugStem in model.ts), to pick the next free one. Slugs hold no LIKE wildcards. */
export async function houseSlugsLike(db: Executor, stem: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('house')
    .select('slug')
    .where('slug', 'like', `${stem}%`)
    .execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertHouse(db: Executor, row: Insertable<HouseTable>): Promise<void> {
  await db.insertInto('house').values(row).execute();
}

export async function updateHouse(db: Executor, houseId: string, changes: Updateable<HouseTable>): Promise<void> {
  await db.updateTable('house').set(changes).where('id', '=', houseId).execute();
}

/**
 * Deletes the house; every row that belongs to it goes with it, as each table's house_id
 * is ON DELETE CASCADE (catalogue, import runs, staff accounts and their sessions, API
 * keys). Only the demo seed calls this, to undo a house it could not finish.
 */
export async function deleteHouse(db: Executor, houseId: string): Promise<boolean> {
  const result = await db.deleteFrom('house').where('id', '=', houseId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Currencies of the house's price categories, to refuse a currency switch that would orphan them. */
export async function priceCurrencies(db: Executor, houseId: string): Promise<string[]> {
  const rows = await db.selectFrom('price_category').select('currency').distinct().where('house_id', '=', houseId).execute();
  return rows.map((r) => r.currency);
}
