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
  // Personal data: contacts, their timelines and consents, segment samples.
  'audience:read',
  'audience:write',
  'audience:import',
  // Access and erasure requests for a person (Art. 15, 17, 20 GDPR).
  'audience:privacy',
  // Segment sizes only, no person: for analysts and reports.
  'segments:count',
  'audit:read',
  // Seats and sales figures per performance, no person.
  'ticketing:inventory',
  // Orders with their buyers: personal data.
  'ticketing:orders',
  // The box office: selling, cancelling, exchanging, taking payment.
  'ticketing:sell',
  // The door: scanning tickets.
  'ticketing:check_in',
  // Campaigns: scheduling posts and sends in the house's name.
  'campaigns:write',
  // Campaigns: approving or rejecting a send or a journey's held messages before they go out.
  'campaigns:approve',
  // The assistant's inbox: reading handed-over conversations (personal data), replying, closing, assigning.
  'assistant:inbox',
  // The assistant's knowledge base, its settings and its statistics.
  'assistant:manage',
] as const;
export type Permission = (typeof permissions)[number];

const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: permissions,
  marketing: [
    'catalogue:read',
    'catalogue:write',
    'catalogue:import',
    'audience:read',
    'audience:write',
    'audience:import',
    'audience:privacy',
    'segments:count',
    'ticketing:inventory',
    'ticketing:orders',
    'campaigns:write',
    'campaigns:approve',
    'assistant:inbox',
    'assistant:manage',
  ],
  // The dialogue team talks to people: it sees and notes contacts, but neither imports nor erases them.
  // It also runs the box office and the door.
  dialogue: ['catalogue:read', 'audience:read', 'audience:write', 'segments:count', 'ticketing:inventory', 'ticketing:orders', 'ticketing:sell', 'ticketing:check_in', 'assistant:inbox', 'assistant:manage'],
  // Unit staff write only inside their unit: the stores narrow every query by unit. They
  // write their unit's campaigns and journeys, which the house's marketing approves.
  unit_staff: [
    'catalogue:read',
    'catalogue:write',
    'catalogue:import',
    'audience:read',
    'audience:write',
    'audience:import',
    'segments:count',
    'ticketing:inventory',
    'ticketing:orders',
    'ticketing:sell',
    'ticketing:check_in',
    'campaigns:write',
  ],
  analyst: ['catalogue:read', 'segments:count', 'ticketing:inventory'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return rolePermissions[role];
}

/** A role read from the database, or null when the text is none of the roles. */
export function asRole(value: string): Role | null {
  return (roles as readonly string[]).includes(value) ? (value as Role) : null;
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

// ---------- staff accounts ----------

export const staffLanguages = ['de', 'en'] as const;
export type StaffLanguage = (typeof staffLanguages)[number];

export const PASSWORD_MIN_LENGTH = 10;
// scrypt takes any length, but hashing a megabyte on every login attempt is a cheap
// way to keep the server busy.
export const PASSWORD_MAX_LENGTH = 200;

/** Logins are case-insensitive: one address, however it was typed, is one account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must have at most ${PASSWORD_MAX_LENGTH} characters`;
  if (normaliseEmail(password) === normaliseEmail(email)) return 'must not be the e-mail address';
  return null;
}

/** Unit staff belong to exactly one unit; every other role works for the whole house. */
export function roleUnitProblem(role: Role, unitId: string | null): string | null {
  if (role === 'unit_staff' && unitId === null) return 'unit staff need a unit';
  if (role !== 'unit_staff' && unitId !== null) return `only unit staff belong to a unit, not ${role}`;
  return null;
}

/**
 * Whether a change leaves the house without an active owner: nobody could then manage
 * staff, keys or the house. `activeOwners` counts the owners before the change.
 */
export function removesLastOwner(
  target: { role: Role; disabled: boolean },
  next: { role: Role; disabled: boolean } | 'deleted',
  activeOwners: number,
): boolean {
  const wasActiveOwner = target.role === 'owner' && !target.disabled;
  const staysActiveOwner = next !== 'deleted' && next.role === 'owner' && !next.disabled;
  return wasActiveOwner && !staysActiveOwner && activeOwners <= 1;
}

// ---------- who may change whose account ----------

/** The permissions of `role` that `held` lacks. */
export function permissionsBeyond(held: ReadonlySet<Permission>, role: Role): Permission[] {
  return permissionsOf(role).filter((permission) => !held.has(permission));
}

/**
 * Why an actor holding `held` may not make this change to a staff account, or null.
 * `target` is the account's role now (null when creating one), `next` its role after
 * (null when deleting it). Nobody hands out or touches more than they may do themselves:
 * a key scoped to staff:manage alone could otherwise make itself an owner. And an API key
 * never sets an owner's password or e-mail address, which would take the account over.
 */
export function staffChangeRefusal(
  actor: { kind: Actor['kind']; held: ReadonlySet<Permission> },
  target: Role | null,
  next: Role | null,
  changes: { password: boolean; email: boolean } = { password: false, email: false },
): string | null {
  if (!actor.held.has('staff:manage')) return 'your account may not manage staff (any more)';
  const aboveTarget = target === null ? [] : permissionsBeyond(actor.held, target);
  if (aboveTarget.length > 0) return `you may not change an account with the role ${target}: it may ${aboveTarget.join(', ')}, which you may not`;
  const aboveNext = next === null ? [] : permissionsBeyond(actor.held, next);
  if (aboveNext.length > 0) return `you may not give the role ${next}: it may ${aboveNext.join(', ')}, which you may not`;
  if (actor.kind === 'api_key' && (target === 'owner' || next === 'owner') && (changes.password || changes.email)) {
    return "an API key may not change an owner's password or e-mail address: owners change their own after logging in";
  }
  return null;
}

/**
 * The keys, of those an account created, that go beyond what the account may do now
 * (nothing, once it is disabled or deleted): a key must not outlive its creator's rights.
 */
export function keysBeyond(keys: readonly { id: string; scopes: readonly Permission[] }[], stillHeld: readonly Permission[]): string[] {
  const held = new Set(stillHeld);
  return keys.filter((key) => key.scopes.some((scope) => !held.has(scope))).map((key) => key.id);
}

// ---------- sessions and CSRF ----------

/** Sliding sessions: activity moves the expiry, but last_seen_at is written at most once a minute. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export type SessionState = 'expired' | 'fresh' | 'touch';

export function sessionState(session: { expiresAt: string; lastSeenAt: string }, now: Date): SessionState {
  const at = now.getTime();
  if (Date.parse(session.expiresAt) <= at) return 'expired';
  return at - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS ? 'touch' : 'fresh';
}

export function sessionExpiry(now: Date, sessionHours: number): Date {
  return new Date(now.getTime() + sessionHours * 3_600_000);
}

/** Methods that change state; only these need the CSRF token. */
export function isUnsafeMethod(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
}

/**
 * Login and setup carry no CSRF token yet (there is no session), so they check where
 * the form came from: a browser always sends Origin on a cross-site POST. No Origin
 * (curl, the CLI, old browsers on same-origin requests) is accepted.
 */
export function originAllowed(origin: string | undefined, publicUrl: string, host: string | undefined): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the literal 'null' of sandboxed frames and file:// pages
  }
  if (url.origin === new URL(publicUrl).origin) return true;
  return host !== undefined && url.host === host.toLowerCase();
}
