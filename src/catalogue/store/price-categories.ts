import type { Insertable, Updateable } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import type { PriceCategoryTable } from '../tables.ts';
import type { Page } from './places.ts';
import { productionConditions, scopedProductionIds } from './productions.ts';

/* Price categories, reached (like performances) only through a production in scope. */

const priceCategoryColumns = [
  'price_category.id', 'price_category.production_id', 'price_category.performance_id', 'price_category.code',
  'price_category.name_de', 'price_category.name_en', 'price_category.amount_minor', 'price_category.currency',
  'price_category.quota', 'price_category.reductions', 'price_category.sort_order', 'price_category.source_ref',
  'price_category.created_at', 'price_category.updated_at',
] as const;

export type PriceCategoryRow = Omit<PriceCategoryTable, 'house_id'>;

export interface PriceCategoryFilter {
  productionId?: string | undefined;
  performanceId?: string | undefined;
}

function selectPriceCategories(db: Executor, scope: Scope, filter: PriceCategoryFilter) {
  let query = db
    .selectFrom('price_category')
    .innerJoin('production', 'production.id', 'price_category.production_id')
    .where('price_category.house_id', '=', scope.houseId)
    .where((eb) => productionConditions(eb, scope, {}));
  if (filter.productionId !== undefined) query = query.where('price_category.production_id', '=', filter.productionId);
  if (filter.performanceId !== undefined) query = query.where('price_category.performance_id', '=', filter.performanceId);
  return query;
}

export async function listPriceCategories(
  db: Executor,
  scope: Scope,
  filter: PriceCategoryFilter,
  page: Page,
): Promise<{ rows: PriceCategoryRow[]; total: number }> {
  const rows = await selectPriceCategories(db, scope, filter)
    .select(priceCategoryColumns)
    .orderBy('production.title_de')
    .orderBy('price_category.production_id')
    .orderBy('price_category.sort_order')
    .orderBy('price_category.amount_minor', 'desc')
    .orderBy('price_category.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await selectPriceCategories(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function findPriceCategory(db: Executor, scope: Scope, id: string): Promise<PriceCategoryRow | undefined> {
  return selectPriceCategories(db, scope, {}).select(priceCategoryColumns).where('price_category.id', '=', id).executeTakeFirst();
}

/** Another category with this code for the same production and performance (codes name a category at the box office). */
export async function findPriceCategoryByCode(
  db: Executor,
  houseId: string,
  key: { productionId: string; performanceId: string | null; code: string },
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('price_category')
    .select('id')
    .where('house_id', '=', houseId)
    .where('production_id', '=', key.productionId)
    .where('performance_id', key.performanceId === null ? 'is' : '=', key.performanceId)
    .where('code', '=', key.code)
    .executeTakeFirst();
}

export async function insertPriceCategory(db: Executor, row: Insertable<PriceCategoryTable>): Promise<void> {
  await db.insertInto('price_category').values(row).execute();
}

export async function updatePriceCategory(db: Executor, scope: Scope, id: string, changes: Updateable<PriceCategoryTable>): Promise<void> {
  await db
    .updateTable('price_category')
    .set(changes)
    .where('house_id', '=', scope.houseId)
    .where('production_id', 'in', scopedProductionIds(db, scope))
    .where('id', '=', id)
    .execute();
}

/**
 * A performance's own categories follow it to another production: they price that
 * performance, and every category must name the production its performance belongs to.
 */
export async function movePerformancePriceCategories(
  db: Executor,
  houseId: string,
  move: { performanceId: string; productionId: string; at: string },
): Promise<void> {
  await db
    .updateTable('price_category')
    .set({ production_id: move.productionId, updated_at: move.at })
    .where('house_id', '=', houseId)
    .where('performance_id', '=', move.performanceId)
    .execute();
}

export async function deletePriceCategory(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('price_category')
    .where('house_id', '=', scope.houseId)
    .where('production_id', 'in', scopedProductionIds(db, scope))
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
