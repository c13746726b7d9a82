import {
  bookingUrl,
  effectiveEnd,
  genreLabels,
  type Language,
  localIso,
  majorUnits,
  performanceJsonLdUrl,
  productionUrl,
  pick,
  priceSummary,
  type PublicHouse,
  type PublicPerformance,
  type PublicPrice,
  type PublicProduction,
  type PublicUrls,
  type PublicVenue,
} from './model.ts';

/*
 * schema.org JSON-LD for performances, exhibitions and the programme. Pure: records in,
 * plain objects out. What search engines and event portals read: the Event subtype,
 * name and description in one language, local start with offset, status, place with
 * address, offers with numeric prices, organizer, performers and the work presented.
 */

export type JsonLd = { [key: string]: JsonLdValue };
type JsonLdValue = string | number | boolean | null | JsonLd | JsonLdValue[];

const schema = 'https://schema.org';

/** The schema.org Event subtype for a genre code; the first genre that has one decides. */
const typeByGenre: Record<string, string> = {
  drama: 'TheaterEvent',
  puppetry: 'TheaterEvent',
  performance_art: 'TheaterEvent',
  youth_theatre: 'TheaterEvent',
  // Opera, operetta and musical are staged works: portals file them under the stage.
  opera: 'TheaterEvent',
  operetta: 'TheaterEvent',
  musical: 'TheaterEvent',
  comedy: 'ComedyEvent',
  cabaret: 'ComedyEvent',
  ballet: 'DanceEvent',
  contemporary_dance: 'DanceEvent',
  orchestral: 'MusicEvent',
  chamber_music: 'MusicEvent',
  choral: 'MusicEvent',
  early_music: 'MusicEvent',
  contemporary_music: 'MusicEvent',
  jazz: 'MusicEvent',
  pop: 'MusicEvent',
  children_theatre: 'ChildrensEvent',
  reading: 'LiteraryEvent',
  talk: 'EducationEvent',
  lecture: 'EducationEvent',
  workshop: 'EducationEvent',
  guided_tour: 'EducationEvent',
  exhibition: 'ExhibitionEvent',
  film: 'ScreeningEvent',
  festival: 'Festival',
};

export function eventType(production: Pick<PublicProduction, 'genres' | 'kind'>): string {
  for (const code of production.genres) {
    const type = typeByGenre[code];
    if (type !== undefined) return type;
  }
  return production.kind === 'exhibition' ? 'ExhibitionEvent' : 'Event';
}

const statusUrl = {
  scheduled: `${schema}/EventScheduled`,
  sold_out: `${schema}/EventScheduled`,
  cancelled: `${schema}/EventCancelled`,
  rescheduled: `${schema}/EventRescheduled`,
} as const;

