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
    const second = await t.login('owner', { email: 'second@theater.example' });
    const firstId = (await inject('GET', '/api/auth/me', owner)).json<{ staff: Staff }>().staff.id;
    const secondId = (await inject('GET', '/api/auth/me', second)).json<{ staff: Staff }>().staff.id;
    const [byFirst, bySecond] = await Promise.all([
      inject('PATCH', `/api/staff/${secondId}`, owner, { role: 'analyst' }),
      inject('PATCH', `/api/staff/${firstId}`, second, { role: 'analyst' }),
    ]);
    // The two writes are serialised: SQLite runs one write transaction at a time, and on
    // PostgreSQL both lock the active owners' rows first (in id order). Whichever comes
    // second finds that the first has just demoted its own author. The service re-reads
    // the acting account's role inside its transaction, before the last-owner check, so
    // it is refused with 403: its author is no owner any more. (Had its request been
    // authenticated only after the first committed, the same 403 would come from the
    // permission check at the route.) The 409 of the last-owner rule is never reached.
    expect([byFirst.statusCode, bySecond.statusCode].sort()).toEqual([200, 403]);
    const refused = byFirst.statusCode === 403 ? byFirst : bySecond;
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    const winnerId = byFirst.statusCode === 200 ? firstId : secondId;
    const owners = await t.foyer.database.db.selectFrom('staff_account').select('id').where('role', '=', 'owner').where('disabled_at', 'is', null).execute();
    expect(owners).toEqual([{ id: winnerId }]);
  });

  it('refuses a change by an owner who was demoted after the request came in', async () => {
    const second = await t.login('owner', { email: 'second@theater.example' });
    const secondId = (await inject('GET', '/api/auth/me', second)).json<{ staff: Staff }>().staff.id;
    const firstToken = owner.cookie.split('; ').find((c) => c.startsWith('foyer_session='))?.slice('foyer_session='.length) ?? '';
    const stale = (await t.foyer.services.auth.actorFromSession(firstToken))?.actor;
    expect(stale?.permissions.has('staff:manage')).toBe(true);
    const firstId = stale?.id ?? '';
    expect((await inject('PATCH', `/api/staff/${firstId}`, second, { role: 'marketing' })).statusCode).toBe(200);
    if (stale === undefined) throw new Error('no actor');
    await expect(t.foyer.services.auth.updateStaff(stale, secondId, { role: 'analyst' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.foyer.services.auth.issueApiKey(stale, { name: 'late', scopes: ['catalogue:read'] })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.foyer.services.auth.getStaff({ houseId: t.house.id, unitId: null }, secondId)).role).toBe('owner');
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

  describe('nobody gives or touches a role above their own', () => {
    it('refuses a key scoped only to staff:manage an owner, or any role with more than it may do', async () => {
      const key = await t.withScopes(['staff:manage']);
      const accounts = () => t.foyer.database.db.selectFrom('staff_account').select('email').orderBy('email').execute();
      const before = await accounts();
      for (const role of ['owner', 'marketing', 'analyst']) {
        const response = await inject('POST', '/api/staff', key, newStaff({ role, email: `${role}@theater.example` }));
        expect(response.statusCode, role).toBe(403);
        expect(response.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining(`role ${role}`) } });
      }
      expect(await accounts()).toEqual(before);

      const reader = await t.withScopes(['staff:manage', 'catalogue:read', 'segments:count', 'ticketing:inventory']);
      const analyst = await inject('POST', '/api/staff', reader, newStaff({ role: 'analyst' }));
      expect(analyst.statusCode).toBe(201);
      const promoted = await inject('PATCH', `/api/staff/${analyst.json<Staff>().id}`, reader, { role: 'owner' });
      expect(promoted.statusCode).toBe(403);
      expect(promoted.json().error.message).toContain('role owner');
    });

    it("refuses a narrow key to change or delete an account whose role may do more than the key", async () => {
      const ownerId = (await inject('GET', '/api/auth/me', owner)).json<{ staff: Staff }>().staff.id;
      await inject('POST', '/api/staff', owner, newStaff({ role: 'owner', email: 'second@theater.example' }));
      const key = await t.withScopes(['staff:manage', 'catalogue:read', 'segments:count', 'ticketing:inventory']);
      for (const [method, payload] of [
        ['PATCH', { password: 'Schlüssel zum Haus' }],
        ['PATCH', { name: 'Mallory' }],
        ['PATCH', { role: 'analyst' }],
        ['DELETE', undefined],
      ] as const) {
        const response = await inject(method, `/api/staff/${ownerId}`, key, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(403);
        expect(response.json().error.message).toContain('role owner');
      }
      expect((await inject('GET', '/api/auth/me', owner)).json().staff).toMatchObject({ role: 'owner', name: expect.not.stringMatching('Mallory') });
    });

    it("refuses even a key with every permission to set an owner's password or e-mail address", async () => {
      const ownerId = (await inject('GET', '/api/auth/me', owner)).json<{ staff: Staff }>().staff.id;
      const key = await t.as('owner');
      for (const payload of [{ password: 'Schlüssel zum Haus' }, { email: 'mallory@evil.example' }]) {
        const response = await inject('PATCH', `/api/staff/${ownerId}`, key, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(403);
        expect(response.json().error.message).toContain("owner's password or e-mail address");
      }
      expect((await inject('GET', '/api/auth/me', owner)).statusCode).toBe(200);
      // Of other accounts it may, and its own name for an owner it may change too.
      const jo = (await inject('POST', '/api/staff', key, newStaff())).json<Staff>();
      expect((await inject('PATCH', `/api/staff/${jo.id}`, key, { password: 'Ein neues Passwort', email: 'jo@theater.example' })).statusCode).toBe(200);
      expect((await inject('PATCH', `/api/staff/${ownerId}`, key, { name: 'Anna Berg' })).statusCode).toBe(200);
    });
  });

  describe('API keys of an account that loses its rights', () => {
    async function issue(headers: LoginHeaders, scopes: string[]) {
      const response = await inject('POST', '/api/api-keys', headers, { name: scopes.join('+'), scopes });
      expect(response.statusCode).toBe(201);
      return response.json<{ apiKey: { id: string }; key: string }>();
    }
    async function works(key: string) {
      return (await inject('GET', '/api/auth/me', { authorization: `Bearer ${key}` })).statusCode !== 401;
    }

    it('revokes, with a demotion, the keys the new role does not cover, and the rest once the account is disabled', async () => {
      const anna = await t.login('owner', { email: 'anna@theater.example' });
      const annaId = (await inject('GET', '/api/auth/me', anna)).json<{ staff: Staff }>().staff.id;
      const reading = await issue(anna, ['catalogue:read']);
      const writing = await issue(anna, ['catalogue:read', 'catalogue:write']);
      const managing = await issue(anna, ['catalogue:read', 'staff:manage']);
      const others = await issue(owner, ['staff:manage']);

      expect((await inject('PATCH', `/api/staff/${annaId}`, owner, { role: 'marketing' })).statusCode).toBe(200);
      expect([await works(reading.key), await works(writing.key), await works(managing.key), await works(others.key)]).toEqual([true, true, false, true]);

      expect((await inject('PATCH', `/api/staff/${annaId}`, owner, { role: 'analyst' })).statusCode).toBe(200);
      expect([await works(reading.key), await works(writing.key)]).toEqual([true, false]);

      expect((await inject('PATCH', `/api/staff/${annaId}`, owner, { disabled: true })).statusCode).toBe(200);
      expect(await works(reading.key)).toBe(false);
      expect(await works(others.key)).toBe(true);
      const list = (await inject('GET', '/api/api-keys', owner)).json<{ items: { id: string; revokedAt: string | null }[] }>().items;
      expect(list.filter((k) => k.revokedAt !== null).map((k) => k.id).sort()).toEqual([reading.apiKey.id, writing.apiKey.id, managing.apiKey.id].sort());
    });

    it('revokes every key an account created when it is deleted', async () => {
      const anna = await t.login('owner', { email: 'anna@theater.example' });
      const annaId = (await inject('GET', '/api/auth/me', anna)).json<{ staff: Staff }>().staff.id;
      const reading = await issue(anna, ['catalogue:read']);
      expect((await inject('DELETE', `/api/staff/${annaId}`, owner)).statusCode).toBe(204);
      expect(await works(reading.key)).toBe(false);
    });

    it('keeps the keys when a change takes nothing away', async () => {
      const anna = await t.login('owner', { email: 'anna@theater.example' });
      const annaId = (await inject('GET', '/api/auth/me', anna)).json<{ staff: Staff }>().staff.id;
      const managing = await issue(anna, ['staff:manage', 'api_keys:manage']);
      expect((await inject('PATCH', `/api/staff/${annaId}`, owner, { name: 'Anna Berg', language: 'en' })).statusCode).toBe(200);
      expect(await works(managing.key)).toBe(true);
    });
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

    it('refuses to check the current password after 10 wrong ones, even the right one, saying when to retry', async () => {
      const change = (currentPassword: string) => inject('PATCH', '/api/auth/me', owner, { newPassword: 'Ein neues Passwort', currentPassword });
      const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`falsch falsch ${i}`)));
      expect(guesses.map((g) => g.statusCode).sort()).toEqual([...Array<number>(10).fill(400), 429, 429]);
      const limited = await change(testPassword);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
      expect(limited.headers['retry-after']).toBe(String(15 * 60));
      // Other changes still go through, and logins are counted apart.
      expect((await inject('PATCH', '/api/auth/me', owner, { name: 'Anna Berg' })).statusCode).toBe(200);
      t.clock.advance(15 * 60_000);
      expect((await change(testPassword)).statusCode).toBe(200);
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

  it('never hands out more than the creator may do at that moment', async () => {
    const token = owner.cookie.split('; ').find((c) => c.startsWith('foyer_session='))?.slice('foyer_session='.length) ?? '';
    const actor = (await t.foyer.services.auth.actorFromSession(token))?.actor;
    if (actor === undefined) throw new Error('no actor');
    await t.login('owner', { email: 'second@theater.example' });
    // The account became marketing after its request was authenticated.
    await t.foyer.database.db.updateTable('staff_account').set({ role: 'marketing' }).where('id', '=', actor.id).execute();
    await expect(t.foyer.services.auth.issueApiKey(actor, { name: 'x', scopes: ['catalogue:read'] })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await t.foyer.database.db.selectFrom('api_key').select('id').execute()).toEqual([]);
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
