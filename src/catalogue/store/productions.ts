import type { Expression, ExpressionBuilder, Insertable, SqlBool, Updateable } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import type { DB } from '../../core/db/schema.ts';
import type { ProductionTable } from '../tables.ts';
import type { Page } from './places.ts';

/*
 * Productions. Every query is narrowed to the scope: the house, and for unit staff
 * their unit, so that a unit coordinator can neither see nor touch another unit's work.
 */

const productionColumns = [
  'production.id', 'production.unit_id', 'production.kind', 'production.slug',
  'production.title_de', 'production.title_en', 'production.subtitle_de', 'production.subtitle_en',
  'production.description_de', 'production.description_en', 'production.genres', 'production.tags',
  'production.audience', 'production.age_min', 'production.age_max', 'production.duration_minutes',
  'production.performance_language', 'production.surtitles', 'production.accessibility',
  'production.performers', 'production.creative_team', 'production.image_url', 'production.booking_url',
  'production.venue_id', 'production.runs_from', 'production.runs_until', 'production.opening_hours',
  'production.source_ref', 'production.created_at', 'production.updated_at',
] as const;

export type ProductionRow = Pick<ProductionTable, (typeof productionColumns)[number] extends `production.${infer C}` ? C & keyof ProductionTable : never>;

/** Filters shared by the production list and (through the join) the performance list. */
export interface ProductionFilter {
  kind?: string | undefined;
  /** A vocabulary code. */
  genre?: string | undefined;
  audience?: string | undefined;
  unitId?: string | undefined;
  /** Folded query words (model.searchWords); each must occur in search_text. */
  words?: readonly string[] | undefined;
}

/**
 * The WHERE conditions on `production` for a scope and a filter. Genres are a JSON
 * array of quoted codes, so LIKE '%"opera"%' matches the code exactly on both engines
 * (a '_' in a code is a LIKE wildcard, but the vocabulary has no two codes it could confuse).
 */
export function productionConditions(
  eb: ExpressionBuilder<DB, 'production'>,
  scope: Scope,
  filter: ProductionFilter,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('production.house_id', '=', scope.houseId)];
  if (scope.unitId !== null) conditions.push(eb('production.unit_id', '=', scope.unitId));
  if (filter.unitId !== undefined) conditions.push(eb('production.unit_id', '=', filter.unitId));
  if (filter.kind !== undefined) conditions.push(eb('production.kind', '=', filter.kind));
  if (filter.audience !== undefined) conditions.push(eb('production.audience', '=', filter.audience));
  if (filter.genre !== undefined) conditions.push(eb('production.genres', 'like', `%"${filter.genre}"%`));
  for (const word of filter.words ?? []) conditions.push(eb('production.search_text', 'like', `%${word}%`));
  return eb.and(conditions);
}

/** Ids of the productions in scope: performances and price categories are reached only through these. */
export function scopedProductionIds(db: Executor, scope: Scope) {
  return db
    .selectFrom('production')
    .select('production.id')
    .where((eb) => productionConditions(eb, scope, {}));
}

export async function listProductions(
  db: Executor,
  scope: Scope,
  filter: ProductionFilter,
  page: Page,
): Promise<{ rows: ProductionRow[]; total: number }> {
  const rows = await db
    .selectFrom('production')
    .select(productionColumns)
    .where((eb) => productionConditions(eb, scope, filter))
    .orderBy('production.title_de')
    .orderBy('production.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await db
    .selectFrom('production')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where((eb) => productionConditions(eb, scope, filter))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function findProduction(db: Executor, scope: Scope, id: string): Promise<ProductionRow | undefined> {
  return db
    .selectFrom('production')
    .select(productionColumns)
    .where((eb) => productionConditions(eb, scope, {}))
    .where('production.id', '=', id)
    .executeTakeFirst();
}

export async function findProductionBySlug(db: Executor, houseId: string, slug: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('production').select('id').where('house_id', '=', houseId).where('slug', '=', slug).executeTakeFirst();
}

/** Slugs that begin with stem (see slugStem in model.ts), to pick the next free one. Slugs hold no LIKE wildcards. */
export async function productionSlugsLike(db: Executor, houseId: string, stem: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('production')
    .select('slug')
    .where('house_id', '=', houseId)
    .where('slug', 'like', `${stem}%`)
    .execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertProduction(db: Executor, row: Insertable<ProductionTable>): Promise<void> {
  await db.insertInto('production').values(row).execute();
}

export async function updateProduction(db: Executor, scope: Scope, id: string, changes: Updateable<ProductionTable>): Promise<void> {
  await db
    .updateTable('production')
    .set(changes)
    .where((eb) => productionConditions(eb, scope, {}))
    .where('production.id', '=', id)
    .execute();
}

/** Deletes the production; its performances and price categories go with it (ON DELETE CASCADE). */
export async function deleteProduction(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('production')
    .where((eb) => productionConditions(eb, scope, {}))
    .where('production.id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
