import { z } from 'zod';
import type { PurposeReader } from '../audience/contacts/purpose.ts';
import { type AccessibilityFeature, accessibilityFeatures, type Audience, audiences } from '../catalogue/genres.ts';
import type { Scope } from '../core/auth/model.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { isDomainError, notFound } from '../core/errors.ts';
import { parseInput } from '../core/input.ts';
import { exposureRows, itemsOf, type RecommendationItem, type Surface } from './dto.ts';
import type { FitCache, HouseFit } from './fits.ts';
import { listSizeRange, type RecommendationSettingsService, slotsFor } from './settings.ts';
import * as store from './store.ts';
import type { Language, Needs, Recommendation, Subject } from './types.ts';
import { surpriseList, type VisitorRun, visitorList } from './visitor.ts';

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
  /** Ages of the people who will go: family and school offers must suit each of them. */
  age?: readonly number[] | undefined;
  /** Languages the people understand (ISO 639-1): another language only with surtitles. */
  understands?: readonly string[] | undefined;
  /** Accessibility features (catalogue vocabulary) every production in the list must offer. */
  accessibility?: readonly AccessibilityFeature[] | undefined;
}

export interface ContactList {
  contactId: string;
  personal: boolean;
  language: Language;
  items: RecommendationItem[];
}

/** The public endpoint's query (schemas.ts publicQuery). */
export interface VisitorQuery extends ListOptions {
  genres?: readonly string[] | undefined;
  similarTo?: string | undefined;
  audience?: Audience | undefined;
  surprise?: boolean | undefined;
}

/**
 * What an anonymous visitor declared (the booking widget, the visitor assistant's
 * "suggest something" and "surprise me"). Nothing personal: nothing of it is stored
 * beyond the exposure, which carries no id.
 */
