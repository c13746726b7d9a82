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
  close(): Promise<void>;
}

export async function createTestApp(): Promise<TestApp> {
  const clock = createTestClock();
  const database = await createTestDatabase();
  const config = loadConfig({ FOYER_LOG_LEVEL: 'silent', FOYER_SECRET: 'test-secret-test-secret-test-secret-0000' });
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

  return {
    foyer,
    clock,
    house,
    withScopes,
    as: (role, options) => withScopes([...permissionsOf(role)], options),
    async close() {
      await foyer.close();
      await database.close();
    },
  };
}
