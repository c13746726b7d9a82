import type { Kysely } from 'kysely';

// Portable column types only (text, integer, real), so both engines share one schema.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('house')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('default_language', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('street', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('city', 'text')
    .addColumn('country', 'text')
    .addColumn('website', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('unit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('description_de', 'text')
    .addColumn('description_en', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('unit_house_slug', ['house_id', 'slug'])
    .execute();

  await db.schema
    .createTable('venue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('city', 'text')
    .addColumn('country', 'text')
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('directions_de', 'text')
    .addColumn('directions_en', 'text')
    .addColumn('source_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_house').on('venue').columns(['house_id']).execute();

  await db.schema
    .createTable('hall')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venue.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('accessibility', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('source_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hall_house').on('hall').columns(['house_id', 'venue_id']).execute();

  await db.schema
    .createTable('production')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title_de', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text')
    .addColumn('subtitle_de', 'text')
    .addColumn('subtitle_en', 'text')
    .addColumn('description_de', 'text')
    .addColumn('description_en', 'text')
    .addColumn('genres', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('age_min', 'integer')
    .addColumn('age_max', 'integer')
    .addColumn('duration_minutes', 'integer')
    .addColumn('performance_language', 'text')
    .addColumn('surtitles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('accessibility', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('performers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('creative_team', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('image_url', 'text')
    .addColumn('booking_url', 'text')
    .addColumn('venue_id', 'text', (c) => c.references('venue.id').onDelete('set null'))
    .addColumn('runs_from', 'text')
    .addColumn('runs_until', 'text')
    .addColumn('opening_hours', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_ref', 'text')
    .addColumn('source_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('production_house_slug', ['house_id', 'slug'])
    .addUniqueConstraint('production_house_source', ['house_id', 'source_ref'])
    .execute();
  await db.schema.createIndex('production_unit').on('production').columns(['house_id', 'unit_id']).execute();

  await db.schema
    .createTable('performance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('production_id', 'text', (c) => c.notNull().references('production.id').onDelete('cascade'))
    .addColumn('hall_id', 'text', (c) => c.references('hall.id').onDelete('set null'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('rescheduled_from', 'text')
    .addColumn('note_de', 'text')
    .addColumn('note_en', 'text')
    .addColumn('booking_url', 'text')
    .addColumn('source_ref', 'text')
    .addColumn('source_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('performance_house_source', ['house_id', 'source_ref'])
    .execute();
  // The public programme lists a house's performances by start: this index serves it.
  await db.schema.createIndex('performance_house_start').on('performance').columns(['house_id', 'starts_at']).execute();
  await db.schema.createIndex('performance_production').on('performance').columns(['production_id', 'starts_at']).execute();

  await db.schema
    .createTable('price_category')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('production_id', 'text', (c) => c.notNull().references('production.id').onDelete('cascade'))
    .addColumn('performance_id', 'text', (c) => c.references('performance.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('quota', 'integer')
    .addColumn('reductions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('price_category_production').on('price_category').columns(['production_id']).execute();

  await db.schema
    .createTable('feed_source')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_run_at', 'text')
    .addColumn('last_status', 'text')
    .addColumn('last_report', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('import_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('feed_source_id', 'text', (c) => c.references('feed_source.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_run_house').on('import_run').columns(['house_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['import_run', 'feed_source', 'price_category', 'performance', 'production', 'hall', 'venue', 'unit', 'house']) {
    await db.schema.dropTable(table).execute();
  }
}
