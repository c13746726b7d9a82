import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../core/testing/app.ts';
import { createTestDatabase } from '../core/testing/database.ts';
import { createFoyer, type Foyer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createTestClock } from '../core/clock.ts';
import { loginLines, prepareDemo } from './cli.ts';

describe('foyer serve --demo', () => {
  let foyer: Foyer | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    if (foyer !== undefined) {
      await foyer.close();
      await foyer.database.close();
    }
    await app?.close();
    foyer = undefined;
    app = undefined;
  });

  it('seeds the demo into an empty database and prints the login', async () => {
    const database = await createTestDatabase();
    foyer = await createFoyer({
      config: loadConfig({ FOYER_LOG_LEVEL: 'silent', FOYER_PORT: '4123' }),
      database,
      clock: createTestClock(),
    });
    const lines = await prepareDemo(foyer);
    expect(lines[0]).toMatch(/^Seeded the demo house Theater Auenstadt: \d+ productions, \d+ performances/);
    expect(lines).toContain('Log in at http://127.0.0.1:4123 as one of the demo accounts, password foyer-demo:');
    expect(lines.some((line) => line.includes('demo@foyer.local') && line.includes('owner'))).toBe(true);
    expect(lines.some((line) => line.includes('schule@foyer.local') && line.includes('unit_staff (junges-theater)'))).toBe(true);

    // A second start finds the demo house and only repeats the login.
    expect(await prepareDemo(foyer)).toEqual(loginLines('http://127.0.0.1:4123'));
    expect(await foyer.services.catalogue.countHouses()).toBe(1);
  });

  it('leaves a database with a real house alone and prints no demo login', async () => {
    app = await createTestApp();
    expect(await prepareDemo(app.foyer)).toEqual([]);
    expect(await app.foyer.services.catalogue.countHouses()).toBe(1);
  });

  it('serves the demo posters as SVG images without a login', async () => {
    app = await createTestApp();
    const response = await app.foyer.http.inject({ method: 'GET', url: '/demo/images/die-zauberfloete.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml');
    expect(response.body).toContain('Die Zauberflöte');
    expect((await app.foyer.http.inject({ method: 'GET', url: '/demo/images/nope.svg' })).statusCode).toBe(404);
    expect((await app.foyer.http.inject({ method: 'GET', url: '/demo/images/..%2Fhouse.json' })).statusCode).toBe(400);
  });
});
