import { describe, expect, it } from 'vitest';
import { originAllowed, passwordProblem, removesLastOwner, roleUnitProblem, sessionState } from './model.ts';

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
