import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { mergeFields, slugify, slugStem, uniqueSlug } from '../model.ts';
import { parseInput } from '../../core/input.ts';
import { type Unit, type UnitCreateInput, type UnitPatchInput, unitCreateInput, unitPatchInput } from '../schemas/places.ts';
import { constraintViolation } from '../../core/db/constraints.ts';
import * as store from '../store/places.ts';
import { type ListResult, now, type PageInput, pageOf, requireHouseWide, slugRace } from './access.ts';

/* Units: the young audience programme, the museum … Each has its own staff and productions. */

export function unitFromRow(row: store.UnitRow): Unit {
  return {
    id: row.id,
    slug: row.slug,
    name: { de: row.name_de, en: row.name_en },
    description: { de: row.description_de, en: row.description_en },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const emptyText = { de: null, en: null };

function slugTaken(slug: string): DomainError {
  return new DomainError('conflict', `slug: ${slug} is taken`, [{ field: 'slug', message: 'taken' }]);
}

/** A foreign key that still points at the row (staff of a unit, say) is a conflict, not a crash. */
function stillReferenced<T>(what: string) {
  return (error: unknown): T => {
    if (constraintViolation(error) === 'foreign_key') throw new DomainError('conflict', `${what} is still in use`);
    throw error;
  };
}

export function createUnitService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function getUnit(scope: Scope, id: string): Promise<Unit> {
    const row = await store.findUnit(db, scope.houseId, id);
    if (row === undefined) throw notFound('unit', id);
    return unitFromRow(row);
  }

  async function getUnitBySlug(scope: Scope, slug: string): Promise<Unit> {
    const row = await store.findUnitBySlug(db, scope.houseId, slug);
    if (row === undefined) throw new DomainError('not_found', `no unit with the address ${slug}`);
    return unitFromRow(row);
  }

  async function listUnits(scope: Scope, pageInput?: PageInput): Promise<ListResult<Unit>> {
    const page = pageOf(pageInput);
    const { rows, total } = await store.listUnits(db, scope.houseId, page);
    return { items: rows.map(unitFromRow), total, ...page };
  }

  async function createUnit(scope: Scope, input: UnitCreateInput): Promise<Unit> {
    requireHouseWide(scope, 'units');
    const parsed = parseInput(unitCreateInput, input);
    const id = newId();
    const at = now(clock);
    let slug = parsed.slug;
    await db
      .transaction()
      .execute(async (trx) => {
        if (slug === undefined) {
          const base = slugify(parsed.name.de, 'unit');
          slug = uniqueSlug(base, await store.unitSlugsLike(trx, scope.houseId, slugStem(base)));
        } else if ((await store.findUnitBySlug(trx, scope.houseId, slug)) !== undefined) {
          throw slugTaken(slug);
        }
        const description = parsed.description ?? emptyText;
        await store.insertUnit(trx, {
          id,
          house_id: scope.houseId,
          slug,
          name_de: parsed.name.de,
          name_en: parsed.name.en ?? null,
          description_de: description.de ?? null,
          description_en: description.en ?? null,
          created_at: at,
          updated_at: at,
        });
      })
      .catch(slugRace(() => slug, slugTaken));
    return getUnit(scope, id);
  }

  async function updateUnit(scope: Scope, id: string, input: UnitPatchInput): Promise<Unit> {
    requireHouseWide(scope, 'units');
    const patch = parseInput(unitPatchInput, input);
    await db
      .transaction()
      .execute(async (trx) => {
        const row = await store.findUnit(trx, scope.houseId, id);
        if (row === undefined) throw notFound('unit', id);
        const current = unitFromRow(row);
        const next = mergeFields(current, patch, ['name', 'description']);
        if (next.slug !== current.slug && (await store.findUnitBySlug(trx, scope.houseId, next.slug)) !== undefined) throw slugTaken(next.slug);
        await store.updateUnit(trx, scope.houseId, id, {
          slug: next.slug,
          name_de: next.name.de,
          name_en: next.name.en ?? null,
          description_de: next.description.de ?? null,
          description_en: next.description.en ?? null,
          updated_at: now(clock),
        });
      })
      .catch(slugRace(() => patch.slug, slugTaken));
    return getUnit(scope, id);
  }

  async function deleteUnit(scope: Scope, id: string): Promise<void> {
    requireHouseWide(scope, 'units');
    await db
      .transaction()
      .execute(async (trx) => {
        if ((await store.findUnit(trx, scope.houseId, id)) === undefined) throw notFound('unit', id);
        const productions = await store.countUnitProductions(trx, scope.houseId, id);
        if (productions > 0) {
          throw new DomainError('conflict', `the unit still has ${productions} production(s); move or delete them first`);
        }
        await store.deleteUnit(trx, scope.houseId, id);
      })
      .catch(stillReferenced('the unit (staff accounts belong to it)'));
  }

  return { listUnits, getUnit, getUnitBySlug, createUnit, updateUnit, deleteUnit };
}
