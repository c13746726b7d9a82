import { genreByCode } from '../genres.ts';
import {
  bookingUrl,
  effectiveEnd,
  houseUrl,
  localIso,
  performanceJsonLdUrl,
  type PriceSummary,
  priceSummary,
  productionCalendarUrl,
  type PublicHouse,
  type PublicPerformance,
  type PublicPrice,
  type PublicProduction,
  type PublicUnit,
  type PublicUrls,
  type PublicVenue,
} from './model.ts';

/*
 * The JSON shapes of the public programme (documented by the zod schemas in routes.ts,
 * which the tests parse every answer with). Texts come in both languages: a portal
 * chooses, unlike the JSON-LD and iCalendar feeds, which speak one language each.
 *
 * A page names each production and venue once (`productions`, `venues`) and its
 * performances point to them by id. Repeating two languages of texts in every one of 50
 * performances made a page ~100 kB, two thirds of it copies; listed once, it is half.
 */

function venueDto(venue: PublicVenue) {
  return {
    id: venue.id,
    name: venue.name,
    street: venue.street,
    postalCode: venue.postalCode,
    city: venue.city,
    country: venue.country,
    latitude: venue.latitude,
    longitude: venue.longitude,
  };
}

function productionDto(production: PublicProduction, house: PublicHouse, urls: PublicUrls) {
  return {
    id: production.id,
    slug: production.slug,
    kind: production.kind,
    title: production.title,
    subtitle: production.subtitle,
    description: production.description,
    genres: production.genres.flatMap((code) => {
      const genre = genreByCode(code);
      return genre === undefined ? [] : [{ code, de: genre.de, en: genre.en }];
    }),
    tags: production.tags,
    audience: production.audience,
    ageMin: production.ageMin,
    ageMax: production.ageMax,
    durationMinutes: production.durationMinutes,
    performanceLanguage: production.performanceLanguage,
    surtitles: production.surtitles,
    accessibility: production.accessibility,
    performers: production.performers.map((p) => ({ name: p.name, role: p.role ?? null })),
    imageUrl: production.imageUrl,
    unit: production.unit === null ? null : { slug: production.unit.slug, name: production.unit.name },
    calendar: productionCalendarUrl(urls, house, production.slug),
  };
}

function priceDto(summary: PriceSummary | null) {
  return summary === null ? null : { amountMinor: summary.fromMinor, currency: summary.currency };
}

function performanceDto(performance: PublicPerformance, house: PublicHouse, urls: PublicUrls) {
  const summary = priceSummary(performance.prices);
  return {
    id: performance.id,
    productionId: performance.production.id,
    startsAt: performance.startsAt,
    endsAt: effectiveEnd(performance),
    localStart: localIso(performance.startsAt, house.timeZone),
    status: performance.status,
    rescheduledFrom: performance.rescheduledFrom,
    note: performance.note,
    hall: performance.hall === null ? null : performance.hall.name,
    venueId: performance.venue?.id ?? null,
    priceFrom: priceDto(summary),
    free: summary?.free ?? false,
    bookingUrl: bookingUrl(performance, house),
    jsonLd: performanceJsonLdUrl(urls, house, performance.id),
  };
}

function exhibitionDto(production: PublicProduction, prices: readonly PublicPrice[], house: PublicHouse, urls: PublicUrls) {
  const summary = priceSummary(prices);
  return {
    ...productionDto(production, house, urls),
    runsFrom: production.runsFrom,
    runsUntil: production.runsUntil,
    openingHours: production.openingHours ?? null,
    venueId: production.venue?.id ?? null,
    priceFrom: priceDto(summary),
    free: summary?.free ?? false,
    bookingUrl: production.bookingUrl ?? house.website,
  };
}

export interface ProgrammePage {
  performances: readonly PublicPerformance[];
  exhibitions: readonly { production: PublicProduction; prices: readonly PublicPrice[] }[];
  total: number;
  limit: number;
  offset: number;
}

/** The JSON programme: a page of performances, the productions and venues they refer to, and the exhibitions on. */
export function programmeDto(page: ProgrammePage, house: PublicHouse, urls: PublicUrls) {
  const productions = new Map<string, PublicProduction>();
  const venues = new Map<string, PublicVenue>();
  for (const performance of page.performances) {
    if (!productions.has(performance.production.id)) productions.set(performance.production.id, performance.production);
    if (performance.venue !== null && !venues.has(performance.venue.id)) venues.set(performance.venue.id, performance.venue);
  }
  for (const { production } of page.exhibitions) {
    if (production.venue !== null && !venues.has(production.venue.id)) venues.set(production.venue.id, production.venue);
  }
  return {
    house: houseSummaryDto(house),
    items: page.performances.map((performance) => performanceDto(performance, house, urls)),
    total: page.total,
    limit: page.limit,
    offset: page.offset,
    productions: [...productions.values()].map((production) => productionDto(production, house, urls)),
    venues: [...venues.values()].map(venueDto),
    exhibitions: page.exhibitions.map(({ production, prices }) => exhibitionDto(production, prices, house, urls)),
  };
}

function houseSummaryDto(house: PublicHouse) {
  return { slug: house.slug, name: house.name, timeZone: house.timeZone, defaultLanguage: house.defaultLanguage };
}

export function houseDto(house: PublicHouse, units: readonly PublicUnit[], venues: readonly (PublicVenue & { halls: string[] })[], urls: PublicUrls) {
  const base = houseUrl(urls, house);
  return {
    slug: house.slug,
    name: house.name,
    timeZone: house.timeZone,
    languages: house.languages,
    defaultLanguage: house.defaultLanguage,
    currency: house.currency,
    address: { street: house.street, postalCode: house.postalCode, city: house.city, country: house.country },
    website: house.website,
    email: house.email,
    phone: house.phone,
    units: units.map((unit) => ({ slug: unit.slug, name: unit.name, calendar: `${base}/units/${encodeURIComponent(unit.slug)}/calendar.ics` })),
    venues: venues.map((venue) => ({ ...venueDto(venue), halls: venue.halls })),
    links: {
      programme: `${base}/programme`,
      programmeJsonLd: `${base}/programme.jsonld`,
      calendar: `${base}/calendar.ics`,
    },
  };
}
