import { DateTime } from 'luxon';
import { genreByCode } from '../genres.ts';

/*
 * The public programme's pure rules: what a portal or a city calendar sees of a house.
 * Records come in already read by store.ts; this file decides windows, prices, texts
 * and the shapes that go out. No database, no clock: `now` is an argument.
 */

export type Language = 'de' | 'en';

export interface Localized {
  de: string | null;
  en: string | null;
}

export interface PublicHouse {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  languages: Language[];
  defaultLanguage: Language;
  currency: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
}

/** The house and a fingerprint of everything public about it (see store.findHouseState). */
export interface HouseState {
  house: PublicHouse;
  /** Changes whenever any production, performance, price, hall, venue or unit of the house changes. */
  version: string;
  /** The latest updated_at of the house's catalogue, for Last-Modified. */
  lastModified: string;
}

export interface PublicVenue {
  id: string;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface PublicUnit {
  id: string;
  slug: string;
  name: Localized;
}

export interface PublicPerson {
  name: string;
  role?: string | null;
}

export interface PublicPrice {
  productionId: string;
  /** null: the category applies to every performance of the production. */
  performanceId: string | null;
  code: string;
  name: Localized;
  amountMinor: number;
  currency: string;
}

export interface PublicProduction {
  id: string;
  slug: string;
  kind: 'staged' | 'exhibition';
  title: Localized;
  subtitle: Localized;
  description: Localized;
  genres: string[];
  tags: string[];
  audience: string;
  ageMin: number | null;
  ageMax: number | null;
  durationMinutes: number | null;
  performanceLanguage: string | null;
  surtitles: string[];
  accessibility: string[];
  performers: PublicPerson[];
  imageUrl: string | null;
  bookingUrl: string | null;
  runsFrom: string | null;
  runsUntil: string | null;
  openingHours: unknown;
  unit: PublicUnit | null;
  /** Exhibitions: where they are shown. */
  venue: PublicVenue | null;
  updatedAt: string;
}

export interface PublicPerformance {
  id: string;
  startsAt: string;
  endsAt: string | null;
  status: 'scheduled' | 'cancelled' | 'rescheduled' | 'sold_out';
  rescheduledFrom: string | null;
  note: Localized;
  bookingUrl: string | null;
  updatedAt: string;
  production: PublicProduction;
  hall: { id: string; name: string } | null;
  /** The hall's venue, or the production's for performances without a hall. */
  venue: PublicVenue | null;
  /** The categories that apply: the production's own and those of this performance. */
  prices: PublicPrice[];
}

// ---------- the query ----------

/** A programme query as the store runs it: instants in UTC, words folded. */
export interface ProgrammeFilter {
  from: string;
  to: string | null;
  genres: string[];
  audience: string | null;
  /** A unit slug or id. */
  unit: string | null;
  productionId: string | null;
  words: string[];
}

export interface ProgrammeWindowInput {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Resolves `from` and `to` as a visitor means them: a date is a whole day in the house's
 * zone (`to=2026-10-31` includes that evening), an instant is taken as is. Without `from`
 * the programme starts at the current minute: rounding keeps one cache entry and one
 * ETag per minute instead of one per request.
 */
export function resolveWindow(input: ProgrammeWindowInput, timeZone: string, now: Date): { from: string; to: string | null } {
  const from =
    input.from === undefined
      ? new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString()
      : toInstant(input.from, timeZone, 'start');
  const to = input.to === undefined ? null : toInstant(input.to, timeZone, 'end');
  return { from, to };
}

function toInstant(value: string, timeZone: string, edge: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: timeZone }).startOf('day');
    return (edge === 'start' ? day : day.plus({ days: 1 })).toUTC().toISO() ?? value;
  }
  return new Date(value).toISOString();
}

/** The window's first and last day in the house's zone, for exhibitions (which run over dates). */
export function windowDays(window: { from: string; to: string | null }, timeZone: string): { from: string; until: string | null } {
  const day = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toISODate() ?? instant.slice(0, 10);
  // `to` is exclusive: the last day is the one the instant just before it falls on.
  const until = window.to === null ? null : day(new Date(new Date(window.to).getTime() - 1).toISOString());
  return { from: day(window.from), until };
}

