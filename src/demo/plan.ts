import { accessibilityFeatures } from '../catalogue/genres.ts';
import { weekdays } from '../catalogue/model.ts';
import type { HouseCreateInput } from '../catalogue/schemas.ts';
import type { HallCreateInput, UnitCreateInput, VenueCreateInput } from '../catalogue/schemas/places.ts';
import type { PriceCategoryCreateInput } from '../catalogue/schemas/price-categories.ts';
import type { OpeningHoursInput, ProductionCreateInput } from '../catalogue/schemas/productions.ts';
import type { Role } from '../core/auth/model.ts';
import type { DemoFiles, ExhibitionEntry, ProductionsFile, StagedEntry } from './data.ts';
import { expandSchedule, type HouseCalendar, type LocalDateTime, parseDays, type PlannedPerformance } from './schedule.ts';

/*
 * Turns the demo files into the exact inputs the catalogue and auth services take, with
 * references still by key (hall 'grosses-haus', unit 'museum'); seed.ts resolves them to
 * ids as it creates things. Pure and deterministic: the same files give the same plan.
 */

export interface PlannedPrice {
  category: Omit<PriceCategoryCreateInput, 'productionId' | 'performanceId'>;
  /** Only for the performance at this local time; null: for every performance. */
  performanceAt: LocalDateTime | null;
}

export interface PlannedProduction {
  slug: string;
  unit: string | null;
  hall: string | null;
  venue: string | null;
  production: Omit<ProductionCreateInput, 'unitId' | 'venueId'>;
  capacity: number | null;
  performances: PlannedPerformance[];
  prices: PlannedPrice[];
}

export interface PlannedStaff {
  email: string;
  name: string;
  role: Role;
  unit: string | null;
  language: 'de' | 'en';
}

export interface DemoPlan {
  house: HouseCreateInput & { slug: string };
  season: { from: string; until: string };
  calendar: HouseCalendar;
  units: (UnitCreateInput & { slug: string })[];
  venues: { key: string; venue: VenueCreateInput; halls: { key: string; hall: Omit<HallCreateInput, 'venueId'> }[] }[];
  productions: PlannedProduction[];
  staff: PlannedStaff[];
}

export interface PlanOptions {
  /** Poster images are served at <imageBaseUrl>/demo/images/<slug>.svg; null leaves them out. */
  imageBaseUrl: string | null;
}

function fail(message: string): never {
  throw new Error(`demo house: ${message}`);
}

const euros = (amount: number) => Math.round(amount * 100);

function pricesOf(file: ProductionsFile, schemeName: string, where: string): PlannedPrice['category'][] {
  const scheme = file.priceSchemes[schemeName] ?? fail(`${where}: unknown price scheme ${schemeName}`);
  return scheme.categories.map((category, index) => {
    const amountMinor = euros(category.eur);
    const reductions = scheme.reductions.map((code) => {
      const reduction = file.reductions[code] ?? fail(`price scheme ${schemeName}: unknown reduction ${code}`);
      // A percentage is rounded to 50 cents, as box offices do.
      const reduced = reduction.percent === undefined ? euros(reduction.eur ?? 0) : Math.round((amountMinor * reduction.percent) / 100 / 50) * 50;
      return { code, nameDe: reduction.de, nameEn: reduction.en, amountMinor: Math.min(reduced, amountMinor), eligible: reduction.eligible };
    });
    return { code: category.code, name: { de: category.de, en: category.en }, amountMinor, currency: 'EUR', reductions, sortOrder: index };
  });
}

const weekdayCodes = new Map<number, (typeof weekdays)[number]>(weekdays.map((day, index) => [index + 1, day]));

function timeRange(hours: string) {
  const [opens = '', closes = ''] = hours.split('-');
  return { opens, closes };
}

function openingHoursOf(file: ProductionsFile, key: string, where: string): OpeningHoursInput {
  const source = file.openingHours[key] ?? fail(`${where}: unknown opening hours ${key}`);
  const weekly: OpeningHoursInput['weekly'] = {};
  for (const entry of source.weekly) {
    for (const day of parseDays(entry.days)) {
      const code = weekdayCodes.get(day);
      if (code !== undefined) weekly[code] = [...(weekly[code] ?? []), timeRange(entry.hours)];
    }
  }
  const exceptions = source.exceptions.map((exception) => ({
    date: exception.date,
    closed: exception.closed === true,
    hours: exception.hours === undefined ? [] : [timeRange(exception.hours)],
    note: { de: exception.de, en: exception.en },
  }));
  return { weekly, exceptions };
}

/** The production's own features, its surtitles, and those of any of its performances, in vocabulary order. */
function accessibilityOf(declared: readonly string[], surtitles: readonly string[], performances: readonly PlannedPerformance[]): string[] {
  const present = new Set<string>(declared);
  if (surtitles.length > 0) present.add('surtitles');
  for (const performance of performances) for (const feature of performance.features) present.add(feature);
  return accessibilityFeatures.filter((feature) => present.has(feature));
}

