import { hash } from 'node:crypto';
import { searchText, slugify, uniqueSlug } from '../model.ts';
import { checkPerformance, checkProduction } from './limits.ts';
import type { EntityCounts, ImportBatch, ImportedPerformance, ImportedProduction, ImportedVenue, ImportReport, Skip, Warning } from './model.ts';
import {
  createPricePlanner,
  priceHashPart,
  productionPrices,
  type ExistingPriceCategory,
  type PriceCategoryDraft,
  type PriceCategoryPlan,
} from './plan-prices.ts';

export type { ExistingPriceCategory, PriceCategoryInsert, PriceCategoryUpdate } from './plan-prices.ts';

/*
 * The heart of an import, pure: the parsed batch and what the house already holds go
 * in, the rows to insert and update and the report come out. The service runs it once
 * and either writes the plan (one transaction) or, for a dry run, only returns the
 * report, so a dry run reports exactly what the real run does.
 */

/** Halls created for a venue the source does not describe get this capacity (and a warning). */
export const DEFAULT_HALL_CAPACITY = 100;

/**
 * Bumped whenever the normalisation below changes, so that rows imported before are
 * refreshed once instead of staying "unchanged" against a hash computed differently.
 */
const HASH_VERSION = 'v1';

// ---------- what the house already holds ----------

