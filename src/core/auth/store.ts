import type { Executor } from '../db/database.ts';

// Every query here that a request can reach filters by house.

export async function insertApiKey(
  db: Executor,
  row: {
    id: string;
    houseId: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: string;
    unitId: string | null;
    createdBy: string | null;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('api_key')
    .values({
      id: row.id,
      house_id: row.houseId,
      name: row.name,
      prefix: row.prefix,
      key_hash: row.keyHash,
      scopes: row.scopes,
      unit_id: row.unitId,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute();
}

/** Looks a key up by its hash; revoked keys are not found. */
export async function findActiveApiKeyByHash(db: Executor, keyHash: string) {
  return db
    .selectFrom('api_key')
    .select(['id', 'house_id', 'name', 'scopes', 'unit_id', 'last_used_at'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiKey(db: Executor, id: string, usedAt: string): Promise<void> {
  await db.updateTable('api_key').set({ last_used_at: usedAt }).where('id', '=', id).execute();
}

export async function listApiKeys(db: Executor, houseId: string) {
  return db
    .selectFrom('api_key')
    .select(['id', 'name', 'prefix', 'scopes', 'unit_id', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
    .where('house_id', '=', houseId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiKey(db: Executor, houseId: string, id: string, revokedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('api_key')
    .set({ revoked_at: revokedAt })
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
