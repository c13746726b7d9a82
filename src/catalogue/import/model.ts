import type { EntityCounts, ImportTotals, Skip, Warning, Where } from '../../core/import/report.ts';

/**
 * What every import format is parsed into before anything touches the database.
 * Parsers (ics.ts, jsonld.ts, csv.ts) are pure: text in, ImportBatch out. The import
 * service then matches the batch against the catalogue by `ref` (a stable source id
 * such as an iCalendar UID) and writes it in one transaction.
 */

export type ImportFormat = 'ics' | 'jsonld' | 'csv';

export type Language = 'de' | 'en';

export type { EntityCounts, Skip, Warning, Where } from '../../core/import/report.ts';

export interface LocalizedText {
  de?: string;
  en?: string;
}

export interface Person {
  name: string;
  role?: string;
}

export interface ImportedVenue {
  /** Stable id within the source: a Place @id, the location text, a CSV venue column. */
  ref: string;
  name: string;
  street?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  latitude?: number;
  longitude?: number;
  where: Where;
}

export interface ImportedProduction {
  ref: string;
  kind: 'staged' | 'exhibition';
  title: LocalizedText;
  subtitle?: LocalizedText;
  description?: LocalizedText;
  /** Codes from the controlled vocabulary (catalogue/genres.ts); unknown words go to tags. */
  genres: string[];
  tags: string[];
  audience?: 'adults' | 'families' | 'children' | 'schools';
  ageMin?: number;
  ageMax?: number;
  durationMinutes?: number;
  performanceLanguage?: string;
  performers: Person[];
  creativeTeam: Person[];
  imageUrl?: string;
  bookingUrl?: string;
  /** Exhibitions: first and last day ('YYYY-MM-DD') and the venue they are shown in. */
  runsFrom?: string;
  runsUntil?: string;
  venueRef?: string;
  where: Where;
}

export interface ImportedPrice {
  code?: string;
  name: string;
  amountMinor: number;
  currency: string;
}

export type PerformanceStatus = 'scheduled' | 'cancelled' | 'rescheduled' | 'sold_out';

export interface ImportedPerformance {
  ref: string;
  productionRef: string;
  venueRef?: string;
  hallName?: string;
  /** Instants as ISO-8601 UTC strings. */
  startsAt: string;
  endsAt?: string;
  /** All-day events keep their date; startsAt is midnight in the house's zone. */
  allDay?: boolean;
  status: PerformanceStatus;
  capacity?: number;
  bookingUrl?: string;
  prices: ImportedPrice[];
  where: Where;
}

export interface ImportBatch {
  format: ImportFormat;
  venues: ImportedVenue[];
  productions: ImportedProduction[];
  performances: ImportedPerformance[];
  skipped: Skip[];
  warnings: Warning[];
}

export interface ParseOptions {
  /** The house's zone: floating times and unknown TZIDs are read in it. */
  timeZone: string;
  /** The language source texts are assumed to be in (the house's default). */
  language: Language;
  /** Today, for limiting open-ended recurrences. */
  now: Date;
  /** How far ahead an RRULE without COUNT or UNTIL is expanded. */
  horizonDays?: number;
  /** Called with (done, total) while parsing large inputs, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /** The house's currency, for prices that name none (default EUR). */
  currency?: string;
}

/** What a CSV column can hold; `CsvColumns` maps these to header names in the file. */
export const csvFields = [
  'id',
  'productionId',
  'title',
  'subtitle',
  'date',
  'start',
  'end',
  'venue',
  'hall',
  'price',
  'category',
  'status',
  'capacity',
  'description',
  'url',
  'duration',
  'language',
  'age',
] as const;
export type CsvField = (typeof csvFields)[number];

/** An explicit column mapping, e.g. { title: 'Stück', date: 'Tag' }: it wins over header detection. */
export type CsvColumns = Partial<Record<CsvField, string>>;

export interface CsvParseOptions extends ParseOptions {
  columns?: CsvColumns;
}

export interface PriceCategoryCounts extends EntityCounts {
  /** Imported categories the source no longer gives for a production or performance it updates: deleted. */
  removed: number;
}

/** The report every import gives, printed by `foyer import --json` as is. */
export interface ImportReport extends ImportTotals {
  dryRun: boolean;
  format: ImportFormat;
  /** The totals above count venues, productions and performances; price categories are only here. */
  details: {
    venues: EntityCounts;
    productions: EntityCounts;
    performances: EntityCounts;
    priceCategories: PriceCategoryCounts;
  };
}
