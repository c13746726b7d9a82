import { sql } from 'kysely';
import { chunks } from '../core/db/batch.ts';
import type { Executor } from '../core/db/database.ts';
import type { RecommendationExposureTable } from './tables.ts';

/*
 * The recommendation capability's queries. Every query filters by house_id. Personal
 * rows (interactions, declared interests) are read only for contacts whose
 * 'recommendations' consent is valid at `now`: the check is part of the query, as the
 * segments' purpose rule does it, so no caller can train on a person who said no.
 */

/** The interaction kinds the recommender learns from, as the audience stores them. */
export const learnedKinds = ['booking', 'attendance', 'page_view'] as const;

/** Valid 'recommendations' consent of the interaction's or contact's person, at `now`. */
const consented = (contactColumn: string, houseId: string, now: string) =>
  sql<boolean>`exists (select 1 from consent s where s.house_id = ${houseId} and s.contact_id = ${sql.ref(contactColumn)} and s.purpose = 'recommendations' and s.status = 'granted' and s.expires_at > ${now})`;

/**
 * The house's catalogue version: latest change and row count of productions and
 * performances. It moves on every edit, insert and delete, and is two index seeks
 * (production_house_updated, performance_house_updated).
 */
export async function catalogueVersion(db: Executor, houseId: string): Promise<string> {
  const row = await db
    .selectFrom('house as h')
    .select([
      'h.updated_at',
      sql<string>`(select coalesce(max(updated_at), '') || '/' || count(*) from production where house_id = h.id)`.as('productions'),
      sql<string>`(select coalesce(max(updated_at), '') || '/' || count(*) from performance where house_id = h.id)`.as('performances'),
    ])
    .where('h.id', '=', houseId)
    .executeTakeFirst();
  return row === undefined ? '' : `${row.updated_at}|${row.productions}|${row.performances}`;
}

/** Every house with its time zone, for the nightly refit. */
export async function housesWithZones(db: Executor) {
  return db.selectFrom('house').select(['id', 'time_zone']).orderBy('id').execute();
}

export async function houseOf(db: Executor, houseId: string) {
  return db.selectFrom('house').select(['id', 'slug', 'website']).where('id', '=', houseId).executeTakeFirst();
}

export async function productionsOf(db: Executor, houseId: string) {
  return db
    .selectFrom('production')
    .select([
      'id', 'unit_id', 'kind', 'title_de', 'title_en', 'subtitle_de', 'subtitle_en', 'description_de', 'description_en', 'genres', 'tags', 'audience',
      'age_min', 'age_max', 'performance_language', 'accessibility', 'performers', 'creative_team', 'image_url', 'booking_url', 'runs_until', 'created_at',
    ])
    .where('house_id', '=', houseId)
    .orderBy('id')
    .execute();
}
export type ProductionRow = Awaited<ReturnType<typeof productionsOf>>[number];

