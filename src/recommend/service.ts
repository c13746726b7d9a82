import type { PurposeReader } from '../audience/contacts/purpose.ts';
import type { Scope } from '../core/auth/model.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { isDomainError, notFound } from '../core/errors.ts';
import { exposureRows, itemsOf, type RecommendationItem, type Surface } from './dto.ts';
import type { FitCache, HouseFit } from './fits.ts';
import { type RecommendationSettingsService, slotsFor } from './settings.ts';
import * as store from './store.ts';
import type { Language, Recommendation, Subject } from './types.ts';

/*
 * Recommendation lists for the API, the widget and the mail block. A person's history and
 * interests feed their list only while their 'recommendations' consent is valid; without
 * it they get what anybody gets (personal: false), and their exposure is recorded
 * without their id. Every list that leaves through here is recorded as exposure, in one
 * statement, except the staff preview.
 */

export interface RecommendationServiceDeps {
  database: Database;
  clock: Clock;
  fits: FitCache;
  settings: RecommendationSettingsService;
  contacts: Pick<PurposeReader, 'readForPurpose' | 'readManyForPurpose'>;
  publicUrl: string;
}

export interface ListOptions {
  language?: Language | undefined;
  limit?: number | undefined;
}

export interface ContactList {
  contactId: string;
  personal: boolean;
  language: Language;
  items: RecommendationItem[];
}

export interface VisitorQuery extends ListOptions {
  genres?: readonly string[] | undefined;
  similarTo?: string | undefined;
}

export function createRecommendationService(deps: RecommendationServiceDeps) {
  const { database, clock, fits, settings } = deps;

  async function record(houseId: string, contactId: string | null, list: readonly { productionId: string; slot: 'relevant' | 'discovery'; explanation: { kind: string } }[], surface: Surface): Promise<void> {
    if (list.length === 0) return;
    const rows = exposureRows(houseId, contactId, list.map((i) => ({ productionId: i.productionId, slot: i.slot, reason: i.explanation.kind })), surface, clock.now().toISOString());
    await store.insertExposures(database.db, rows);
  }

  async function shape(houseId: string, limit: number | undefined) {
    const setting = await settings.get(houseId);
    const k = limit ?? setting.listSize;
    return { k, discoverySlots: k === setting.listSize ? setting.discoverySlots : slotsFor(setting, k) };
  }

  function run(fit: HouseFit, subject: Subject, k: number, discoverySlots: number, language: Language, exclude?: ReadonlySet<string>): Recommendation[] {
    return fit.fitted.recommend({ subject, k, discoverySlots, candidates: fit.candidates, ...(exclude === undefined ? {} : { exclude }), language });
  }

  /** A person's consented reading, or null when they have not agreed (not_found stays an error). */
  async function consentedReading(scope: Scope, contactId: string) {
    try {
      return await deps.contacts.readForPurpose(scope, contactId, 'recommendations');
    } catch (error) {
      if (isDomainError(error, 'no_consent')) return null;
      throw error;
    }
  }

  /** The list for one contact; 404 for a contact the scope does not see. */
  async function forContact(scope: Scope, contactId: string, options: ListOptions, surface: Surface): Promise<ContactList> {
    const reading = await consentedReading(scope, contactId);
    const [fit, { k, discoverySlots }] = await Promise.all([fits.get(scope.houseId), shape(scope.houseId, options.limit)]);
    const now = clock.now();
    if (reading === null) {
      // Declared-interest-free and history-free: what the house offers anybody, most popular first.
      const language = options.language ?? 'de';
      const items = itemsOf(fit, run(fit, { kind: 'anonymous', genres: [] }, k, discoverySlots, language), language, now, deps.publicUrl);
      await record(scope.houseId, null, items, surface);
      return { contactId, personal: false, language, items };
    }
    const language = options.language ?? (reading.fields.language === 'en' ? 'en' : 'de');
    const booked = await store.bookedUpcoming(database.db, scope.houseId, [contactId], now.toISOString());
    const list = run(fit, { kind: 'contact', userId: contactId }, k, discoverySlots, language, booked.get(contactId));
    const items = itemsOf(fit, list, language, now, deps.publicUrl);
    await record(scope.houseId, contactId, items, surface);
    return { contactId, personal: true, language, items };
  }

  /** "If you liked this": productions similar to one of the house's. */
  async function similar(scope: Scope, productionId: string, options: ListOptions, surface: Surface): Promise<RecommendationItem[]> {
    const [fit, { k, discoverySlots }] = await Promise.all([fits.get(scope.houseId), shape(scope.houseId, options.limit)]);
    if (!fit.items.has(productionId)) throw notFound('production', productionId);
    const language = options.language ?? 'de';
    const list = run(fit, { kind: 'similar_to', itemId: productionId }, k, discoverySlots, language, new Set([productionId]));
    const items = itemsOf(fit, list, language, clock.now(), deps.publicUrl);
    await record(scope.houseId, null, items, surface);
    return items;
  }

  /** An anonymous visitor of the house's site: their chosen genres, or the production they look at. Nothing personal. */
  async function forVisitor(houseId: string, query: VisitorQuery): Promise<RecommendationItem[]> {
    const [fit, { k, discoverySlots }] = await Promise.all([fits.get(houseId), shape(houseId, query.limit)]);
    const language = query.language ?? 'de';
    const similarTo = query.similarTo !== undefined && fit.items.has(query.similarTo) ? query.similarTo : undefined;
    const subject: Subject = similarTo === undefined ? { kind: 'anonymous', genres: query.genres ?? [] } : { kind: 'similar_to', itemId: similarTo };
    const list = run(fit, subject, k, discoverySlots, language, similarTo === undefined ? undefined : new Set([similarTo]));
    const items = itemsOf(fit, list, language, clock.now(), deps.publicUrl);
    await record(houseId, null, items, 'widget');
    return items;
  }

  /**
   * The batch path of a newsletter: one fit, one consent query and one booking query for
   * the whole batch; the lists of the consenting people the fit knows (the others are
   * absent: their mail falls back to declared interests). The caller records the
   * exposure of what it actually sends.
   */
  async function personalLists(houseId: string, contactIds: readonly string[], language: Language, limit: number): Promise<Map<string, RecommendationItem[]>> {
    const lists = new Map<string, RecommendationItem[]>();
    const [fit, { k, discoverySlots }] = await Promise.all([fits.get(houseId), shape(houseId, limit)]);
    // Only people the fit knows can get more than anybody gets; the consent is still checked now, not as of the fit.
    const known = contactIds.filter((id) => fit.known.has(id));
    if (known.length === 0) return lists;
    const readings = await deps.contacts.readManyForPurpose({ houseId, unitId: null }, known, 'recommendations');
    if (readings.size === 0) return lists;
    const now = clock.now();
    const booked = await store.bookedUpcoming(database.db, houseId, [...readings.keys()], now.toISOString());
    for (const contactId of readings.keys()) {
      const list = run(fit, { kind: 'contact', userId: contactId }, k, discoverySlots, language, booked.get(contactId));
      lists.set(contactId, itemsOf(fit, list, language, now, deps.publicUrl));
    }
    return lists;
  }

  return { forContact, similar, forVisitor, personalLists, record };
}

export type RecommendationService = ReturnType<typeof createRecommendationService>;
