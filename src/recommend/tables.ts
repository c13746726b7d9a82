/*
 * Row shapes of the recommendation tables (migration 2026_11_27_r_recommendations).
 * Conventions as in catalogue/tables.ts: UUIDv7 text ids, ISO-8601 UTC instants as text.
 */

/** A house's discovery setting: how long a list is and how many of its places are discovery slots. */
export interface RecommendationSettingsTable {
  house_id: string;
  list_size: number;
  discovery_slots: number;
  updated_by: string;
  updated_at: string;
}

/**
 * One item shown to one person (or to an anonymous visitor, contact_id null) on one
 * surface: what the bubble metrics are computed from (exposure, coverage, Gini, bookings
 * that came from a discovery slot). Personal data: erased with the person.
 */
export interface RecommendationExposureTable {
  id: string;
  house_id: string;
  contact_id: string | null;
  production_id: string;
  slot: string; // relevant | discovery
  /** The explanation's kind, for the dashboard (because_you_saw, new_for_you, …). */
  reason: string;
  surface: string; // api | mail | widget | staff | assistant
  shown_at: string;
}

export interface RecommendationTables {
  recommendation_settings: RecommendationSettingsTable;
  recommendation_exposure: RecommendationExposureTable;
}
