import type { Kysely } from 'kysely';

/*
 * Reserved tickets (pay at the box office) that nobody collects: a house releases them a
 * set time before the performance, so that the seats go back on sale (and to the waiting
 * list) instead of staying empty. 0 keeps reservations until staff cancel them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ticketing_settings').addColumn('release_minutes', 'integer', (c) => c.notNull().defaultTo(30)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ticketing_settings').dropColumn('release_minutes').execute();
}
