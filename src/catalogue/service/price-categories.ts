import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database, Executor } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { mergeFields, PRICE_CODE_MAX, priceCategoryProblems, slugify } from '../model.ts';
import { parseInput } from '../../core/input.ts';
import {
  type PriceCategory,
  type PriceCategoryCreateInput,
  type PriceCategoryFields,
  type PriceCategoryPatchInput,
  priceCategoryCreateInput,
  priceCategoryListQuery,
  priceCategoryPatchInput,
  type Reduction,
} from '../schemas/price-categories.ts';
import { findHouse } from '../store/houses.ts';
import { findPerformance } from '../store/performances.ts';
import * as store from '../store/price-categories.ts';
import { findProduction } from '../store/productions.ts';
import { type ListResult, now, type PageInput, pageOf, unknownReference } from './access.ts';

export function priceCategoryFromRow(row: store.PriceCategoryRow): PriceCategory {
  return {
    id: row.id,
    productionId: row.production_id,
    performanceId: row.performance_id,
    code: row.code,
    name: { de: row.name_de, en: row.name_en },
    amountMinor: row.amount_minor,
    currency: row.currency,
    quota: row.quota,
    reductions: fromJson<Reduction[]>(row.reductions, []),
    sortOrder: row.sort_order,
    sourceRef: row.source_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type ReductionInput = { code: string; nameDe: string; nameEn?: string | null | undefined; amountMinor: number; eligible?: string[] | undefined };

function reductionsOf(input: ReductionInput[] | undefined): Reduction[] | undefined {
  return input?.map((r) => ({ code: r.code, nameDe: r.nameDe, nameEn: r.nameEn ?? null, amountMinor: r.amountMinor, eligible: r.eligible ?? [] }));
}

function columns(p: PriceCategoryFields) {
  return {
    production_id: p.productionId,
    performance_id: p.performanceId,
    code: p.code,
    name_de: p.name.de,
    name_en: p.name.en,
    amount_minor: p.amountMinor,
    currency: p.currency,
    quota: p.quota,
    reductions: toJson(p.reductions),
    sort_order: p.sortOrder,
  };
}

export function createPriceCategoryService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function houseCurrency(trx: Executor, houseId: string): Promise<string> {
    const house = await findHouse(trx, houseId);
    if (house === undefined) throw notFound('house', houseId);
    return house.currency;
  }

  /** Checks the whole category against the house, its production and its siblings. */
  async function check(trx: Executor, scope: Scope, next: PriceCategoryFields, id: string | null): Promise<void> {
    const problems = priceCategoryProblems(next);
    if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const currency = await houseCurrency(trx, scope.houseId);
    if (next.currency !== currency) throw invalid('currency', `must be the house's currency ${currency}`);
    if ((await findProduction(trx, scope, next.productionId)) === undefined) throw unknownReference('productionId', 'production');
    if (next.performanceId !== null) {
      const performance = await findPerformance(trx, scope, next.performanceId);
      if (performance === undefined || performance.production_id !== next.productionId) {
        throw invalid('performanceId', 'no performance of this production with this id');
      }
    }
    const sibling = await store.findPriceCategoryByCode(trx, scope.houseId, next);
    if (sibling !== undefined && sibling.id !== id) {
      throw new DomainError('conflict', `code: the production already has a price category ${next.code}`, [{ field: 'code', message: 'taken' }]);
    }
  }

  async function getPriceCategory(scope: Scope, id: string): Promise<PriceCategory> {
    const row = await store.findPriceCategory(db, scope, id);
    if (row === undefined) throw notFound('price category', id);
    return priceCategoryFromRow(row);
  }

  async function listPriceCategories(
    scope: Scope,
    query: { productionId?: string | undefined; performanceId?: string | undefined } = {},
    pageInput?: PageInput,
  ): Promise<ListResult<PriceCategory>> {
    const filter = parseInput(priceCategoryListQuery, query);
    const page = pageOf(pageInput);
    const { rows, total } = await store.listPriceCategories(db, scope, filter, page);
    return { items: rows.map(priceCategoryFromRow), total, ...page };
  }

  async function createPriceCategory(scope: Scope, input: PriceCategoryCreateInput): Promise<PriceCategory> {
    const parsed = parseInput(priceCategoryCreateInput, input);
    const id = newId();
    const at = now(clock);
    await db.transaction().execute(async (trx) => {
      const category: PriceCategoryFields = {
        productionId: parsed.productionId,
        performanceId: parsed.performanceId ?? null,
        code: parsed.code ?? slugify(parsed.name.de, 'price', PRICE_CODE_MAX),
        name: { de: parsed.name.de, en: parsed.name.en ?? null },
        amountMinor: parsed.amountMinor,
        currency: parsed.currency ?? (await houseCurrency(trx, scope.houseId)),
        quota: parsed.quota ?? null,
        reductions: reductionsOf(parsed.reductions) ?? [],
        sortOrder: parsed.sortOrder ?? 0,
      };
      await check(trx, scope, category, null);
      await store.insertPriceCategory(trx, { id, house_id: scope.houseId, ...columns(category), source_ref: null, created_at: at, updated_at: at });
    });
    return getPriceCategory(scope, id);
  }

  async function updatePriceCategory(scope: Scope, id: string, input: PriceCategoryPatchInput): Promise<PriceCategory> {
    const { reductions, ...patch } = parseInput(priceCategoryPatchInput, input);
    await db.transaction().execute(async (trx) => {
      const row = await store.findPriceCategory(trx, scope, id);
      if (row === undefined) throw notFound('price category', id);
      const next = mergeFields<PriceCategoryFields>(priceCategoryFromRow(row), { ...patch, reductions: reductionsOf(reductions) }, ['name']);
      await check(trx, scope, next, id);
      await store.updatePriceCategory(trx, scope, id, { ...columns(next), updated_at: now(clock) });
    });
    return getPriceCategory(scope, id);
  }

  async function deletePriceCategory(scope: Scope, id: string): Promise<void> {
    const deleted = await db.transaction().execute((trx) => store.deletePriceCategory(trx, scope, id));
    if (!deleted) throw notFound('price category', id);
  }

  return { listPriceCategories, getPriceCategory, createPriceCategory, updatePriceCategory, deletePriceCategory };
}
