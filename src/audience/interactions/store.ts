import type { Insertable } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import type { InteractionTable } from '../tables.ts';

/*
 * Interactions, and the two catalogue look-ups recording needs (which unit a production
 * belongs to, which production a performance is of), always within the house so that
 * an id from another house is refused rather than linked.
 */

const interactionColumns = ['id', 'kind', 'occurred_at', 'source', 'ref', 'unit_id', 'production_id', 'performance_id', 'details'] as const;
export type InteractionRow = Pick<InteractionTable, (typeof interactionColumns)[number]>;

/** A timeline row: the interaction with its performance's start and its production's title, when it has them. */
export type TimelineRow = InteractionRow & {
  performance_starts_at: string | null;
  production_title_de: string | null;
  production_title_en: string | null;
};

/** Inserts unless (house, source, ref) is there already; returns the new id or undefined. */
export async function insertInteraction(db: Executor, row: Insertable<InteractionTable>): Promise<string | undefined> {
  const inserted = await db
    .insertInto('interaction')
    .values(row)
    .onConflict((oc) => oc.columns(['house_id', 'source', 'ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function findInteractionByRef(db: Executor, houseId: string, source: string, ref: string): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('interaction')
    .select('id')
    .where('house_id', '=', houseId)
    .where('source', '=', source)
    .where('ref', '=', ref)
    .executeTakeFirst();
}

export interface TimelineFilter {
  /** Unit staff see only what happened with their unit. */
  unitId: string | null;
  kinds: readonly string[];
}

/**
 * Newest first. Kinds is never empty here: the service answers an empty timeline itself.
 * The page's rows come with the performance's start and the production's title by a
 * left join (both within the house), so that the timeline shows what was booked and for
 * when without one catalogue look-up per row; a deleted performance or production
 * leaves the interaction with nulls (its ids are set null too). The count needs no join.
 */
export async function timelineOf(
  db: Executor,
  houseId: string,
  contactId: string,
  filter: TimelineFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: TimelineRow[]; total: number }> {
  let query = db
    .selectFrom('interaction')
    .where('interaction.house_id', '=', houseId)
    .where('interaction.contact_id', '=', contactId)
    .where('interaction.kind', 'in', filter.kinds);
  if (filter.unitId !== null) query = query.where('interaction.unit_id', '=', filter.unitId);
  const rows = await query
    .leftJoin('performance', (join) => join.onRef('performance.id', '=', 'interaction.performance_id').on('performance.house_id', '=', houseId))
    .leftJoin('production', (join) => join.onRef('production.id', '=', 'interaction.production_id').on('production.house_id', '=', houseId))
    .select(interactionColumns.map((column) => `interaction.${column}` as const))
    .select(['performance.starts_at as performance_starts_at', 'production.title_de as production_title_de', 'production.title_en as production_title_en'])
    .orderBy('interaction.occurred_at', 'desc')
    .orderBy('interaction.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function productionUnit(db: Executor, houseId: string, productionId: string): Promise<{ unitId: string | null } | undefined> {
  const row = await db.selectFrom('production').select('unit_id').where('house_id', '=', houseId).where('id', '=', productionId).executeTakeFirst();
  return row === undefined ? undefined : { unitId: row.unit_id };
}

export async function performanceProduction(db: Executor, houseId: string, performanceId: string): Promise<string | undefined> {
  const row = await db.selectFrom('performance').select('production_id').where('house_id', '=', houseId).where('id', '=', performanceId).executeTakeFirst();
  return row?.production_id;
}