export const visitorRequest = z.object({
  /** Genre codes the visitor likes (catalogue vocabulary); unknown codes simply match nothing. */
  genres: z.array(z.string().regex(/^[a-z0-9_-]{1,40}$/, 'a genre code of the vocabulary')).max(20).optional(),
  /** Only productions for this audience. */
  audience: z.enum(audiences).optional(),
  age: z.array(z.number().int().min(0).max(120)).max(12).optional(),
  understands: z.array(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as de or en')).max(10).optional(),
  accessibility: z.array(z.enum(accessibilityFeatures)).max(accessibilityFeatures.length).optional(),
  /** A production of the house the visitor looks at: "more like this". An unknown id is ignored. */
  similarTo: z.string().max(100).optional(),
  language: z.enum(['de', 'en']).optional(),
  limit: z.number().int().min(1).max(listSizeRange.max).optional(),
  /** "Surprise me": only productions outside the declared genres (or the looked-at production's). */
  discoveryOnly: z.boolean().optional(),
  surface: z.enum(['widget', 'assistant']),
});
/** What recommendForVisitor takes (visitorRequest checks it): lists may be read-only. */
export interface VisitorRequest {
  genres?: readonly string[] | undefined;
  audience?: Audience | undefined;
  age?: readonly number[] | undefined;
  understands?: readonly string[] | undefined;
  accessibility?: readonly AccessibilityFeature[] | undefined;
  similarTo?: string | undefined;
  language?: Language | undefined;
  limit?: number | undefined;
  discoveryOnly?: boolean | undefined;
  surface: 'widget' | 'assistant';
}

export interface VisitorList {
  language: Language;
  items: RecommendationItem[];
}

function needsOf(options: ListOptions): Needs | undefined {
  const needs: Needs = {
    ...(options.age?.length ? { ages: options.age } : {}),
    ...(options.understands?.length ? { languages: options.understands } : {}),
    ...(options.accessibility?.length ? { accessibility: options.accessibility } : {}),
  };
  return Object.keys(needs).length === 0 ? undefined : needs;
}

export function createRecommendationService(deps: RecommendationServiceDeps) {
  const { database, clock, fits, settings } = deps;
  /** Narrowed candidate sets per fit, kept as long as the fit: the scorer resolves a set once per identity. */
  const narrowed = new WeakMap<HouseFit, Map<string, Set<string>>>();

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

  /**
   * The bookable productions a request may get: unit staff see their unit's only (as the
   * catalogue's stores narrow them), a visitor may ask for one audience.
   */
  function candidatesOf(fit: HouseFit, unitId: string | null, audience?: Audience): ReadonlySet<string> {
    if (unitId === null && audience === undefined) return fit.candidates;
    const key = `${unitId ?? ''}|${audience ?? ''}`;
    let sets = narrowed.get(fit);
    if (sets === undefined) narrowed.set(fit, (sets = new Map()));
    let set = sets.get(key);
    if (set === undefined) {
      set = new Set([...fit.candidates].filter((id) => {
        const item = fit.items.get(id);
        return item !== undefined && (unitId === null || item.unitId === unitId) && (audience === undefined || item.audience === audience);
      }));
      sets.set(key, set);
    }
    return set;
  }

  interface Run {
    k: number;
    discoverySlots: number;
    language: Language;
    candidates: ReadonlySet<string>;
    exclude?: ReadonlySet<string> | undefined;
    needs?: Needs | undefined;
  }

  function run(fit: HouseFit, subject: Subject, r: Run): Recommendation[] {
    return fit.fitted.recommend({ subject, k: r.k, discoverySlots: r.discoverySlots, candidates: r.candidates, ...(r.exclude ? { exclude: r.exclude } : {}), ...(r.needs ? { needs: r.needs } : {}), language: r.language });
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
    const [fit, shaped] = await Promise.all([fits.get(scope.houseId), shape(scope.houseId, options.limit)]);
    const now = clock.now();
    const base = { ...shaped, candidates: candidatesOf(fit, scope.unitId), needs: needsOf(options) };
    if (reading === null) {
      // Declared-interest-free and history-free: what the house offers anybody, most popular first.
      const language = options.language ?? 'de';
      const items = itemsOf(fit, run(fit, { kind: 'anonymous', genres: [] }, { ...base, language }), language, now, deps.publicUrl);
      await record(scope.houseId, null, items, surface);
      return { contactId, personal: false, language, items };
    }
    const language = options.language ?? (reading.fields.language === 'en' ? 'en' : 'de');
    const booked = await store.bookedUpcoming(database.db, scope.houseId, [contactId], now.toISOString());
    const list = run(fit, { kind: 'contact', userId: contactId }, { ...base, language, exclude: booked.get(contactId) });
    const items = itemsOf(fit, list, language, now, deps.publicUrl);
    await record(scope.houseId, contactId, items, surface);
    return { contactId, personal: true, language, items };
  }

  /** "If you liked this": productions similar to one of the house's (of the unit, for unit staff). */
  async function similar(scope: Scope, productionId: string, options: ListOptions, surface: Surface): Promise<RecommendationItem[]> {
    const [fit, shaped] = await Promise.all([fits.get(scope.houseId), shape(scope.houseId, options.limit)]);
    const production = fit.items.get(productionId);
    if (production === undefined || (scope.unitId !== null && production.unitId !== scope.unitId)) throw notFound('production', productionId);
    const language = options.language ?? 'de';
    const list = run(fit, { kind: 'similar_to', itemId: productionId }, { ...shaped, language, candidates: candidatesOf(fit, scope.unitId), exclude: new Set([productionId]), needs: needsOf(options) });
    const items = itemsOf(fit, list, language, clock.now(), deps.publicUrl);
    await record(scope.houseId, null, items, surface);
    return items;
  }

  /**
   * A list for an anonymous visitor: by the genres they declared or the production they
   * look at, within their needs, with discovery slots outside what they declared;
   * `discoveryOnly` ("surprise me") gives only such productions. Recorded as exposure
   * without any id, on the surface that showed it.
   */
  async function recommendForVisitor(houseId: string, request: VisitorRequest): Promise<VisitorList> {
    const input = parseInput(visitorRequest, request);
    const [fit, shaped] = await Promise.all([fits.get(houseId), shape(houseId, input.limit)]);
    const language = input.language ?? 'de';
    const similarTo = input.similarTo !== undefined && fit.items.has(input.similarTo) ? input.similarTo : undefined;
    const genres = input.genres ?? [];
    const subject: Subject = similarTo === undefined ? { kind: 'anonymous', genres } : { kind: 'similar_to', itemId: similarTo };
    const surprise = input.discoveryOnly === true;
    const visitorRun: VisitorRun = {
      familiar: similarTo === undefined ? genres : (fit.items.get(similarTo)?.genres ?? []),
      k: shaped.k,
      // Surprise me: every place may be a discovery.
      discoverySlots: surprise ? shaped.k : shaped.discoverySlots,
      candidates: candidatesOf(fit, null, input.audience),
      exclude: similarTo === undefined ? undefined : new Set([similarTo]),
      needs: needsOf(input),
      language,
    };
    const base = run(fit, subject, visitorRun);
    const list = surprise ? surpriseList(fit, base, visitorRun) : visitorList(fit, base, visitorRun);
    const items = itemsOf(fit, list, language, clock.now(), deps.publicUrl);
    await record(houseId, null, items, input.surface);
    return { language, items };
  }

  /** The booking widget's suggestions (the public endpoint). */
  async function forVisitor(houseId: string, query: VisitorQuery): Promise<RecommendationItem[]> {
    const { surprise, ...rest } = query;
    return (await recommendForVisitor(houseId, { ...rest, discoveryOnly: surprise, surface: 'widget' })).items;
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
      const list = run(fit, { kind: 'contact', userId: contactId }, { k, discoverySlots, language, candidates: fit.candidates, exclude: booked.get(contactId) });
      lists.set(contactId, itemsOf(fit, list, language, now, deps.publicUrl));
    }
    return lists;
  }

  return { forContact, similar, forVisitor, recommendForVisitor, personalLists, record };
}

export type RecommendationService = ReturnType<typeof createRecommendationService>;
