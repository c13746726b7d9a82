import type { Kysely } from 'kysely';

/*
 * Recommendations (src/recommend):
 * - recommendation_settings: a house's list size and discovery slots (default 2 of 6).
 * - recommendation_exposure: what was shown to whom, where and in which slot; the bubble
 *   metrics and the "bookings from discovery" share are computed from it. Personal data:
 *   erased with the person, and kept only as long as the retention rules allow.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recommendation_settings')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('list_size', 'integer', (c) => c.notNull())
    .addColumn('discovery_slots', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recommendation_exposure')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('contact_id', 'text')
    .addColumn('production_id', 'text', (c) => c.notNull())
    // relevant | discovery
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // api | mail | widget | staff | assistant
    .addColumn('surface', 'text', (c) => c.notNull())
    .addColumn('shown_at', 'text', (c) => c.notNull())
    .execute();
  // The house dashboard: exposure over a period.
  await db.schema.createIndex('recommendation_exposure_house').on('recommendation_exposure').columns(['house_id', 'shown_at']).execute();
  // A person's range over time, and erasure.
  await db.schema.createIndex('recommendation_exposure_contact').on('recommendation_exposure').columns(['contact_id', 'shown_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recommendation_exposure').execute();
  await db.schema.dropTable('recommendation_settings').execute();
}
