import type { Kysely } from 'kysely';

/*
 * A double opt-in link works once. The hash stays on the consent after use so that a
 * second click can be told apart from a made-up token (410 "already used" rather than
 * 404), and token_spent_at says when the link stopped working: confirmed, or voided by
 * a revocation or a direct grant that came after the mail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('consent').addColumn('token_spent_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('consent').dropColumn('token_spent_at').execute();
}
