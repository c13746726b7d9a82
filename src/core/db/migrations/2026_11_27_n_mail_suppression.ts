import type { Kysely } from 'kysely';

/*
 * The marketing envelope (src/campaigns/email):
 * - campaign_link_key: the key that signs unsubscribe, click and open links, one random
 *   key per house made on first use, as ticket_link_key is for ticket links. A key of its
 *   own: capabilities do not read each other's tables, and rotating it must not break
 *   preference or ticket links.
 * - mail_suppression: addresses the house must not mail any more (hard bounce, repeated
 *   soft bounces, complaint). One row per house and address; staff can lift it.
 * - mail_soft_bounce: soft bounces counted towards a suppression (three in 30 days).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign_link_key')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('link_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mail_suppression')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('email_normalised', 'text', (c) => c.notNull())
    // hard_bounce | soft_bounces | complaint
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mail_suppression_house_email', ['house_id', 'email_normalised'])
    .execute();

  await db.schema
    .createTable('mail_soft_bounce')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('email_normalised', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_soft_bounce_address').on('mail_soft_bounce').columns(['house_id', 'email_normalised', 'occurred_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_soft_bounce').execute();
  await db.schema.dropTable('mail_suppression').execute();
  await db.schema.dropTable('campaign_link_key').execute();
}
