import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFoyer, type Foyer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createTestClock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { createTestDatabase } from '../core/testing/database.ts';
import { DEMO_ACTOR } from './audience.ts';
import { DEMO_PASSWORD, type SeedResult, seedDemoHouse } from './seed.ts';

// Mid-season: some performances of the demo season lie behind the seed, most ahead.
const SEEDED_AT = '2026-12-10T09:00:00.000Z';
const config = () => loadConfig({ FOYER_LOG_LEVEL: 'silent' });

async function openFoyer(): Promise<{ foyer: Foyer; database: Database }> {
  const database = await createTestDatabase();
  return { database, foyer: await createFoyer({ config: config(), database, clock: createTestClock(SEEDED_AT) }) };
}

async function closeFoyer({ foyer, database }: { foyer: Foyer; database: Database }) {
  await foyer.close();
  await database.close();
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Everything the audience seed wrote, as one hash: rows without their own random ids,
 * every id they refer to replaced by what it names (an address, a slug, a segment name),
 * so that two databases seeded alike give the same hash.
 */
async function audienceDigest(database: Database, houseId: string): Promise<string> {
  const { db } = database;
  const labels = new Map<string, string>([[houseId, 'house']]);
  for (const row of await db.selectFrom('contact').select(['id', 'email']).where('house_id', '=', houseId).execute()) labels.set(row.id, row.email);
  for (const row of await db.selectFrom('unit').select(['id', 'slug']).where('house_id', '=', houseId).execute()) labels.set(row.id, `unit:${row.slug}`);
  for (const row of await db.selectFrom('production').select(['id', 'slug']).where('house_id', '=', houseId).execute()) labels.set(row.id, `production:${row.slug}`);
  for (const row of await db.selectFrom('performance').select(['id', 'starts_at']).where('house_id', '=', houseId).execute()) labels.set(row.id, `performance:${row.starts_at}`);
  for (const row of await db.selectFrom('segment').select(['id', 'name']).where('house_id', '=', houseId).execute()) labels.set(row.id, `segment:${row.name}`);
  const label = (value: unknown) => JSON.stringify(value).replace(uuid, (id) => labels.get(id) ?? 'unknown-id');
  const tables = {
    contact: await db.selectFrom('contact').selectAll().where('house_id', '=', houseId).execute(),
    consent: await db.selectFrom('consent').selectAll().where('house_id', '=', houseId).execute(),
    interaction: await db.selectFrom('interaction').selectAll().where('house_id', '=', houseId).execute(),
    contact_unit: await db.selectFrom('contact_unit').selectAll().where('house_id', '=', houseId).execute(),
    audit_entry: await db.selectFrom('audit_entry').selectAll().where('house_id', '=', houseId).execute(),
    segment: await db.selectFrom('segment').selectAll().where('house_id', '=', houseId).execute(),
    segment_member: await db.selectFrom('segment_member').selectAll().where('house_id', '=', houseId).execute(),
  };
  const hash = createHash('sha256');
  for (const [table, rows] of Object.entries(tables)) {
    const lines = rows.map((row) => {
      const { id: _id, confirmation_token_hash: token, ...rest } = row as Record<string, unknown>;
      // The contact's own id is its address; the token of a waiting opt-in is random by design.
      return label(table === 'contact' ? { ...rest } : { ...rest, token: token === undefined ? undefined : token !== null });
    });
    hash.update(`${table}\n${lines.sort().join('\n')}\n`);
  }
  return hash.digest('hex');
}

async function count(database: Database, table: 'contact' | 'consent' | 'interaction' | 'audit_entry' | 'segment' | 'segment_member' | 'house', houseId?: string) {
  let query = database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (houseId !== undefined) query = query.where('house_id', '=', houseId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe('the demo audience', () => {
  let seeded: { foyer: Foyer; database: Database };
  let first: SeedResult;
  let firstDigest: string;

  beforeAll(async () => {
    seeded = await openFoyer();
    first = await seedDemoHouse(seeded.foyer);
    firstDigest = await audienceDigest(seeded.database, first.house.id);
  });
  afterAll(async () => {
    await closeFoyer(seeded);
  });

  const houseId = () => first.house.id;
  const scope = () => ({ houseId: houseId(), unitId: null });

  it('seeds 1,500 contacts with their consents, history and six saved segments', async () => {
    expect(first.audience.contacts).toBe(1500);
    expect(await count(seeded.database, 'contact', houseId())).toBe(1500);
    expect(await count(seeded.database, 'consent', houseId())).toBe(first.audience.consents);
    expect(await count(seeded.database, 'interaction', houseId())).toBe(first.audience.interactions);
    expect(first.audience.consents).toBeGreaterThan(3000);
    expect(first.audience.interactions).toBeGreaterThan(10_000);
    expect(first.audience.segments).toBe(6);
    expect(await count(seeded.database, 'segment', houseId())).toBe(6);
  });

  it('audits every imported contact and every consent as the demo system', async () => {
    const { db } = seeded.database;
    const entries = await db
      .selectFrom('audit_entry')
      .select(['action', 'actor'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('house_id', '=', houseId())
      .groupBy(['action', 'actor'])
      .execute();
    const byAction = Object.fromEntries(entries.map((e) => [e.action, Number(e.n)]));
    for (const entry of entries) expect(entry.actor).toBe(DEMO_ACTOR);
    expect(byAction['contact.imported']).toBe(1500);
    const granted = await db.selectFrom('consent').select((eb) => eb.fn.countAll<number>().as('n')).where('house_id', '=', houseId()).where('granted_at', 'is not', null).executeTakeFirstOrThrow();
    expect(byAction['consent.granted']).toBe(Number(granted.n));
    expect(byAction['consent.revoked']).toBeGreaterThan(0);
    expect(byAction['consent.requested']).toBeGreaterThan(0);
  });

  it('shows the marketing team all contacts and the school coordinator only the Junges Theater’s, through the API', async () => {
    const listAs = async (email: string) => {
      const login = await seeded.foyer.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const response = await seeded.foyer.http.inject({ method: 'GET', url: '/api/contacts?limit=5', headers: { cookie } });
      expect(response.statusCode).toBe(200);
      return response.json<{ total: number }>().total;
    };
    expect(await listAs('marketing@foyer.local')).toBe(1500);
    const young = await listAs('schule@foyer.local');
    expect(young).toBeGreaterThanOrEqual(180);
    expect(young).toBeLessThanOrEqual(250);
  });

  it('finds people in every saved segment, and the premiere subscribers on the static list', async () => {
    const { segments } = seeded.foyer.services;
    const saved = await segments.listSegments(scope());
    const sizes = new Map<string, number>();
    for (const segment of saved.items) sizes.set(segment.name, (await segments.countSegment(scope(), segment.id, null)).total);
    for (const [name, size] of sizes) expect(size, name).toBeGreaterThanOrEqual(30);
    expect(sizes.get('Premierenpublikum')).toBe(await count(seeded.database, 'segment_member', houseId()));
    const teachers = saved.items.find((s) => s.name === 'Junges Theater: Lehrkräfte');
    const units = await seeded.foyer.services.catalogue.listUnits(scope());
    expect(teachers?.unitId).toBe(units.items.find((u) => u.slug === 'junges-theater')?.id);
    // The newsletter reaches most of the opera friends.
    const opera = saved.items.find((s) => s.name === 'Opernfreundinnen und -freunde');
    const reach = await segments.countSegment(scope(), opera?.id ?? '', 'newsletter');
    expect(reach.count).toBeGreaterThan(0);
    expect(reach.count).toBeLessThan(reach.total);
  });

  it('changes nothing when seeded again', async () => {
    const again = await seedDemoHouse(seeded.foyer);
    expect(again.created).toBe(false);
    expect(again.audience).toEqual({ contacts: 0, consents: 0, interactions: 0, segments: 0 });
    expect(await audienceDigest(seeded.database, houseId())).toBe(firstDigest);
    expect(await count(seeded.database, 'house')).toBe(1);
  });

  it('gives the same audience on a fresh database seeded at the same time', async () => {
    const other = await openFoyer();
    try {
      const second = await seedDemoHouse(other.foyer);
      expect(await audienceDigest(other.database, second.house.id)).toBe(firstDigest);
    } finally {
      await closeFoyer(other);
    }
    // A whole demo seed on a fresh database: about 14 s on PostgreSQL on a slow two-core machine, more beside other test files.
  }, 60_000);

  it('leaves the retention job nothing to do right after the seed', async () => {
    const report = await seeded.foyer.services.privacy.runRetention();
    expect(report).toMatchObject({ expired: 0, unconfirmed: 0, trimmed: 0, erased: 0 });
    expect(await count(seeded.database, 'contact', houseId())).toBe(1500);
  });
});

describe('a demo audience that fails part-way', () => {
  it('leaves no house, contact, consent or audit entry behind when a segment cannot be saved', async () => {
    const opened = await openFoyer();
    try {
      const { foyer, database } = opened;
      let calls = 0;
      const segments = {
        ...foyer.services.segments,
        createSegment: async (...args: Parameters<Foyer['services']['segments']['createSegment']>) => {
          calls += 1;
          if (calls === 3) throw new Error('createSegment broke');
          return foyer.services.segments.createSegment(...args);
        },
      };
      await expect(seedDemoHouse({ ...foyer, services: { ...foyer.services, segments } })).rejects.toThrow('createSegment broke');
      for (const table of ['house', 'contact', 'consent', 'interaction', 'audit_entry', 'segment'] as const) expect(await count(database, table), table).toBe(0);
    } finally {
      await closeFoyer(opened);
    }
  });
});
