import type { Executor } from '../../db/database.ts';
import { fromJson } from '../../db/json.ts';
import { type Actor, asRole, keysBeyond, type Permission, permissions as knownPermissions, permissionsOf } from '../model.ts';
import * as store from '../store.ts';

/*
 * What an actor may do as of now, read inside the transaction that acts on its behalf.
 * The permissions on request.actor were read when the request came in; another request
 * may have demoted the account or revoked the key since.
 */

/** A key's stored scopes; names that are no permission (any more) grant nothing. */
export function scopesOf(json: string): Permission[] {
  const known = new Set<string>(knownPermissions);
  return fromJson<string[]>(json, []).filter((p): p is Permission => known.has(p));
}

/** With `lock` (PostgreSQL) a staff actor's row stays locked until the transaction ends. */
export async function heldNow(db: Executor, actor: Actor, lock: boolean): Promise<ReadonlySet<Permission>> {
  if (actor.kind === 'staff') {
    const row = await store.findStaffRights(db, actor.houseId, actor.id, lock);
    const role = row === undefined || row.disabled_at !== null ? null : asRole(row.role);
    return new Set(role === null ? [] : permissionsOf(role));
  }
  const row = await store.findApiKey(db, actor.houseId, actor.id);
  return new Set(row === undefined || row.revoked_at !== null ? [] : scopesOf(row.scopes));
}

/**
 * Revokes the keys an account created ('staff:<id>', see actorRef) that go beyond what
 * it may still do; to be called in the transaction that demotes, disables or deletes it.
 */
export async function revokeKeysBeyond(db: Executor, houseId: string, staffId: string, stillHeld: readonly Permission[], at: string): Promise<number> {
  const keys = await store.activeApiKeysCreatedBy(db, houseId, `staff:${staffId}`);
  const beyond = keysBeyond(
    keys.map((key) => ({ id: key.id, scopes: scopesOf(key.scopes) })),
    stillHeld,
  );
  return store.revokeApiKeys(db, houseId, beyond, at);
}
