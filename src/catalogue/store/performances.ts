import type { Insertable, Updateable } from 'kysely';
import type { Scope } from '../../core/auth/model.ts';
import type { Executor } from '../../core/db/database.ts';
import type { PerformanceTable } from '../tables.ts';
import type { Page } from './places.ts';
import { type ProductionFilter, productionConditions, scopedProductionIds } from './productions.ts';

/*
 * Performances, always joined with their production: the production carries the unit
 * (for unit staff), the genres, audience and search text the list filters on.
 */

export interface PerformanceFilter extends ProductionFilter {
  /** Inclusive lower bound on starts_at, ISO UTC. */
  from?: string | undefined;
  /** Exclusive upper bound on starts_at, ISO UTC. */
  to?: string | undefined;
  productionId?: string | undefined;
  hallId?: string | undefined;
  status?: string | undefined;
}

export interface PerformanceRow {
  id: string;
  production_id: string;
  hall_id: string | null;
  starts_at: string;
  ends_at: string | null;
  status: string;
  capacity: number | null;
  rescheduled_from: string | null;
  note_de: string | null;
  note_en: string | null;
  booking_url: string | null;
  source_ref: string | null;
  created_at: string;
  updated_at: string;
  production_slug: string;
  production_kind: string;
  title_de: string;
  title_en: string | null;
  genres: string;
  audience: string;
  unit_id: string | null;
  hall_name: string | null;
  hall_capacity: number | null;
  venue_id: string | null;
  venue_name: string | null;
}

/** Performance, its production (inner join, scoped) and hall with venue (left joins: a hall is optional). */
function selectPerformances(db: Executor, scope: Scope, filter: PerformanceFilter) {
  let query = db
    .selectFrom('performance')
    .innerJoin('production', 'production.id', 'performance.production_id')
    .leftJoin('hall', 'hall.id', 'performance.hall_id')
    .leftJoin('venue', 'venue.id', 'hall.venue_id')
    .where('performance.house_id', '=', scope.houseId)
    .where((eb) => productionConditions(eb, scope, filter));
  if (filter.from !== undefined) query = query.where('performance.starts_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('performance.starts_at', '<', filter.to);
  if (filter.productionId !== undefined) query = query.where('performance.production_id', '=', filter.productionId);
  if (filter.hallId !== undefined) query = query.where('performance.hall_id', '=', filter.hallId);
  if (filter.status !== undefined) query = query.where('performance.status', '=', filter.status);
  return query.select([
    'performance.id', 'performance.production_id', 'performance.hall_id', 'performance.starts_at',
    'performance.ends_at', 'performance.status', 'performance.capacity', 'performance.rescheduled_from',
    'performance.note_de', 'performance.note_en', 'performance.booking_url', 'performance.source_ref',
    'performance.created_at', 'performance.updated_at',
    'production.slug as production_slug', 'production.kind as production_kind',
    'production.title_de', 'production.title_en', 'production.genres', 'production.audience', 'production.unit_id',
    'hall.name as hall_name', 'hall.capacity as hall_capacity', 'hall.venue_id', 'venue.name as venue_name',
  ]);
}

export async function listPerformances(
  db: Executor,
  scope: Scope,
  filter: PerformanceFilter,
  page: Page,
): Promise<{ rows: PerformanceRow[]; total: number }> {
  const rows = await selectPerformances(db, scope, filter)
    .orderBy('performance.starts_at')
    .orderBy('performance.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  // The count needs the production join (for scope and filters) but not the hall joins.
  let count = db
    .selectFrom('performance')
    .innerJoin('production', 'production.id', 'performance.production_id')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('performance.house_id', '=', scope.houseId)
    .where((eb) => productionConditions(eb, scope, filter));
  if (filter.from !== undefined) count = count.where('performance.starts_at', '>=', filter.from);
  if (filter.to !== undefined) count = count.where('performance.starts_at', '<', filter.to);
  if (filter.productionId !== undefined) count = count.where('performance.production_id', '=', filter.productionId);
  if (filter.hallId !== undefined) count = count.where('performance.hall_id', '=', filter.hallId);
  if (filter.status !== undefined) count = count.where('performance.status', '=', filter.status);
  const { total } = await count.executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function findPerformance(db: Executor, scope: Scope, id: string): Promise<PerformanceRow | undefined> {
  return selectPerformances(db, scope, {}).where('performance.id', '=', id).executeTakeFirst();
}

export async function insertPerformance(db: Executor, row: Insertable<PerformanceTable>): Promise<void> {
  await db.insertInto('performance').values(row).execute();
}

export async function updatePerformance(db: Executor, scope: Scope, id: string, changes: Updateable<PerformanceTable>): Promise<void> {
  await db
    .updateTable('performance')
    .set(changes)
    .where('house_id', '=', scope.houseId)
    .where('production_id', 'in', scopedProductionIds(db, scope))
    .where('id', '=', id)
    .execute();
}

/** Deletes the performance; its own price categories go with it (ON DELETE CASCADE). */
export async function deletePerformance(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('performance')
    .where('house_id', '=', scope.houseId)
    .where('production_id', 'in', scopedProductionIds(db, scope))
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
