import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { hashToken } from './tokens.ts';

describe('API keys', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('authenticates a request with a fresh key and refuses a revoked or unknown one', async () => {
    const { key, id } = await t.foyer.services.auth.createApiKey(t.house.id, { name: 'Stadtportal', scopes: ['catalogue:read'] });
    const actor = await t.foyer.services.auth.actorFromApiKey(key);
    expect(actor).toMatchObject({ kind: 'api_key', id, houseId: t.house.id });
    expect(actor?.permissions.has('catalogue:read')).toBe(true);
    expect(actor?.permissions.has('catalogue:write')).toBe(false);
    expect(await t.foyer.services.auth.actorFromApiKey(`${key}x`)).toBeNull();
    await t.foyer.services.auth.revokeApiKey({ houseId: t.house.id, unitId: null }, id);
    expect(await t.foyer.services.auth.actorFromApiKey(key)).toBeNull();
  });

  it('stores only a hash of the key', async () => {
    const { key } = await t.foyer.services.auth.createApiKey(t.house.id, { name: 'Portal', scopes: ['catalogue:read'] });
    const rows = await t.foyer.database.db.selectFrom('api_key').select(['key_hash', 'prefix']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key_hash).toBe(hashToken(key));
    expect(rows[0]?.key_hash).not.toBe(key);
    expect(key.startsWith(rows[0]?.prefix ?? '?')).toBe(true);
  });

  it('refuses a key without scopes', async () => {
    await expect(t.foyer.services.auth.createApiKey(t.house.id, { name: 'x', scopes: [] })).rejects.toMatchObject({ code: 'validation' });
  });

  it('answers 401 with the error shape for an unknown bearer key', async () => {
    const response = await t.foyer.http.inject({ method: 'GET', url: '/healthz', headers: { authorization: 'Bearer nope' } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});
