/*
 * The shapes the staff API answers with, as the browser sees them (JSON, camelCase).
 * They mirror the zod DTOs in src/catalogue/schemas/*.ts, src/core/auth and the import
 * routes; the web app is built separately from the server, so they are restated here.
 */

export type Language = 'de' | 'en';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Title {
  de: string;
  en: string | null;
}

export interface Text {
  de: string | null;
  en: string | null;
}

export type Role = 'owner' | 'marketing' | 'dialogue' | 'unit_staff' | 'analyst';
export const roles: readonly Role[] = ['owner', 'marketing', 'dialogue', 'unit_staff', 'analyst'];

export type Permission =
  | 'catalogue:read'
  | 'catalogue:write'
  | 'catalogue:import'
  | 'staff:manage'
  | 'api_keys:manage'
  | 'house:manage'
  | 'audience:read'
  | 'audience:write'
  | 'audience:import'
  | 'audience:privacy'
  | 'segments:count'
  | 'audit:read'
  | 'ticketing:inventory'
  | 'ticketing:orders'
  | 'ticketing:sell'
  | 'ticketing:check_in'
  | 'campaigns:write'
  | 'campaigns:approve'
  | 'assistant:inbox'
  | 'assistant:manage';
export const permissions: readonly Permission[] = [
  'catalogue:read',
  'catalogue:write',
  'catalogue:import',
  'staff:manage',
  'api_keys:manage',
  'house:manage',
  'audience:read',
  'audience:write',
  'audience:import',
  'audience:privacy',
  'segments:count',
  'audit:read',
  'ticketing:inventory',
  'ticketing:orders',
  'ticketing:sell',
  'ticketing:check_in',
  'campaigns:write',
  'campaigns:approve',
  'assistant:inbox',
  'assistant:manage',
];

export interface House {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  languages: string[];
  defaultLanguage: string;
  currency: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Staff {
  id: string;
  name: string;
  email: string;
  role: Role;
  unitId: string | null;
  language: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface Session {
  staff: Staff;
  house: House;
  permissions: Permission[];
  csrfToken: string;
}

export interface Term {
  code: string;
  de: string;
  en: string;
}

export type GenreFamily = 'theatre' | 'music_theatre' | 'dance' | 'music' | 'young' | 'words' | 'visual' | 'other';

export interface GenreTerm extends Term {
  family: GenreFamily;
}

export interface Vocabulary {
  genres: GenreTerm[];
  audiences: Term[];
  accessibility: Term[];
  performanceStatuses: Term[];
}

export interface Unit {
  id: string;
  slug: string;
  name: Title;
  description: Text;
  createdAt: string;
  updatedAt: string;
}

export interface Venue {
  id: string;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  directions: Text;
  sourceRef: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Hall {
  id: string;
  venueId: string;
  venueName: string;
  name: string;
  capacity: number;
  accessibility: string[];
  sourceRef: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ProductionKind = 'staged' | 'exhibition';
export type Audience = 'adults' | 'families' | 'children' | 'schools';
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface TimeRange {
  opens: string;
  closes: string;
}

export interface OpeningHours {
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  exceptions: { date: string; closed: boolean; hours: TimeRange[]; note: Text | null }[];
}

export interface Person {
  name: string;
  role: string | null;
}

export interface Production {
  id: string;
  kind: ProductionKind;
  unitId: string | null;
  slug: string;
  title: Title;
  subtitle: Text;
  description: Text;
  genres: string[];
  tags: string[];
  audience: Audience;
  ageMin: number | null;
  ageMax: number | null;
  durationMinutes: number | null;
  performanceLanguage: string | null;
  surtitles: string[];
  accessibility: string[];
  performers: Person[];
  creativeTeam: Person[];
  imageUrl: string | null;
  bookingUrl: string | null;
  venueId: string | null;
  runsFrom: string | null;
  runsUntil: string | null;
  openingHours: OpeningHours | null;
  sourceRef: string | null;
  createdAt: string;
  updatedAt: string;
}

export type PerformanceStatus = 'scheduled' | 'cancelled' | 'rescheduled' | 'sold_out';

export interface Performance {
  id: string;
  productionId: string;
  hallId: string | null;
  startsAt: string;
  endsAt: string | null;
  status: PerformanceStatus;
  capacity: number | null;
  effectiveCapacity: number | null;
  rescheduledFrom: string | null;
  note: Text;
  bookingUrl: string | null;
  sourceRef: string | null;
  production: {
    id: string;
    slug: string;
    kind: ProductionKind;
    title: Title;
    genres: string[];
    audience: Audience;
    unitId: string | null;
  };
  hall: { id: string; name: string; capacity: number; venueId: string; venueName: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Reduction {
  code: string;
  nameDe: string;
  nameEn: string | null;
  amountMinor: number;
  eligible: string[];
}

export interface PriceCategory {
  id: string;
  productionId: string;
  performanceId: string | null;
  code: string;
  name: Title;
  amountMinor: number;
  currency: string;
  quota: number | null;
  reductions: Reduction[];
  sortOrder: number;
  sourceRef: string | null;
  createdAt: string;
  updatedAt: string;
}

// ---------- import ----------

export type ImportFormat = 'ics' | 'jsonld' | 'csv';

export interface EntityCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  skipped: { where: string; reason: string }[];
  warnings: { where?: string | null; message: string }[];
  dryRun: boolean;
  format: ImportFormat;
  details?: {
    venues: EntityCounts;
    productions: EntityCounts;
    performances: EntityCounts;
  };
}

export interface ImportResult {
  runId: string | null;
  report: ImportReport;
}

export interface ImportRun {
  id: string;
  feedSourceId: string | null;
  source: string;
  format: string;
  dryRun: boolean;
  status: 'ok' | 'failed';
  report: ImportReport | null;
  error: { code: string; message: string } | null;
  actor: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface Feed {
  id: string;
  name: string;
  url: string;
  format: 'auto' | ImportFormat;
  cron: string;
  unitId: string | null;
  enabled: boolean;
  lastRunAt: string | null;
  lastStatus: 'ok' | 'failed' | null;
  lastReport: ImportReport | null;
  lastError: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  unitId: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The key itself: shown this once, never readable again. */
  key: string;
}