function compact(object: { [key: string]: JsonLdValue | undefined }): JsonLd {
  const out: JsonLd = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

function postalAddress(place: { street: string | null; postalCode: string | null; city: string | null; country: string | null }): JsonLd | undefined {
  if (place.street === null && place.postalCode === null && place.city === null && place.country === null) return undefined;
  return compact({
    '@type': 'PostalAddress',
    streetAddress: place.street,
    postalCode: place.postalCode,
    addressLocality: place.city,
    addressCountry: place.country,
  });
}

/**
 * Where the event is: the hall as a Place inside the venue (containedInPlace), both with
 * the venue's address, so that consumers reading only location.name and address get
 * something a visitor can walk to, and importers (ours included) get hall and venue.
 */
function place(venue: PublicVenue | null, hallName: string | null, house: PublicHouse): JsonLd {
  if (venue === null) {
    return compact({ '@type': 'Place', name: hallName ?? house.name, address: postalAddress(house) });
  }
  const geo =
    venue.latitude !== null && venue.longitude !== null
      ? { '@type': 'GeoCoordinates', latitude: venue.latitude, longitude: venue.longitude }
      : undefined;
  const address = postalAddress(venue) ?? postalAddress(house);
  const building = compact({ '@type': 'Place', name: venue.name, address, geo });
  if (hallName === null) return building;
  return compact({ '@type': 'Place', name: hallName, address, containedInPlace: building });
}

function organizer(house: PublicHouse): JsonLd {
  return compact({ '@type': 'Organization', name: house.name, url: house.website, email: house.email, telephone: house.phone, address: postalAddress(house) });
}

function offers(prices: readonly PublicPrice[], availability: string, url: string | null, language: Language): JsonLd[] {
  return [...prices]
    .sort((a, b) => a.amountMinor - b.amountMinor)
    .map((price) =>
      compact({
        '@type': 'Offer',
        identifier: price.code,
        name: pick(price.name, language),
        price: majorUnits(price.amountMinor, price.currency),
        priceCurrency: price.currency,
        availability,
        url,
      }),
    );
}

/** schema.org's "7-12" and "7-" forms. */
function typicalAgeRange(production: PublicProduction): string | undefined {
  if (production.ageMin === null && production.ageMax === null) return undefined;
  return `${production.ageMin ?? 0}-${production.ageMax ?? ''}`;
}

function durationIso(minutes: number | null): string | undefined {
  if (minutes === null || minutes <= 0) return undefined;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours > 0 ? `${hours}H` : ''}${rest > 0 ? `${rest}M` : ''}`;
}

/** The language a production is performed in; 'none' (music, dance) has no language. */
function performedIn(production: PublicProduction): string | undefined {
  const language = production.performanceLanguage;
  return language !== null && language !== 'none' ? language : undefined;
}

function workPresented(production: PublicProduction, house: PublicHouse, options: JsonLdOptions): JsonLd {
  return compact({
    '@type': 'CreativeWork',
    // Stable per production: every performance names the same work, so importers group them.
    '@id': productionUrl(options.urls, house, production.slug),
    name: pick(production.title, options.language),
    alternateName: pick(production.subtitle, options.language),
    genre: genreLabels(production.genres, options.language),
    inLanguage: performedIn(production),
    image: production.imageUrl,
  });
}

function commonFields(production: PublicProduction, house: PublicHouse, language: Language) {
  return {
    name: pick(production.title, language) ?? production.slug,
    description: pick(production.description, language) ?? pick(production.subtitle, language),
    disambiguatingDescription: pick(production.subtitle, language),
    /*
     * schema.org's Event.inLanguage is the language of the performance, and importers
     * (ours included) read it so. The language of names and texts is the requested one,
     * sent as the Content-Language header.
     */
    inLanguage: performedIn(production),
    image: production.imageUrl,
    keywords: genreLabels(production.genres, language).join(', ') || undefined,
    typicalAgeRange: typicalAgeRange(production),
    audience: { '@type': 'Audience', audienceType: production.audience },
    organizer: organizer(house),
    performer: production.performers.map((p) => ({ '@type': 'Person', name: p.name })),
    eventAttendanceMode: `${schema}/OfflineEventAttendanceMode`,
  };
}

export interface JsonLdOptions {
  language: Language;
  urls: PublicUrls;
  /** Adds "@context": a standalone document rather than an item in a @graph. */
  standalone?: boolean;
}

export function performanceJsonLd(performance: PublicPerformance, house: PublicHouse, options: JsonLdOptions): JsonLd {
  const { language } = options;
  const production = performance.production;
  const summary = priceSummary(performance.prices);
  const url = bookingUrl(performance, house);
  const end = effectiveEnd(performance);
  const availability =
    performance.status === 'sold_out'
      ? `${schema}/SoldOut`
      : performance.status === 'cancelled'
        ? `${schema}/Discontinued`
        : `${schema}/InStock`;
  return compact({
    '@context': options.standalone === true ? schema : undefined,
    '@type': eventType(production),
    '@id': performanceJsonLdUrl(options.urls, house, performance.id),
    identifier: performance.id,
    ...commonFields(production, house, language),
    startDate: localIso(performance.startsAt, house.timeZone),
    endDate: end === null ? undefined : localIso(end, house.timeZone),
    duration: durationIso(production.durationMinutes),
    eventStatus: statusUrl[performance.status],
    previousStartDate:
      performance.status === 'rescheduled' && performance.rescheduledFrom !== null
        ? localIso(performance.rescheduledFrom, house.timeZone)
        : undefined,
    location: place(performance.venue, performance.hall?.name ?? null, house),
    offers: offers(performance.prices, availability, url, language),
    isAccessibleForFree: summary?.free === true ? true : undefined,
    url,
    workPresented: workPresented(production, house, options),
  });
}

/** An exhibition's whole run as one ExhibitionEvent with dates (no times): it is open on many days. */
export function exhibitionJsonLd(production: PublicProduction, prices: readonly PublicPrice[], house: PublicHouse, options: JsonLdOptions): JsonLd {
  const summary = priceSummary(prices);
  const url = production.bookingUrl ?? house.website;
  return compact({
    '@context': options.standalone === true ? schema : undefined,
    '@type': 'ExhibitionEvent',
    '@id': productionUrl(options.urls, house, production.slug),
    identifier: production.id,
    ...commonFields(production, house, options.language),
    startDate: production.runsFrom,
    endDate: production.runsUntil,
    eventStatus: statusUrl.scheduled,
    location: place(production.venue, null, house),
    offers: offers(prices, `${schema}/InStock`, url, options.language),
    isAccessibleForFree: summary?.free === true ? true : undefined,
    url,
  });
}

/**
 * The programme as a @graph of Events: the form importers (ours included) and search
 * engines read most reliably, where an ItemList would wrap each event once more.
 */
export function programmeJsonLd(items: JsonLd[]): JsonLd {
  return { '@context': schema, '@graph': items };
}

