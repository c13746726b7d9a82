import { sql } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';
import { chunks, lockTransaction } from '../../core/db/batch.ts';
import type { Executor } from '../../core/db/database.ts';
import { toJson } from '../../core/db/json.ts';
import { type ImportRunRow, runColumnValues } from '../../core/import/runs.ts';
import type {
  ExistingPerformance,
  ExistingPriceCategory,
  ExistingProduction,
  ExistingState,
  HallInsert,
  PerformanceInsert,
  PerformanceUpdate,
  PriceCategoryInsert,
  PriceCategoryUpdate,
  ProductionInsert,
  ProductionUpdate,
  VenueInsert,
  VenueUpdate,
} from './plan.ts';

/*
 * The import's own SQL. Every query filters by house. An import reads what the house
 * holds once (a few queries, whatever the size of the file) and writes in chunks of
 * multi-row INSERTs: 10,000 performances are 20 statements, not 10,000.
 */

/**
 * Rows per multi-row INSERT. The widest row here has 27 columns: 400 rows are 10,800
 * bound values, below SQLite's limit of 32,766 and PostgreSQL's of 65,535.
 */
const CHUNK_ROWS = 400;

/**
 * source_ref starts with the source's prefix ('feed:<id>|', 'file|'). substr() instead
 * of LIKE: a prefix may hold '%' or '_' (URLs do), and substr means the same on both engines.
 */
function hasPrefix(prefix: string, column = 'source_ref') {
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
}

// ---------- houses and units ----------

export async function findHouse(db: Executor, houseId: string) {
  return db
    .selectFrom('house')
    .select(['id', 'slug', 'name', 'time_zone', 'default_language', 'currency'])
    .where('id', '=', houseId)
    .executeTakeFirst();
}

/** The CLI's --house takes an id or a slug. */
export async function findHouseByIdOrSlug(db: Executor, idOrSlug: string) {
  return db
    .selectFrom('house')
    .select(['id', 'slug', 'name'])
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
}

/** Only for the CLI, which acts for the machine's owner rather than for one house. */
export async function listHouses(db: Executor) {
  return db.selectFrom('house').select(['id', 'slug', 'name']).orderBy('name').execute();
}

export async function findUnit(db: Executor, houseId: string, idOrSlug: string) {
  return db
    .selectFrom('unit')
    .select(['id', 'slug', 'name_de'])
    .where('house_id', '=', houseId)
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
}

// ---------- what the house holds, read once per import ----------

/**
 * Everything the plan matches against, in six queries. Productions and performances
 * are read for the whole house, not only the caller's unit: the (house_id, source_ref)
 * keys are unique across units, so a unit import must see another unit's row to leave
 * it alone instead of colliding with it. A performance comes with its production's
 * unit for that reason.
 */
export async function loadExistingState(db: Executor, houseId: string, prefix: string): Promise<ExistingState> {
  const [venues, halls, productions, performances, prices, slugs] = await Promise.all([
    db
      .selectFrom('venue')
      .select(['id', 'name', 'source_ref', 'street', 'postal_code', 'city', 'country', 'latitude', 'longitude'])
      .where('house_id', '=', houseId)
      .orderBy('created_at')
      .execute(),
    db.selectFrom('hall').select(['id', 'venue_id', 'name']).where('house_id', '=', houseId).orderBy('created_at').execute(),
    db
      .selectFrom('production')
      .select(['id', 'unit_id', 'source_ref', 'source_hash'])
      .where('house_id', '=', houseId)
      .where(hasPrefix(prefix))
      .execute(),
    db
      .selectFrom('performance')
      .innerJoin('production', 'production.id', 'performance.production_id')
      .select([
        'performance.id',
        'performance.starts_at',
        'performance.source_ref',
        'performance.source_hash',
        'production.unit_id',
      ])
      .where('performance.house_id', '=', houseId)
      .where(hasPrefix(prefix, 'performance.source_ref'))
      .execute(),
    // Only imported categories: a hand-made one (source_ref null) never matches a prefix.
    db
      .selectFrom('price_category')
      .select(['id', 'production_id', 'performance_id', 'code', 'name_de', 'amount_minor', 'currency', 'sort_order', 'source_ref'])
      .where('house_id', '=', houseId)
      .where(hasPrefix(prefix))
      .orderBy('id')
      .execute(),
    db.selectFrom('production').select('slug').where('house_id', '=', houseId).execute(),
  ]);
  return {
    venues: venues.map((v) => ({
      id: v.id,
      name: v.name,
      sourceRef: v.source_ref,
      street: v.street,
      postalCode: v.postal_code,
      city: v.city,
      country: v.country,
      latitude: v.latitude,
      longitude: v.longitude,
    })),
    halls: halls.map((h) => ({ id: h.id, venueId: h.venue_id, name: h.name })),
    productions: new Map<string, ExistingProduction>(
      productions.map((p) => [p.source_ref as string, { id: p.id, unitId: p.unit_id, sourceHash: p.source_hash }]),
    ),
    performances: new Map<string, ExistingPerformance>(
      performances.map((p) => [
        p.source_ref as string,
        { id: p.id, startsAt: p.starts_at, sourceHash: p.source_hash, unitId: p.unit_id },
      ]),
    ),
    priceCategories: prices.map(
      (p): ExistingPriceCategory => ({
        id: p.id,
        productionId: p.production_id,
        performanceId: p.performance_id,
        sourceRef: p.source_ref as string,
        code: p.code,
        nameDe: p.name_de,
        amountMinor: p.amount_minor,
        currency: p.currency,
        sortOrder: p.sort_order,
      }),
    ),
    slugs: new Set(slugs.map((s) => s.slug)),
  };
}

