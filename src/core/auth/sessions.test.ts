import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, testPassword, type TestApp } from '../testing/app.ts';
import { hashPassword } from './passwords.ts';
import { hashToken } from './tokens.ts';

describe('login sessions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  async function account(email = 'anna@theater.example', role: 'owner' | 'marketing' = 'marketing') {
    return t.foyer.services.auth.createStaff(t.house.id, { email, name: 'Anna Berg', role, password: testPassword, language: 'de' });
  }

  function login(email: string, password: string, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1') {
    return t.foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers, remoteAddress });
  }

  it('logs in with an httpOnly session cookie, a readable CSRF cookie, and /me answers the same body', async () => {
    await account('Anna@Theater.example');
    const response = await login('  ANNA@theater.example ', testPassword);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ staff: { email: 'anna@theater.example', role: 'marketing' }, house: { id: t.house.id } });
    expect(body.permissions).toContain('catalogue:write');
    expect(body.permissions).not.toContain('staff:manage');

    const session = response.cookies.find((c) => c.name === 'foyer_session');
    const csrf = response.cookies.find((c) => c.name === 'foyer_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value).toBe(body.csrfToken);

    const me = await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeader(response) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
  });

  it('stores only the hash of the session token', async () => {
    await account();
    const response = await login('anna@theater.example', testPassword);
    const token = response.cookies.find((c) => c.name === 'foyer_session')?.value ?? '';
    const rows = await t.foyer.database.db.selectFrom('staff_session').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
  });

  it.each(['https://foyer.theater.example', 'HTTPS://Foyer.Theater.example/'])('marks the cookies Secure when Foyer is served over https (%s)', async (publicUrl) => {
    const secure = await createTestApp({ env: { FOYER_PUBLIC_URL: publicUrl } });
    try {
      await secure.foyer.services.auth.createStaff(secure.house.id, { email: 'a@theater.example', name: 'A', role: 'owner', password: testPassword, language: 'de' });
      const response = await secure.foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@theater.example', password: testPassword } });
      expect(response.cookies.map((c) => [c.name, c.secure])).toEqual([
        ['foyer_session', true],
        ['foyer_csrf', true],
      ]);
    } finally {
      await secure.close();
    }
  });

  it('answers a wrong password and an unknown address with the same 401', async () => {
    await account();
    const wrong = await login('anna@theater.example', 'not the password');
    const unknown = await login('nobody@theater.example', testPassword);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toEqual([]);
  });

  it('refuses further attempts for an address and IP after 10 failures, even with the right password, saying when to retry', async () => {
    await account();
    for (let i = 0; i < 10; i += 1) {
      expect((await login('anna@theater.example', 'wrong password')).statusCode).toBe(401);
      t.clock.advance(1000);
    }
    const limited = await login('anna@theater.example', testPassword);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // The first failure leaves the 15-minute window 14:50 from now.
    expect(limited.headers['retry-after']).toBe(String(15 * 60 - 10));
    expect((await login('anna@theater.example', testPassword, {}, '10.0.0.2')).statusCode).toBe(200);
    t.clock.advance(15 * 60_000);
    expect((await login('anna@theater.example', testPassword)).statusCode).toBe(200);
  });

  it('counts parallel attempts before their passwords are checked: only 10 of 14 are checked', async () => {
    await account();
    const answers = await Promise.all(Array.from({ length: 14 }, () => login('anna@theater.example', 'wrong password')));
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(4).fill(429)]);
  });

  it('refuses an address tried from 50 IPs, so spreading guesses over addresses does not help', async () => {
    await account();
    // Over-long passwords are refused without hashing, which keeps this test fast.
    const guess = 'x'.repeat(300);
    for (let i = 0; i < 50; i += 1) expect((await login('anna@theater.example', guess, {}, `10.1.${i}.1`)).statusCode).toBe(401);
    const sprayed = await login('anna@theater.example', testPassword, {}, '10.2.0.1');
    expect(sprayed.statusCode).toBe(429);
    expect(Number(sprayed.headers['retry-after'])).toBeGreaterThan(0);
    // Another address from the same IPs is not affected.
    await account('jo@theater.example');
    expect((await login('jo@theater.example', testPassword, {}, '10.1.0.1')).statusCode).toBe(200);
  });

  it('counts X-Forwarded-For only from a trusted proxy: a made-up header does not reset the count', async () => {
    await account();
    for (let i = 0; i < 10; i += 1) {
      expect((await login('anna@theater.example', 'wrong password', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode).toBe(401);
    }
    expect((await login('anna@theater.example', testPassword, { 'x-forwarded-for': '198.51.100.99' })).statusCode).toBe(429);
  });

  it('refuses a login posted from another site', async () => {
    await account();
    const foreign = await login('anna@theater.example', testPassword, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: { code: 'csrf' } });
    const own = await login('anna@theater.example', testPassword, { origin: t.foyer.config.publicUrl });
    expect(own.statusCode).toBe(200);
  });

  it('refuses a write without or with a wrong x-csrf-token and accepts it with the right one', async () => {
    const headers = await t.login('owner');
    const write = (extra: Record<string, string>) =>
      t.foyer.http.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: headers.cookie, ...extra }, payload: { name: 'Portal', scopes: ['catalogue:read'] } });

    const without = await write({});
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ error: { code: 'csrf' } });
    const wrong = await write({ 'x-csrf-token': `${headers['x-csrf-token']}x` });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ error: { code: 'csrf' } });
    expect(await t.foyer.database.db.selectFrom('api_key').select('id').execute()).toEqual([]);

    expect((await write({ 'x-csrf-token': headers['x-csrf-token'] })).statusCode).toBe(201);
    // Reading needs no token.
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/api-keys', headers: { cookie: headers.cookie } })).statusCode).toBe(200);
  });

  it('needs no CSRF token for a request with an API key, even when a session cookie comes along', async () => {
    const session = await t.login('marketing');
    const key = await t.as('owner');
    const response = await t.foyer.http.inject({
      method: 'POST',
      url: '/api/staff',
      headers: { ...key, cookie: session.cookie },
      payload: { email: 'jo@theater.example', name: 'Jo Kim', role: 'analyst', password: testPassword },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email: 'jo@theater.example', role: 'analyst' });
  });

  it('lets only a person logged in create API keys, never an API key, not even an owner’s', async () => {
    const key = await t.as('owner');
    const response = await t.foyer.http.inject({ method: 'POST', url: '/api/api-keys', headers: key, payload: { name: 'Stadtportal', scopes: ['catalogue:read'] } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('an API key cannot create API keys') } });
    expect(await t.foyer.database.db.selectFrom('api_key').select('id').where('created_by', 'like', 'api_key:%').execute()).toEqual([]);
  });

  it('logs out after the session lasted config.sessionHours without activity', async () => {
    const headers = await t.login('analyst');
    t.clock.advance(t.foyer.config.sessionHours * 3_600_000 - 1);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);

    t.clock.advance(t.foyer.config.sessionHours * 3_600_000);
    const expired = await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('keeps an active session alive and sends the cookies again with the later expiry', async () => {
    const headers = await t.login('analyst');
    const day = 24 * 3_600_000;
    const lifetime = t.foyer.config.sessionHours * 3_600_000;
    for (let elapsed = 0; elapsed < 2 * lifetime; elapsed += lifetime - day) {
      t.clock.advance(lifetime - day);
      const me = await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers });
      expect(me.statusCode).toBe(200);
      const session = me.cookies.find((c) => c.name === 'foyer_session');
      expect(session?.expires?.getTime()).toBe(t.clock.now().getTime() + lifetime);
    }
  });

  it('writes last_seen_at at most once a minute', async () => {
    const headers = await t.login('analyst');
    const lastSeen = async () => (await t.foyer.database.db.selectFrom('staff_session').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;
    const loggedInAt = await lastSeen();
    t.clock.advance(59_000);
    await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(await lastSeen()).toBe(loggedInAt);
    t.clock.advance(1_000);
    await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(await lastSeen()).toBe(t.clock.now().toISOString());
  });

  it('ends the session on logout: the same cookie no longer works', async () => {
    const headers = await t.login('marketing');
    const logout = await t.foyer.http.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((c) => c.name === 'foyer_session')?.value).toBe('');
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
    expect(await t.foyer.database.db.selectFrom('staff_session').select('id').execute()).toEqual([]);
  });

  it('refuses logout from another site (no CSRF token)', async () => {
    const headers = await t.login('marketing');
    const logout = await t.foyer.http.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: headers.cookie } });
    expect(logout.statusCode).toBe(403);
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
  });

  it('locks out a disabled account: its open session ends and it cannot log in again', async () => {
    const staff = await account('jo@theater.example');
    const session = await login('jo@theater.example', testPassword);
    const cookie = cookieHeader(session);
    const owner = await t.login('owner');
    const disable = await t.foyer.http.inject({ method: 'PATCH', url: `/api/staff/${staff.id}`, headers: owner, payload: { disabled: true } });
    expect(disable.statusCode).toBe(200);
    expect(disable.json().disabled).toBe(true);

    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const again = await login('jo@theater.example', testPassword);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toEqual((await login('nobody@theater.example', testPassword)).json());
  });

  it('stores a fresh hash at login when the old one was made with weaker parameters', async () => {
    const staff = await account();
    const weak = await hashPassword(testPassword, { N: 2 ** 12, r: 8, p: 1 });
    await t.foyer.database.db.updateTable('staff_account').set({ password_hash: weak }).where('id', '=', staff.id).execute();
    expect((await login('anna@theater.example', testPassword)).statusCode).toBe(200);
    const row = await t.foyer.database.db.selectFrom('staff_account').select('password_hash').where('id', '=', staff.id).executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect((await login('anna@theater.example', testPassword)).statusCode).toBe(200);
  });

  it('tells an API key that /me is for logged-in people, and a visitor without cookie to log in', async () => {
    const anonymous = await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anonymous.statusCode).toBe(401);
    const key = await t.foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: await t.as('owner') });
    expect(key.statusCode).toBe(403);
  });

  it('ignores an unknown session cookie on routes that need no login', async () => {
    const response = await t.foyer.http.inject({ method: 'GET', url: '/api/setup', headers: { cookie: 'foyer_session=forged' } });
    expect(response.statusCode).toBe(200);
  });
});
