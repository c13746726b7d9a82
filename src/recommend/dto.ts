import { bookingUrlOf } from '../campaigns/templates/content.ts';
import { newId } from '../core/ids.ts';
import { sentence } from './explain.ts';
import type { HouseFit } from './fits.ts';
import type { RecommendationExposureTable } from './tables.ts';
import type { Explanation, Language, Recommendation } from './types.ts';

/* The answer shape of an item, the same for the staff API, the public endpoint and the widget. */

export interface RecommendationItem {
  productionId: string;
  title: string;
  imageUrl: string | null;
  slot: 'relevant' | 'discovery';
  explanation: Explanation;
  /** The explanation as a sentence in the asked language. */
  text: string;
  score: number;
  nextPerformance: { id: string; startsAt: string } | null;
  bookingUrl: string;
}

export type Surface = 'api' | 'mail' | 'widget' | 'staff' | 'assistant';

/**
 * The sentence of an item. A discovery through a person is worded again with the role the
 * catalogue gives that person ("with Lena Wolf, the choreographer of Carmen"): the
 * recommender's items carry names only.
 */
function textOf(fit: HouseFit, recommendation: Recommendation): { de: string; en: string } {
  const { explanation } = recommendation;
  if (explanation.kind !== 'new_for_you' || explanation.bridge.kind !== 'same_person') return recommendation.text;
  const titleOf = (itemId: string) => fit.facts.get(itemId)?.title ?? { de: itemId, en: itemId };
  return sentence(explanation, titleOf, (itemId, person) => fit.roles.get(itemId)?.get(person));
}

/**
 * The items of a list with their next date after `now`. A production whose last date
 * passed since the fit is dropped rather than offered without one.
 */
export function itemsOf(fit: HouseFit, list: readonly Recommendation[], language: Language, now: Date, publicUrl: string): RecommendationItem[] {
  const at = now.toISOString();
  const items: RecommendationItem[] = [];
  for (const recommendation of list) {
    const facts = fit.facts.get(recommendation.itemId);
    if (facts === undefined) continue;
    const next = facts.upcoming.find((p) => p.startsAt > at);
    if (next === undefined && facts.upcoming.length > 0) continue;
    items.push({
      productionId: recommendation.itemId,
      title: facts.title[language],
      imageUrl: facts.imageUrl,
      slot: recommendation.slot,
      explanation: recommendation.explanation,
      text: textOf(fit, recommendation)[language],
      score: recommendation.score,
      nextPerformance: next === undefined ? null : { id: next.id, startsAt: next.startsAt },
      bookingUrl: bookingUrlOf(publicUrl, fit.house, { bookingUrl: facts.bookingUrl }, next),
    });
  }
  return items;
}

export function exposureRows(
  houseId: string,
  contactId: string | null,
  items: readonly { productionId: string; slot: 'relevant' | 'discovery'; reason: string }[],
  surface: Surface,
  shownAt: string,
): RecommendationExposureTable[] {
  return items.map((item) => ({ id: newId(), house_id: houseId, contact_id: contactId, production_id: item.productionId, slot: item.slot, reason: item.reason, surface, shown_at: shownAt }));
}
