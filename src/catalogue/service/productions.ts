import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { checkOpeningHours, mergeFields, type PatchOf, productionProblems, searchText, searchWords, slugify, slugStem, uniqueSlug } from '../model.ts';
import { parseInput } from '../../core/input.ts';
import {
  type OpeningHours,
  type Production,
  type ProductionCreateInput,
  blankProduction,
  type ProductionFields,
  type ProductionListQuery,
  type ProductionPatchInput,
  productionCreateInput,
  productionListQuery,
  productionPatchInput,
} from '../schemas/productions.ts';
import { findUnit, findVenue } from '../store/places.ts';
import * as store from '../store/productions.ts';
import { type ListResult, now, type PageInput, pageOf, slugRace, unknownReference } from './access.ts';

type Person = { name: string; role: string | null };

export function productionFromRow(row: store.ProductionRow): Production {
  return {
    id: row.id,
    kind: row.kind === 'exhibition' ? 'exhibition' : 'staged',
    unitId: row.unit_id,
    slug: row.slug,
    title: { de: row.title_de, en: row.title_en },
    subtitle: { de: row.subtitle_de, en: row.subtitle_en },
    description: { de: row.description_de, en: row.description_en },
    genres: fromJson<string[]>(row.genres, []),
    tags: fromJson<string[]>(row.tags, []),
    audience: row.audience as Production['audience'],
    ageMin: row.age_min,
    ageMax: row.age_max,
    durationMinutes: row.duration_minutes,
    performanceLanguage: row.performance_language,
    surtitles: fromJson<string[]>(row.surtitles, []),
    accessibility: fromJson<string[]>(row.accessibility, []),
    performers: fromJson<Person[]>(row.performers, []),
    creativeTeam: fromJson<Person[]>(row.creative_team, []),
    imageUrl: row.image_url,
    bookingUrl: row.booking_url,
    venueId: row.venue_id,
    runsFrom: row.runs_from,
    runsUntil: row.runs_until,
    openingHours: fromJson<OpeningHours | null>(row.opening_hours, null),
    sourceRef: row.source_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type ParsedPatch = ReturnType<typeof productionPatchInput.parse>;

/** Brings parsed input into the DTO's shape: people with explicit roles, opening hours checked and sorted. */
function normalize(input: ParsedPatch): PatchOf<ProductionFields> & { slug?: string | undefined } {
  const { performers, creativeTeam, openingHours, ...rest } = input;
  const people = (list: { name: string; role?: string | null | undefined }[] | undefined) =>
    list?.map((p) => ({ name: p.name, role: p.role ?? null }));
  let hours: OpeningHours | null | undefined = openingHours === null ? null : undefined;
  if (openingHours !== undefined && openingHours !== null) {
    const checked = checkOpeningHours(openingHours);
    if (!checked.ok) throw new DomainError('validation', checked.problems.map((p) => `${p.field}: ${p.message}`).join('; '), checked.problems);
    hours = checked.value;
  }
  return { ...rest, performers: people(performers), creativeTeam: people(creativeTeam), openingHours: hours };
}

function check(production: ProductionFields): void {
  const problems = productionProblems(production);
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

function columns(p: ProductionFields) {
  return {
    unit_id: p.unitId,
    kind: p.kind,
    title_de: p.title.de,
    title_en: p.title.en,
    subtitle_de: p.subtitle.de,
    subtitle_en: p.subtitle.en,
    description_de: p.description.de,
    description_en: p.description.en,
    genres: toJson(p.genres),
    tags: toJson(p.tags),
    audience: p.audience,
    age_min: p.ageMin,
    age_max: p.ageMax,
    duration_minutes: p.durationMinutes,
    performance_language: p.performanceLanguage,
    surtitles: toJson(p.surtitles),
    accessibility: toJson(p.accessibility),
    performers: toJson(p.performers),
    creative_team: toJson(p.creativeTeam),
    image_url: p.imageUrl,
    booking_url: p.bookingUrl,
    venue_id: p.venueId,
    runs_from: p.runsFrom,
    runs_until: p.runsUntil,
    opening_hours: p.openingHours === null ? null : toJson(p.openingHours),
    search_text: searchText(p),
  };
}

function slugTaken(slug: string): DomainError {
  return new DomainError('conflict', `slug: another production already uses ${slug}`, [{ field: 'slug', message: 'taken' }]);
}

/** References must point into the same house: a hall or unit of another house is refused, never linked. */
async function checkReferences(trx: Executor, scope: Scope, next: ProductionFields, before?: ProductionFields): Promise<void> {
  if (next.unitId !== null && next.unitId !== before?.unitId && (await findUnit(trx, scope.houseId, next.unitId)) === undefined) {
    throw unknownReference('unitId', 'unit');
  }
  if (next.venueId !== null && next.venueId !== before?.venueId && (await findVenue(trx, scope.houseId, next.venueId)) === undefined) {
    throw unknownReference('venueId', 'venue');
  }
}

export function createProductionService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function getProduction(scope: Scope, id: string): Promise<Production> {
    const row = await store.findProduction(db, scope, id);
    if (row === undefined) throw notFound('production', id);
    return productionFromRow(row);
  }

  async function getProductionBySlug(scope: Scope, slug: string): Promise<Production> {
    const found = await store.findProductionBySlug(db, scope.houseId, slug);
    if (found === undefined) throw new DomainError('not_found', `no production with the address ${slug}`);
    return getProduction(scope, found.id);
  }

  async function listProductions(scope: Scope, query: ProductionListQuery = {}, pageInput?: PageInput): Promise<ListResult<Production>> {
    const filter = parseInput(productionListQuery, query);
    const page = pageOf(pageInput);
    const { rows, total } = await store.listProductions(
      db,
      scope,
      { ...filter, words: filter.q === undefined ? [] : searchWords(filter.q) },
      page,
    );
    return { items: rows.map(productionFromRow), total, ...page };
  }

  async function createProduction(scope: Scope, input: ProductionCreateInput): Promise<Production> {
    const { slug: wanted, ...patch } = normalize(parseInput(productionCreateInput, input));
    const production = mergeFields(blankProduction, patch, ['title', 'subtitle', 'description']);
    // Unit staff create inside their own unit, whatever the body says.
    if (scope.unitId !== null) production.unitId = scope.unitId;
    check(production);
    const id = newId();
    const at = now(clock);
    let slug = wanted;
    await db
      .transaction()
      .execute(async (trx) => {
        await checkReferences(trx, scope, production);
        if (slug === undefined) {
          const base = slugify(production.title.de, 'production');
          slug = uniqueSlug(base, await store.productionSlugsLike(trx, scope.houseId, slugStem(base)));
        } else if ((await store.findProductionBySlug(trx, scope.houseId, slug)) !== undefined) {
          throw slugTaken(slug);
        }
        await store.insertProduction(trx, {
          id,
          house_id: scope.houseId,
          slug,
          ...columns(production),
          source_ref: null,
          source_hash: null,
          created_at: at,
          updated_at: at,
        });
      })
      .catch(slugRace(() => slug, slugTaken));
    return getProduction(scope, id);
  }

  async function updateProduction(scope: Scope, id: string, input: ProductionPatchInput): Promise<Production> {
    const { slug: wanted, ...patch } = normalize(parseInput(productionPatchInput, input));
    if (scope.unitId !== null && patch.unitId !== undefined && patch.unitId !== scope.unitId) {
      throw new DomainError('forbidden', 'unitId: unit staff keep productions in their own unit', [{ field: 'unitId', message: 'not your unit' }]);
    }
    await db
      .transaction()
      .execute(async (trx) => {
        const row = await store.findProduction(trx, scope, id);
        if (row === undefined) throw notFound('production', id);
        const { id: _id, slug, sourceRef: _s, createdAt: _c, updatedAt: _u, ...current } = productionFromRow(row);
        const next = mergeFields(current, patch, ['title', 'subtitle', 'description']);
        check(next);
        await checkReferences(trx, scope, next, current);
        if (wanted !== undefined && wanted !== slug && (await store.findProductionBySlug(trx, scope.houseId, wanted)) !== undefined) {
          throw slugTaken(wanted);
        }
        await store.updateProduction(trx, scope, id, { slug: wanted ?? slug, ...columns(next), updated_at: now(clock) });
      })
      .catch(slugRace(() => wanted, slugTaken));
    return getProduction(scope, id);
  }

  async function deleteProduction(scope: Scope, id: string): Promise<void> {
    const deleted = await db.transaction().execute((trx) => store.deleteProduction(trx, scope, id));
    if (!deleted) throw notFound('production', id);
  }

  return { listProductions, getProduction, getProductionBySlug, createProduction, updateProduction, deleteProduction };
}
