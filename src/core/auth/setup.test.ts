import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createFoyer, type Foyer } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createTestClock, type TestClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { cookieHeader } from '../testing/app.ts';
import { createTestDatabase } from '../testing/database.ts';
import type { SetupInput } from './schemas.ts';
import { createAuthService } from './service.ts';

describe('first-run setup', () => {
  let foyer: Foyer;
  let database: Database;
  let clock: TestClock;
  beforeEach(async () => {
    clock = createTestClock();
    database = await createTestDatabase();
    foyer = await createFoyer({ config: loadConfig({ FOYER_LOG_LEVEL: 'silent' }), database, clock });
  });
  afterEach(async () => {
    await foyer.close();
    await database.close();
  });

  const input = (email = 'intendanz@stadttheater.example'): SetupInput => ({
    house: { name: 'Stadttheater Beispielstadt', timeZone: 'Europe/Berlin', currency: 'EUR', languages: ['de', 'en'], defaultLanguage: 'de' },
    owner: { name: 'Anna Berg', email, password: 'Spielzeit 2026/27', language: 'de' },
  });
  const setup = (payload: object, headers: Record<string, string> = {}) => foyer.http.inject({ method: 'POST', url: '/api/setup', payload, headers });
  const needed = async () => (await foyer.http.inject({ method: 'GET', url: '/api/setup' })).json().needed;
  const houseCount = async () => (await database.db.selectFrom('house').select('id').execute()).length;

  it('creates the house and its owner on an empty installation and logs the owner in', async () => {
    expect(await needed()).toBe(true);
    const response = await setup(input());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      staff: { email: 'intendanz@stadttheater.example', role: 'owner' },
      house: { name: 'Stadttheater Beispielstadt', timeZone: 'Europe/Berlin' },
    });
    expect(response.json().permissions).toContain('staff:manage');
    const session = response.cookies.find((c) => c.name === 'foyer_session');
    expect(session?.httpOnly).toBe(true);

    const me = await foyer.http.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeader(response) } });
    expect(me.statusCode).toBe(200);
    expect(await needed()).toBe(false);
  });

  it('runs only once: afterwards it answers 409 setup_done and creates nothing', async () => {
    expect((await setup(input())).statusCode).toBe(200);
    const again = await setup(input('jemand@anders.example'));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'setup_done' } });
    expect(again.cookies).toEqual([]);
    expect(await houseCount()).toBe(1);
  });

  it('lets exactly one of two simultaneous setups win', async () => {
    const results = await Promise.all([setup(input('eins@stadttheater.example')), setup(input('zwei@stadttheater.example'))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)?.json()).toMatchObject({ error: { code: 'setup_done' } });
    expect(await houseCount()).toBe(1);
    expect((await database.db.selectFrom('staff_account').select('id').execute()).length).toBe(1);
  });

  it('lets exactly one win even when both have seen the empty installation before either creates the house', async () => {
    const catalogue = foyer.services.catalogue;
    // House creation yields to the event loop a few times, so the second setup runs
    // all its checks while the first one is still creating the house.
    const slowCatalogue = {
      ...catalogue,
      createHouse: async (house: Parameters<typeof catalogue.createHouse>[0]) => {
        for (let i = 0; i < 20; i += 1) await nextTurn();
        return catalogue.createHouse(house);
      },
    };
    const auth = createAuthService({ database, clock, catalogue: slowCatalogue });
    const results = await Promise.allSettled([auth.setup(input('eins@stadttheater.example')), auth.setup(input('zwei@stadttheater.example'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'setup_done' } });
    expect(await houseCount()).toBe(1);
  });

  it('leaves the installation open after refused input', async () => {
    const weak = await setup({ ...input(), owner: { ...input().owner, password: 'kurz' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ error: { details: [{ field: 'owner.password' }] } });
    const badZone = await setup({ ...input(), house: { ...input().house, timeZone: 'Mars/Olympus' } });
    expect(badZone.statusCode).toBe(400);
    expect(await needed()).toBe(true);
    expect((await setup(input())).statusCode).toBe(200);
  });

  it('refuses a setup posted from another site', async () => {
    const response = await setup(input(), { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'csrf' } });
    expect(await needed()).toBe(true);
  });

  it('waits for a setup in progress, but takes over one that crashed half-way', async () => {
    await database.db.insertInto('setup_claim').values({ id: 'setup', claimed_at: clock.now().toISOString() }).execute();
    expect((await setup(input())).statusCode).toBe(409);
    clock.advance(11 * 60_000);
    expect((await setup(input())).statusCode).toBe(200);
  });
});
