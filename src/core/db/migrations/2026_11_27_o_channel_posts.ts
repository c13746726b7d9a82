import type { Kysely } from 'kysely';

/*
 * Social and webhook channels (src/campaigns/channels):
 * - channel_account: a house's Mastodon account or webhook receiver, with its secret (the
 *   access token, or the key that signs webhook requests). The API never returns it.
 * - scheduled_post: one post on one account at publish_at, and what became of it. The
 *   job that publishes it carries only the id, so an edit or a cancel is seen when it runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_account')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    // mastodon | webhook
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('channel_account_house_name', ['house_id', 'name'])
    .execute();

  await db.schema
    .createTable('scheduled_post')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('channel_account.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('image', 'text')
    .addColumn('event', 'text')
    .addColumn('publish_at', 'text', (c) => c.notNull())
    // scheduled | publishing | published | failed | cancelled
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('remote_url', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The staff list: a house's posts, newest publication first.
  await db.schema.createIndex('scheduled_post_house').on('scheduled_post').columns(['house_id', 'publish_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scheduled_post').execute();
  await db.schema.dropTable('channel_account').execute();
}
