/*
 * What /api/recommend answers: recommendation lists with their explanations, the house's
 * discovery setting with its preview, and the measures of whether exposure is narrowing
 * (per house and per person).
 */

export type RecommendationSlot = 'relevant' | 'discovery';

/** Why an item is in the list, as data; `text` on the item is the sentence in the asked language. */
export interface Explanation {
  kind: string;
  [detail: string]: unknown;
}

export interface RecommendationItem {
  productionId: string;
  title: string;
  imageUrl: string | null;
  slot: RecommendationSlot;
  explanation: Explanation;
  text: string;
  score: number;
  nextPerformance: { id: string; startsAt: string } | null;
  bookingUrl: string;
}

export interface ContactRecommendations {
  items: RecommendationItem[];
  /** False when the person has no recommendations consent: the list is then the house's general one. */
  personal: boolean;
}

/** What the settings form edits and sends. */
export interface DiscoverySettingsInput {
  listSize: number;
  discoverySlots: number;
}

export interface DiscoverySettings extends DiscoverySettingsInput {
  updatedAt: string | null;
}

/** Aggregate measures of one setting over the sample of contacts. */
export interface PreviewMeasures {
  /** Mean share of a list's items with no genre in the person's comfort zone, 0..1. */
  outsideComfortShare: number;
  /** Share of the bookable productions that appear in any of the sample's lists, 0..1. */
  coverage: number;
  /** Mean calibration KL (bits) between the person's history genres and their list's: higher is further from habit. */
  meanCalibrationKL: number;
}

export interface PreviewSide extends DiscoverySettingsInput {
  measures: PreviewMeasures;
}

export interface SettingsPreview {
  sampleSize: number;
  current: PreviewSide;
  proposed: PreviewSide;
  people: { contactId: string; current: RecommendationItem[]; proposed: RecommendationItem[] }[];
}

/** The measures of one period (the whole window, or one week of it). */
export interface DiscoveryPeriod {
  from: string;
  to: string;
  exposures: number;
  bookings: number;
  /** Share of the productions on offer in the period that were recommended to anyone, 0..1. */
  coverage: number;
  /** Inequality of exposure across productions: 0 even, 1 all on one. */
  exposureGini: number;
  /** Share of bookings that followed a discovery slot, 0..1. */
  discoveryBookingShare: number;
  /** Bookings in a genre the person had never booked before. */
  firstBookingsInNewGenre: number;
}

export interface DiscoveryMetrics extends DiscoveryPeriod {
  days: number;
  weeks: DiscoveryPeriod[];
}

export interface ContactRangeMonth {
  /** YYYY-MM. */
  month: string;
  recommended: number;
  booked: number;
  recommendedEntropy: number | null;
  bookedEntropy: number | null;
}

export interface ContactDiscoveryMetrics {
  contactId: string;
  personal: boolean;
  months: ContactRangeMonth[];
  /** Genre entropy of the earlier months minus the later ones: above 0 the range is narrowing; null with too little history. */
  narrowing: { recommended: number | null; booked: number | null };
}
