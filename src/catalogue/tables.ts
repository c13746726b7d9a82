import type { Generated } from 'kysely';

/*
 * Row shapes of the catalogue tables. Conventions for both engines:
 * ids are UUIDv7 text; instants are ISO-8601 UTC text ('2026-11-26T19:30:00.000Z'),
 * which sorts correctly as text; calendar dates are 'YYYY-MM-DD'; lists and objects
 * are JSON text; booleans are 0/1 integers; money is integer minor units.
 */

export interface HouseTable {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  languages: string; // JSON: ['de', 'en']
  default_language: string;
  currency: string;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  created_at: string;
  updated_at: string;
}

export interface UnitTable {
  id: string;
  house_id: string;
  slug: string;
  name_de: string;
  name_en: string | null;
  description_de: string | null;
  description_en: string | null;
  created_at: string;
  updated_at: string;
}

export interface VenueTable {
  id: string;
  house_id: string;
  name: string;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  directions_de: string | null;
  directions_en: string | null;
  source_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface HallTable {
  id: string;
  house_id: string;
  venue_id: string;
  name: string;
  capacity: number;
  accessibility: string; // JSON: features of the hall itself
  source_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProductionTable {
  id: string;
  house_id: string;
  unit_id: string | null;
  /** 'staged' has performances; 'exhibition' runs over a date range with opening hours. */
  kind: string;
  slug: string;
  title_de: string;
  title_en: string | null;
  subtitle_de: string | null;
  subtitle_en: string | null;
  description_de: string | null;
  description_en: string | null;
  genres: string; // JSON: codes from the controlled vocabulary (catalogue/genres.ts)
  tags: string; // JSON: free tags
  audience: string; // adults | families | children | schools
  age_min: number | null;
  age_max: number | null;
  duration_minutes: number | null;
  performance_language: string | null; // ISO 639-1, or 'none' for music and dance without words
  surtitles: string; // JSON: languages of surtitles
  accessibility: string; // JSON: features
  performers: string; // JSON: [{ name, role }]
  creative_team: string; // JSON: [{ name, role }]
  image_url: string | null;
  booking_url: string | null;
  venue_id: string | null; // exhibitions: where they are shown
  runs_from: string | null; // exhibitions: first day
  runs_until: string | null; // exhibitions: last day
  opening_hours: string | null; // exhibitions: JSON weekly hours and exceptions
  /** Lower-cased, accent-folded titles, texts, names and tags for free-text search in both languages. */
  search_text: string;
  source_ref: string | null;
  source_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface PerformanceTable {
  id: string;
  house_id: string;
  production_id: string;
  hall_id: string | null;
  starts_at: string;
  ends_at: string | null;
  status: string; // scheduled | cancelled | rescheduled | sold_out
  capacity: number | null; // null: the hall's capacity
  rescheduled_from: string | null;
  note_de: string | null;
  note_en: string | null;
  booking_url: string | null;
  source_ref: string | null;
  source_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface PriceCategoryTable {
  id: string;
  house_id: string;
  production_id: string;
  /** null: applies to every performance of the production. */
  performance_id: string | null;
  code: string;
  name_de: string;
  name_en: string | null;
  amount_minor: number;
  currency: string;
  /** Seats kept for this category; null: no quota of its own. */
  quota: number | null;
  reductions: string; // JSON: [{ code, name_de, name_en, amount_minor, eligible: [...] }]
  sort_order: number;
  source_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface FeedSourceTable {
  id: string;
  house_id: string;
  unit_id: string | null;
  name: string;
  url: string;
  format: string; // auto | ics | jsonld | csv
  /** CSV column mapping and other options, JSON. */
  options: string;
  cron: string; // in the house's time zone
  enabled: Generated<number>;
  last_run_at: string | null;
  last_status: string | null; // ok | failed
  last_report: string | null; // JSON ImportReport or error
  created_at: string;
  updated_at: string;
}

export interface ImportRunTable {
  id: string;
  house_id: string;
  feed_source_id: string | null;
  source: string; // file name or URL
  format: string;
  dry_run: number;
  status: string; // ok | failed
  report: string; // JSON ImportReport, or { error }
  actor: string | null; // staff id, api key id, 'cli' or 'scheduler'
  started_at: string;
  finished_at: string;
}

export interface CatalogueTables {
  house: HouseTable;
  unit: UnitTable;
  venue: VenueTable;
  hall: HallTable;
  production: ProductionTable;
  performance: PerformanceTable;
  price_category: PriceCategoryTable;
  feed_source: FeedSourceTable;
  import_run: ImportRunTable;
}
