import { type Kysely, SqliteAdapter, sql } from 'kysely';

/*
 * The audience: contacts, their interactions and consents, the audit log, segments,
 * privacy requests and contact imports. Foreign keys cascade from the contact so that an
 * erasure cannot leave personal data behind in a table someone forgot; what the law
 * makes us keep (a booking) is detached and pseudonymised before the contact goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalised', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('language', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('interests', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('contact_house_email', ['house_id', 'email_normalised'])
    .execute();
  await db.schema.createIndex('contact_house_created').on('contact').columns(['house_id', 'created_at']).execute();

  await db.schema
    .createTable('contact_unit')
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id').onDelete('cascade'))
    .addColumn('since', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_unit_pk', ['contact_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('contact_unit_unit').on('contact_unit').columns(['house_id', 'unit_id', 'contact_id']).execute();

  await db.schema
    .createTable('interaction')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contact.id').onDelete('cascade'))
    .addColumn('pseudonym', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('production_id', 'text', (c) => c.references('production.id').onDelete('set null'))
    .addColumn('performance_id', 'text', (c) => c.references('performance.id').onDelete('set null'))
    .addColumn('details', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The timeline of one contact, and the behaviour conditions of segments (kind and period first).
  await db.schema.createIndex('interaction_contact').on('interaction').columns(['contact_id', 'occurred_at']).execute();
  await db.schema
    .createIndex('interaction_house_kind')
    .on('interaction')
    .columns(['house_id', 'kind', 'occurred_at', 'contact_id', 'production_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('interaction_ref').on('interaction').columns(['house_id', 'source', 'ref']).unique().execute();

  await db.schema
    .createTable('consent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('proof', 'text', (c) => c.notNull())
    .addColumn('confirmation_token_hash', 'text', (c) => c.unique())
    .addColumn('retention_done_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('consent_contact_purpose', ['contact_id', 'purpose'])
    .execute();
  await db.schema.createIndex('consent_house_purpose').on('consent').columns(['house_id', 'purpose', 'status', 'expires_at', 'contact_id']).execute();
  // The retention job's scan: consents whose end it has not dealt with yet.
  await db.schema.createIndex('consent_retention').on('consent').columns(['retention_done_at', 'expires_at']).execute();

  await db.schema
    .createTable('consent_policy')
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expiry_months', 'integer', (c) => c.notNull())
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('text_de', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consent_policy_pk', ['house_id', 'purpose'])
    .execute();

  await db.schema
    .createTable('audit_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_entry_house').on('audit_entry').columns(['house_id', 'at']).execute();
  await db.schema.createIndex('audit_entry_contact').on('audit_entry').columns(['house_id', 'contact_id', 'at']).execute();
  await appendOnly(db, 'audit_entry');

  await db.schema
    .createTable('segment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rules', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('segment_house_name', ['house_id', 'name'])
    .execute();

  await db.schema
    .createTable('segment_member')
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('segment_id', 'text', (c) => c.notNull().references('segment.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_member_pk', ['segment_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('segment_member_contact').on('segment_member').columns(['contact_id']).execute();

  await db.schema
    .createTable('privacy_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contact.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('privacy_request_house').on('privacy_request').columns(['house_id', 'requested_at']).execute();

  await db.schema
    .createTable('contact_import_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_import_run_house').on('contact_import_run').columns(['house_id', 'started_at']).execute();

  await db.schema
    .createTable('audience_key')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('link_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/** A trigger that refuses every UPDATE: the audit log is evidence, and evidence is not edited. */
async function appendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  const message = `${table} is append-only`;
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql
      .raw(`create trigger ${table}_append_only before update on ${table} begin select raise(abort, '${message}'); end`)
      .execute(db);
    return;
  }
  await sql
    .raw(`create function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${message}'; end $$`)
    .execute(db);
  await sql.raw(`create trigger ${table}_append_only before update on ${table} for each row execute function ${table}_append_only()`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audience_key',
    'contact_import_run',
    'privacy_request',
    'segment_member',
    'segment',
    'audit_entry',
    'consent_policy',
    'consent',
    'interaction',
    'contact_unit',
    'contact',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) await sql.raw('drop function if exists audit_entry_append_only()').execute(db);
}
