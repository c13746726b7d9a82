import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type LoginHeaders, testPassword, type TestApp, type TestHouse } from '../testing/app.ts';
import { verifyPassword } from './passwords.ts';
import type { Staff } from './schemas.ts';

describe('staff accounts', () => {
  let t: TestApp;
  let owner: LoginHeaders;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.login('owner', { email: 'owner@theater.example' });
  });
  afterEach(async () => {
    await t.close();
  });

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    t.foyer.http.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

  async function unit(houseId = t.house.id, slug = 'junges-haus') {
    return t.foyer.services.catalogue.createUnit({ houseId, unitId: null }, { slug, name: { de: 'Junges Haus' } });
  }

  function newStaff(overrides: object = {}) {
    return { email: 'Jo.Kim@Theater.example', name: 'Jo Kim', role: 'marketing', password: 'Premiere am Freitag', language: 'en', ...overrides };
  }

  it('creates an account with a lower-cased address and a scrypt hash that verifies', async () => {
    const response = await inject('POST', '/api/staff', owner, newStaff());
    expect(response.statusCode).toBe(201);
    const staff = response.json<Staff>();
    expect(staff).toMatchObject({ email: 'jo.kim@theater.example', role: 'marketing', unitId: null, language: 'en', disabled: false });
    expect(JSON.stringify(staff)).not.toContain('scrypt');

    const row = await t.foyer.database.db.selectFrom('staff_account').select('password_hash').where('id', '=', staff.id).executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain('Premiere');
    expect(row.password_hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect((await verifyPassword('Premiere am Freitag', row.password_hash)).ok).toBe(true);
  });

  it('refuses a second account with the same address in any spelling', async () => {
    await inject('POST', '/api/staff', owner, newStaff());
    const again = await inject('POST', '/api/staff', owner, newStaff({ email: 'JO.KIM@theater.example' }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'conflict', details: [{ field: 'email' }] } });
  });

  it.each([
    ['a short password', { password: 'kurz' }, 'password'],
    ['the address as password', { password: 'jo.kim@theater.example' }, 'password'],
    ['no name', { name: ' ' }, 'name'],
    ['an unknown role', { role: 'director' }, 'role'],
    ['not an address', { email: 'jo' }, 'email'],
  ])('refuses %s naming the field', async (_what, overrides, field) => {
    const response = await inject('POST', '/api/staff', owner, newStaff(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field).join(' ')).toContain(field);
  });

  it('refuses unit staff without a unit, or with a unit of another house', async () => {
    const withoutUnit = await inject('POST', '/api/staff', owner, newStaff({ role: 'unit_staff' }));
    expect(withoutUnit.statusCode).toBe(400);
    expect(withoutUnit.json()).toMatchObject({ error: { details: [{ field: 'unitId' }] } });
    await expect(
      t.foyer.services.auth.createStaff(t.house.id, { email: 'u@theater.example', name: 'U', role: 'unit_staff', password: testPassword, language: 'de' }),
    ).rejects.toMatchObject({ code: 'validation', details: [{ field: 'unitId' }] });

    const other = await insertTestHouse(t.foyer);
    const foreignUnit = await unit(other.id);
    const foreign = await inject('POST', '/api/staff', owner, newStaff({ role: 'unit_staff', unitId: foreignUnit.id }));
    expect(foreign.statusCode).toBe(400);

    const own = await unit();
    const ok = await inject('POST', '/api/staff', owner, newStaff({ role: 'unit_staff', unitId: own.id }));
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ role: 'unit_staff', unitId: own.id });
  });

  it('logs unit staff in narrowed to their unit', async () => {
    const own = await unit();
    const headers = await t.login('unit_staff', { unitId: own.id });
    const me = await inject('GET', '/api/auth/me', headers);
    expect(me.json()).toMatchObject({ staff: { role: 'unit_staff', unitId: own.id } });
    const actor = await t.foyer.services.auth.actorFromSession(headers.cookie.split(';')[0]?.split('=')[1] ?? '');
    expect(actor?.actor.unitId).toBe(own.id);
  });

  it('clears the unit when unit staff become marketing', async () => {
    const own = await unit();
    const created = (await inject('POST', '/api/staff', owner, newStaff({ role: 'unit_staff', unitId: own.id }))).json<Staff>();
    const changed = await inject('PATCH', `/api/staff/${created.id}`, owner, { role: 'marketing' });
    expect(changed.json()).toMatchObject({ role: 'marketing', unitId: null });
  });

  it('keeps the last active owner: no demotion, disabling or deletion', async () => {
    const me = (await inject('GET', '/api/auth/me', owner)).json<{ staff: Staff }>().staff;
    for (const [method, payload] of [
      ['PATCH', { role: 'marketing' }],
      ['PATCH', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const response = await inject(method, `/api/staff/${me.id}`, owner, payload);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code: 'conflict' } });
    }
    expect((await inject('GET', '/api/auth/me', owner)).json().staff).toMatchObject({ role: 'owner', disabled: false });

    // With a second owner, the first may step down.
    await inject('POST', '/api/staff', owner, newStaff({ role: 'owner' }));
    expect((await inject('PATCH', `/api/staff/${me.id}`, owner, { role: 'marketing' })).statusCode).toBe(200);
  });

  it('does not let two owners demote each other at the same moment', async () => {
    const second = (await inject('POST', '/api/staff', owner, newStaff({ role: 'owner' }))).json<Staff>();
    const first = (await inject('GET', '/api/auth/me', owner)).json<{ staff: Staff }>().staff;
    const results = await Promise.all([
      inject('PATCH', `/api/staff/${first.id}`, owner, { role: 'analyst' }),
      inject('PATCH', `/api/staff/${second.id}`, owner, { role: 'analyst' }),
    ]);
    // Whichever write lands second is refused: with 409 when it reaches the last-owner
    // check, or with 403 when the acting owner was already demoted before it got in.
    const [accepted, refused] = [...results].sort((a, b) => a.statusCode - b.statusCode);
    expect(accepted?.statusCode).toBe(200);
    expect([403, 409]).toContain(refused?.statusCode);
    const owners = await t.foyer.database.db.selectFrom('staff_account').select('id').where('role', '=', 'owner').execute();
    expect(owners).toHaveLength(1);
  });

  it('ends the sessions of an account whose password the owner resets', async () => {
    const jo = await t.login('marketing', { email: 'jo@theater.example' });
    const id = (await inject('GET', '/api/auth/me', jo)).json<{ staff: Staff }>().staff.id;
    expect((await inject('PATCH', `/api/staff/${id}`, owner, { password: 'Ein neues Passwort' })).statusCode).toBe(200);
    expect((await inject('GET', '/api/auth/me', jo)).statusCode).toBe(401);
    const login = await inject('POST', '/api/auth/login', {}, { email: 'jo@theater.example', password: 'Ein neues Passwort' });
    expect(login.statusCode).toBe(200);
  });

  it('deletes an account together with its sessions', async () => {
    const jo = await t.login('dialogue');
    const id = (await inject('GET', '/api/auth/me', jo)).json<{ staff: Staff }>().staff.id;
    expect((await inject('DELETE', `/api/staff/${id}`, owner)).statusCode).toBe(204);
    expect((await inject('GET', '/api/auth/me', jo)).statusCode).toBe(401);
    expect((await inject('GET', `/api/staff/${id}`, owner)).statusCode).toBe(404);
  });

  it('lets only owners manage staff', async () => {
    const marketing = await t.login('marketing');
    expect((await inject('GET', '/api/staff', marketing)).statusCode).toBe(403);
    expect((await inject('POST', '/api/staff', marketing, newStaff())).statusCode).toBe(403);
    expect((await inject('GET', '/api/staff', {})).statusCode).toBe(401);
  });

  describe('own account', () => {
    it('changes name and language without a password', async () => {
      const response = await inject('PATCH', '/api/auth/me', owner, { name: 'Anna Berg', language: 'en' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ name: 'Anna Berg', language: 'en' });
    });

    it('changes the password only with the current one, and logs out other browsers', async () => {
      const otherBrowser = (await inject('POST', '/api/auth/login', {}, { email: 'owner@theater.example', password: testPassword })).cookies
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
      const missing = await inject('PATCH', '/api/auth/me', owner, { newPassword: 'Ein neues Passwort' });
      expect(missing.json()).toMatchObject({ error: { code: 'validation', details: [{ field: 'currentPassword' }] } });
      const wrong = await inject('PATCH', '/api/auth/me', owner, { newPassword: 'Ein neues Passwort', currentPassword: 'falsch falsch' });
      expect(wrong.json()).toMatchObject({ error: { code: 'validation', details: [{ field: 'currentPassword' }] } });
      const weak = await inject('PATCH', '/api/auth/me', owner, { newPassword: 'kurz', currentPassword: testPassword });
      expect(weak.json()).toMatchObject({ error: { code: 'validation', details: [{ field: 'newPassword' }] } });

      const ok = await inject('PATCH', '/api/auth/me', owner, { newPassword: 'Ein neues Passwort', currentPassword: testPassword });
      expect(ok.statusCode).toBe(200);
      expect((await inject('GET', '/api/auth/me', owner)).statusCode).toBe(200);
      expect((await inject('GET', '/api/auth/me', { cookie: otherBrowser })).statusCode).toBe(401);
      const login = await inject('POST', '/api/auth/login', {}, { email: 'owner@theater.example', password: 'Ein neues Passwort' });
      expect(login.statusCode).toBe(200);
    });
  });
});

