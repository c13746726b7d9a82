import { parseInput } from '../../input.ts';
import { constraintViolation } from '../../db/constraints.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { DomainError, invalid, isDomainError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { type Actor, passwordProblem, type Role, removesLastOwner, roleUnitProblem, roles, type Scope } from '../model.ts';
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

export function asRole(value: string): Role | null {
  return (roles as readonly string[]).includes(value) ? (value as Role) : null;
}

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

function knownFailure(error: unknown): DomainError | null {
  if (store.lockTimedOut(error)) return new DomainError('busy', 'someone else is changing the owners right now: try again');
  if (constraintViolation(error) !== 'unique') return null;
  return new DomainError('conflict', 'email: another account already uses this address', [{ field: 'email', message: 'taken' }]);
}

export function createStaffService({ database, clock, units }: { database: Database; clock: Clock; units: Units }) {
  const { db } = database;
  const lockRows = database.engine === 'postgres';

  /** Creates an account in a house. Used by the API, `foyer user add`, setup and the demo seed. */
  async function createStaff(houseId: string, input: StaffCreateInput): Promise<Staff> {
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

  /** POST /api/staff: the house comes from the caller. */
  async function addStaff(scope: Scope, input: StaffCreateInput): Promise<Staff> {
    requireHouseWide(scope);
    return createStaff(scope.houseId, input);
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

  async function updateStaff(scope: Scope, id: string, input: StaffPatchInput): Promise<Staff> {
    requireHouseWide(scope);
    const patch = parseInput(staffPatchInput, input);
    await checkUnit(units, scope.houseId, patch.unitId ?? null);
    let passwordHash: string | undefined;
    if (patch.password !== undefined) {
      const current = await store.findStaff(db, scope.houseId, id);
      if (current === undefined) throw notFound('staff account', id);
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
      });
    } catch (error) {
      throw knownFailure(error) ?? error;
    }
    return getStaff(scope, id);
  }

  async function deleteStaff(scope: Scope, id: string): Promise<void> {
    requireHouseWide(scope);
    try {
      await db.transaction().execute(async (trx) => {
        const owners = await store.activeOwnerIds(trx, scope.houseId, lockRows);
        const row = await store.findStaff(trx, scope.houseId, id);
        if (row === undefined) throw notFound('staff account', id);
        if (removesLastOwner(staffFromRow(row), 'deleted', owners.length)) {
          throw new DomainError('conflict', 'the house needs at least one active owner: make someone else owner first');
        }
        // Sessions go with the account (foreign key on delete cascade).
        await store.deleteStaff(trx, scope.houseId, id);
      });
    } catch (error) {
      throw knownFailure(error) ?? error;
    }
  }

  /** A person changes their own name, language or password; the password needs the current one. */
  async function updateOwnAccount(actor: Actor | null, sessionId: string | null, input: OwnAccountPatchInput): Promise<Staff> {
    if (actor === null) throw new DomainError('unauthenticated', 'log in first');
    if (actor.kind !== 'staff') throw new DomainError('forbidden', 'only a person logged in can change their own account');
    const patch = parseInput(ownAccountPatchInput, input);
    let passwordHash: string | undefined;
    if (patch.newPassword !== undefined) {
      if (patch.currentPassword === undefined) throw invalid('currentPassword', 'required to set a new password');
      const stored = await store.findStaffPasswordHash(db, actor.houseId, actor.id);
      if (stored === undefined) throw notFound('staff account', actor.id);
      if (!(await verifyPassword(patch.currentPassword, stored)).ok) throw invalid('currentPassword', 'is not your current password');
      checkPassword(patch.newPassword, actor.email, 'newPassword');
      passwordHash = await hashPassword(patch.newPassword);
    }
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const changes = {
        updated_at: now,
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.language === undefined ? {} : { language: patch.language }),
        ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
      };
      if (!(await store.updateStaff(trx, actor.houseId, actor.id, changes))) throw notFound('staff account', actor.id);
      // A new password logs out every other browser, in case the old one was known to someone.
      if (passwordHash !== undefined) await store.deleteSessionsOfStaff(trx, actor.houseId, actor.id, sessionId);
    });
    return getStaff({ houseId: actor.houseId, unitId: null }, actor.id);
  }

  return { createStaff, addStaff, getStaff, listStaff, updateStaff, deleteStaff, updateOwnAccount };
}
