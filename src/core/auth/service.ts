import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { fromJson, toJson } from '../db/json.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { type Actor, type Permission, permissions } from './model.ts';
import * as store from './store.ts';
import { hashToken, newToken } from './tokens.ts';

const scopesSchema = z.array(z.enum(permissions)).min(1);

export interface NewApiKey {
  name: string;
  scopes: Permission[];
  unitId?: string | null;
  createdBy?: string | null;
}

// A key is used many times a second by an integration; writing last_used_at on every
// request would turn reads into writes, so it is refreshed at most once a minute.
const TOUCH_INTERVAL_MS = 60_000;

export function createAuthService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function createApiKey(houseId: string, input: NewApiKey) {
    const scopes = scopesSchema.safeParse(input.scopes);
    if (!scopes.success) throw new DomainError('validation', 'scopes: name at least one known permission', [{ field: 'scopes', message: scopes.error.message }]);
    if (input.name.trim() === '') throw new DomainError('validation', 'name: must not be empty', [{ field: 'name', message: 'required' }]);
    const key = newToken('foyer_key');
    const id = newId();
    const createdAt = clock.now().toISOString();
    await store.insertApiKey(db, {
      id,
      houseId,
      name: input.name.trim(),
      prefix: key.slice(0, 14),
      keyHash: hashToken(key),
      scopes: toJson(scopes.data),
      unitId: input.unitId ?? null,
      createdBy: input.createdBy ?? null,
      createdAt,
    });
    // The key itself is returned this once and never stored.
    return { id, key, name: input.name.trim(), scopes: scopes.data, createdAt };
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
      permissions: new Set(fromJson<Permission[]>(row.scopes, [])),
    };
  }

  return { createApiKey, actorFromApiKey };
}

export type AuthService = ReturnType<typeof createAuthService>;
