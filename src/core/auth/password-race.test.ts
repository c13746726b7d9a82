import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type LoginHeaders, testPassword, type TestApp } from '../testing/app.ts';
import type * as passwords from './passwords.ts';
import { hashPassword } from './passwords.ts';

/*
 * A password being verified (at login, or as the current one on PATCH /api/auth/me) while
 * an owner resets it or disables the account. verifyPassword is held at a gate the test
 * opens, so the reset lands exactly between the check and what the check allows.
 */

const gate = vi.hoisted(() => {
  let armed: { reached: () => void; opened: Promise<void> } | null = null;
  return {
    /** The next verification waits until open() is called; resolves once it is waiting. */
    holdNext(): { waiting: Promise<void>; open: () => void } {
      let open = () => {};
      let reached = () => {};
      const waiting = new Promise<void>((resolve) => (reached = resolve));
      const opened = new Promise<void>((resolve) => (open = resolve));
      armed = { reached, opened };
      return { waiting, open };
    },
    async pass(): Promise<void> {
      const held = armed;
      armed = null;
      if (held === null) return;
      held.reached();
      await held.opened;
    },
  };
});

vi.mock('./passwords.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof passwords>();
  return {
    ...actual,
    verifyPassword: async (...args: Parameters<typeof actual.verifyPassword>) => {
      const result = await actual.verifyPassword(...args);
      await gate.pass();
      return result;
    },
  };
});

describe('a password check racing a reset', () => {
  let t: TestApp;
  let owner: LoginHeaders;
  let joId: string;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await t.login('owner');
    joId = (await t.foyer.services.auth.createStaff(t.house.id, { email: 'jo@theater.example', name: 'Jo Kim', role: 'marketing', password: testPassword, language: 'de' })).id;
  });
  afterEach(async () => {
    await t.close();
  });

  const login = (password: string) => t.foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'jo@theater.example', password } });
  const sessionsOfJo = () => t.foyer.database.db.selectFrom('staff_session').select('id').where('staff_id', '=', joId).execute();

  async function loginDuring(change: () => Promise<void>) {
    const held = gate.holdNext();
    const pending = login(testPassword);
    await held.waiting;
    await change();
    held.open();
    return pending;
  }

  it('refuses the login once the password was reset while it was being checked', async () => {
    const answer = await loginDuring(async () => {
      expect((await t.foyer.http.inject({ method: 'PATCH', url: `/api/staff/${joId}`, headers: owner, payload: { password: 'Ein neues Passwort' } })).statusCode).toBe(200);
    });
    expect(answer.statusCode).toBe(401);
    expect(answer.cookies).toEqual([]);
    expect(await sessionsOfJo()).toEqual([]);
    expect((await login('Ein neues Passwort')).statusCode).toBe(200);
  });

  it('does not write the rehashed old password over the reset one', async () => {
    const weak = await hashPassword(testPassword, { N: 2 ** 12, r: 8, p: 1 });
    await t.foyer.database.db.updateTable('staff_account').set({ password_hash: weak }).where('id', '=', joId).execute();
    const answer = await loginDuring(async () => {
      expect((await t.foyer.http.inject({ method: 'PATCH', url: `/api/staff/${joId}`, headers: owner, payload: { password: 'Ein neues Passwort' } })).statusCode).toBe(200);
    });
    expect(answer.statusCode).toBe(401);
    expect(await sessionsOfJo()).toEqual([]);
    expect((await login(testPassword)).statusCode).toBe(401);
    expect((await login('Ein neues Passwort')).statusCode).toBe(200);
  });

  it('refuses the login once the account was disabled while it was being checked', async () => {
    const answer = await loginDuring(async () => {
      expect((await t.foyer.http.inject({ method: 'PATCH', url: `/api/staff/${joId}`, headers: owner, payload: { disabled: true } })).statusCode).toBe(200);
    });
    expect(answer.statusCode).toBe(401);
    expect(await sessionsOfJo()).toEqual([]);
  });

  it('refuses one’s own new password when an owner reset the old one while it was being checked', async () => {
    const jo = await t.foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'jo@theater.example', password: testPassword } });
    const headers = { cookie: jo.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': jo.json<{ csrfToken: string }>().csrfToken };
    const held = gate.holdNext();
    const pending = t.foyer.http.inject({ method: 'PATCH', url: '/api/auth/me', headers, payload: { currentPassword: testPassword, newPassword: 'Mein eigenes Passwort' } });
    await held.waiting;
    expect((await t.foyer.http.inject({ method: 'PATCH', url: `/api/staff/${joId}`, headers: owner, payload: { password: 'Ein neues Passwort' } })).statusCode).toBe(200);
    held.open();
    const answer = await pending;
    // Jo's request was authenticated before the reset ended the session; its write then
    // finds the password it confirmed replaced.
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await login('Mein eigenes Passwort')).statusCode).toBe(401);
    expect((await login('Ein neues Passwort')).statusCode).toBe(200);
  });
});
