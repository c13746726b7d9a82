import { parseInput } from '../../input.ts';
import type { Clock } from '../../clock.ts';
import type { Database, Executor } from '../../db/database.ts';
import { toJson } from '../../db/json.ts';
import { DomainError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { type Actor, actorRef, type Permission, scopeOf, type Scope } from '../model.ts';
import { type ApiKey, type ApiKeyCreateInput, apiKeyCreateInput } from '../schemas.ts';
import * as store from '../store.ts';
import { hashToken, newToken } from '../tokens.ts';
import { heldNow, scopesOf } from './rights.ts';
import { checkUnit, requireHouseWide, type Units } from './staff.ts';

export interface NewApiKey {
  name: string;
  scopes: Permission[];
  unitId?: string | null;
  createdBy?: string | null;
}

// A key is used many times a second by an integration; writing last_used_at on every
// request would turn reads into writes, so it is refreshed at most once a minute.
const TOUCH_INTERVAL_MS = 60_000;

type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof store.findApiKey>>>;

function apiKeyFromRow(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: scopesOf(row.scopes),
    unitId: row.unit_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function createApiKeyService({ database, clock, units }: { database: Database; clock: Clock; units: Units }) {
  const { db } = database;
  const lockRows = database.engine === 'postgres';

  async function insertKey(executor: Executor, houseId: string, key: string, input: { name: string; scopes: Permission[]; unitId: string | null; createdBy: string | null }) {
    const id = newId();
    const createdAt = clock.now().toISOString();
    await store.insertApiKey(executor, {
      id,
      houseId,
      name: input.name,
      prefix: key.slice(0, 14),
      keyHash: hashToken(key),
      scopes: toJson([...new Set(input.scopes)]),
      unitId: input.unitId,
      createdBy: input.createdBy,
      createdAt,
    });
    return { id, createdAt };
  }

  /** Creates a key for a house; the key itself is in the answer this once and never stored. For tests and trusted callers. */
  async function createApiKey(houseId: string, input: NewApiKey) {
    const parsed = parseInput(apiKeyCreateInput, { name: input.name, scopes: input.scopes, unitId: input.unitId });
    const unitId = parsed.unitId ?? null;
    await checkUnit(units, houseId, unitId);
    const key = newToken('foyer_key');
    const { id, createdAt } = await insertKey(db, houseId, key, { name: parsed.name, scopes: parsed.scopes, unitId, createdBy: input.createdBy ?? null });
    return { id, key, name: parsed.name, scopes: parsed.scopes, createdAt };
  }

  /**
   * POST /api/api-keys: only a person logged in creates keys, and never with more than
   * that person may do at this moment. A key that made keys could not be revoked with
   * its offspring, so keys make none.
   */
  async function issueApiKey(actor: Actor, input: ApiKeyCreateInput): Promise<{ apiKey: ApiKey; key: string }> {
    requireHouseWide(scopeOf(actor));
    if (actor.kind !== 'staff') {
      throw new DomainError('forbidden', 'an API key cannot create API keys: an owner creates them after logging in, so that each key can be traced to a person and revoked with their rights');
    }
    const parsed = parseInput(apiKeyCreateInput, input);
    const unitId = parsed.unitId ?? null;
    await checkUnit(units, actor.houseId, unitId);
    const key = newToken('foyer_key');
    let id: string;
    try {
      id = await db.transaction().execute(async (trx) => {
        // Read (and on PostgreSQL locked) in the transaction that writes the key: a
        // demotion either commits first and is seen here, or waits and then revokes this key.
        const held = await heldNow(trx, actor, lockRows);
        if (!held.has('api_keys:manage')) throw new DomainError('forbidden', 'your account may not manage API keys (any more)');
        const beyond = parsed.scopes.filter((p) => !held.has(p));
        if (beyond.length > 0) {
          throw new DomainError('forbidden', `scopes: you may not hand out ${beyond.join(', ')}`, [{ field: 'scopes', message: 'beyond your own permissions' }]);
        }
        return (await insertKey(trx, actor.houseId, key, { name: parsed.name, scopes: parsed.scopes, unitId, createdBy: actorRef(actor) })).id;
      });
    } catch (error) {
      if (store.lockTimedOut(error)) throw new DomainError('busy', 'someone else is changing this account right now: try again');
      throw error;
    }
    const row = await store.findApiKey(db, actor.houseId, id);
    if (row === undefined) throw notFound('API key', id);
    return { apiKey: apiKeyFromRow(row), key };
  }

  async function listApiKeys(scope: Scope, pageOf: { limit: number; offset: number }) {
    requireHouseWide(scope);
    const [rows, total] = await Promise.all([store.listApiKeys(db, scope.houseId, pageOf), store.countApiKeys(db, scope.houseId)]);
    return { items: rows.map(apiKeyFromRow), total, limit: pageOf.limit, offset: pageOf.offset };
  }

  /** Revoking keeps the row, so the list still shows who had which key and when it was last used. */
  async function revokeApiKey(scope: Scope, id: string): Promise<void> {
    requireHouseWide(scope);
    if (!(await store.revokeApiKey(db, scope.houseId, id, clock.now().toISOString()))) throw notFound('API key', id);
  }

  async function actorFromApiKey(key: string): Promise<Actor | null> {
    const row = await store.findActiveApiKeyByHash(db, hashToken(key));
    if (row === undefined) return null;
    const now = clock.now();
    if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
      await store.touchApiKey(db, row.id, now.toISOString());
    }
    return {
      kind: 'api_key',
      id: row.id,
      houseId: row.house_id,
      unitId: row.unit_id,
      name: row.name,
      permissions: new Set(scopesOf(row.scopes)),
    };
  }

  return { createApiKey, issueApiKey, listApiKeys, revokeApiKey, actorFromApiKey };
}
