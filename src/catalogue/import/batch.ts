import { addUnique } from './classify.ts';
import type {
  ImportBatch,
  ImportedPerformance,
  ImportedProduction,
  ImportedVenue,
  ImportFormat,
  LocalizedText,
  Person,
  Where,
} from './model.ts';

/*
 * Collects what a parser finds into an ImportBatch: one production per ref (later
 * sightings add what the first one lacked), one venue per ref, one performance per ref.
 * The import plan would skip duplicates too, but here they can still be merged.
 */

const MAX_COMMON_DURATION = 12 * 60;

function mergeText(into: LocalizedText, from: LocalizedText | undefined): void {
  if (from === undefined) return;
  if (into.de === undefined && from.de !== undefined) into.de = from.de;
  if (into.en === undefined && from.en !== undefined) into.en = from.en;
}

function mergePeople(into: Person[], from: readonly Person[]): void {
  for (const person of from) {
    if (!into.some((p) => p.name === person.name && p.role === person.role)) into.push(person);
  }
}

function minDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function maxDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

export function createBatchBuilder(format: ImportFormat) {
  const venues = new Map<string, ImportedVenue>();
  const productions = new Map<string, ImportedProduction>();
  const performances = new Map<string, ImportedPerformance>();
  const batch: ImportBatch = { format, venues: [], productions: [], performances: [], skipped: [], warnings: [] };

  function addVenue(venue: ImportedVenue): string {
    const first = venues.get(venue.ref);
    if (first === undefined) {
      venues.set(venue.ref, { ...venue });
      return venue.ref;
    }
    for (const key of ['street', 'postalCode', 'city', 'country', 'latitude', 'longitude'] as const) {
      if (first[key] === undefined && venue[key] !== undefined) Object.assign(first, { [key]: venue[key] });
    }
    return venue.ref;
  }

  /** Adds a production, or merges it into the one with the same ref; returns the kept one. */
  function addProduction(production: ImportedProduction): ImportedProduction {
    const first = productions.get(production.ref);
    if (first === undefined) {
      const copy: ImportedProduction = {
        ...production,
        title: { ...production.title },
        genres: [],
        tags: [],
        performers: [...production.performers],
        creativeTeam: [...production.creativeTeam],
      };
      if (production.subtitle !== undefined) copy.subtitle = { ...production.subtitle };
      if (production.description !== undefined) copy.description = { ...production.description };
      addUnique(copy.genres, production.genres);
      addUnique(copy.tags, production.tags);
      productions.set(production.ref, copy);
      return copy;
    }
    mergeText(first.title, production.title);
    if (production.subtitle !== undefined) mergeText((first.subtitle ??= {}), production.subtitle);
    if (production.description !== undefined) mergeText((first.description ??= {}), production.description);
    addUnique(first.genres, production.genres);
    addUnique(first.tags, production.tags);
    mergePeople(first.performers, production.performers);
    mergePeople(first.creativeTeam, production.creativeTeam);
    for (const key of ['audience', 'ageMin', 'ageMax', 'durationMinutes', 'performanceLanguage', 'imageUrl', 'bookingUrl', 'venueRef'] as const) {
      if (first[key] === undefined && production[key] !== undefined) Object.assign(first, { [key]: production[key] });
    }
    const runsFrom = minDate(first.runsFrom, production.runsFrom);
    const runsUntil = maxDate(first.runsUntil, production.runsUntil);
    if (runsFrom !== undefined) first.runsFrom = runsFrom;
    if (runsUntil !== undefined) first.runsUntil = runsUntil;
    return first;
  }

  /**
   * Adds a performance. The same ref at the same start is a duplicate and skipped; the
   * same ref at another start (a source reusing its ids) is kept under a ref made unique
   * by the start.
   */
  function addPerformance(performance: ImportedPerformance): void {
    const first = performances.get(performance.ref);
    if (first === undefined) {
      performances.set(performance.ref, performance);
      return;
    }
    if (first.startsAt === performance.startsAt && first.productionRef === performance.productionRef) {
      skip(performance.where, `the same performance as at ${first.where} (listed twice)`);
      return;
    }
    const ref = `${performance.ref}@${performance.startsAt}`;
    if (performances.has(ref)) {
      skip(performance.where, `the same performance as at ${performances.get(ref)?.where ?? first.where} (listed twice)`);
      return;
    }
    warn(`id "${performance.ref}" is used by more than one performance: kept apart by their start`, performance.where);
    performances.set(ref, { ...performance, ref });
  }

  function skip(where: Where, reason: string): void {
    batch.skipped.push({ where, reason });
  }

  function warn(message: string, where?: Where): void {
    batch.warnings.push(where === undefined ? { message } : { where, message });
  }

  /** A production's length from its performances, when the source gives none and they all agree. */
  function commonDurations(): void {
    const lengths = new Map<string, number | null>();
    for (const performance of performances.values()) {
      if (performance.endsAt === undefined || performance.allDay === true) {
        lengths.set(performance.productionRef, null);
        continue;
      }
      const minutes = Math.round((Date.parse(performance.endsAt) - Date.parse(performance.startsAt)) / 60_000);
      const known = lengths.get(performance.productionRef);
      if (known === undefined) lengths.set(performance.productionRef, minutes);
      else if (known !== minutes) lengths.set(performance.productionRef, null);
    }
    for (const production of productions.values()) {
      const minutes = lengths.get(production.ref);
      if (production.durationMinutes === undefined && typeof minutes === 'number' && minutes > 0 && minutes <= MAX_COMMON_DURATION) {
        production.durationMinutes = minutes;
      }
    }
  }

  /**
   * A production with a run (from an exhibition's dates) and no performances is an
   * exhibition; any other is staged, and a run or venue it picked up is dropped.
   */
  function settleKinds(): void {
    const staged = new Set<string>();
    for (const performance of performances.values()) staged.add(performance.productionRef);
    for (const production of productions.values()) {
      if (production.runsFrom !== undefined && !staged.has(production.ref)) {
        production.kind = 'exhibition';
        continue;
      }
      production.kind = 'staged';
      delete production.runsFrom;
      delete production.runsUntil;
      delete production.venueRef;
    }
  }

  function build(): ImportBatch {
    commonDurations();
    settleKinds();
    batch.venues = [...venues.values()];
    batch.productions = [...productions.values()];
    batch.performances = [...performances.values()];
    return batch;
  }

  return { addVenue, addProduction, addPerformance, skip, warn, build };
}

export type BatchBuilder = ReturnType<typeof createBatchBuilder>;

/** An empty production to fill in: everything a parser does not know stays undefined. */
export function emptyProduction(ref: string, title: LocalizedText, where: Where): ImportedProduction {
  return { ref, kind: 'staged', title, genres: [], tags: [], performers: [], creativeTeam: [], where };
}
