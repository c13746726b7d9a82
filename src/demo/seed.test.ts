import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createFoyer, type Foyer } from '../app.ts';
import { createTestClock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { createTestDatabase } from '../core/testing/database.ts';
import { DEMO_PASSWORD, type SeedResult, type SeedServices, seedDemoHouse } from './seed.ts';

// One seeded database for the whole file: seeding is what is under test, and the
// assertions only read from it (the idempotency test proves a second seed writes nothing).
let foyer: Foyer;
let first: SeedResult;

beforeAll(async () => {
  const database = await createTestDatabase();
  const config = loadConfig({ FOYER_LOG_LEVEL: 'silent' });
  foyer = await createFoyer({ config, database, clock: createTestClock() });
  first = await seedDemoHouse(foyer);
  // Closing the app leaves a database passed in open; close it too.
  const close = foyer.close;
  foyer.close = async () => {
    await close();
    await database.close();
  };
});

afterAll(async () => {
  await foyer.close();
});

const scope = () => ({ houseId: first.house.id, unitId: null });

async function allPerformances() {
  const items = [];
  for (let offset = 0; ; offset += 100) {
    const page = await foyer.services.catalogue.listPerformances(scope(), {}, { limit: 100, offset });
    items.push(...page.items);
    if (items.length >= page.total) return items;
  }
}

async function allProductions() {
  const items = [];
  for (let offset = 0; ; offset += 100) {
    const page = await foyer.services.catalogue.listProductions(scope(), {}, { limit: 100, offset });
    items.push(...page.items);
    if (items.length >= page.total) return items;
  }
}

describe('the demo house seed', () => {
  it('creates Theater Auenstadt with its units, venues and halls', async () => {
    expect(first.created).toBe(true);
    expect(first.house).toMatchObject({ slug: 'theater-auenstadt', name: 'Theater Auenstadt', timeZone: 'Europe/Berlin', currency: 'EUR' });
    const units = await foyer.services.catalogue.listUnits(scope());
    expect(units.items.map((u) => u.slug).sort()).toEqual(['junges-theater', 'museum']);
    const halls = await foyer.services.catalogue.listHalls(scope(), {}, { limit: 100, offset: 0 });
    expect(Object.fromEntries(halls.items.map((h) => [h.name, h.capacity]))).toMatchObject({ 'Großes Haus': 720, Kammerspiele: 190, Studio: 90, Konzertsaal: 900 });
  });

  it('creates at least 25 productions in every required genre, each in German and English', async () => {
    const productions = await allProductions();
    expect(productions.length).toBeGreaterThanOrEqual(25);
    expect(productions.length).toBe(first.productions);
    const genres = new Set(productions.flatMap((p) => p.genres));
    for (const genre of ['drama', 'opera', 'ballet', 'contemporary_dance', 'orchestral', 'children_theatre', 'exhibition', 'talk']) {
      expect(genres, genre).toContain(genre);
    }
    for (const production of productions) {
      expect(production.title.de, production.slug).toBeTruthy();
      expect(production.title.en, production.slug).toBeTruthy();
      expect(production.description.de, production.slug).toBeTruthy();
      expect(production.description.en, production.slug).toBeTruthy();
      expect(production.imageUrl).toBe(`http://127.0.0.1:3000/demo/images/${production.slug}.svg`);
    }
  });

  it('creates at least 200 performances, all in the 2026/27 season and in halls of the house', async () => {
    const performances = await allPerformances();
    expect(performances.length).toBeGreaterThanOrEqual(200);
    expect(performances.length).toBe(first.performances);
    const halls = new Set((await foyer.services.catalogue.listHalls(scope(), {}, { limit: 100, offset: 0 })).items.map((h) => h.id));
    for (const performance of performances) {
      expect(performance.startsAt >= '2026-09-01T00:00:00.000Z' && performance.startsAt < '2027-08-01T00:00:00.000Z', performance.startsAt).toBe(true);
      expect(halls.has(performance.hallId ?? ''), performance.production.slug).toBe(true);
    }
    const statuses = new Set(performances.map((p) => p.status));
    for (const status of ['scheduled', 'cancelled', 'rescheduled', 'sold_out']) expect(statuses).toContain(status);
  });

  it('finds a production by its English title and performances by genre', async () => {
    const found = await foyer.services.catalogue.listProductions(scope(), { q: 'magic flute' });
    expect(found.items.map((p) => p.slug)).toContain('die-zauberfloete');
    const opera = await foyer.services.catalogue.listPerformances(scope(), { genre: 'opera', from: '2026-10-01', to: '2026-10-31' });
    expect(opera.total).toBeGreaterThan(0);
    for (const performance of opera.items) expect(performance.production.genres).toContain('opera');
  });

  it('gives exhibitions a date range and weekly opening hours, closed on Mondays', async () => {
    const exhibitions = await foyer.services.catalogue.listProductions(scope(), { kind: 'exhibition' });
    expect(exhibitions.total).toBeGreaterThanOrEqual(3);
    for (const exhibition of exhibitions.items) {
      expect(exhibition.runsFrom, exhibition.slug).not.toBeNull();
      expect(exhibition.runsUntil, exhibition.slug).not.toBeNull();
      expect(exhibition.openingHours?.weekly.tue, exhibition.slug).toEqual([{ opens: '10:00', closes: '18:00' }]);
      expect(exhibition.openingHours?.weekly.mon, exhibition.slug).toBeUndefined();
      expect(exhibition.openingHours?.exceptions.some((e) => e.date === '2026-12-24' && e.closed)).toBe(true);
    }
  });

  it('prices productions in euros with reduced tariffs, and the Silvester performance on its own', async () => {
    const carmen = await foyer.services.catalogue.getProductionBySlug(scope(), 'carmen');
    const prices = await foyer.services.catalogue.listPriceCategories(scope(), { productionId: carmen.id });
    expect(prices.items.map((p) => [p.code, p.amountMinor, p.currency])).toEqual([
      ['I', 4800, 'EUR'],
      ['II', 3900, 'EUR'],
      ['III', 2900, 'EUR'],
      ['IV', 1800, 'EUR'],
    ]);
    expect(prices.items[0]?.reductions[0]).toMatchObject({ code: 'ermaessigt', amountMinor: 2400 });
    const fledermaus = await foyer.services.catalogue.getProductionBySlug(scope(), 'die-fledermaus');
    const all = await foyer.services.catalogue.listPriceCategories(scope(), { productionId: fledermaus.id });
    expect(all.items.filter((p) => p.performanceId !== null)).toHaveLength(4);
  });

  it('gives the assistant its knowledge base and an inbox with two visitors waiting', async () => {
    expect(first.assistant.entries).toBeGreaterThan(20);
    expect(first.assistant.conversations).toBe(3);
    const waiting = await foyer.services.assistantInbox.list({ scope: scope(), staffId: null });
    expect(waiting.items.map((conversation) => conversation.handoverReason).sort()).toEqual(['not_understood', 'requested']);
  });

  it('switches the reminder on, leaves the thank-you waiting for approval, drafts a season preview for the opera lovers, and has the Junges Theater ask for approval', async () => {
    expect(first.campaigns).toEqual({ rules: 2, campaigns: 4 });
    const { rules } = await foyer.services.autopilot.list(scope());
    expect(rules.filter((rule) => rule.enabled).map((rule) => [rule.rule, rule.mode])).toEqual([
      ['reminder', 'autopilot'],
      ['thank_you', 'approval'],
    ]);
    const journeys = await foyer.services.journeys.list(scope());
    expect(journeys.map((journey) => journey.status)).toEqual(['active', 'active']);
    const drafts = await foyer.services.campaigns.list(scope(), { kind: 'newsletter', limit: 10, offset: 0 });
    expect(drafts.items.map((campaign) => [campaign.name, campaign.status, campaign.templateKey])).toEqual([
      ['Schulbrief: neu im Jungen Theater', 'awaiting_approval', 'new_production'],
      ['Spielzeitvorschau für Opernfreunde', 'draft', 'season_announcement'],
    ]);
    // The unit's coordinator sees the unit's letter only.
    const coordinator = await foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'schule@foyer.local', password: DEMO_PASSWORD } });
    const cookie = coordinator.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const own = await foyer.http.inject({ method: 'GET', url: '/api/campaigns/campaigns', headers: { cookie } });
    expect(own.json<{ items: { name: string }[] }>().items.map((campaign) => campaign.name)).toEqual(['Schulbrief: neu im Jungen Theater']);
  });

  it('does nothing when the demo house is already there', async () => {
    const before = await foyer.services.catalogue.listPerformances(scope(), {}, { limit: 1, offset: 0 });
    const again = await seedDemoHouse(foyer);
    expect(again.created).toBe(false);
    expect(again.house.id).toBe(first.house.id);
    const after = await foyer.services.catalogue.listPerformances(scope(), {}, { limit: 1, offset: 0 });
    expect(after.total).toBe(before.total);
    expect(await foyer.services.catalogue.countHouses()).toBe(1);
  });

  it('lets the demo owner log in with the documented password', async () => {
    const response = await foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'demo@foyer.local', password: DEMO_PASSWORD } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ staff: { email: 'demo@foyer.local', role: 'owner' }, house: { slug: 'theater-auenstadt' } });
  });

  it('gives the school coordinator a unit account that sees only the young audience programme', async () => {
    const login = await foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'schule@foyer.local', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const body = login.json<{ staff: { role: string; unitId: string } }>();
    expect(body.staff.role).toBe('unit_staff');
    const young = await foyer.services.catalogue.listProductions({ houseId: first.house.id, unitId: body.staff.unitId }, {}, { limit: 100, offset: 0 });
    expect(young.items.map((p) => p.slug)).toEqual(expect.arrayContaining(['die-schneekoenigin', 'tschick', 'frau-holle']));
    expect(young.items.map((p) => p.slug)).not.toContain('carmen');
  });

  it('creates one account per role, each stored in the house', async () => {
    const stored = await foyer.services.auth.listStaff(scope(), { limit: 100, offset: 0 });
    const units = new Map((await foyer.services.catalogue.listUnits(scope())).items.map((u) => [u.id, u.slug]));
    const accounts = stored.items.map((s) => [s.email, s.role, s.unitId === null ? null : units.get(s.unitId)]);
    expect(accounts.sort()).toEqual(
      [
        ['demo@foyer.local', 'owner', null],
        ['marketing@foyer.local', 'marketing', null],
        ['dialogue@foyer.local', 'dialogue', null],
        ['schule@foyer.local', 'unit_staff', 'junges-theater'],
        ['analyst@foyer.local', 'analyst', null],
      ].sort(),
    );
    expect(first.staff.map((s) => s.email).sort()).toEqual(accounts.map(([email]) => email));
  });
});