describe('API keys through the API', () => {
  let t: TestApp;
  let owner: LoginHeaders;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.login('owner');
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows a new key once; the list shows only its prefix; a revoked key stops working', async () => {
    const created = await t.foyer.http.inject({ method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'Stadtportal', scopes: ['catalogue:read'] } });
    expect(created.statusCode).toBe(201);
    const { apiKey, key } = created.json<{ apiKey: { id: string; prefix: string }; key: string }>();
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/api-keys', headers: owner });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: apiKey.id, name: 'Stadtportal', scopes: ['catalogue:read'], revokedAt: null }] });
    expect(list.body).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(403);
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/api-keys/${apiKey.id}`, headers: owner })).statusCode).toBe(204);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(401);
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/api-keys/${apiKey.id}`, headers: owner })).statusCode).toBe(404);
  });

  it('never hands out more than the creator may do', async () => {
    const reader = await t.withScopes(['api_keys:manage', 'catalogue:read']);
    const response = await t.foyer.http.inject({ method: 'POST', url: '/api/api-keys', headers: reader, payload: { name: 'x', scopes: ['catalogue:write'] } });
    expect(response.statusCode).toBe(403);
  });

  it('lets only owners manage keys', async () => {
    const marketing = await t.login('marketing');
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/api-keys', headers: marketing })).statusCode).toBe(403);
  });
});

