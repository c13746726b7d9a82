import type { RecommendationSource, RecommendedProduction } from '../campaigns/templates/recommendations.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { exposureRows } from './dto.ts';
import type { RecommendationItem } from './dto.ts';
import type { RecommendationService } from './service.ts';
import * as store from './store.ts';
import type { RecommendationExposureTable } from './tables.ts';

/*
 * The personal block of campaign mails, from the recommender. People with valid
 * recommendations consent get their list from the house's cached fit, with discovery
 * slots and the recommender's explanations. Everybody else gets what the default source
 * (campaigns/templates/recommendations.ts) makes from what their newsletter consent
 * allows, their declared interests, with its own discovery: nothing of their history.
 *
 * Exposure is recorded on the batch path only, which is the newsletter actually being
 * sent (one statement per chunk of the batch); single renders are previews, test sends
 * and the web version, which nobody was sent.
 */

const reasonOf: Record<RecommendedProduction['reason'], string> = { interest: 'matches_interest', discovery: 'new_for_you', upcoming: 'popular' };

function productionOf(item: RecommendationItem): RecommendedProduction {
  return {
    productionId: item.productionId,
    title: item.title,
    url: item.bookingUrl,
    imageUrl: item.imageUrl,
    nextStartsAt: item.nextPerformance?.startsAt ?? null,
    reason: item.slot === 'discovery' ? 'discovery' : 'interest',
    explanation: item.text,
  };
}

export function createRecommenderMailSource(deps: { database: Database; clock: Clock; recommendations: Pick<RecommendationService, 'personalLists'>; fallback: RecommendationSource }): RecommendationSource {
  const { fallback } = deps;

  async function fallbackMany(houseId: string, contactIds: readonly string[], language: 'de' | 'en', limit: number) {
    if (contactIds.length === 0) return new Map<string, RecommendedProduction[]>();
    if (fallback.forContacts !== undefined) return fallback.forContacts(houseId, contactIds, language, limit);
    return new Map(await Promise.all(contactIds.map(async (id) => [id, await fallback.forContact(houseId, id, language, limit)] as const)));
  }

  return {
    async forContact(houseId, contactId, language, limit) {
      if (contactId === null) return fallback.forContact(houseId, null, language, limit);
      const personal = (await deps.recommendations.personalLists(houseId, [contactId], language, limit)).get(contactId);
      return personal === undefined ? fallback.forContact(houseId, contactId, language, limit) : personal.map(productionOf);
    },

    async forContacts(houseId, contactIds, language, limit) {
      const personal = await deps.recommendations.personalLists(houseId, contactIds, language, limit);
      const others = await fallbackMany(houseId, contactIds.filter((id) => !personal.has(id)), language, limit);
      const result = new Map<string, RecommendedProduction[]>();
      const shownAt = deps.clock.now().toISOString();
      const exposure: RecommendationExposureTable[] = [];
      for (const contactId of contactIds) {
        const items = personal.get(contactId);
        if (items !== undefined) {
          result.set(contactId, items.map(productionOf));
          exposure.push(...exposureRows(houseId, contactId, items.map((i) => ({ productionId: i.productionId, slot: i.slot, reason: i.explanation.kind })), 'mail', shownAt));
          continue;
        }
        const list = others.get(contactId) ?? [];
        result.set(contactId, list);
        // Without recommendations consent the exposure counts for the house, without the person's id.
        exposure.push(
          ...exposureRows(houseId, null, list.map((p) => ({ productionId: p.productionId, slot: p.reason === 'discovery' ? ('discovery' as const) : ('relevant' as const), reason: reasonOf[p.reason] })), 'mail', shownAt),
        );
      }
      await store.insertExposures(deps.database.db, exposure);
      return result;
    },
  };
}
