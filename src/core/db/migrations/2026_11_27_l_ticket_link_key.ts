import type { Kysely } from 'kysely';

/*
 * The key ticketing signs the links in its confirmation mails with (src/ticketing/tickets):
 * one random key per house, made on first use, as audience_key is for preference links.
 * A key of its own rather than the audience's: capabilities do not read each other's
 * tables, and rotating one kind of link must not break the other.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ticket_link_key')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('link_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ticket_link_key').execute();
}
