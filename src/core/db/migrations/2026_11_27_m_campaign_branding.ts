import type { Kysely } from 'kysely';

/*
 * A house's branding for campaign mails (src/campaigns/templates): logo, colours, footer,
 * imprint and privacy links, sender name. One row per house, written on the first save;
 * a missing row or a null column means the default made from the house itself, so that a
 * new house sends decent mails before anyone has opened the settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign_branding')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('logo_url', 'text')
    .addColumn('primary_colour', 'text')
    .addColumn('accent_colour', 'text')
    .addColumn('footer_de', 'text')
    .addColumn('footer_en', 'text')
    .addColumn('imprint_url', 'text')
    .addColumn('privacy_url', 'text')
    .addColumn('sender_name', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('campaign_branding').execute();
}