describe('a demo seed that fails part-way', () => {
  let database: Database;
  let foyer: Foyer;
  beforeEach(async () => {
    database = await createTestDatabase();
    foyer = await createFoyer({ config: loadConfig({ FOYER_LOG_LEVEL: 'silent' }), database, clock: createTestClock() });
  });
  afterEach(async () => {
    await foyer.close();
    await database.close();
  });

  /** The real services, with the nth call of one method failing. */
  function failingOn<S extends 'catalogue' | 'auth'>(service: S, method: keyof Foyer['services'][S], nth: number): SeedServices {
    let calls = 0;
    const real = foyer.services[service] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const name = String(method);
    const broken = {
      ...real,
      [name]: async (...args: unknown[]) => {
        calls += 1;
        if (calls === nth) throw new Error(`${name} broke`);
        return real[name]?.(...args);
      },
    };
    return { services: { ...foyer.services, [service]: broken }, database: foyer.database, clock: foyer.clock, config: foyer.config };
  }

  async function rowsLeft(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of ['house', 'unit', 'venue', 'hall', 'production', 'performance', 'price_category', 'staff_account'] as const) {
      const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }
  const nothing = { house: 0, unit: 0, venue: 0, hall: 0, production: 0, performance: 0, price_category: 0, staff_account: 0 };

  it('leaves no house behind when a price category fails, so the next start seeds it fully', async () => {
    await expect(seedDemoHouse(failingOn('catalogue', 'createPriceCategory', 30))).rejects.toThrow('createPriceCategory broke');
    expect(await rowsLeft()).toEqual(nothing);

    const again = await seedDemoHouse(foyer);
    expect(again.created).toBe(true);
    expect((await rowsLeft()).performance).toBe(again.performances);
    // A failed seed and a whole one in one test: near 20 s on PostgreSQL on a slow two-core machine.
  }, 60_000);

  it('leaves no house and no account behind when a staff account fails', async () => {
    await expect(seedDemoHouse(failingOn('auth', 'createStaff', 3))).rejects.toThrow('createStaff broke');
    expect(await rowsLeft()).toEqual(nothing);
  });
});
