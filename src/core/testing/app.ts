import { createFoyer, type Foyer } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { type Permission, permissionsOf, type Role } from '../auth/model.ts';
import { createTestClock, type TestClock } from '../clock.ts';
import { newId } from '../ids.ts';
import { createTestDatabase } from './database.ts';

export interface TestHouse {
  id: string;
  slug: string;
}

/** Inserts a bare house directly, so tests of any capability can start from one. */
export async function insertTestHouse(foyer: Pick<Foyer, 'database'>, overrides: Partial<{ slug: string; name: string; timeZone: string }> = {}): Promise<TestHouse> {
  const id = newId();
  const slug = overrides.slug ?? `house-${id.slice(-8)}`;
  const now = new Date().toISOString();
  await foyer.database.db
    .insertInto('house')
    .values({
      id,
      slug,
      name: overrides.name ?? 'Stadttheater Test',
      time_zone: overrides.timeZone ?? 'Europe/Berlin',
      languages: '["de","en"]',
      default_language: 'de',
      currency: 'EUR',
      street: null,
      postal_code: null,
      city: null,
      country: 'DE',
      website: null,
      email: null,
      phone: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, slug };
}

export interface TestApp {
  foyer: Foyer;
  clock: TestClock;
  house: TestHouse;
  /** Headers that authenticate as an API key with exactly the given role's permissions. */
  as(role: Role, options?: { houseId?: string; unitId?: string | null }): Promise<Record<string, string>>;
  /** Headers for an API key with the given scopes. */
  withScopes(scopes: Permission[], options?: { houseId?: string; unitId?: string | null }): Promise<Record<string, string>>;
  /**
   * Creates a staff account with the role, logs it in through POST /api/auth/login and
   * returns the headers a browser would send: the cookies and the x-csrf-token header.
   * Leave out 'x-csrf-token' to play a cross-site request.
   */
  login(role: Role, options?: { houseId?: string; unitId?: string | null; email?: string }): Promise<LoginHeaders>;
  close(): Promise<void>;
}

export interface LoginHeaders extends Record<string, string> {
  cookie: string;
  'x-csrf-token': string;
}

/** The password of every account login() creates. */
export const testPassword = 'correct horse battery';

/** The cookie header for inject() from a response's Set-Cookie headers. */
export function cookieHeader(response: { cookies: { name: string; value: string }[] }): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** `env` adds FOYER_* settings, e.g. { FOYER_PUBLIC_URL: 'https://…' }. */
export async function createTestApp(options: { env?: Record<string, string> } = {}): Promise<TestApp> {
  const clock = createTestClock();
  const database = await createTestDatabase();
  const config = loadConfig({ FOYER_LOG_LEVEL: 'silent', ...options.env });
  const foyer = await createFoyer({ config, database, clock });
  const house = await insertTestHouse(foyer);

  async function withScopes(scopes: Permission[], options: { houseId?: string; unitId?: string | null } = {}) {
    const { key } = await foyer.services.auth.createApiKey(options.houseId ?? house.id, {
      name: 'test',
      scopes,
      unitId: options.unitId ?? null,
    });
    return { authorization: `Bearer ${key}` };
  }

  let accounts = 0;
  async function login(role: Role, options: { houseId?: string; unitId?: string | null; email?: string } = {}): Promise<LoginHeaders> {
    accounts += 1;
    const email = options.email ?? `${role}-${accounts}@example.org`;
    await foyer.services.auth.createStaff(options.houseId ?? house.id, {
      email,
      name: `Test ${role} ${accounts}`,
      role,
      unitId: options.unitId ?? null,
      password: testPassword,
      language: 'de',
    });
    const response = await foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: testPassword } });
    if (response.statusCode !== 200) throw new Error(`test login failed: ${response.statusCode} ${response.body}`);
    const body = response.json<{ csrfToken: string }>();
    return { cookie: cookieHeader(response), 'x-csrf-token': body.csrfToken };
  }

  return {
    foyer,
    clock,
    house,
    withScopes,
    login,
    as: (role, options) => withScopes([...permissionsOf(role)], options),
    async close() {
      await foyer.close();
      await database.close();
    },
  };
}
