import { contentRecommender, foyerRecommender } from '../foyer.ts';
import type { Recommender } from '../types.ts';
import { itemKnnMmrRecommender, itemKnnRecommender, popularityRecommender } from './baselines.ts';

/** Every method of an evaluation run, in the order of the issue: the four baselines, then Foyer. */
export function evaluationMethods(): Recommender[] {
  return [popularityRecommender(), contentRecommender(), itemKnnRecommender(), itemKnnMmrRecommender(), foyerRecommender()];
}

/**
 * The season simulation's policies: the same five. Content only is the accuracy-only
 * policy that works from the first day of a season; item-kNN knows nothing of a new
 * production until someone books it, so early in a season it shows what ties break to.
 */
export function seasonPolicies(): Recommender[] {
  return evaluationMethods();
}
