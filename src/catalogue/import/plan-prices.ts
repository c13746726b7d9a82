import { PRICE_CODE_MAX, slugify } from '../model.ts';
import type { ImportedPerformance, ImportedPrice, PriceCategoryCounts } from './model.ts';

/*
 * The price categories of an import, pure like the rest of the plan: which categories a
 * production and its performances get from the prices of the source, and which rows to
 * insert, update and delete for each owner (a production, or one performance) the
 * import writes.
 */

/** What an import writes of a price category: an update sets exactly these. */
export interface PriceCategoryUpdate {
  id: string;
  code: string;
  nameDe: string;
  amountMinor: number;
  currency: string;
  sortOrder: number;
  sourceRef: string;
}

export interface PriceCategoryInsert extends PriceCategoryUpdate {
  productionId: string;
  /** Set for a performance's own category; null for the production's. */
  performanceId: string | null;
}

/** A price category this source imported before (source_ref under its prefix). */
export type ExistingPriceCategory = PriceCategoryInsert;

export interface PriceCategoryPlan {
  insert: PriceCategoryInsert[];
  update: PriceCategoryUpdate[];
  /** Ids of imported categories to delete; never one created by hand (source_ref null). */
  delete: string[];
}

export interface PriceCategoryDraft {
  key: string;
  code: string;
  name: string;
  amountMinor: number;
  currency: string;
  sortOrder: number;
}

function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

function priceKey(price: ImportedPrice): string {
  return nameKey(price.code ?? price.name);
}

/** A code the price category API accepts back from the web app: the source's own if it fits, else one made from it or the name. */
function priceCode(price: ImportedPrice): string {
  const code = price.code?.trim();
  if (code !== undefined && code.length <= PRICE_CODE_MAX && /^[A-Za-z0-9_-]+$/.test(code)) return code;
  return slugify(code === undefined || code === '' ? price.name : code, 'price', PRICE_CODE_MAX);
}

/**
 * Prices come per performance (schema.org offers, a CSV price column) but the catalogue
 * keeps price categories per production: each category gets the amount most of the
 * production's performances have; a performance that deviates gets a category of its
 * own (performance_id set) with its amount.
 */
export function productionPrices(performances: readonly ImportedPerformance[]): {
  categories: PriceCategoryDraft[];
  overrides: Map<ImportedPerformance, PriceCategoryDraft[]>;
} {
  const byKey = new Map<string, { first: ImportedPrice; order: number; amounts: Map<string, number> }>();
  for (const performance of performances) {
    for (const price of performance.prices) {
      const key = priceKey(price);
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = { first: price, order: byKey.size, amounts: new Map() };
        byKey.set(key, entry);
      }
      const amount = `${price.amountMinor} ${price.currency}`;
      entry.amounts.set(amount, (entry.amounts.get(amount) ?? 0) + 1);
    }
  }
  const categories: PriceCategoryDraft[] = [];
  const modal = new Map<string, string>();
  for (const [key, entry] of byKey) {
    let best = '';
    let bestCount = 0;
    // Map keeps insertion order, so a tie goes to the amount seen first.
    for (const [amount, count] of entry.amounts) {
      if (count > bestCount) {
        best = amount;
        bestCount = count;
      }
    }
    modal.set(key, best);
    const [amountMinor, currency] = best.split(' ');
    categories.push({
      key,
      code: priceCode(entry.first),
      name: entry.first.name.trim() || priceCode(entry.first),
      amountMinor: Number(amountMinor),
      currency: currency ?? entry.first.currency,
      sortOrder: entry.order,
    });
  }
  const overrides = new Map<ImportedPerformance, PriceCategoryDraft[]>();
  for (const performance of performances) {
    const own: PriceCategoryDraft[] = [];
    for (const price of performance.prices) {
      const key = priceKey(price);
      if (modal.get(key) === `${price.amountMinor} ${price.currency}`) continue;
      const category = categories.find((c) => c.key === key);
      own.push({
        key,
        code: priceCode(price),
        name: price.name.trim() || priceCode(price),
        amountMinor: price.amountMinor,
        currency: price.currency,
        sortOrder: category?.sortOrder ?? 0,
      });
    }
    if (own.length > 0) overrides.set(performance, own);
  }
  return { categories, overrides };
}

export function priceHashPart(drafts: readonly PriceCategoryDraft[]): unknown[] {
  return drafts.map((d) => [d.code, d.name, d.amountMinor, d.currency, d.sortOrder]);
}

/** The production's categories, or one performance's own. */
export type PriceOwner = { kind: 'production'; productionId: string; ref: string } | { kind: 'performance'; productionId: string; performanceId: string; ref: string };

function ownerKey(productionId: string, performanceId: string | null): string {
  return performanceId === null ? `production:${productionId}` : `performance:${performanceId}`;
}

/**
 * Plans the price categories owner by owner. Existing rows are matched within their
 * owner, never across: a production and a performance with the same source id (CSV
 * Produktions-ID 12 and Veranstaltungs-ID 12) keep their categories apart. The owner's
 * kind is in the source_ref too; rows written before it was (`#price:`) are still
 * matched, and get the new ref.
 */
export function createPricePlanner(existing: readonly ExistingPriceCategory[], prefix: string, newId: () => string) {
  const byOwner = new Map<string, ExistingPriceCategory[]>();
  for (const category of existing) {
    const key = ownerKey(category.productionId, category.performanceId);
    const list = byOwner.get(key);
    if (list === undefined) byOwner.set(key, [category]);
    else list.push(category);
  }
  const plan: PriceCategoryPlan = { insert: [], update: [], delete: [] };
  const counts: PriceCategoryCounts = { created: 0, updated: 0, unchanged: 0, removed: 0 };

  /** Writes an owner's categories as the drafts say: new ones inserted, changed ones updated, the others deleted. */
  function write(owner: PriceOwner, drafts: readonly PriceCategoryDraft[]): void {
    const performanceId = owner.kind === 'performance' ? owner.performanceId : null;
    const candidates = [...(byOwner.get(ownerKey(owner.productionId, performanceId)) ?? [])];
    for (const draft of drafts) {
      const sourceRef = `${prefix}${owner.ref}#${owner.kind}-price:${draft.key}`;
      const legacyRef = `${prefix}${owner.ref}#price:${draft.key}`;
      let at = candidates.findIndex((c) => c.sourceRef === sourceRef);
      if (at < 0) at = candidates.findIndex((c) => c.sourceRef === legacyRef);
      const before = at < 0 ? undefined : candidates.splice(at, 1)[0];
      const fields = { code: draft.code, nameDe: draft.name, amountMinor: draft.amountMinor, currency: draft.currency, sortOrder: draft.sortOrder, sourceRef };
      if (before === undefined) {
        plan.insert.push({ id: newId(), productionId: owner.productionId, performanceId, ...fields });
        counts.created += 1;
      } else if ((Object.keys(fields) as (keyof typeof fields)[]).some((field) => before[field] !== fields[field])) {
        plan.update.push({ id: before.id, ...fields });
        counts.updated += 1;
      } else {
        counts.unchanged += 1;
      }
    }
    for (const gone of candidates) {
      plan.delete.push(gone.id);
      counts.removed += 1;
    }
  }

  /** An owner the import leaves as it is: its categories are as the source says. */
  function keep(drafts: readonly PriceCategoryDraft[]): void {
    counts.unchanged += drafts.length;
  }

  return { write, keep, plan, counts };
}
