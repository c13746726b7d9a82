import { parseInput } from '../../input.ts';
import { constraintViolation } from '../../db/constraints.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { DomainError, invalid, isDomainError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { type Actor, asRole, passwordProblem, permissionsOf, type Role, removesLastOwner, roleUnitProblem, type Scope, scopeOf, staffChangeRefusal } from '../model.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import {
  type OwnAccountPatchInput,
  ownAccountPatchInput,
  type Staff,
  type StaffCreateInput,
  staffCreateInput,
  type StaffPatchInput,
  staffPatchInput,
} from '../schemas.ts';
import * as store from '../store.ts';
import type { StaffRow } from '../store.ts';
import { type LoginThrottle, passwordCheckRules, tooManyAttempts } from '../throttle.ts';
import { heldNow, revokeKeysBeyond } from './rights.ts';

export function staffFromRow(row: StaffRow): Staff {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    // The column is only ever written from the Role union; 'analyst' is the least
    // privileged fallback should a row ever hold something else.
    role: asRole(row.role) ?? 'analyst',
    unitId: row.unit_id,
    language: row.language,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

function checkPassword(password: string, email: string, field: string): void {
  const problem = passwordProblem(password, email);
  if (problem !== null) throw invalid(field, problem);
}

function checkRoleUnit(role: Role, unitId: string | null): void {
  const problem = roleUnitProblem(role, unitId);
  if (problem !== null) throw invalid('unitId', problem);
}

/** Staff and keys are managed for the whole house; a unit's account or key may not. */
export function requireHouseWide(scope: Scope): void {
  if (scope.unitId !== null) throw new DomainError('forbidden', 'accounts of a unit cannot manage staff or API keys');
}

export interface Units {
  getUnit(scope: Scope, id: string): Promise<{ id: string }>;
}

/** A unit named for an account or key must be one of the house's own. */
export async function checkUnit(units: Units, houseId: string, unitId: string | null): Promise<void> {
  if (unitId === null) return;
  try {
    await units.getUnit({ houseId, unitId: null }, unitId);
  } catch (error) {
    if (isDomainError(error, 'not_found')) throw invalid('unitId', 'no such unit in this house');
    throw error;
  }
}

/** Refuses a change the actor may not make (see staffChangeRefusal). */
function requireMayChange(...args: Parameters<typeof staffChangeRefusal>): void {
  const refusal = staffChangeRefusal(...args);
  if (refusal !== null) throw new DomainError('forbidden', refusal);
}

function knownFailure(error: unknown): DomainError | null {
  if (store.lockTimedOut(error)) return new DomainError('busy', 'someone else is changing the owners right now: try again');
  if (constraintViolation(error) !== 'unique') return null;
  return new DomainError('conflict', 'email: another account already uses this address', [{ field: 'email', message: 'taken' }]);
}

export function createStaffService({ database, clock, units, throttle }: { database: Database; clock: Clock; units: Units; throttle: LoginThrottle }) {
  const { db } = database;
  const lockRows = database.engine === 'postgres';

  /**
   * Creates an account in a house. Used by the API (with the acting `actor`), and without
   * one by `foyer user add`, setup and the demo seed.
   */
  async function createStaff(houseId: string, input: StaffCreateInput, actor?: Actor): Promise<Staff> {
    const parsed = parseInput(staffCreateInput, input);
    const unitId = parsed.unitId ?? null;
    checkRoleUnit(parsed.role, unitId);
    checkPassword(parsed.password, parsed.email, 'password');
    // A unit cannot be deleted while accounts belong to it (foreign key), so checking
    // before the transaction is enough.
    await checkUnit(units, houseId, unitId);
    // Hashing takes ~100 ms: done before the transaction, never inside it.
    const passwordHash = await hashPassword(parsed.password);
    const id = newId();
    const now = clock.now().toISOString();
    try {
      await db.transaction().execute(async (trx) => {
        if (actor !== undefined) requireMayChange({ kind: actor.kind, held: await heldNow(trx, actor, lockRows) }, null, parsed.role);
        await store.insertStaff(trx, {
          id,
          house_id: houseId,
          email: parsed.email,
          name: parsed.name,
          password_hash: passwordHash,
          role: parsed.role,
          unit_id: unitId,
          language: parsed.language,
          created_at: now,
          updated_at: now,
          disabled_at: null,
          last_login_at: null,
        });
      });
    } catch (error) {
      throw knownFailure(error) ?? error;
    }
    return getStaff({ houseId, unitId: null }, id);
  }

  /** POST /api/staff: the house comes from the caller, who may not give a role above its own. */
  async function addStaff(actor: Actor, input: StaffCreateInput): Promise<Staff> {
    requireHouseWide(scopeOf(actor));
    // Refused before the password is hashed; checked again in the transaction.
    requireMayChange({ kind: actor.kind, held: actor.permissions }, null, parseInput(staffCreateInput, input).role);
    return createStaff(actor.houseId, input, actor);
  }

  async function getStaff(scope: Scope, id: string): Promise<Staff> {
    const row = await store.findStaff(db, scope.houseId, id);
    if (row === undefined) throw notFound('staff account', id);
    return staffFromRow(row);
  }

  async function listStaff(scope: Scope, pageOf: { limit: number; offset: number }) {
    requireHouseWide(scope);
    const [rows, total] = await Promise.all([store.listStaff(db, scope.houseId, pageOf), store.countStaff(db, scope.houseId)]);
    return { items: rows.map(staffFromRow), total, limit: pageOf.limit, offset: pageOf.offset };
  }

  /**
   * PATCH /api/staff/:id. The actor may neither touch an account nor give a role that may
   * do more than the actor; a demotion or disabling revokes, in the same transaction, the
   * keys the account created that its new role does not cover.
   */
  async function updateStaff(actor: Actor, id: string, input: StaffPatchInput): Promise<Staff> {
    const scope = scopeOf(actor);
    requireHouseWide(scope);
    const patch = parseInput(staffPatchInput, input);
    await checkUnit(units, scope.houseId, patch.unitId ?? null);
    let passwordHash: string | undefined;
    if (patch.password !== undefined) {
      const current = await store.findStaff(db, scope.houseId, id);
      if (current === undefined) throw notFound('staff account', id);
      // Refused before the ~100 ms hash; the transaction checks again.
      const role = asRole(current.role) ?? 'owner';
      requireMayChange({ kind: actor.kind, held: actor.permissions }, role, patch.role ?? role, { password: true, email: false });
      checkPassword(patch.password, patch.email ?? current.email, 'password');
      passwordHash = await hashPassword(patch.password);
    }
    const now = clock.now().toISOString();
    try {
      await db.transaction().execute(async (trx) => {
        const owners = await store.activeOwnerIds(trx, scope.houseId, lockRows);
        const row = await store.findStaff(trx, scope.houseId, id);
        if (row === undefined) throw notFound('staff account', id);
        const current = staffFromRow(row);
        const role = patch.role ?? current.role;
        // An unreadable stored role counts as the highest: only an owner-level actor may repair it.
        const currentRole = asRole(row.role) ?? 'owner';
        const emailChanges = patch.email !== undefined && patch.email !== current.email;
        requireMayChange({ kind: actor.kind, held: await heldNow(trx, actor, lockRows) }, currentRole, role, {
          password: passwordHash !== undefined,
          email: emailChanges,
        });
        // Leaving the unit_staff role leaves the unit too, unless a unit is named (and refused).
        const unitId = patch.unitId !== undefined ? patch.unitId : role === 'unit_staff' ? current.unitId : null;
        checkRoleUnit(role, unitId);
        const disabled = patch.disabled ?? current.disabled;
        if (removesLastOwner(current, { role, disabled }, owners.length)) {
          throw new DomainError('conflict', 'the house needs at least one active owner: make someone else owner first');
        }
        await store.updateStaff(trx, scope.houseId, id, {
          email: patch.email ?? current.email,
          name: patch.name ?? current.name,
          role,
          unit_id: unitId,
          language: patch.language ?? current.language,
          disabled_at: disabled ? (row.disabled_at ?? now) : null,
          updated_at: now,
          ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
        });
        // A disabled account or a reset password ends every open session of that person.
        if (disabled || passwordHash !== undefined) await store.deleteSessionsOfStaff(trx, scope.houseId, id);
        if (role !== current.role || disabled !== current.disabled) {
          await revokeKeysBeyond(trx, scope.houseId, id, disabled ? [] : permissionsOf(role), now);
        }
      });
    } catch (error) {
      throw knownFailure(error) ?? error;
    }
    return getStaff(scope, id);
  }

  /** DELETE /api/staff/:id: not the last active owner; the keys the account created are revoked with it. */
  async function deleteStaff(actor: Actor, id: string): Promise<void> {
    const scope = scopeOf(actor);
    requireHouseWide(scope);
    const now = clock.now().toISOString();
    try {
      await db.transaction().execute(async (trx) => {
        const owners = await store.activeOwnerIds(trx, scope.houseId, lockRows);
        const row = await store.findStaff(trx, scope.houseId, id);
        if (row === undefined) throw notFound('staff account', id);
        requireMayChange({ kind: actor.kind, held: await heldNow(trx, actor, lockRows) }, asRole(row.role) ?? 'owner', null);
        if (removesLastOwner(staffFromRow(row), 'deleted', owners.length)) {
          throw new DomainError('conflict', 'the house needs at least one active owner: make someone else owner first');
        }
        await revokeKeysBeyond(trx, scope.houseId, id, [], now);
        // Sessions go with the account (foreign key on delete cascade).
        await store.deleteStaff(trx, scope.houseId, id);
      });
    } catch (error) {
      throw knownFailure(error) ?? error;
    }
  }

  /**
   * A person changes their own name, language or password. A new password needs the
   * current one, whose guesses count against the account like failed logins do.
   */
  async function updateOwnAccount(actor: Actor | null, sessionId: string | null, input: OwnAccountPatchInput): Promise<Staff> {
    if (actor === null) throw new DomainError('unauthenticated', 'log in first');
    if (actor.kind !== 'staff') throw new DomainError('forbidden', 'only a person logged in can change their own account');
    const patch = parseInput(ownAccountPatchInput, input);
    let passwordChange: { checked: string; fresh: string } | undefined;
    if (patch.newPassword !== undefined) {
      if (patch.currentPassword === undefined) throw invalid('currentPassword', 'required to set a new password');
      // Counted before the first await, so parallel guesses see each other.
      const rules = passwordCheckRules(actor.id);
      const waitMs = throttle.reserve(rules);
      if (waitMs > 0) throw tooManyAttempts('wrong current passwords', waitMs);
      const stored = await store.findStaffPasswordHash(db, actor.houseId, actor.id);
      if (stored === undefined) throw notFound('staff account', actor.id);
      if (!(await verifyPassword(patch.currentPassword, stored)).ok) throw invalid('currentPassword', 'is not your current password');
      throttle.succeeded(rules);
      checkPassword(patch.newPassword, actor.email, 'newPassword');
      passwordChange = { checked: stored, fresh: await hashPassword(patch.newPassword) };
    }
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const changes = {
        updated_at: now,
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.language === undefined ? {} : { language: patch.language }),
      };
      if (!(await store.updateStaff(trx, actor.houseId, actor.id, changes))) throw notFound('staff account', actor.id);
      if (passwordChange === undefined) return;
      // Only over the password that was confirmed: an owner's reset meanwhile wins.
      const replaced = await store.replacePasswordHash(trx, { houseId: actor.houseId, staffId: actor.id, ...passwordChange });
      if (!replaced) throw new DomainError('conflict', 'your password was changed meanwhile: log in again with the new one');
      // A new password logs out every other browser, in case the old one was known to someone.
      await store.deleteSessionsOfStaff(trx, actor.houseId, actor.id, sessionId);
    });
    return getStaff({ houseId: actor.houseId, unitId: null }, actor.id);
  }

  return { createStaff, addStaff, getStaff, listStaff, updateStaff, deleteStaff, updateOwnAccount };
}
