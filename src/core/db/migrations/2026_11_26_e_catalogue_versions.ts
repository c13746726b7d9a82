import type { Kysely } from 'kysely';

// The public programme answers every request with an ETag derived from the house's
// latest catalogue change (max(updated_at) and count(*) per table). These indexes make
// that a seek on (house_id, updated_at) instead of a walk over the house's rows: it runs
// on every public request, thousands of times a second.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('performance_house_updated').on('performance').columns(['house_id', 'updated_at']).execute();
  await db.schema.createIndex('production_house_updated').on('production').columns(['house_id', 'updated_at']).execute();
  await db.schema.createIndex('price_category_house_updated').on('price_category').columns(['house_id', 'updated_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['price_category_house_updated', 'production_house_updated', 'performance_house_updated']) {
    await db.schema.dropIndex(index).execute();
  }
}