describe('isolation between houses', () => {
  let t: TestApp;
  let other: TestHouse;
  let owner: LoginHeaders;
  let otherOwner: LoginHeaders;
  beforeEach(async () => {
    t = await createTestApp();
    other = await insertTestHouse(t.foyer, { name: 'Nachbarbühne' });
    owner = await t.login('owner');
    otherOwner = await t.login('owner', { houseId: other.id });
  });
  afterEach(async () => {
    await t.close();
  });

  it("never lists, shows, changes or deletes another house's staff", async () => {
    const theirs = await t.foyer.services.auth.createStaff(other.id, { email: 'x@nachbar.example', name: 'X', role: 'marketing', password: testPassword, language: 'de' });
    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/staff', headers: owner });
    expect(list.json().items.map((s: Staff) => s.email)).not.toContain('x@nachbar.example');
    expect(list.json().total).toBe(1);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await t.foyer.http.inject({ method, url: `/api/staff/${theirs.id}`, headers: owner, ...(method === 'PATCH' ? { payload: { role: 'owner' } } : {}) });
      expect(response.statusCode).toBe(404);
    }
    const row = await t.foyer.database.db.selectFrom('staff_account').select(['role']).where('id', '=', theirs.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('marketing');
  });

  it("never lists or revokes another house's API keys", async () => {
    const theirs = await t.foyer.http.inject({ method: 'POST', url: '/api/api-keys', headers: otherOwner, payload: { name: 'Nachbar', scopes: ['catalogue:read'] } });
    const { apiKey, key } = theirs.json<{ apiKey: { id: string }; key: string }>();
    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/api-keys', headers: owner });
    expect(list.json()).toMatchObject({ total: 0, items: [] });
    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/api-keys/${apiKey.id}`, headers: owner })).statusCode).toBe(404);
    expect(await t.foyer.services.auth.actorFromApiKey(key)).toMatchObject({ houseId: other.id });
  });

  it("shows each owner their own house after login", async () => {
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: otherOwner })).json().house).toMatchObject({ id: other.id, name: 'Nachbarbühne' });
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: owner })).json().house).toMatchObject({ id: t.house.id });
  });
});