/** The first day the subscribable calendars show: they keep a month of the past for people who look back. */
export function calendarStart(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(day.getTime() - 30 * 86_400_000).toISOString();
}

// ---------- texts ----------

/** The text in the wanted language, else the other one. */
export function pick(text: Localized, language: Language): string | null {
  const other: Language = language === 'de' ? 'en' : 'de';
  return nonEmpty(text[language]) ?? nonEmpty(text[other]);
}

function nonEmpty(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text;
}

export function genreLabels(codes: readonly string[], language: Language): string[] {
  return codes.flatMap((code) => {
    const genre = genreByCode(code);
    return genre === undefined ? [] : [genre[language]];
  });
}

/** '2026-10-24T19:30:00+02:00': the instant in the house's zone, as schema.org and portals want it. */
export function localIso(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toISO({ suppressMilliseconds: true }) ?? instant;
}

/** The end to show: the stored one, else start plus the production's duration, else none. */
export function effectiveEnd(performance: PublicPerformance): string | null {
  if (performance.endsAt !== null) return performance.endsAt;
  const minutes = performance.production.durationMinutes;
  if (minutes === null || minutes <= 0) return null;
  return new Date(new Date(performance.startsAt).getTime() + minutes * 60_000).toISOString();
}

// ---------- prices ----------

export interface PriceSummary {
  fromMinor: number;
  toMinor: number;
  currency: string;
  free: boolean;
}

/** The lowest and highest regular price; reductions for eligible groups are not a "from" price. */
export function priceSummary(prices: readonly PublicPrice[]): PriceSummary | null {
  const first = prices[0];
  if (first === undefined) return null;
  let fromMinor = first.amountMinor;
  let toMinor = first.amountMinor;
  for (const price of prices) {
    fromMinor = Math.min(fromMinor, price.amountMinor);
    toMinor = Math.max(toMinor, price.amountMinor);
  }
  return { fromMinor, toMinor, currency: first.currency, free: toMinor === 0 };
}

const fractionDigitsByCurrency = new Map<string, number>();

/** Minor units to a number in major units: 2450 EUR -> 24.5, 1200 JPY -> 1200. */
export function majorUnits(amountMinor: number, currency: string): number {
  let digits = fractionDigitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    fractionDigitsByCurrency.set(currency, digits);
  }
  return amountMinor / 10 ** digits;
}

/** The categories that apply to one performance: the production's general ones and its own. */
export function pricesFor(performanceId: string, productionId: string, prices: readonly PublicPrice[]): PublicPrice[] {
  return prices.filter(
    (price) => price.productionId === productionId && (price.performanceId === null || price.performanceId === performanceId),
  );
}

export function bookingUrl(performance: PublicPerformance, house: PublicHouse): string | null {
  return performance.bookingUrl ?? performance.production.bookingUrl ?? house.website;
}

// ---------- the JSON programme ----------

export interface PublicUrls {
  /** The origin Foyer is reached at, e.g. 'https://foyer.stadttheater.de'. */
  base: string;
}

export function houseUrl(urls: PublicUrls, house: PublicHouse): string {
  return `${urls.base}/public/houses/${encodeURIComponent(house.slug)}`;
}

export function performanceJsonLdUrl(urls: PublicUrls, house: PublicHouse, performanceId: string): string {
  return `${houseUrl(urls, house)}/performances/${encodeURIComponent(performanceId)}.jsonld`;
}

/** The production's identity in JSON-LD (@id of its work or exhibition). */
export function productionUrl(urls: PublicUrls, house: PublicHouse, productionSlug: string): string {
  return `${houseUrl(urls, house)}/productions/${encodeURIComponent(productionSlug)}`;
}

export function productionCalendarUrl(urls: PublicUrls, house: PublicHouse, productionSlug: string): string {
  return `${houseUrl(urls, house)}/productions/${encodeURIComponent(productionSlug)}/calendar.ics`;
}
