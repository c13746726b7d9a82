import { parseInput } from '../../input.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { fromJson, toJson } from '../../db/json.ts';
import { DomainError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { type Actor, actorRef, type Permission, permissions as knownPermissions, scopeOf, type Scope } from '../model.ts';
import { type ApiKey, type ApiKeyCreateInput, apiKeyCreateInput } from '../schemas.ts';
import * as store from '../store.ts';
import { hashToken, newToken } from '../tokens.ts';
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

function scopesOf(json: string): Permission[] {
  const known = new Set<string>(knownPermissions);
  return fromJson<string[]>(json, []).filter((p): p is Permission => known.has(p));
}

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

  /** Creates a key for a house; the key itself is in the answer this once and never stored. */
  async function createApiKey(houseId: string, input: NewApiKey) {
    const parsed = parseInput(apiKeyCreateInput, { name: input.name, scopes: input.scopes, unitId: input.unitId });
    const unitId = parsed.unitId ?? null;
    await checkUnit(units, houseId, unitId);
    const key = newToken('foyer_key');
    const id = newId();
    const createdAt = clock.now().toISOString();
    await store.insertApiKey(db, {
      id,
      houseId,
      name: parsed.name,
      prefix: key.slice(0, 14),
      keyHash: hashToken(key),
      scopes: toJson([...new Set(parsed.scopes)]),
      unitId,
      createdBy: input.createdBy ?? null,
      createdAt,
    });
    return { id, key, name: parsed.name, scopes: parsed.scopes, createdAt };
  }

  /** POST /api/api-keys: a key never gets more than its creator may do. */
  async function issueApiKey(actor: Actor, input: ApiKeyCreateInput): Promise<{ apiKey: ApiKey; key: string }> {
    requireHouseWide(scopeOf(actor));
    const parsed = parseInput(apiKeyCreateInput, input);
    const beyond = parsed.scopes.filter((p) => !actor.permissions.has(p));
    if (beyond.length > 0) throw new DomainError('forbidden', `scopes: you may not hand out ${beyond.join(', ')}`, [{ field: 'scopes', message: 'beyond your own permissions' }]);
    const { id, key } = await createApiKey(actor.houseId, { name: parsed.name, scopes: parsed.scopes, unitId: parsed.unitId ?? null, createdBy: actorRef(actor) });
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
