import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { DomainError } from '../../errors.ts';
import type { House } from '../../../catalogue/schemas.ts';
import { type Actor, asRole, normaliseEmail, PASSWORD_MAX_LENGTH, permissionsOf, sessionExpiry, sessionState } from '../model.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import type { SessionBody } from '../schemas.ts';
import * as store from '../store.ts';
import { type LoginThrottle, loginRules, tooManyAttempts } from '../throttle.ts';
import { hashToken, newToken } from '../tokens.ts';
import { staffFromRow } from './staff.ts';

export interface Houses {
  getHouse(houseId: string): Promise<House>;
}

/** A started session: the token goes into the cookie and is never stored. */
export interface StartedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  body: SessionBody;
}

/** The session a request's cookie stands for. */
export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  /** The expiry moved forward: the cookies should be sent again with the new lifetime. */
  refreshed: boolean;
}

// One message for every failed login: it must not tell whether the address exists,
// the password is wrong or the account is disabled.
const LOGIN_FAILED = 'the e-mail address or the password is not correct';

export function createSessionService(deps: { database: Database; clock: Clock; sessionHours: number; houses: Houses; throttle: LoginThrottle }) {
  const { database, clock, sessionHours, houses, throttle } = deps;
  const { db } = database;
  // Unknown addresses are checked against this hash, so that they take as long as
  // known ones and the answer time does not reveal which addresses have accounts.
  let dummyHash: Promise<string> | undefined;

  async function describe(houseId: string, staffId: string, csrfToken: string): Promise<SessionBody> {
    const row = await store.findStaff(db, houseId, staffId);
    if (row === undefined) throw new DomainError('unauthenticated', 'the account no longer exists');
    const staff = staffFromRow(row);
    return { staff, house: await houses.getHouse(houseId), permissions: [...permissionsOf(staff.role)], csrfToken };
  }

  /**
   * Opens a session for an account whose password was checked (or which was just
   * created). With `checked`, only if the account still has the password hash that was
   * checked and is not disabled: a password reset or disabling that committed while the
   * password was being verified wins, and the login is refused.
   */
  async function startSession(houseId: string, staffId: string, checked?: { passwordHash: string }): Promise<StartedSession> {
    const token = newToken('foyer_sess');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = clock.now();
    const expiresAt = sessionExpiry(now, sessionHours);
    await db.transaction().execute(async (trx) => {
      // First, so that on PostgreSQL the account's row is locked before the session is
      // written: a concurrent reset either commits before (and this finds no row) or after
      // (and ends the session this writes).
      const current =
        checked === undefined
          ? await store.updateStaff(trx, houseId, staffId, { last_login_at: now.toISOString() })
          : await store.recordLogin(trx, { houseId, staffId, passwordHash: checked.passwordHash, at: now.toISOString() });
      if (!current) throw new DomainError('unauthenticated', LOGIN_FAILED);
      await store.deleteExpiredSessions(trx, staffId, now.toISOString());
      await store.insertSession(trx, {
        id: hashToken(token),
        staff_id: staffId,
        house_id: houseId,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
        last_seen_at: now.toISOString(),
      });
    });
    return { token, csrfToken, expiresAt, body: await describe(houseId, staffId, csrfToken) };
  }

  async function login(input: { email: string; password: string; ip: string }): Promise<StartedSession> {
    const email = normaliseEmail(input.email);
    // Counted before the first await: parallel attempts see each other's reservations.
    const rules = loginRules(email, input.ip);
    const waitMs = throttle.reserve(rules);
    if (waitMs > 0) throw tooManyAttempts('failed logins', waitMs);
    const row = await store.findStaffForLogin(db, email);
    const stored = row?.password_hash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))));
    const verification =
      input.password.length > PASSWORD_MAX_LENGTH ? { ok: false, needsRehash: false } : await verifyPassword(input.password, stored);
    if (row === undefined || row.disabled_at !== null || !verification.ok) throw new DomainError('unauthenticated', LOGIN_FAILED);
    let checkedHash = row.password_hash;
    if (verification.needsRehash) {
      const fresh = await hashPassword(input.password);
      // Only over the hash that was checked: a password set meanwhile is never overwritten.
      if (await store.replacePasswordHash(db, { houseId: row.house_id, staffId: row.id, checked: checkedHash, fresh })) checkedHash = fresh;
    }
    const started = await startSession(row.house_id, row.id, { passwordHash: checkedHash });
    throttle.succeeded(rules);
    return started;
  }

  /** Who a session cookie stands for, or null when it is unknown, expired or its account disabled. */
  async function actorFromSession(token: string): Promise<ResolvedSession | null> {
    const row = await store.findSessionWithStaff(db, hashToken(token));
    if (row === undefined) return null;
    const role = asRole(row.role);
    if (role === null) return null;
    const now = clock.now();
    const state = sessionState({ expiresAt: row.expires_at, lastSeenAt: row.last_seen_at }, now);
    if (state === 'expired') {
      await store.deleteSession(db, row.session_id);
      return null;
    }
    let expiresAt = new Date(row.expires_at);
    if (state === 'touch') {
      expiresAt = sessionExpiry(now, sessionHours);
      await store.touchSession(db, row.session_id, now.toISOString(), expiresAt.toISOString());
    }
    return {
      actor: {
        kind: 'staff',
        id: row.id,
        houseId: row.house_id,
        unitId: row.unit_id,
        role,
        name: row.name,
        email: row.email,
        language: row.language,
        permissions: new Set(permissionsOf(role)),
      },
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      expiresAt,
      refreshed: state === 'touch',
    };
  }

  async function logout(token: string): Promise<void> {
    await store.deleteSession(db, hashToken(token));
  }

  /** GET /api/auth/me: the same body login gave, for the session the request came with. */
  async function currentSession(actor: Actor | null, csrfToken: string | null): Promise<SessionBody> {
    if (actor === null) throw new DomainError('unauthenticated', 'log in first');
    if (actor.kind !== 'staff' || csrfToken === null) throw new DomainError('forbidden', 'an API key has no login session');
    return describe(actor.houseId, actor.id, csrfToken);
  }

  return { login, startSession, actorFromSession, logout, currentSession };
}