export interface ExistingVenue {
  id: string;
  name: string;
  sourceRef: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface ExistingHall {
  id: string;
  venueId: string;
  name: string;
}

export interface ExistingProduction {
  id: string;
  unitId: string | null;
  sourceHash: string | null;
}

export interface ExistingPerformance {
  id: string;
  startsAt: string;
  sourceHash: string | null;
  /** The unit of its production: unit staff may not change another unit's performance. */
  unitId: string | null;
}

export interface ExistingState {
  /** Every venue of the house (imported venues are also matched by name). */
  venues: ExistingVenue[];
  /** Every hall of the house. */
  halls: ExistingHall[];
  /** Rows imported from this source before, by their full source_ref. */
  productions: ReadonlyMap<string, ExistingProduction>;
  performances: ReadonlyMap<string, ExistingPerformance>;
  /** Price categories imported from this source before (never those created by hand). */
  priceCategories: readonly ExistingPriceCategory[];
  /** Production slugs taken in the house. */
  slugs: ReadonlySet<string>;
}

export interface PlanOptions {
  /** Prefix of every source_ref this source writes ('feed:<id>|', 'url:<url>|', 'file|', 'file:<unit id>|'), so sources do not collide. */
  sourcePrefix: string;
  /** The unit new productions belong to; null: the house itself. */
  unitId: string | null;
  /** Unit staff: productions of any other unit (or of none) are not theirs to change. */
  actorUnitId: string | null;
  /** Warn about future performances that are no longer in the source (feeds and URLs are whole sources; single files are not). */
  reportMissing: boolean;
  dryRun: boolean;
  now: Date;
  newId: () => string;
}

// ---------- what gets written ----------

export interface VenueInsert {
  id: string;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  sourceRef: string;
}

export type VenueUpdate = { id: string } & Partial<Omit<VenueInsert, 'id' | 'sourceRef' | 'name'>>;

export interface HallInsert {
  id: string;
  venueId: string;
  name: string;
  capacity: number;
  sourceRef: string;
}

export interface ProductionFields {
  kind: 'staged' | 'exhibition';
  titleDe: string;
  titleEn: string | null;
  subtitleDe: string | null;
  subtitleEn: string | null;
  descriptionDe: string | null;
  descriptionEn: string | null;
  genres: string[];
  tags: string[];
  audience: string;
  ageMin: number | null;
  ageMax: number | null;
  durationMinutes: number | null;
  performanceLanguage: string | null;
  performers: { name: string; role?: string }[];
  creativeTeam: { name: string; role?: string }[];
  imageUrl: string | null;
  bookingUrl: string | null;
  venueId: string | null;
  runsFrom: string | null;
  runsUntil: string | null;
  searchText: string;
  sourceHash: string;
}

export interface ProductionInsert extends ProductionFields {
  id: string;
  unitId: string | null;
  slug: string;
  sourceRef: string;
}

export interface ProductionUpdate extends ProductionFields {
  id: string;
  /** undefined: keep the unit it has. */
  unitId?: string | null;
}

export interface PerformanceFields {
  productionId: string;
  hallId: string | null;
  startsAt: string;
  endsAt: string | null;
  status: string;
  capacity: number | null;
  bookingUrl: string | null;
  sourceHash: string;
}

export interface PerformanceInsert extends PerformanceFields {
  id: string;
  sourceRef: string;
}

export interface PerformanceUpdate extends PerformanceFields {
  id: string;
}

export interface ImportPlan {
  report: ImportReport;
  venues: { insert: VenueInsert[]; update: VenueUpdate[] };
  halls: { insert: HallInsert[] };
  productions: { insert: ProductionInsert[]; update: ProductionUpdate[] };
  performances: { insert: PerformanceInsert[]; update: PerformanceUpdate[] };
  priceCategories: PriceCategoryPlan;
}

// ---------- helpers ----------

function counts(): EntityCounts {
  return { created: 0, updated: 0, unchanged: 0 };
}

function text(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A stable digest of the normalised imported fields: equal input, equal hash, no write. */
export function sourceHash(value: unknown): string {
  // The one-shot hash() costs a third of createHash() per call; an import makes one per row.
  return hash('sha256', HASH_VERSION + JSON.stringify(value), 'base64url');
}

function isInstant(value: string): boolean {
  return CANONICAL_INSTANT.test(value) || !Number.isNaN(Date.parse(value));
}

/** Parsers already give '2026-10-02T17:30:00.000Z'; only other spellings are rewritten. */
function canonicalInstant(value: string): string {
  return CANONICAL_INSTANT.test(value) ? value : new Date(value).toISOString();
}

// ---------- the plan ----------

export function planImport(batch: ImportBatch, existing: ExistingState, options: PlanOptions): ImportPlan {
  const prefix = options.sourcePrefix;
  const skipped: Skip[] = [...batch.skipped];
  const warnings: Warning[] = [...batch.warnings];
  const details = { venues: counts(), productions: counts(), performances: counts() };
  const priceCategories = createPricePlanner(existing.priceCategories, prefix, options.newId);
  const plan: Omit<ImportPlan, 'report'> = {
    venues: { insert: [], update: [] },
    halls: { insert: [] },
    productions: { insert: [], update: [] },
    performances: { insert: [], update: [] },
    priceCategories: priceCategories.plan,
  };

  // ----- venues: by source_ref, else by name, else new -----
  const venueIdByRef = new Map<string, string>();
  const venueNameById = new Map<string, string>();
  const existingBySourceRef = new Map(existing.venues.filter((v) => v.sourceRef !== null).map((v) => [v.sourceRef as string, v]));
  const existingByName = new Map<string, ExistingVenue>();
  for (const venue of existing.venues) if (!existingByName.has(nameKey(venue.name))) existingByName.set(nameKey(venue.name), venue);
  for (const venue of existing.venues) venueNameById.set(venue.id, venue.name);

  const batchVenues = new Map<string, ImportedVenue>();
  for (const venue of batch.venues) {
    if (batchVenues.has(venue.ref)) continue;
    if (text(venue.name) === null) {
      skipped.push({ where: venue.where, reason: 'venue without a name' });
      continue;
    }
    batchVenues.set(venue.ref, venue);
  }
  for (const venue of batchVenues.values()) {
    const sourceRef = prefix + venue.ref;
    const fields = {
      street: text(venue.street),
      postalCode: text(venue.postalCode),
      city: text(venue.city),
      country: text(venue.country),
      latitude: venue.latitude ?? null,
      longitude: venue.longitude ?? null,
    };
    const bySource = existingBySourceRef.get(sourceRef);
    if (bySource !== undefined) {
      // A venue this source created: keep its address in step with the source, but
      // only with what the source says (an address the staff added stays).
      const update: VenueUpdate = { id: bySource.id };
      for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
        const value = fields[key];
        if (value !== null && value !== bySource[key]) Object.assign(update, { [key]: value });
      }
      venueIdByRef.set(venue.ref, bySource.id);
      if (Object.keys(update).length > 1) {
        plan.venues.update.push(update);
        details.venues.updated += 1;
      } else {
        details.venues.unchanged += 1;
      }
      continue;
    }
    const byName = existingByName.get(nameKey(venue.name));
    if (byName !== undefined) {
      // A venue the house already keeps by hand: use it, never rewrite it from a feed.
      venueIdByRef.set(venue.ref, byName.id);
      details.venues.unchanged += 1;
      continue;
    }
    const id = options.newId();
    const name = venue.name.trim();
    plan.venues.insert.push({ id, name, ...fields, sourceRef });
    venueIdByRef.set(venue.ref, id);
    venueNameById.set(id, name);
    existingByName.set(nameKey(name), { id, name, sourceRef, ...fields });
    details.venues.created += 1;
  }

  // Warned about once per name, not once per performance.
  const unknownVenues = new Set<string>();
  const unknownHalls = new Set<string>();

  function resolveVenue(ref: string | undefined, where: string): string | null {
    if (ref === undefined) return null;
    const known = venueIdByRef.get(ref);
    if (known !== undefined) return known;
    const bySource = existingBySourceRef.get(prefix + ref);
    if (bySource !== undefined) {
      venueIdByRef.set(ref, bySource.id);
      return bySource.id;
    }
    if (!unknownVenues.has(ref)) {
      unknownVenues.add(ref);
      warnings.push({ where, message: `venue "${ref}" is not described in the source: its performances are left without a hall` });
    }
    return null;
  }

  // ----- productions -----
  const productionsByRef = new Map<string, ImportedProduction>();
  const untitled = new Map<string, string>();
  for (const production of batch.productions) {
    const first = productionsByRef.get(production.ref);
    if (first !== undefined) {
      skipped.push({ where: production.where, reason: `duplicate of the production at ${first.where}` });
      continue;
    }
    if (text(production.title.de) === null && text(production.title.en) === null) {
      skipped.push({ where: production.where, reason: 'production without a title' });
      untitled.set(production.ref, production.where);
      continue;
    }
    productionsByRef.set(production.ref, checkProduction(production, warnings));
  }

  /** Unit staff may change only their own unit's productions and performances (and whatever they create). */
  function mayChange(row: { unitId: string | null } | undefined): boolean {
    return row === undefined || options.actorUnitId === null || row.unitId === options.actorUnitId;
  }

  // Performances grouped by production; invalid ones are skipped here, before prices are derived.
  const performancesByRef = new Map<string, ImportedPerformance>();
  const performancesOfProduction = new Map<string, ImportedPerformance[]>();
  for (const imported of batch.performances) {
    const first = performancesByRef.get(imported.ref);
    if (first !== undefined) {
      skipped.push({ where: imported.where, reason: `duplicate of the performance at ${first.where}` });
      continue;
    }
    if (!isInstant(imported.startsAt)) {
      skipped.push({ where: imported.where, reason: `start "${imported.startsAt}" is not a date and time` });
      continue;
    }
    // The row under this ref may belong to another unit's production, whatever production the source
    // now names. (When the production named is not the scope's either, it is skipped below with its performances.)
    if (!mayChange(existing.performances.get(prefix + imported.ref)) && mayChange(existing.productions.get(prefix + imported.productionRef))) {
      skipped.push({ where: imported.where, reason: `performance "${imported.ref}" belongs to a production of another unit (or of the house), not yours: left as it is` });
      continue;
    }
    const performance = checkPerformance(imported, warnings);
    if (!productionsByRef.has(performance.productionRef)) {
      const known = existing.productions.get(prefix + performance.productionRef);
      const untitledAt = untitled.get(performance.productionRef);
      if (known === undefined && untitledAt !== undefined) {
        skipped.push({ where: performance.where, reason: `its production (${untitledAt}) has no title` });
        continue;
      }
      if (known === undefined) {
        skipped.push({ where: performance.where, reason: `belongs to production "${performance.productionRef}", which the source does not contain` });
        continue;
      }
      if (!mayChange(known)) {
        skipped.push({ where: performance.where, reason: `its production belongs to another unit (or to the house), not yours` });
        continue;
      }
    }
    performancesByRef.set(performance.ref, performance);
    const list = performancesOfProduction.get(performance.productionRef);
    if (list === undefined) performancesOfProduction.set(performance.productionRef, [performance]);
    else list.push(performance);
  }

  const slugs = new Set(existing.slugs);
  const productionIdByRef = new Map<string, string>();
  /** Productions whose rows this import may not touch (unit staff, another unit). */
  const forbiddenProductions = new Set<string>();
  const overridesByPerformance = new Map<ImportedPerformance, PriceCategoryDraft[]>();

  for (const production of productionsByRef.values()) {
    const sourceRef = prefix + production.ref;
    const before = existing.productions.get(sourceRef);
    const performances = performancesOfProduction.get(production.ref) ?? [];
    if (!mayChange(before)) {
      forbiddenProductions.add(production.ref);
      skipped.push({
        where: production.where,
        reason: `production "${production.ref}" belongs to another unit (or to the house), not yours: left as it is with its ${performances.length} performance(s)`,
      });
      continue;
    }
    const venueId = resolveVenue(production.venueRef, production.where);
    const prices = productionPrices(performances);
    for (const [performance, own] of prices.overrides) overridesByPerformance.set(performance, own);

    const titleDe = text(production.title.de);
    const titleEn = text(production.title.en);
    const performers = production.performers.map((p) => (p.role === undefined ? { name: p.name } : { name: p.name, role: p.role }));
    const creativeTeam = production.creativeTeam.map((p) => (p.role === undefined ? { name: p.name } : { name: p.name, role: p.role }));
    const genres = [...new Set(production.genres)];
    const tags = [...new Set(production.tags.map((t) => t.trim()).filter((t) => t !== ''))];
    const normalised = {
      kind: production.kind,
      // title_de is required; a source that only has an English title fills it with that.
      titleDe: titleDe ?? (titleEn as string),
      titleEn,
      subtitleDe: text(production.subtitle?.de),
      subtitleEn: text(production.subtitle?.en),
      descriptionDe: text(production.description?.de),
      descriptionEn: text(production.description?.en),
      genres,
      tags,
      audience: production.audience ?? 'adults',
      ageMin: production.ageMin ?? null,
      ageMax: production.ageMax ?? null,
      durationMinutes: production.durationMinutes ?? null,
      performanceLanguage: text(production.performanceLanguage),
      performers,
      creativeTeam,
      imageUrl: text(production.imageUrl),
      bookingUrl: text(production.bookingUrl),
      runsFrom: production.runsFrom ?? null,
      runsUntil: production.runsUntil ?? null,
      venueRef: production.venueRef ?? null,
    };
    const hash = sourceHash([normalised, priceHashPart(prices.categories)]);
    const { venueRef: _venueRef, ...columns } = normalised;
    const fields: ProductionFields = {
      ...columns,
      venueId,
      searchText: searchText({
        title: production.title,
        subtitle: production.subtitle ?? null,
        description: production.description ?? null,
        performers,
        creativeTeam,
        tags,
        genres,
      }),
      sourceHash: hash,
    };

    if (before === undefined) {
      const id = options.newId();
      const slug = uniqueSlug(slugify(fields.titleDe, 'production'), slugs);
      slugs.add(slug);
      plan.productions.insert.push({ id, unitId: options.unitId, slug, sourceRef, ...fields });
      productionIdByRef.set(production.ref, id);
      details.productions.created += 1;
      priceCategories.write({ kind: 'production', productionId: id, ref: production.ref }, prices.categories);
      continue;
    }
    productionIdByRef.set(production.ref, before.id);
    // Importing into a unit moves the source's productions there; an import without a unit leaves them where they are.
    // Never another unit's production: mayChange has turned those away above, and this says so where the move is decided.
    const moves = options.unitId !== null && before.unitId !== options.unitId && mayChange(before);
    if (before.sourceHash === hash && !moves) {
      details.productions.unchanged += 1;
      priceCategories.keep(prices.categories);
      continue;
    }
    const update: ProductionUpdate = { id: before.id, ...fields };
    if (moves) update.unitId = options.unitId;
    plan.productions.update.push(update);
    details.productions.updated += 1;
    priceCategories.write({ kind: 'production', productionId: before.id, ref: production.ref }, prices.categories);
  }

  // ----- halls: named ones first, so that an unnamed performance can fall into the venue's only hall -----
  const hallsByVenue = new Map<string, { id: string; name: string }[]>();
  for (const hall of existing.halls) {
    const list = hallsByVenue.get(hall.venueId);
    if (list === undefined) hallsByVenue.set(hall.venueId, [{ id: hall.id, name: hall.name }]);
    else list.push({ id: hall.id, name: hall.name });
  }
  const hallIdByPerformance = new Map<ImportedPerformance, string | null>();
  const venueIdByPerformance = new Map<ImportedPerformance, string | null>();
  const hallCapacity = new Map<string, number>();
  const createdHalls = new Map<string, HallInsert>();
  const ambiguousVenues = new Set<string>();
  const hallByVenueAndName = new Map<string, string>();
  let withoutVenue = 0;

  function addHall(venueId: string, name: string): string {
    const id = options.newId();
    const hall: HallInsert = { id, venueId, name, capacity: DEFAULT_HALL_CAPACITY, sourceRef: `${prefix}hall:${venueId}:${nameKey(name)}` };
    createdHalls.set(id, hall);
    const list = hallsByVenue.get(venueId);
    if (list === undefined) hallsByVenue.set(venueId, [{ id, name }]);
    else list.push({ id, name });
    return id;
  }

  const live = [...performancesByRef.values()].filter((p) => !forbiddenProductions.has(p.productionRef));
  for (const performance of live) {
    const venueId = resolveVenue(performance.venueRef, performance.where);
    venueIdByPerformance.set(performance, venueId);
    const hallName = text(performance.hallName);
    if (hallName === null) continue;
    if (venueId === null) {
      // A hall name without a venue: the house's hall of that name, if there is exactly one.
      const matches = existing.halls.filter((h) => nameKey(h.name) === nameKey(hallName));
      if (matches.length === 1) {
        hallIdByPerformance.set(performance, (matches[0] as ExistingHall).id);
      } else if (!unknownHalls.has(nameKey(hallName))) {
        unknownHalls.add(nameKey(hallName));
        const problem = matches.length === 0 ? 'is not a hall of the house' : `names ${matches.length} halls of the house`;
        warnings.push({ where: performance.where, message: `hall "${hallName}" (no venue given) ${problem}: its performances are left without a hall` });
      }
      continue;
    }
    const key = `${venueId} ${nameKey(hallName)}`;
    let hallId = hallByVenueAndName.get(key);
    if (hallId === undefined) {
      const wanted = nameKey(hallName);
      hallId = (hallsByVenue.get(venueId) ?? []).find((h) => nameKey(h.name) === wanted)?.id ?? addHall(venueId, hallName);
      hallByVenueAndName.set(key, hallId);
    }
    hallIdByPerformance.set(performance, hallId);
  }
  for (const performance of live) {
    if (hallIdByPerformance.has(performance)) continue;
    const venueId = venueIdByPerformance.get(performance) ?? null;
    if (venueId === null) {
      if (performance.venueRef === undefined && text(performance.hallName) === null) withoutVenue += 1;
      hallIdByPerformance.set(performance, null);
      continue;
    }
    const halls = hallsByVenue.get(venueId) ?? [];
    if (halls.length === 0) {
      hallIdByPerformance.set(performance, addHall(venueId, venueNameById.get(venueId) ?? 'Saal'));
    } else if (halls.length === 1) {
      hallIdByPerformance.set(performance, (halls[0] as { id: string }).id);
    } else {
      hallIdByPerformance.set(performance, null);
      if (!ambiguousVenues.has(venueId)) {
        ambiguousVenues.add(venueId);
        warnings.push({
          where: performance.where,
          message: `venue "${venueNameById.get(venueId) ?? venueId}" has ${halls.length} halls and the source names none: its performances are left without a hall`,
        });
      }
    }
  }
  for (const performance of live) {
    const hallId = hallIdByPerformance.get(performance);
    if (hallId === undefined || hallId === null || !createdHalls.has(hallId) || performance.capacity === undefined) continue;
    hallCapacity.set(hallId, Math.max(hallCapacity.get(hallId) ?? 0, performance.capacity));
  }
  for (const hall of createdHalls.values()) {
    const capacity = hallCapacity.get(hall.id);
    if (capacity !== undefined && capacity > 0) hall.capacity = capacity;
    else {
      const venueName = venueNameById.get(hall.venueId);
      const named = venueName === undefined || nameKey(venueName) === nameKey(hall.name) ? `"${hall.name}"` : `"${hall.name}" in "${venueName}"`;
      warnings.push({ message: `hall ${named} was created with a capacity of ${DEFAULT_HALL_CAPACITY}, as the source gives none: please correct it` });
    }
    plan.halls.insert.push(hall);
  }
  if (withoutVenue > 0) warnings.push({ message: `${withoutVenue} performance(s) name no venue: they are left without a hall` });

  // ----- performances -----
  for (const performance of live) {
    const sourceRef = prefix + performance.ref;
    const before = existing.performances.get(sourceRef);
    const productionId = productionIdByRef.get(performance.productionRef) ?? existing.productions.get(prefix + performance.productionRef)?.id;
    if (productionId === undefined) continue; // unreachable: filtered above
    const startsAt = canonicalInstant(performance.startsAt);
    let endsAt = performance.endsAt !== undefined && isInstant(performance.endsAt) ? canonicalInstant(performance.endsAt) : null;
    if (endsAt !== null && endsAt < startsAt) {
      warnings.push({ where: performance.where, message: 'ends before it starts: the end is left out' });
      endsAt = null;
    }
    const overrides = overridesByPerformance.get(performance) ?? [];
    const hash = sourceHash([
      performance.productionRef,
      performance.venueRef ?? null,
      text(performance.hallName),
      startsAt,
      endsAt,
      performance.allDay === true,
      performance.status,
      performance.capacity ?? null,
      text(performance.bookingUrl),
      priceHashPart(overrides),
    ]);
    const fields: PerformanceFields = {
      productionId,
      hallId: hallIdByPerformance.get(performance) ?? null,
      startsAt,
      endsAt,
      status: performance.status,
      capacity: performance.capacity ?? null,
      bookingUrl: text(performance.bookingUrl),
      sourceHash: hash,
    };
    if (before === undefined) {
      const id = options.newId();
      plan.performances.insert.push({ id, sourceRef, ...fields });
      details.performances.created += 1;
      priceCategories.write({ kind: 'performance', productionId, performanceId: id, ref: performance.ref }, overrides);
    } else if (before.sourceHash === hash) {
      details.performances.unchanged += 1;
      priceCategories.keep(overrides);
    } else {
      plan.performances.update.push({ id: before.id, ...fields });
      details.performances.updated += 1;
      priceCategories.write({ kind: 'performance', productionId, performanceId: before.id, ref: performance.ref }, overrides);
    }
  }

  // ----- performances the source no longer lists: kept, and reported when still ahead -----
  if (options.reportMissing) {
    const now = options.now.toISOString();
    for (const [sourceRef, performance] of existing.performances) {
      if (!sourceRef.startsWith(prefix) || !mayChange(performance)) continue;
      const ref = sourceRef.slice(prefix.length);
      if (performancesByRef.has(ref) || performance.startsAt < now) continue;
      warnings.push({
        where: ref,
        message: `the performance on ${performance.startsAt} is no longer in the source: kept as it is (cancel it by hand if it was called off)`,
      });
    }
  }

  const report: ImportReport = {
    created: details.venues.created + details.productions.created + details.performances.created,
    updated: details.venues.updated + details.productions.updated + details.performances.updated,
    unchanged: details.venues.unchanged + details.productions.unchanged + details.performances.unchanged,
    skipped,
    warnings,
    dryRun: options.dryRun,
    format: batch.format,
    details: { ...details, priceCategories: priceCategories.counts },
  };
  return { report, ...plan };
}
