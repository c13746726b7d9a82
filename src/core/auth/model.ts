/**
 * Who may do what. Pure: no I/O. Roles are fixed; API keys carry a subset of the
 * same permissions as scopes.
 */
export const roles = ['owner', 'marketing', 'dialogue', 'unit_staff', 'analyst'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'catalogue:read',
  'catalogue:write',
  'catalogue:import',
  'staff:manage',
  'api_keys:manage',
  'house:manage',
] as const;
export type Permission = (typeof permissions)[number];

const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: permissions,
  marketing: ['catalogue:read', 'catalogue:write', 'catalogue:import'],
  dialogue: ['catalogue:read'],
  // Unit staff write only inside their unit: the stores narrow every query by unit.
  unit_staff: ['catalogue:read', 'catalogue:write', 'catalogue:import'],
  analyst: ['catalogue:read'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return rolePermissions[role];
}

/** The house (and, for unit staff and unit keys, the unit) a request acts within. */
export interface Scope {
  houseId: string;
  unitId: string | null;
}

export type Actor =
  | {
      kind: 'staff';
      id: string;
      houseId: string;
      unitId: string | null;
      role: Role;
      name: string;
      email: string;
      language: string;
      permissions: ReadonlySet<Permission>;
    }
  | {
      kind: 'api_key';
      id: string;
      houseId: string;
      unitId: string | null;
      name: string;
      permissions: ReadonlySet<Permission>;
    };

export function scopeOf(actor: Actor): Scope {
  return { houseId: actor.houseId, unitId: actor.unitId };
}

/** Audit and import records name their author as 'staff:<id>' or 'api_key:<id>'. */
export function actorRef(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}
