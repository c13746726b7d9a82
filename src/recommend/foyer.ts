/*
 * The two recommenders the service and the evaluation use: 'foyer' (scoring, then the
 * discovery re-ranking) and 'content' (the content profile alone, no collaborative signal
 * and no discovery), the baseline that shows what the rest adds.
 */
import { comfortZone, defaultRerank, isOutside, type Placed, type RerankOptions, rerank } from './discovery.ts';
import { explanationFor, sentence } from './explain.ts';
import { fitModel, type Model } from './model.ts';
import { contentWeights, createScorer, foyerWeights, profileOf, type ScoringWeights } from './scoring.ts';
import type { FittedRecommender, Item, Recommendation, Recommender } from './types.ts';

/** Candidates kept for re-ranking: enough for MMR and calibration to choose from, few enough to stay fast. */
const poolFor = (k: number) => Math.max(40, 4 * k);

function finish(model: Model, placed: readonly Placed[], profile: ReturnType<typeof profileOf>): Recommendation[] {
  const titleOf = (itemId: string) => {
    const at = model.similarity.position(itemId);
    return at === undefined ? { de: itemId, en: itemId } : (model.items[at] as Item).title;
  };
  return placed.map(({ scored, slot, bridge }) => {
    const explanation = explanationFor(model, profile, scored, slot, bridge);
    return { itemId: (model.items[scored.item] as Item).id, score: scored.score, slot, explanation, text: sentence(explanation, titleOf) };
  });
}

export interface FoyerOptions {
  weights?: Partial<ScoringWeights>;
  rerank?: Partial<RerankOptions>;
}

export function foyerRecommender(options: FoyerOptions = {}): Recommender {
  const weights = { ...foyerWeights, ...options.weights };
  const rerankOptions = { ...defaultRerank, ...options.rerank };
  return {
    name: 'foyer',
    fit(data): FittedRecommender {
      const model = fitModel(data);
      const score = createScorer(model, weights);
      return {
        recommend(request) {
          const profile = profileOf(model, request.subject);
          const zone = comfortZone(model.items, profile);
          const pools = score(profile, request, { pool: poolFor(request.k), outside: (j) => isOutside(zone, model.items[j] as Item) });
          const placed = rerank(model, profile, zone, pools.relevant, pools.outside, request.k, request.discoverySlots, rerankOptions);
          return finish(model, placed, profile);
        },
      };
    },
  };
}

export function contentRecommender(): Recommender {
  return {
    name: 'content',
    fit(data): FittedRecommender {
      const model = fitModel(data);
      const score = createScorer(model, contentWeights);
      return {
        recommend(request) {
          const profile = profileOf(model, request.subject);
          const pools = score(profile, request, { pool: request.k });
          return finish(model, pools.relevant.map((scored) => ({ scored, slot: 'relevant' as const })), profile);
        },
      };
    },
  };
}
