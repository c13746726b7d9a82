import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';
import { fromJson } from '../../core/db/json.ts';
import type {
  HouseState,
  Language,
  ProgrammeFilter,
  PublicHouse,
  PublicPerformance,
  PublicPrice,
  PublicProduction,
  PublicUnit,
  PublicVenue,
} from './model.ts';

/*
 * Read-only queries of the public programme. Every query filters by house_id and lists
 * its columns. What is public: every production, performance and price category of the
 * house (the catalogue has no drafts); past performances only when a query asks for them.
 */

// ---------- the house and its catalogue version ----------

const versionedTables = ['production', 'performance', 'price_category', 'unit', 'venue', 'hall'] as const;

/**
 * One query per public request: the house by slug, plus per catalogue table its latest
 * updated_at and its row count ("2026-10-01T…/312"). The count catches deletions, which
 * leave no updated_at behind. Both parts are index seeks on (house_id, updated_at).
 */
export async function findHouseState(db: Executor, slug: string): Promise<HouseState | undefined> {
  const row = await db
    .selectFrom('house as h')
    .select([
      'h.id',
      'h.slug',
      'h.name',
      'h.time_zone',
      'h.languages',
      'h.default_language',
      'h.currency',
      'h.street',
      'h.postal_code',
      'h.city',
      'h.country',
      'h.website',
      'h.email',
      'h.phone',
      'h.updated_at',
    ])
    .select(versionedTables.map((table) =>
      sql<string>`(select coalesce(max(updated_at), '') || '/' || count(*) from ${sql.table(table)} where house_id = h.id)`.as(`v_${table}`),
    ))
    .where('h.slug', '=', slug)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const record = row as typeof row & Record<`v_${(typeof versionedTables)[number]}`, string>;
  const parts = versionedTables.map((table) => String(record[`v_${table}`]));
  let lastModified = row.updated_at;
  for (const part of parts) {
    const stamp = part.slice(0, part.lastIndexOf('/'));
    if (stamp > lastModified) lastModified = stamp;
  }
  const house: PublicHouse = {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    languages: fromJson<Language[]>(row.languages, ['de']),
    defaultLanguage: row.default_language === 'en' ? 'en' : 'de',
    currency: row.currency,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    website: row.website,
    email: row.email,
    phone: row.phone,
  };
  return { house, version: `${row.updated_at}|${parts.join('|')}`, lastModified };
}

// ---------- performances ----------

function performanceBase(db: Executor, houseId: string) {
  return (
    db
      .selectFrom('performance as p')
      // The production join repeats the house: a performance never shows another house's production.
      .innerJoin('production as pr', (join) => join.onRef('pr.id', '=', 'p.production_id').onRef('pr.house_id', '=', 'p.house_id'))
      .leftJoin('unit as u', 'u.id', 'pr.unit_id')
      .leftJoin('hall as h', 'h.id', 'p.hall_id')
      .leftJoin('venue as v', (join) => join.on((eb) => eb('v.id', '=', eb.fn.coalesce('h.venue_id', 'pr.venue_id'))))
      .where('p.house_id', '=', houseId)
  );
}

type PerformanceQuery = ReturnType<typeof performanceBase>;

const productionColumns = [
  'pr.id as pr_id',
  'pr.slug as pr_slug',
  'pr.kind as pr_kind',
  'pr.title_de',
  'pr.title_en',
  'pr.subtitle_de',
  'pr.subtitle_en',
  'pr.description_de',
  'pr.description_en',
  'pr.genres',
  'pr.tags',
  'pr.audience',
  'pr.age_min',
  'pr.age_max',
  'pr.duration_minutes',
  'pr.performance_language',
  'pr.surtitles',
  'pr.accessibility',
  'pr.performers',
  'pr.image_url',
  'pr.booking_url as pr_booking_url',
  'pr.runs_from',
  'pr.runs_until',
  'pr.opening_hours',
  'pr.updated_at as pr_updated_at',
  'u.id as u_id',
  'u.slug as u_slug',
  'u.name_de as u_name_de',
  'u.name_en as u_name_en',
  'v.id as v_id',
  'v.name as v_name',
  'v.street as v_street',
  'v.postal_code as v_postal_code',
  'v.city as v_city',
  'v.country as v_country',
  'v.latitude as v_latitude',
  'v.longitude as v_longitude',
] as const;

function selectPerformances(query: PerformanceQuery) {
  return query.select([
    'p.id',
    'p.starts_at',
    'p.ends_at',
    'p.status',
    'p.rescheduled_from',
    'p.note_de',
    'p.note_en',
    'p.booking_url',
    'p.updated_at',
    'h.id as h_id',
    'h.name as h_name',
    ...productionColumns,
  ]);
}