function commonFields(entry: StagedEntry | ExhibitionEntry, options: PlanOptions) {
  return {
    slug: entry.slug,
    title: entry.title,
    subtitle: entry.subtitle,
    description: entry.description,
    genres: entry.genres,
    tags: entry.tags,
    audience: entry.audience,
    ageMin: entry.ageMin,
    ageMax: entry.ageMax,
    durationMinutes: entry.durationMinutes,
    performanceLanguage: entry.language,
    surtitles: entry.surtitles ?? [],
    performers: entry.performers,
    creativeTeam: entry.creativeTeam,
    imageUrl: options.imageBaseUrl === null ? null : `${options.imageBaseUrl}/demo/images/${entry.slug}.svg`,
  };
}

export function planDemoHouse(files: DemoFiles, options: PlanOptions): DemoPlan {
  const { house: houseFile, productions: file } = files;
  const calendar: HouseCalendar = {
    timeZone: houseFile.house.timeZone,
    holidays: Object.keys(houseFile.calendar.holidays),
    schoolHolidays: houseFile.calendar.schoolHolidays,
    closed: Object.keys(houseFile.calendar.closed),
  };
  const unitSlugs = new Set(houseFile.units.map((unit) => unit.slug));
  const hallKeys = new Set(houseFile.venues.flatMap((venue) => venue.halls.map((hall) => hall.key)));
  const venueKeys = new Set(houseFile.venues.map((venue) => venue.key));
  const slugs = new Set<string>();

  const productions = file.productions.map((entry): PlannedProduction => {
    const where = `production ${entry.slug}`;
    if (slugs.has(entry.slug)) fail(`${where}: the slug is used twice`);
    slugs.add(entry.slug);
    if (entry.unit !== null && !unitSlugs.has(entry.unit)) fail(`${where}: unknown unit ${entry.unit}`);
    const categories = pricesOf(file, entry.prices, where);
    const fields = commonFields(entry, options);

    if (entry.kind === 'exhibition') {
      if (!venueKeys.has(entry.venue)) fail(`${where}: unknown venue ${entry.venue}`);
      return {
        slug: entry.slug,
        unit: entry.unit,
        hall: null,
        venue: entry.venue,
        production: {
          ...fields,
          kind: 'exhibition',
          accessibility: accessibilityOf(entry.accessibility, fields.surtitles, []) as ProductionCreateInput['accessibility'],
          runsFrom: entry.runs.from,
          runsUntil: entry.runs.until,
          openingHours: openingHoursOf(file, entry.openingHours, where),
        },
        capacity: null,
        performances: [],
        prices: categories.map((category) => ({ category, performanceAt: null })),
      };
    }

    if (!hallKeys.has(entry.hall)) fail(`${where}: unknown hall ${entry.hall}`);
    let performances: PlannedPerformance[];
    try {
      performances = expandSchedule(entry.schedule, calendar, entry.durationMinutes);
    } catch (error) {
      fail(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (performances.length === 0) fail(`${where}: the schedule has no performance`);
    const special = (entry.specialPrices ?? []).flatMap((override) => {
      if (!performances.some((p) => p.local === override.at)) fail(`${where}: special prices for ${override.at}, which has no performance`);
      return pricesOf(file, override.prices, where).map((category) => ({ category, performanceAt: override.at }));
    });
    return {
      slug: entry.slug,
      unit: entry.unit,
      hall: entry.hall,
      venue: null,
      production: {
        ...fields,
        kind: 'staged',
        accessibility: accessibilityOf(entry.accessibility, fields.surtitles, performances) as ProductionCreateInput['accessibility'],
      },
      capacity: entry.capacity ?? null,
      performances,
      prices: [...categories.map((category) => ({ category, performanceAt: null })), ...special],
    };
  });

  for (const member of houseFile.staff) {
    if (member.unit !== undefined && !unitSlugs.has(member.unit)) fail(`staff ${member.email}: unknown unit ${member.unit}`);
  }

  return {
    house: houseFile.house,
    season: { from: houseFile.season.from, until: houseFile.season.until },
    calendar,
    units: houseFile.units,
    venues: houseFile.venues.map((venue) => ({
      key: venue.key,
      venue: {
        name: venue.name,
        street: venue.street,
        postalCode: venue.postalCode,
        city: venue.city,
        country: venue.country,
        directions: venue.directions,
      },
      halls: venue.halls.map((hall) => ({
        key: hall.key,
        hall: { name: hall.name, capacity: hall.capacity, accessibility: hall.accessibility },
      })),
    })),
    productions,
    staff: houseFile.staff.map((member) => ({ ...member, unit: member.unit ?? null })),
  };
}
