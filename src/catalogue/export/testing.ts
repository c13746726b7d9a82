import type { Executor } from '../../core/db/database.ts';
import { toJson } from '../../core/db/json.ts';
import { newId } from '../../core/ids.ts';
import { searchText } from '../model.ts';

/*
 * Rows for tests and the benchmark, written straight into the catalogue tables so the
 * public side can be tested without the staff service. Every helper takes the time it
 * stamps as updated_at, because the public ETag is derived from it.
 */

export async function insertVenueWithHall(
  db: Executor,
  houseId: string,
  at: Date,
  values: { venue?: string; hall?: string; street?: string; postalCode?: string; city?: string } = {},
): Promise<{ venueId: string; hallId: string }> {
  const venueId = newId();
  const hallId = newId();
  const stamp = at.toISOString();
  await db
    .insertInto('venue')
    .values({
      id: venueId,
      house_id: houseId,
      name: values.venue ?? 'Stadttheater',
      street: values.street ?? 'Theaterplatz 1',
      postal_code: values.postalCode ?? '12345',
      city: values.city ?? 'Musterstadt',
      country: 'DE',
      latitude: 52.52,
      longitude: 13.405,
      directions_de: null,
      directions_en: null,
      source_ref: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  await db
    .insertInto('hall')
    .values({
      id: hallId,
      house_id: houseId,
      venue_id: venueId,
      name: values.hall ?? 'Großes Haus',
      capacity: 600,
      accessibility: '[]',
      source_ref: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  return { venueId, hallId };
}

export async function insertUnit(db: Executor, houseId: string, at: Date, values: { slug: string; nameDe: string; nameEn?: string }): Promise<string> {
  const id = newId();
  await db
    .insertInto('unit')
    .values({
      id,
      house_id: houseId,
      slug: values.slug,
      name_de: values.nameDe,
      name_en: values.nameEn ?? null,
      description_de: null,
      description_en: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    })
    .execute();
  return id;
}

export interface ProductionValues {
  slug: string;
  titleDe: string;
  titleEn?: string | null;
  subtitleDe?: string | null;
  descriptionDe?: string | null;
  descriptionEn?: string | null;
  kind?: 'staged' | 'exhibition';
  genres?: string[];
  audience?: string;
  ageMin?: number | null;
  ageMax?: number | null;
  durationMinutes?: number | null;
  performanceLanguage?: string | null;
  performers?: { name: string; role?: string }[];
  imageUrl?: string | null;
  bookingUrl?: string | null;
  unitId?: string | null;
  venueId?: string | null;
  runsFrom?: string | null;
  runsUntil?: string | null;
}

export async function insertProduction(db: Executor, houseId: string, at: Date, values: ProductionValues): Promise<string> {
  const id = newId();
  const title = { de: values.titleDe, en: values.titleEn ?? null };
  const description = { de: values.descriptionDe ?? null, en: values.descriptionEn ?? null };
  const subtitle = { de: values.subtitleDe ?? null, en: null };
  const genres = values.genres ?? ['drama'];
  const performers = values.performers ?? [];
  await db
    .insertInto('production')
    .values({
      id,
      house_id: houseId,
      unit_id: values.unitId ?? null,
      kind: values.kind ?? 'staged',
      slug: values.slug,
      title_de: title.de,
      title_en: title.en,
      subtitle_de: subtitle.de,
      subtitle_en: null,
      description_de: description.de,
      description_en: description.en,
      genres: toJson(genres),
      tags: '[]',
      audience: values.audience ?? 'adults',
      age_min: values.ageMin ?? null,
      age_max: values.ageMax ?? null,
      duration_minutes: values.durationMinutes ?? null,
      performance_language: values.performanceLanguage ?? 'de',
      surtitles: '[]',
      accessibility: '[]',
      performers: toJson(performers),
      creative_team: '[]',
      image_url: values.imageUrl ?? null,
      booking_url: values.bookingUrl ?? null,
      venue_id: values.venueId ?? null,
      runs_from: values.runsFrom ?? null,
      runs_until: values.runsUntil ?? null,
      opening_hours: null,
      search_text: searchText({ title, subtitle, description, performers, genres }),
      source_ref: null,
      source_hash: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    })
    .execute();
  return id;
}

export interface PerformanceValues {
  productionId: string;
  hallId?: string | null;
  startsAt: string;
  endsAt?: string | null;
  status?: 'scheduled' | 'cancelled' | 'rescheduled' | 'sold_out';
  rescheduledFrom?: string | null;
  noteDe?: string | null;
  bookingUrl?: string | null;
}

export async function insertPerformance(db: Executor, houseId: string, at: Date, values: PerformanceValues): Promise<string> {
  const id = newId();
  await db
    .insertInto('performance')
    .values({
      id,
      house_id: houseId,
      production_id: values.productionId,
      hall_id: values.hallId ?? null,
      starts_at: new Date(values.startsAt).toISOString(),
      ends_at: values.endsAt === undefined || values.endsAt === null ? null : new Date(values.endsAt).toISOString(),
      status: values.status ?? 'scheduled',
      capacity: null,
      rescheduled_from: values.rescheduledFrom ?? null,
      note_de: values.noteDe ?? null,
      note_en: null,
      booking_url: values.bookingUrl ?? null,
      source_ref: null,
      source_hash: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    })
    .execute();
  return id;
}

export async function insertPrice(
  db: Executor,
  houseId: string,
  at: Date,
  values: { productionId: string; performanceId?: string | null; code: string; nameDe: string; amountMinor: number; currency?: string; sortOrder?: number },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('price_category')
    .values({
      id,
      house_id: houseId,
      production_id: values.productionId,
      performance_id: values.performanceId ?? null,
      code: values.code,
      name_de: values.nameDe,
      name_en: null,
      amount_minor: values.amountMinor,
      currency: values.currency ?? 'EUR',
      quota: null,
      reductions: '[]',
      sort_order: values.sortOrder ?? 0,
      source_ref: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    })
    .execute();
  return id;
}
