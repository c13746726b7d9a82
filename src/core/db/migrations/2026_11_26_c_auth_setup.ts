import type { Kysely } from 'kysely';

// setup_claim: see claimSetup() in core/auth/store.ts. The two indexes serve the owner's
// staff and key lists and the last-owner check, which all filter by house.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('setup_claim')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_account_house_role').on('staff_account').columns(['house_id', 'role']).execute();
  await db.schema.createIndex('api_key_house').on('api_key').columns(['house_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('api_key_house').execute();
  await db.schema.dropIndex('staff_account_house_role').execute();
  await db.schema.dropTable('setup_claim').execute();
}