type PerformanceRow = Awaited<ReturnType<ReturnType<typeof selectPerformances>['executeTakeFirstOrThrow']>>;
/** The production part of a row, as both the performance and the exhibition queries select it. */
type ProductionRow = Omit<
  PerformanceRow,
  'id' | 'starts_at' | 'ends_at' | 'status' | 'rescheduled_from' | 'note_de' | 'note_en' | 'booking_url' | 'updated_at' | 'h_id' | 'h_name'
>;

function filtered(query: PerformanceQuery, filter: ProgrammeFilter): PerformanceQuery {
  let q = query.where('p.starts_at', '>=', filter.from);
  if (filter.to !== null) q = q.where('p.starts_at', '<', filter.to);
  for (const condition of productionConditions(filter)) q = q.where(condition);
  return q;
}

/** Conditions on the production (alias pr) and its unit (alias u), shared by performances and exhibitions. */
function productionConditions(filter: ProgrammeFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  // Genres are a JSON array of codes: '["drama","comedy"]'. Codes are [a-z_], so the quoted code is exact.
  if (filter.genres.length > 0) {
    conditions.push(sql<SqlBool>`(${sql.join(filter.genres.map((code) => sql`pr.genres like ${`%"${code}"%`}`), sql` or `)})`);
  }
  if (filter.audience !== null) conditions.push(sql<SqlBool>`pr.audience = ${filter.audience}`);
  if (filter.unit !== null) conditions.push(sql<SqlBool>`(u.slug = ${filter.unit} or u.id = ${filter.unit})`);
  if (filter.productionId !== null) conditions.push(sql<SqlBool>`pr.id = ${filter.productionId}`);
  // Words are folded to letters, digits and spaces (catalogue/model.ts), so they hold no LIKE wildcards.
  for (const word of filter.words) conditions.push(sql<SqlBool>`pr.search_text like ${`%${word}%`}`);
  return conditions;
}

function toProduction(row: ProductionRow): PublicProduction {
  return {
    id: row.pr_id,
    slug: row.pr_slug,
    kind: row.pr_kind === 'exhibition' ? 'exhibition' : 'staged',
    title: { de: row.title_de, en: row.title_en },
    subtitle: { de: row.subtitle_de, en: row.subtitle_en },
    description: { de: row.description_de, en: row.description_en },
    genres: fromJson<string[]>(row.genres, []),
    tags: fromJson<string[]>(row.tags, []),
    audience: row.audience,
    ageMin: row.age_min,
    ageMax: row.age_max,
    durationMinutes: row.duration_minutes,
    performanceLanguage: row.performance_language,
    surtitles: fromJson<string[]>(row.surtitles, []),
    accessibility: fromJson<string[]>(row.accessibility, []),
    performers: fromJson<{ name: string; role?: string | null }[]>(row.performers, []),
    imageUrl: row.image_url,
    bookingUrl: row.pr_booking_url,
    runsFrom: row.runs_from,
    runsUntil: row.runs_until,
    openingHours: fromJson<unknown>(row.opening_hours, null),
    unit: row.u_id === null || row.u_slug === null || row.u_name_de === null ? null : { id: row.u_id, slug: row.u_slug, name: { de: row.u_name_de, en: row.u_name_en } },
    venue: toVenue(row),
    updatedAt: row.pr_updated_at,
  };
}

function toVenue(row: Pick<PerformanceRow, 'v_id' | 'v_name' | 'v_street' | 'v_postal_code' | 'v_city' | 'v_country' | 'v_latitude' | 'v_longitude'>): PublicVenue | null {
  if (row.v_id === null || row.v_name === null) return null;
  return {
    id: row.v_id,
    name: row.v_name,
    street: row.v_street,
    postalCode: row.v_postal_code,
    city: row.v_city,
    country: row.v_country,
    latitude: row.v_latitude === null ? null : Number(row.v_latitude),
    longitude: row.v_longitude === null ? null : Number(row.v_longitude),
  };
}

const statuses = new Set(['scheduled', 'cancelled', 'rescheduled', 'sold_out']);

function toPerformance(row: PerformanceRow): PublicPerformance {
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: (statuses.has(row.status) ? row.status : 'scheduled') as PublicPerformance['status'],
    rescheduledFrom: row.rescheduled_from,
    note: { de: row.note_de, en: row.note_en },
    bookingUrl: row.booking_url,
    updatedAt: row.updated_at,
    production: toProduction(row),
    hall: row.h_id === null || row.h_name === null ? null : { id: row.h_id, name: row.h_name },
    venue: toVenue(row),
    prices: [],
  };
}

