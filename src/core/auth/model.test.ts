import { describe, expect, it } from 'vitest';
import {
  keysBeyond,
  originAllowed,
  passwordProblem,
  type Permission,
  permissionsOf,
  removesLastOwner,
  type Role,
  roleUnitProblem,
  sessionState,
  staffChangeRefusal,
} from './model.ts';

describe('password policy', () => {
  it.each([
    ['short', 'anna@theater.example', 'at least 10'],
    ['nine-char', 'anna@theater.example', 'at least 10'],
    ['ANNA@theater.example', 'anna@theater.example', 'e-mail'],
    [' anna@theater.example ', 'anna@theater.example', 'e-mail'],
    ['x'.repeat(201), 'anna@theater.example', 'at most'],
  ])('refuses %j for %s', (password, email, reason) => {
    expect(passwordProblem(password, email)).toContain(reason);
  });

  it('accepts ten characters that are not the address', () => {
    expect(passwordProblem('ten chars!', 'anna@theater.example')).toBeNull();
  });
});

describe('roles and units', () => {
  it.each([
    ['unit_staff', null, 'need a unit'],
    ['marketing', 'u1', 'only unit staff'],
    ['owner', 'u1', 'only unit staff'],
  ] as const)('refuses %s with unit %s', (role, unit, reason) => {
    expect(roleUnitProblem(role, unit)).toContain(reason);
  });

  it('accepts unit staff with a unit and house roles without one', () => {
    expect(roleUnitProblem('unit_staff', 'u1')).toBeNull();
    expect(roleUnitProblem('analyst', null)).toBeNull();
  });
});

describe('last owner', () => {
  const owner = { role: 'owner', disabled: false } as const;
  it.each([
    ['demoted', { role: 'marketing', disabled: false }, 1, true],
    ['disabled', { role: 'owner', disabled: true }, 1, true],
    ['deleted', 'deleted', 1, true],
    ['demoted while another owner remains', { role: 'marketing', disabled: false }, 2, false],
    ['renamed', { role: 'owner', disabled: false }, 1, false],
  ] as const)('the only owner %s', (_what, next, owners, refused) => {
    expect(removesLastOwner(owner, next, owners)).toBe(refused);
  });

  it('lets anyone but an active owner go', () => {
    expect(removesLastOwner({ role: 'marketing', disabled: false }, 'deleted', 1)).toBe(false);
    expect(removesLastOwner({ role: 'owner', disabled: true }, 'deleted', 1)).toBe(false);
  });
});

describe('session state', () => {
  const now = new Date('2026-09-01T12:00:00.000Z');
  it.each([
    ['expired at this instant', '2026-09-01T12:00:00.000Z', '2026-09-01T11:59:30.000Z', 'expired'],
    ['seen 30 s ago', '2026-09-02T12:00:00.000Z', '2026-09-01T11:59:30.000Z', 'fresh'],
    ['seen a minute ago', '2026-09-02T12:00:00.000Z', '2026-09-01T11:59:00.000Z', 'touch'],
  ] as const)('%s', (_what, expiresAt, lastSeenAt, state) => {
    expect(sessionState({ expiresAt, lastSeenAt }, now)).toBe(state);
  });
});

describe('origin of login and setup', () => {
  const publicUrl = 'https://foyer.theater.example';
  it.each([
    [undefined, 'anything', true],
    ['https://foyer.theater.example', 'internal:3000', true],
    ['http://localhost:3000', 'localhost:3000', true],
    ['https://evil.example', 'foyer.theater.example', false],
    ['http://foyer.theater.example', 'other:1', false],
    ['null', 'foyer.theater.example', false],
  ])('origin %s with host %s', (origin, host, allowed) => {
    expect(originAllowed(origin, publicUrl, host)).toBe(allowed);
  });
});

describe('who may change whose account', () => {
  const staff = (role: Role) => ({ kind: 'staff' as const, held: new Set(permissionsOf(role)) });
  const key = (...scopes: Permission[]) => ({ kind: 'api_key' as const, held: new Set(scopes) });
  const none = { password: false, email: false };

  it.each([
    ['an owner creates an owner', staff('owner'), null, 'owner', none, null],
    ['an owner demotes an owner', staff('owner'), 'owner', 'analyst', none, null],
    ['an owner resets an owner', staff('owner'), 'owner', 'owner', { password: true, email: false }, null],
    ['a marketing account creates anyone', staff('marketing'), null, 'analyst', none, 'may not manage staff'],
    ['a staff:manage key creates an owner', key('staff:manage'), null, 'owner', none, 'role owner'],
    ['a staff:manage key creates marketing', key('staff:manage'), null, 'marketing', none, 'role marketing'],
    ['a reading staff:manage key creates an analyst', key('staff:manage', 'catalogue:read', 'segments:count', 'ticketing:inventory'), null, 'analyst', none, null],
    ['a reading staff:manage key promotes to marketing', key('staff:manage', 'catalogue:read', 'segments:count', 'ticketing:inventory'), 'analyst', 'marketing', none, 'role marketing'],
    ['a reading staff:manage key renames marketing', key('staff:manage', 'catalogue:read', 'segments:count', 'ticketing:inventory'), 'marketing', 'marketing', none, 'role marketing'],
    ['a reading staff:manage key deletes an owner', key('staff:manage', 'catalogue:read', 'segments:count', 'ticketing:inventory'), 'owner', null, none, 'role owner'],
    ['a full key resets an owner', key(...permissionsOf('owner')), 'owner', 'owner', { password: true, email: false }, "owner's password"],
    ['a full key changes an owner’s address', key(...permissionsOf('owner')), 'owner', 'owner', { password: false, email: true }, "owner's password"],
    ['a full key resets someone it promotes', key(...permissionsOf('owner')), 'analyst', 'owner', { password: true, email: false }, "owner's password"],
    ['a full key resets marketing', key(...permissionsOf('owner')), 'marketing', 'marketing', { password: true, email: true }, null],
    ['a full key demotes an owner', key(...permissionsOf('owner')), 'owner', 'marketing', none, null],
  ] as const)('%s', (_what, actor, target, next, changes, refusal) => {
    const answer = staffChangeRefusal(actor, target, next, changes);
    if (refusal === null) expect(answer).toBeNull();
    else expect(answer).toContain(refusal);
  });

  it('names the keys whose scopes go beyond what their creator may still do', () => {
    const keys = [
      { id: 'read', scopes: ['catalogue:read'] as Permission[] },
      { id: 'write', scopes: ['catalogue:read', 'catalogue:write'] as Permission[] },
      { id: 'staff', scopes: ['staff:manage'] as Permission[] },
    ];
    expect(keysBeyond(keys, permissionsOf('owner'))).toEqual([]);
    expect(keysBeyond(keys, permissionsOf('marketing'))).toEqual(['staff']);
    expect(keysBeyond(keys, permissionsOf('analyst'))).toEqual(['write', 'staff']);
    expect(keysBeyond(keys, [])).toEqual(['read', 'write', 'staff']);
  });
});
