import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../core/auth/model.ts';
import { createTestClock, type TestClock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { newId } from '../../core/ids.ts';
import { insertTestHouse } from '../../core/testing/app.ts';
import { createTestDatabase, testEngine } from '../../core/testing/database.ts';
import { DEFAULT_HALL_CAPACITY } from './plan.ts';
import { createImportService, type ImportService } from './service.ts';
import { batch, largeBatch, performance, production, venue } from './testing.ts';

const limits = { fetchTimeoutMs: 1000, importMaxBytes: 1024 * 1024 };

describe('applying an import batch', () => {
  let database: Database;
  let clock: TestClock;
  let imports: ImportService;
  let scope: Scope;

  beforeEach(async () => {
    database = await createTestDatabase();
    clock = createTestClock('2026-09-01T08:00:00.000Z');
    imports = createImportService({ database, clock, limits });
    const house = await insertTestHouse({ database });
    scope = { houseId: house.id, unitId: null };
  });
  afterEach(async () => {
    await database.close();
  });

  async function count(table: 'venue' | 'hall' | 'production' | 'performance' | 'price_category') {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('house_id', '=', scope.houseId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function insertUnit(slug: string) {
    const id = newId();
    const now = clock.now().toISOString();
    await database.db
      .insertInto('unit')
      .values({ id, house_id: scope.houseId, slug, name_de: slug, name_en: null, description_de: null, description_en: null, created_at: now, updated_at: now })
      .execute();
    return id;
  }

  const faust = () =>
    batch({
      venues: [venue('loc-1', 'Stadttheater Neustadt', { street: 'Theaterplatz 1', city: 'Neustadt' })],
      productions: [
        production('faust', {
          title: { de: 'Faust. Der Tragödie erster Teil', en: 'Faust, Part One' },
          genres: ['drama'],
          tags: ['Klassiker'],
          performers: [{ name: 'Anna Zöller', role: 'Gretchen' }],
        }),
      ],
      performances: [
        performance('faust-1', 'faust', '2026-10-02T17:30:00.000Z', {
          endsAt: '2026-10-02T20:30:00.000Z',
          venueRef: 'loc-1',
          prices: [
            { name: 'Kategorie A', amountMinor: 4200, currency: 'EUR' },
            { name: 'Kategorie B', amountMinor: 2800, currency: 'EUR' },
          ],
        }),
        performance('faust-2', 'faust', '2026-10-09T17:30:00.000Z', { venueRef: 'loc-1', prices: [{ name: 'Kategorie A', amountMinor: 4200, currency: 'EUR' }] }),
      ],
    });

  it('creates the venue, a default hall, the production with its texts, the performances and the prices', async () => {
    const report = await imports.applyBatch(scope, faust(), { sourceKey: 'file' });

    expect(report).toMatchObject({
      created: 4,
      updated: 0,
      unchanged: 0,
      skipped: [],
      dryRun: false,
      format: 'ics',
      details: {
        venues: { created: 1, updated: 0, unchanged: 0 },
        productions: { created: 1, updated: 0, unchanged: 0 },
        performances: { created: 2, updated: 0, unchanged: 0 },
      },
    });
    // The new hall's capacity is a guess, and the report says so.
    expect(report.warnings.map((w) => w.message).join('\n')).toContain(`capacity of ${DEFAULT_HALL_CAPACITY}`);

    const hall = await database.db.selectFrom('hall').select(['id', 'name', 'capacity']).executeTakeFirstOrThrow();
    expect(hall).toMatchObject({ name: 'Stadttheater Neustadt', capacity: DEFAULT_HALL_CAPACITY });
    const row = await database.db
      .selectFrom('production')
      .select(['id', 'slug', 'title_de', 'title_en', 'genres', 'tags', 'search_text', 'unit_id', 'source_ref'])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      slug: 'faust-der-tragoedie-erster-teil',
      title_de: 'Faust. Der Tragödie erster Teil',
      title_en: 'Faust, Part One',
      genres: '["drama"]',
      tags: '["Klassiker"]',
      unit_id: null,
      source_ref: 'file|faust',
    });
    expect(row.search_text).toContain('zoller');
    expect(row.search_text).toContain('schauspiel');
    const performances = await database.db.selectFrom('performance').select(['starts_at', 'ends_at', 'hall_id', 'status']).orderBy('starts_at').execute();
    expect(performances).toEqual([
      { starts_at: '2026-10-02T17:30:00.000Z', ends_at: '2026-10-02T20:30:00.000Z', hall_id: hall.id, status: 'scheduled' },
      { starts_at: '2026-10-09T17:30:00.000Z', ends_at: null, hall_id: hall.id, status: 'scheduled' },
    ]);
    const prices = await database.db
      .selectFrom('price_category')
      .select(['name_de', 'amount_minor', 'currency', 'production_id', 'performance_id', 'sort_order'])
      .orderBy('sort_order')
      .execute();
    expect(prices).toEqual([
      { name_de: 'Kategorie A', amount_minor: 4200, currency: 'EUR', production_id: row.id, performance_id: null, sort_order: 0 },
      { name_de: 'Kategorie B', amount_minor: 2800, currency: 'EUR', production_id: row.id, performance_id: null, sort_order: 1 },
    ]);
  });

  it('reports everything unchanged when the same source is imported again, and writes nothing', async () => {
    await imports.applyBatch(scope, faust(), { sourceKey: 'file' });
    const before = await database.db.selectFrom('performance').select(['id', 'updated_at']).orderBy('id').execute();
    clock.advance(60_000);

    const report = await imports.applyBatch(scope, faust(), { sourceKey: 'file' });

    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 4, skipped: [], warnings: [] });
    expect(await database.db.selectFrom('performance').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(before);
    expect(await count('production')).toBe(1);
    expect(await count('hall')).toBe(1);
    expect(await count('price_category')).toBe(2);
  });

  it('updates what changed in the source and adds what is new', async () => {
    await imports.applyBatch(scope, faust(), { sourceKey: 'file' });
    const changed = faust();
    changed.productions[0]!.title.de = 'Faust I';
    changed.performances[1]!.startsAt = '2026-10-10T17:30:00.000Z';
    changed.performances.push(performance('faust-3', 'faust', '2026-10-16T17:30:00.000Z', { venueRef: 'loc-1' }));

    const report = await imports.applyBatch(scope, changed, { sourceKey: 'file' });

    expect(report.details).toEqual({
      venues: { created: 0, updated: 0, unchanged: 1 },
      productions: { created: 0, updated: 1, unchanged: 0 },
      performances: { created: 1, updated: 1, unchanged: 1 },
      priceCategories: { created: 0, updated: 0, unchanged: 2, removed: 0 },
    });
    const row = await database.db.selectFrom('production').select(['title_de', 'slug']).executeTakeFirstOrThrow();
    // The title follows the source; the slug stays, so published links keep working.
    expect(row).toEqual({ title_de: 'Faust I', slug: 'faust-der-tragoedie-erster-teil' });
    const starts = await database.db.selectFrom('performance').select('starts_at').orderBy('starts_at').execute();
    expect(starts.map((s) => s.starts_at)).toEqual(['2026-10-02T17:30:00.000Z', '2026-10-10T17:30:00.000Z', '2026-10-16T17:30:00.000Z']);
  });

  it('gives a dry run the very report of the real run and writes nothing', async () => {
    const dry = await imports.applyBatch(scope, faust(), { sourceKey: 'file', dryRun: true });
    expect(await count('venue')).toBe(0);
    expect(await count('production')).toBe(0);
    expect(await count('performance')).toBe(0);

    const real = await imports.applyBatch(scope, faust(), { sourceKey: 'file' });
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(dry.dryRun).toBe(true);

    const changed = faust();
    changed.performances[0]!.status = 'cancelled';
    const dryAgain = await imports.applyBatch(scope, changed, { sourceKey: 'file', dryRun: true });
    const realAgain = await imports.applyBatch(scope, changed, { sourceKey: 'file' });
    expect({ ...dryAgain, dryRun: false }).toEqual(realAgain);
    expect(realAgain.details.performances).toEqual({ created: 0, updated: 1, unchanged: 1 });
  });

  it('keeps two sources with the same ids apart', async () => {
    await imports.applyBatch(scope, faust(), { sourceKey: 'feed:a' });
    const report = await imports.applyBatch(scope, faust(), { sourceKey: 'feed:b' });

    expect(report.details.productions.created).toBe(1);
    expect(report.details.performances.created).toBe(2);
    // Both feeds name the same place: the second uses the venue the first created.
    expect(report.details.venues).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const slugs = await database.db.selectFrom('production').select('slug').orderBy('slug').execute();
    expect(slugs.map((s) => s.slug)).toEqual(['faust-der-tragoedie-erster-teil', 'faust-der-tragoedie-erster-teil-2']);
  });

  it('uses a venue and hall the house already has, matched by name, and leaves them as they are', async () => {
    const now = clock.now().toISOString();
    const venueId = newId();
    const hallId = newId();
    await database.db
      .insertInto('venue')
      .values({ id: venueId, house_id: scope.houseId, name: 'Stadttheater Neustadt', street: 'Am Markt 3', postal_code: null, city: null, country: null, latitude: null, longitude: null, directions_de: null, directions_en: null, source_ref: null, created_at: now, updated_at: now })
      .execute();
    for (const [id, name, capacity] of [[hallId, 'Kammerspiele', 199], [newId(), 'Großes Haus', 720]] as const) {
      await database.db.insertInto('hall').values({ id, house_id: scope.houseId, venue_id: venueId, name, capacity, accessibility: '[]', source_ref: null, created_at: now, updated_at: now }).execute();
    }
    const input = faust();
    for (const p of input.performances) p.hallName = 'kammerspiele';

    const report = await imports.applyBatch(scope, input, { sourceKey: 'file' });

    expect(report.details.venues).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(report.warnings).toEqual([]);
    const halls = await database.db.selectFrom('performance').select('hall_id').execute();
    expect(halls.map((h) => h.hall_id)).toEqual([hallId, hallId]);
    const kept = await database.db.selectFrom('venue').select(['street', 'source_ref']).executeTakeFirstOrThrow();
    expect(kept).toEqual({ street: 'Am Markt 3', source_ref: null });
    expect(await count('hall')).toBe(2);
  });

  it('creates a named hall with the largest capacity the source gives for it', async () => {
    const input = faust();
    input.performances[0]!.hallName = 'Foyerbühne';
    input.performances[0]!.capacity = 80;
    input.performances[1]!.hallName = 'Foyerbühne';
    input.performances[1]!.capacity = 120;

    const report = await imports.applyBatch(scope, input, { sourceKey: 'file' });

    const halls = await database.db.selectFrom('hall').select(['name', 'capacity']).execute();
    expect(halls).toEqual([{ name: 'Foyerbühne', capacity: 120 }]);
    expect(report.warnings).toEqual([]);
  });

  it('keeps performances that left a feed, warns about those still ahead, and cancels what the source cancels', async () => {
    const first = faust();
    first.performances.push(performance('faust-old', 'faust', '2026-08-01T17:30:00.000Z', { venueRef: 'loc-1' }));
    await imports.applyBatch(scope, first, { sourceKey: 'feed:x', reportMissing: true });

    const next = faust();
    next.performances = [{ ...next.performances[0]!, status: 'cancelled' }];
    const report = await imports.applyBatch(scope, next, { sourceKey: 'feed:x', reportMissing: true });

    expect(await count('performance')).toBe(3);
    expect(report.warnings).toEqual([expect.objectContaining({ where: 'faust-2', message: expect.stringContaining('no longer in the source') })]);
    const cancelled = await database.db.selectFrom('performance').select('status').where('source_ref', '=', 'feed:x|faust-1').executeTakeFirstOrThrow();
    expect(cancelled.status).toBe('cancelled');
  });

  it('skips what it cannot place, saying where and why, and imports the rest', async () => {
    const input = faust();
    input.skipped.push({ where: 'line 12', reason: 'VEVENT without DTSTART' });
    input.performances.push(
      performance('faust-1', 'faust', '2026-11-01T17:30:00.000Z', { where: 'line 40' }),
      performance('ghost-1', 'ghost', '2026-11-01T17:30:00.000Z', { where: 'line 50' }),
      performance('bad-1', 'faust', 'next tuesday', { where: 'line 60' }),
    );
    input.productions.push(production('untitled', { title: {}, where: 'line 70' }));

    const report = await imports.applyBatch(scope, input, { sourceKey: 'file' });

    expect(report.skipped).toEqual([
      { where: 'line 12', reason: 'VEVENT without DTSTART' },
      { where: 'line 70', reason: 'production without a title' },
      { where: 'line 40', reason: 'duplicate of the performance at VEVENT UID=faust-1' },
      { where: 'line 50', reason: 'belongs to production "ghost", which the source does not contain' },
      { where: 'line 60', reason: 'start "next tuesday" is not a date and time' },
    ]);
    expect(report.details.performances.created).toBe(2);
  });

  it('gives a production its most common price and a performance that differs a price of its own', async () => {
    const input = faust();
    input.performances.push(
      performance('faust-3', 'faust', '2026-10-16T17:30:00.000Z', { venueRef: 'loc-1', prices: [{ name: 'Kategorie A', amountMinor: 4200, currency: 'EUR' }] }),
      performance('faust-premiere', 'faust', '2026-09-30T17:30:00.000Z', { venueRef: 'loc-1', prices: [{ name: 'Kategorie A', amountMinor: 6000, currency: 'EUR' }] }),
    );
    await imports.applyBatch(scope, input, { sourceKey: 'file' });

    const rows = await database.db
      .selectFrom('price_category')
      .leftJoin('performance', 'performance.id', 'price_category.performance_id')
      .select(['price_category.name_de', 'price_category.amount_minor', 'performance.source_ref'])
      .orderBy('price_category.amount_minor')
      .execute();
    expect(rows).toEqual([
      { name_de: 'Kategorie B', amount_minor: 2800, source_ref: null },
      { name_de: 'Kategorie A', amount_minor: 4200, source_ref: null },
      { name_de: 'Kategorie A', amount_minor: 6000, source_ref: 'file|faust-premiere' },
    ]);
  });

  it('imports into a unit, and lets unit staff import only into their own', async () => {
    const young = await insertUnit('junges-haus');
    const other = await insertUnit('museum');

    await imports.applyBatch(scope, faust(), { sourceKey: 'file', unitId: young });
    expect((await database.db.selectFrom('production').select('unit_id').executeTakeFirstOrThrow()).unit_id).toBe(young);

    const staffOfOther: Scope = { houseId: scope.houseId, unitId: other };
    await expect(imports.applyBatch(staffOfOther, faust(), { sourceKey: 'file', unitId: young })).rejects.toMatchObject({ code: 'forbidden' });

    const changed = faust();
    changed.productions[0]!.title.de = 'Faust (übernommen)';
    const report = await imports.applyBatch(staffOfOther, changed, { sourceKey: 'file' });
    expect(report.skipped).toEqual([
      expect.objectContaining({ where: 'VEVENT UID=faust', reason: expect.stringContaining('belongs to another unit') }),
    ]);
    expect(report.details.productions).toEqual({ created: 0, updated: 0, unchanged: 0 });
    const row = await database.db.selectFrom('production').select(['unit_id', 'title_de']).executeTakeFirstOrThrow();
    expect(row).toEqual({ unit_id: young, title_de: 'Faust. Der Tragödie erster Teil' });
  });

  it('refuses a unit of another house', async () => {
    await expect(imports.applyBatch(scope, faust(), { sourceKey: 'file', unitId: newId() })).rejects.toMatchObject({ code: 'validation' });
  });

  it('leaves nothing behind when the 500th of 1000 performances fails to write', async () => {
    if (testEngine === 'sqlite') {
      await sql`create trigger fail_500 before insert on performance when new.source_ref = 'file|perf-500' begin select raise(abort, 'disk says no'); end`.execute(database.db);
    } else {
      await sql`create function fail_500() returns trigger language plpgsql as $$
        begin
          if new.source_ref = 'file|perf-500' then raise exception 'disk says no'; end if;
          return new;
        end $$`.execute(database.db);
      await sql`create trigger fail_500 before insert on performance for each row execute function fail_500()`.execute(database.db);
    }
    const input = largeBatch(100, 10);
    expect(input.performances).toHaveLength(1000);

    await expect(imports.applyBatch(scope, input, { sourceKey: 'file' })).rejects.toThrow(/disk says no/);

    expect(await count('venue')).toBe(0);
    expect(await count('hall')).toBe(0);
    expect(await count('production')).toBe(0);
    expect(await count('performance')).toBe(0);
    expect(await count('price_category')).toBe(0);
  });

  it('imports a thousand performances and finds all of them unchanged the second time', async () => {
    const first = await imports.applyBatch(scope, largeBatch(100, 10), { sourceKey: 'file' });
    expect(first.details.performances.created).toBe(1000);
    expect(first.details.productions.created).toBe(100);
    expect(await count('price_category')).toBe(100);
    const second = await imports.applyBatch(scope, largeBatch(100, 10), { sourceKey: 'file' });
    expect(second.details.performances).toEqual({ created: 0, updated: 0, unchanged: 1000 });
  });

  const csvFile = (lines: string[], name = 'spielplan.csv') => ({ kind: 'file' as const, name, bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) });

  it("leaves a unit's rows untouched when another unit uploads a file with the same ids", async () => {
    const young = await insertUnit('junges-haus');
    const museum = await insertUnit('museum');
    const header = 'Veranstaltungs-ID;Titel;Datum;Beginn';
    await imports.runImport({ houseId: scope.houseId, unitId: young }, { source: csvFile([header, '1;Momo;02.10.2026;16:00']), actor: 'staff:a' });

    const report = await imports.runImport({ houseId: scope.houseId, unitId: museum }, { source: csvFile([header, '1;Führung;03.10.2026;11:00']), actor: 'staff:b' });

    expect(report.report.details.performances.created).toBe(1);
    const rows = await database.db
      .selectFrom('performance')
      .innerJoin('production', 'production.id', 'performance.production_id')
      .select(['production.unit_id', 'production.title_de', 'performance.starts_at'])
      .orderBy('performance.starts_at')
      .execute();
    expect(rows).toEqual([
      { unit_id: young, title_de: 'Momo', starts_at: '2026-10-02T14:00:00.000Z' },
      { unit_id: museum, title_de: 'Führung', starts_at: '2026-10-03T09:00:00.000Z' },
    ]);
  });

  it('removes imported price categories the source no longer gives, and keeps those made by hand', async () => {
    const input = faust();
    input.performances.push(
      performance('faust-premiere', 'faust', '2026-09-30T17:30:00.000Z', { venueRef: 'loc-1', prices: [{ name: 'Kategorie A', amountMinor: 6000, currency: 'EUR' }] }),
    );
    await imports.applyBatch(scope, input, { sourceKey: 'file' });
    const production = await database.db.selectFrom('production').select('id').executeTakeFirstOrThrow();
    const now = clock.now().toISOString();
    await database.db
      .insertInto('price_category')
      .values({ id: newId(), house_id: scope.houseId, production_id: production.id, performance_id: null, code: 'foerder', name_de: 'Förderkreis', name_en: null, amount_minor: 1000, currency: 'EUR', quota: 20, reductions: '[]', sort_order: 9, source_ref: null, created_at: now, updated_at: now })
      .execute();

    // The premiere costs what the others cost now, and Kategorie B is gone from the source.
    const changed = faust();
    changed.performances[0]!.prices = [{ name: 'Kategorie A', amountMinor: 4200, currency: 'EUR' }];
    changed.performances.push(
      performance('faust-premiere', 'faust', '2026-09-30T17:30:00.000Z', { venueRef: 'loc-1', prices: [{ name: 'Kategorie A', amountMinor: 4200, currency: 'EUR' }] }),
    );
    const dry = await imports.applyBatch(scope, changed, { sourceKey: 'file', dryRun: true });
    const report = await imports.applyBatch(scope, changed, { sourceKey: 'file' });

    expect(report.details.priceCategories).toEqual({ created: 0, updated: 0, unchanged: 1, removed: 2 });
    expect({ ...dry, dryRun: false }).toEqual(report);
    const rows = await database.db.selectFrom('price_category').select(['name_de', 'amount_minor', 'performance_id']).orderBy('amount_minor').execute();
    expect(rows).toEqual([
      { name_de: 'Förderkreis', amount_minor: 1000, performance_id: null },
      { name_de: 'Kategorie A', amount_minor: 4200, performance_id: null },
    ]);
  });

  it('keeps the prices of a production and a performance with the same CSV id apart', async () => {
    const header = 'Veranstaltungs-ID;Produktions-ID;Titel;Datum;Beginn;Preis';
    const season = (common: string, own: string) =>
      csvFile([header, `11;12;Faust;02.10.2026;19:30;${common}`, `12;12;Faust;09.10.2026;19:30;${own}`, `13;12;Faust;16.10.2026;19:30;${common}`]);
    await imports.runImport(scope, { source: season('30,00', '20,00'), actor: 'cli' });

    await imports.runImport(scope, { source: season('35,00', '25,00'), actor: 'cli' });

    const rows = await database.db
      .selectFrom('price_category')
      .leftJoin('performance', 'performance.id', 'price_category.performance_id')
      .select(['price_category.amount_minor', 'performance.source_ref'])
      .orderBy('price_category.amount_minor')
      .execute();
    expect(rows).toEqual([
      { amount_minor: 2500, source_ref: 'file|12' },
      { amount_minor: 3500, source_ref: null },
    ]);
  });

  it('reads prices without a currency in the currency of the house', async () => {
    await database.db.updateTable('house').set({ currency: 'CHF' }).where('id', '=', scope.houseId).execute();
    await imports.runImport(scope, { source: csvFile(['Titel;Datum;Beginn;Preis', 'Faust;02.10.2026;19:30;32,00']), actor: 'cli' });
    const price = await database.db.selectFrom('price_category').select(['amount_minor', 'currency']).executeTakeFirstOrThrow();
    expect(price).toEqual({ amount_minor: 3200, currency: 'CHF' });
  });

  it('imports the rest of a row whose numbers the catalogue would refuse', async () => {
    const input = faust();
    input.productions[0]!.durationMinutes = 1e10;
    input.performances[0]!.capacity = 1.5;
    input.performances[0]!.prices = [{ name: 'Kategorie A', amountMinor: 1e12, currency: 'EUR' }];
    input.performances[1]!.capacity = -3;

    const report = await imports.applyBatch(scope, input, { sourceKey: 'file' });

    expect(report.details.performances.created).toBe(2);
    expect(report.warnings.filter((w) => w.message.endsWith('left out'))).toHaveLength(4);
    const production = await database.db.selectFrom('production').select('duration_minutes').executeTakeFirstOrThrow();
    expect(production.duration_minutes).toBeNull();
    const capacities = await database.db.selectFrom('performance').select('capacity').execute();
    expect(capacities).toEqual([{ capacity: null }, { capacity: null }]);
  });

  it('refuses a file over the import limit, naming the limit, and records the failed run', async () => {
    const small = createImportService({ database, clock, limits: { ...limits, importMaxBytes: 2048 } });
    const big = csvFile(['Titel;Datum', ...Array.from({ length: 200 }, (_, n) => `Stück ${n};02.10.2026`)]);

    await expect(small.runImport(scope, { source: big, actor: 'cli' })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('more than the import limit of 2 kB (FOYER_IMPORT_MAX_MB)'),
    });
    expect(await count('production')).toBe(0);
    const runs = await small.listRuns(scope, 'cli', { limit: 10, offset: 0 });
    expect(runs.items).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'validation' }) })]);
  });
});