/** Scheduled performances still to come, soonest first: sold-out and cancelled ones are not bookable. */
export async function upcomingPerformancesOf(db: Executor, houseId: string, now: string) {
  return db
    .selectFrom('performance')
    .select(['id', 'production_id', 'hall_id', 'starts_at', 'booking_url'])
    .where('house_id', '=', houseId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', now)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}
export type PerformanceRow = Awaited<ReturnType<typeof upcomingPerformancesOf>>[number];

/** What people with valid recommendations consent booked, attended and looked at; erased people's rows have no contact. */
export async function consentedInteractionsOf(db: Executor, houseId: string, now: string) {
  return db
    .selectFrom('interaction as i')
    .select(['i.contact_id', 'i.production_id', 'i.kind', 'i.occurred_at'])
    .where('i.house_id', '=', houseId)
    .where('i.kind', 'in', learnedKinds)
    .where('i.production_id', 'is not', null)
    .where('i.contact_id', 'is not', null)
    .where('i.occurred_at', '<=', now)
    .where(consented('i.contact_id', houseId, now))
    .orderBy('i.occurred_at')
    .execute();
}

/** Declared interests of people with valid recommendations consent (interests are justified by it). */
export async function consentedInterestsOf(db: Executor, houseId: string, now: string) {
  return db
    .selectFrom('contact as c')
    .select(['c.id', 'c.interests'])
    .where('c.house_id', '=', houseId)
    .where('c.interests', '<>', '[]')
    .where(consented('c.id', houseId, now))
    .execute();
}

/** The productions each of the contacts has booked a performance of that is still to come: not offered again. */
export async function bookedUpcoming(db: Executor, houseId: string, contactIds: readonly string[], now: string): Promise<Map<string, Set<string>>> {
  const booked = new Map<string, Set<string>>();
  for (const chunk of chunks(contactIds, 500)) {
    // A CROSS JOIN makes SQLite walk each person's bookings (interaction_contact_kind) and look the
    // performance up by id; left to choose, it walked the upcoming performances against all of the
    // house's bookings: 900 ms against a few for 550 people. PostgreSQL plans it as an inner join.
    const rows = await db
      .selectFrom('interaction as i')
      .crossJoin('performance as p')
      .select(['i.contact_id', 'i.production_id'])
      .whereRef('p.id', '=', 'i.performance_id')
      .where('i.house_id', '=', houseId)
      .where('p.house_id', '=', houseId)
      .where('i.kind', '=', 'booking')
      .where('i.contact_id', 'in', chunk)
      .where('i.production_id', 'is not', null)
      .where('p.starts_at', '>', now)
      .execute();
    for (const row of rows) {
      const set = booked.get(row.contact_id as string) ?? new Set<string>();
      set.add(row.production_id as string);
      booked.set(row.contact_id as string, set);
    }
  }
  return booked;
}

// ---------- settings ----------

export async function findSettings(db: Executor, houseId: string) {
  return db.selectFrom('recommendation_settings').select(['list_size', 'discovery_slots', 'updated_at']).where('house_id', '=', houseId).executeTakeFirst();
}

export async function saveSettings(db: Executor, houseId: string, values: { listSize: number; discoverySlots: number }, actor: string, at: string): Promise<void> {
  await db
    .insertInto('recommendation_settings')
    .values({ house_id: houseId, list_size: values.listSize, discovery_slots: values.discoverySlots, updated_by: actor, updated_at: at })
    .onConflict((oc) => oc.column('house_id').doUpdateSet({ list_size: values.listSize, discovery_slots: values.discoverySlots, updated_by: actor, updated_at: at }))
    .execute();
}

// ---------- exposure ----------

/** One statement per list (or per chunk of a newsletter batch): 8 parameters a row keeps a chunk under every engine's limit. */
export async function insertExposures(db: Executor, rows: readonly RecommendationExposureTable[]): Promise<void> {
  for (const chunk of chunks(rows, 1000)) await db.insertInto('recommendation_exposure').values(chunk).execute();
}

/** Exposure older than the metrics read (worker.ts EXPOSURE_KEEP_DAYS), on the (house_id, shown_at) index. Returns how many went. */
export async function deleteExposuresBefore(db: Executor, houseId: string, before: string): Promise<number> {
  const result = await db.deleteFrom('recommendation_exposure').where('house_id', '=', houseId).where('shown_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExposuresOf(db: Executor, houseId: string, contactId: string): Promise<void> {
  await db.deleteFrom('recommendation_exposure').where('house_id', '=', houseId).where('contact_id', '=', contactId).execute();
}

/**
 * Exposure counts per production and day since `from`. Lists staff looked at on a
 * contact's page (surface staff) did not reach the person and are left out.
 */
export async function exposureByDay(db: Executor, houseId: string, from: string) {
  return db
    .selectFrom('recommendation_exposure')
    .select(['production_id', sql<string>`substr(shown_at, 1, 10)`.as('day'), sql<number>`count(*)`.as('shown')])
    .where('house_id', '=', houseId)
    .where('shown_at', '>=', from)
    .where('surface', '<>', 'staff')
    .groupBy(['production_id', sql`substr(shown_at, 1, 10)`])
    .execute();
}

/** Discovery-slot exposures of known people since `from`: what a booking may have come from. */
export async function discoveryExposures(db: Executor, houseId: string, from: string) {
  return db
    .selectFrom('recommendation_exposure')
    .select(['contact_id', 'production_id', 'shown_at'])
    .where('house_id', '=', houseId)
    .where('contact_id', 'is not', null)
    .where('slot', '=', 'discovery')
    .where('surface', '<>', 'staff')
    .where('shown_at', '>=', from)
    .execute();
}

/** Every booking of people with valid recommendations consent, oldest first: the metrics' population. */
export async function consentedBookings(db: Executor, houseId: string, now: string) {
  return db
    .selectFrom('interaction as i')
    .select(['i.contact_id', 'i.production_id', 'i.occurred_at'])
    .where('i.house_id', '=', houseId)
    .where('i.kind', '=', 'booking')
    .where('i.production_id', 'is not', null)
    .where('i.contact_id', 'is not', null)
    .where('i.occurred_at', '<=', now)
    .where(consented('i.contact_id', houseId, now))
    .orderBy('i.occurred_at')
    .execute();
}

/** Per production: when it entered the catalogue, its last non-cancelled performance, an exhibition's last day. */
export async function productionSpans(db: Executor, houseId: string) {
  return db
    .selectFrom('production as pr')
    .select([
      'pr.id',
      'pr.created_at',
      'pr.runs_until',
      sql<string | null>`(select max(p.starts_at) from performance p where p.house_id = pr.house_id and p.production_id = pr.id and p.status <> 'cancelled')`.as('last_start'),
    ])
    .where('pr.house_id', '=', houseId)
    .execute();
}

export async function exposuresOfContact(db: Executor, houseId: string, contactId: string, from: string) {
  return db
    .selectFrom('recommendation_exposure')
    .select(['production_id', 'shown_at'])
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .where('surface', '<>', 'staff')
    .where('shown_at', '>=', from)
    .execute();
}

export async function bookingsOfContact(db: Executor, houseId: string, contactId: string, from: string) {
  return db
    .selectFrom('interaction')
    .select(['production_id', 'occurred_at'])
    .where('house_id', '=', houseId)
    .where('contact_id', '=', contactId)
    .where('kind', '=', 'booking')
    .where('production_id', 'is not', null)
    .where('occurred_at', '>=', from)
    .execute();
}