/** A page of the programme in start order, without prices (see listPrices). */
export async function listPerformances(
  db: Executor,
  houseId: string,
  filter: ProgrammeFilter,
  page: { limit: number; offset: number },
): Promise<PublicPerformance[]> {
  const rows = await selectPerformances(filtered(performanceBase(db, houseId), filter))
    .orderBy('p.starts_at')
    .orderBy('p.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toPerformance);
}

export async function countPerformances(db: Executor, houseId: string, filter: ProgrammeFilter): Promise<number> {
  const row = await filtered(performanceBase(db, houseId), filter)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function findPerformance(db: Executor, houseId: string, id: string): Promise<PublicPerformance | undefined> {
  const row = await selectPerformances(performanceBase(db, houseId)).where('p.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toPerformance(row);
}

// ---------- exhibitions ----------

/** Exhibitions whose run overlaps the window's days (dates in the house's zone, inclusive). */
export async function listExhibitions(
  db: Executor,
  houseId: string,
  filter: ProgrammeFilter,
  days: { from: string; until: string | null },
): Promise<PublicProduction[]> {
  let query = db
    .selectFrom('production as pr')
    .leftJoin('unit as u', 'u.id', 'pr.unit_id')
    .leftJoin('venue as v', 'v.id', 'pr.venue_id')
    .select(productionColumns)
    .where('pr.house_id', '=', houseId)
    .where('pr.kind', '=', 'exhibition')
    .where('pr.runs_from', 'is not', null)
    .where('pr.runs_until', '>=', days.from);
  if (days.until !== null) query = query.where('pr.runs_from', '<=', days.until);
  for (const condition of productionConditions(filter)) query = query.where(condition);
  const rows = await query
    .orderBy('pr.runs_from')
    .orderBy('pr.id')
    .limit(500)
    .execute();
  return rows.map(toProduction);
}

// ---------- prices ----------

export async function listPrices(db: Executor, houseId: string, productionIds: readonly string[]): Promise<PublicPrice[]> {
  if (productionIds.length === 0) return [];
  const rows = await db
    .selectFrom('price_category')
    .select(['production_id', 'performance_id', 'code', 'name_de', 'name_en', 'amount_minor', 'currency'])
    .where('house_id', '=', houseId)
    .where('production_id', 'in', [...new Set(productionIds)])
    .orderBy('sort_order')
    .orderBy('amount_minor')
    .execute();
  return rows.map((row) => ({
    productionId: row.production_id,
    performanceId: row.performance_id,
    code: row.code,
    name: { de: row.name_de, en: row.name_en },
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
  }));
}

// ---------- units, productions, venues by slug ----------

export async function findUnitBySlug(db: Executor, houseId: string, slug: string): Promise<PublicUnit | undefined> {
  const row = await db
    .selectFrom('unit')
    .select(['id', 'slug', 'name_de', 'name_en'])
    .where('house_id', '=', houseId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, slug: row.slug, name: { de: row.name_de, en: row.name_en } };
}

export async function listUnits(db: Executor, houseId: string): Promise<PublicUnit[]> {
  const rows = await db
    .selectFrom('unit')
    .select(['id', 'slug', 'name_de', 'name_en'])
    .where('house_id', '=', houseId)
    .orderBy('slug')
    .execute();
  return rows.map((row) => ({ id: row.id, slug: row.slug, name: { de: row.name_de, en: row.name_en } }));
}

export async function findProductionBySlug(db: Executor, houseId: string, slug: string) {
  return db
    .selectFrom('production')
    .select(['id', 'slug', 'title_de', 'title_en'])
    .where('house_id', '=', houseId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function listVenuesWithHalls(db: Executor, houseId: string): Promise<(PublicVenue & { halls: string[] })[]> {
  const venues = await db
    .selectFrom('venue')
    .select(['id', 'name', 'street', 'postal_code', 'city', 'country', 'latitude', 'longitude'])
    .where('house_id', '=', houseId)
    .orderBy('name')
    .execute();
  const halls = await db
    .selectFrom('hall')
    .select(['venue_id', 'name'])
    .where('house_id', '=', houseId)
    .orderBy('name')
    .execute();
  return venues.map((venue) => ({
    id: venue.id,
    name: venue.name,
    street: venue.street,
    postalCode: venue.postal_code,
    city: venue.city,
    country: venue.country,
    latitude: venue.latitude === null ? null : Number(venue.latitude),
    longitude: venue.longitude === null ? null : Number(venue.longitude),
    halls: halls.filter((hall) => hall.venue_id === venue.id).map((hall) => hall.name),
  }));
}