/**
 * Two imports into one house at the same time would both plan an insert for the same
 * new source_ref; on PostgreSQL the second waits here for the first to commit. SQLite
 * has one writer anyway.
 */
export async function lockHouseImports(db: Executor, engine: DatabaseEngine, houseId: string): Promise<void> {
  await lockTransaction(db, engine, `import:${houseId}`);
}

// ---------- writes, in chunks ----------

export async function insertVenues(db: Executor, houseId: string, rows: readonly VenueInsert[], now: string, onRows?: (count: number) => void): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('venue')
      .values(
        chunk.map((v) => ({
          id: v.id,
          house_id: houseId,
          name: v.name,
          street: v.street,
          postal_code: v.postalCode,
          city: v.city,
          country: v.country,
          latitude: v.latitude,
          longitude: v.longitude,
          directions_de: null,
          directions_en: null,
          source_ref: v.sourceRef,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    onRows?.(chunk.length);
  }
}

/** Only the address fields the source gave and that differ (the plan decides which). */
export async function updateVenue(db: Executor, houseId: string, update: VenueUpdate, now: string): Promise<void> {
  await db
    .updateTable('venue')
    .set({
      ...(update.street === undefined ? {} : { street: update.street }),
      ...(update.postalCode === undefined ? {} : { postal_code: update.postalCode }),
      ...(update.city === undefined ? {} : { city: update.city }),
      ...(update.country === undefined ? {} : { country: update.country }),
      ...(update.latitude === undefined ? {} : { latitude: update.latitude }),
      ...(update.longitude === undefined ? {} : { longitude: update.longitude }),
      updated_at: now,
    })
    .where('house_id', '=', houseId)
    .where('id', '=', update.id)
    .execute();
}

export async function insertHalls(db: Executor, houseId: string, rows: readonly HallInsert[], now: string, onRows?: (count: number) => void): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('hall')
      .values(
        chunk.map((h) => ({
          id: h.id,
          house_id: houseId,
          venue_id: h.venueId,
          name: h.name,
          capacity: h.capacity,
          accessibility: '[]',
          source_ref: h.sourceRef,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    onRows?.(chunk.length);
  }
}

function productionColumns(p: ProductionUpdate | ProductionInsert) {
  return {
    kind: p.kind,
    title_de: p.titleDe,
    title_en: p.titleEn,
    subtitle_de: p.subtitleDe,
    subtitle_en: p.subtitleEn,
    description_de: p.descriptionDe,
    description_en: p.descriptionEn,
    genres: toJson(p.genres),
    tags: toJson(p.tags),
    audience: p.audience,
    age_min: p.ageMin,
    age_max: p.ageMax,
    duration_minutes: p.durationMinutes,
    performance_language: p.performanceLanguage,
    performers: toJson(p.performers),
    creative_team: toJson(p.creativeTeam),
    image_url: p.imageUrl,
    booking_url: p.bookingUrl,
    venue_id: p.venueId,
    runs_from: p.runsFrom,
    runs_until: p.runsUntil,
    search_text: p.searchText,
    source_hash: p.sourceHash,
  };
}

export async function insertProductions(db: Executor, houseId: string, rows: readonly ProductionInsert[], now: string, onRows?: (count: number) => void): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('production')
      .values(
        chunk.map((p) => ({
          id: p.id,
          house_id: houseId,
          unit_id: p.unitId,
          slug: p.slug,
          ...productionColumns(p),
          // Fields no source format carries start empty; staff fill them in and imports keep them.
          surtitles: '[]',
          accessibility: '[]',
          opening_hours: null,
          source_ref: p.sourceRef,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    onRows?.(chunk.length);
  }
}

/** Writes the imported fields only: slug, surtitles, accessibility and opening hours stay as the staff set them. */
export async function updateProduction(db: Executor, houseId: string, update: ProductionUpdate, now: string): Promise<void> {
  await db
    .updateTable('production')
    .set({
      ...productionColumns(update),
      ...(update.unitId === undefined ? {} : { unit_id: update.unitId }),
      updated_at: now,
    })
    .where('house_id', '=', houseId)
    .where('id', '=', update.id)
    .execute();
}

function performanceColumns(p: PerformanceInsert | PerformanceUpdate) {
  return {
    production_id: p.productionId,
    hall_id: p.hallId,
    starts_at: p.startsAt,
    ends_at: p.endsAt,
    status: p.status,
    capacity: p.capacity,
    booking_url: p.bookingUrl,
    source_hash: p.sourceHash,
  };
}

export async function insertPerformances(db: Executor, houseId: string, rows: readonly PerformanceInsert[], now: string, onRows?: (count: number) => void): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('performance')
      .values(
        chunk.map((p) => ({
          id: p.id,
          house_id: houseId,
          ...performanceColumns(p),
          rescheduled_from: null,
          note_de: null,
          note_en: null,
          source_ref: p.sourceRef,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    onRows?.(chunk.length);
  }
}

export async function updatePerformance(db: Executor, houseId: string, update: PerformanceUpdate, now: string): Promise<void> {
  await db
    .updateTable('performance')
    .set({ ...performanceColumns(update), updated_at: now })
    .where('house_id', '=', houseId)
    .where('id', '=', update.id)
    .execute();
}

export async function insertPriceCategories(db: Executor, houseId: string, rows: readonly PriceCategoryInsert[], now: string, onRows?: (count: number) => void): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await db
      .insertInto('price_category')
      .values(
        chunk.map((p) => ({
          id: p.id,
          house_id: houseId,
          production_id: p.productionId,
          performance_id: p.performanceId,
          code: p.code,
          name_de: p.nameDe,
          name_en: null,
          amount_minor: p.amountMinor,
          currency: p.currency,
          quota: null,
          reductions: '[]',
          sort_order: p.sortOrder,
          source_ref: p.sourceRef,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    onRows?.(chunk.length);
  }
}

export async function updatePriceCategory(db: Executor, houseId: string, update: PriceCategoryUpdate, now: string): Promise<void> {
  await db
    .updateTable('price_category')
    .set({
      code: update.code,
      name_de: update.nameDe,
      amount_minor: update.amountMinor,
      currency: update.currency,
      sort_order: update.sortOrder,
      source_ref: update.sourceRef,
      updated_at: now,
    })
    .where('house_id', '=', houseId)
    .where('id', '=', update.id)
    .execute();
}

/**
 * Imported categories the source no longer gives (the plan picked them by owner). The
 * source_ref condition is a second lock on the door: a category created by hand is never
 * deleted by an import, whatever id reaches this.
 */
export async function deletePriceCategories(db: Executor, houseId: string, ids: readonly string[], onRows?: (count: number) => void): Promise<void> {
  for (const chunk of chunks(ids, CHUNK_ROWS)) {
    await db.deleteFrom('price_category').where('house_id', '=', houseId).where('id', 'in', chunk).where('source_ref', 'is not', null).execute();
    onRows?.(chunk.length);
  }
}

// ---------- import runs ----------

export async function insertImportRun(db: Executor, run: ImportRunRow & { feedSourceId: string | null; format: string }): Promise<void> {
  await db
    .insertInto('import_run')
    .values({ ...runColumnValues(run), feed_source_id: run.feedSourceId, format: run.format })
    .execute();
}

const runColumns = ['id', 'feed_source_id', 'source', 'format', 'dry_run', 'status', 'report', 'actor', 'started_at', 'finished_at'] as const;

/** Who reads the runs: unitId null for house staff; the actor ref ('staff:<id>', 'api_key:<id>') of the reader. */
export interface RunViewer {
  unitId: string | null;
  actor: string;
}

/**
 * The runs a viewer may see. House staff: every run of the house. Unit staff: the runs
 * of their unit's feeds and the runs they started (import_run has no unit of its own, so
 * an upload by a colleague of the same unit is not among them).
 */
function visibleRuns(db: Executor, houseId: string, viewer: RunViewer) {
  const query = db.selectFrom('import_run').where('import_run.house_id', '=', houseId);
  const unitId = viewer.unitId;
  if (unitId === null) return query;
  return query.where((eb) =>
    eb.or([
      eb(
        'import_run.feed_source_id',
        'in',
        eb.selectFrom('feed_source').select('feed_source.id').where('feed_source.house_id', '=', houseId).where('feed_source.unit_id', '=', unitId),
      ),
      eb('import_run.actor', '=', viewer.actor),
    ]),
  );
}

/** Newest first; the (house_id, started_at) index serves it. */
export async function listImportRuns(db: Executor, houseId: string, viewer: RunViewer, filter: { feedSourceId?: string; limit: number; offset: number }) {
  let query = visibleRuns(db, houseId, viewer);
  if (filter.feedSourceId !== undefined) query = query.where('import_run.feed_source_id', '=', filter.feedSourceId);
  const [items, total] = await Promise.all([
    query.select(runColumns).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function findImportRun(db: Executor, houseId: string, viewer: RunViewer, id: string) {
  return visibleRuns(db, houseId, viewer).select(runColumns).where('import_run.id', '=', id).executeTakeFirst();
}

// ---------- feed sources ----------

const feedColumns = [
  'id',
  'house_id',
  'unit_id',
  'name',
  'url',
  'format',
  'options',
  'cron',
  'enabled',
  'last_run_at',
  'last_status',
  'last_report',
  'created_at',
  'updated_at',
] as const;

export interface FeedRow {
  id: string;
  houseId: string;
  unitId: string | null;
  name: string;
  url: string;
  format: string;
  options: string;
  cron: string;
  enabled: boolean;
  createdAt: string;
}

export async function insertFeed(db: Executor, row: FeedRow): Promise<void> {
  await db
    .insertInto('feed_source')
    .values({
      id: row.id,
      house_id: row.houseId,
      unit_id: row.unitId,
      name: row.name,
      url: row.url,
      format: row.format,
      options: row.options,
      cron: row.cron,
      enabled: row.enabled ? 1 : 0,
      last_run_at: null,
      last_status: null,
      last_report: null,
      created_at: row.createdAt,
      updated_at: row.createdAt,
    })
    .execute();
}

/** Unit staff see and change only their unit's feeds (unitId set); house staff all of them. */
export async function findFeed(db: Executor, houseId: string, unitId: string | null, id: string) {
  let query = db.selectFrom('feed_source').select(feedColumns).where('house_id', '=', houseId).where('id', '=', id);
  if (unitId !== null) query = query.where('unit_id', '=', unitId);
  return query.executeTakeFirst();
}

export async function listFeeds(db: Executor, houseId: string, unitId: string | null, page: { limit: number; offset: number }) {
  let query = db.selectFrom('feed_source').where('house_id', '=', houseId);
  if (unitId !== null) query = query.where('unit_id', '=', unitId);
  const [items, total] = await Promise.all([
    query.select(feedColumns).orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Every enabled feed of every house: the worker (re)creates their schedules at start. */
export async function listEnabledFeeds(db: Executor) {
  return db
    .selectFrom('feed_source')
    .innerJoin('house', 'house.id', 'feed_source.house_id')
    .select(['feed_source.id', 'feed_source.house_id', 'feed_source.cron', 'house.time_zone'])
    .where('feed_source.enabled', '=', 1)
    .execute();
}

export async function updateFeed(
  db: Executor,
  houseId: string,
  id: string,
  set: { name: string; url: string; format: string; options: string; cron: string; enabled: boolean; unitId: string | null; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('feed_source')
    .set({
      name: set.name,
      url: set.url,
      format: set.format,
      options: set.options,
      cron: set.cron,
      enabled: set.enabled ? 1 : 0,
      unit_id: set.unitId,
      updated_at: set.updatedAt,
    })
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .execute();
}

export async function recordFeedRun(
  db: Executor,
  houseId: string,
  id: string,
  run: { at: string; status: 'ok' | 'failed'; report: string },
): Promise<void> {
  await db
    .updateTable('feed_source')
    .set({ last_run_at: run.at, last_status: run.status, last_report: run.report })
    .where('house_id', '=', houseId)
    .where('id', '=', id)
    .execute();
}

export async function deleteFeed(db: Executor, houseId: string, id: string): Promise<void> {
  await db.deleteFrom('feed_source').where('house_id', '=', houseId).where('id', '=', id).execute();
}
