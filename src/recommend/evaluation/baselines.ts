import type { FittedRecommender, Interaction, Recommendation, RecommendationRequest, Recommender, TrainingData } from '../types.ts';
import { createSimilarityIndex } from '../similarity.ts';
import type { SimilarityFactory } from './similarity.ts';

/*
 * The baselines Foyer is measured against, in the same Recommender shape: popularity (what
 * most houses do), item-kNN (the classic accuracy-only collaborative filter) and item-kNN
 * re-ranked with MMR (the textbook diversity fix). They fill every slot as 'relevant': they
 * have no notion of discovery, which is the point of the comparison.
 */

interface Scored {
  itemId: string;
  score: number;
}

/** Items a request may receive, in a fixed order so that ties break the same way on every run. */
function allowed(data: TrainingData, request: RecommendationRequest): string[] {
  return data.items
    .map((item) => item.id)
    .filter((id) => (request.candidates === undefined || request.candidates.has(id)) && request.exclude?.has(id) !== true);
}

function usersPerItem(interactions: readonly Interaction[]): Map<string, number> {
  const users = new Map<string, Set<string>>();
  for (const { userId, itemId } of interactions) {
    const set = users.get(itemId) ?? new Set<string>();
    set.add(userId);
    users.set(itemId, set);
  }
  return new Map([...users].map(([id, set]) => [id, set.size]));
}

function topByScore(scored: readonly Scored[], k: number): Scored[] {
  return [...scored].sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1)).slice(0, k);
}

function popular(scored: readonly Scored[]): Recommendation[] {
  return scored.map(({ itemId, score }) => ({
    itemId,
    score,
    slot: 'relevant',
    explanation: { kind: 'popular' },
    text: { de: 'Gerade besonders gefragt', en: 'Popular right now' },
  }));
}

export function popularityRecommender(): Recommender {
  return {
    name: 'popularity',
    fit(data) {
      const counts = usersPerItem(data.interactions);
      return {
        recommend: (request) =>
          popular(topByScore(allowed(data, request).map((itemId) => ({ itemId, score: counts.get(itemId) ?? 0 })), request.k)),
      };
    },
  };
}

/** Who had what in training, per user, and cosine neighbours over item co-occurrence. */
function itemKnnModel(data: TrainingData, neighbours: number) {
  const ids = data.items.map((item) => item.id);
  const position = new Map(ids.map((id, i) => [id, i]));
  const byUser = new Map<string, Set<number>>();
  for (const { userId, itemId } of data.interactions) {
    const i = position.get(itemId);
    if (i === undefined) continue;
    const set = byUser.get(userId) ?? new Set<number>();
    set.add(i);
    byUser.set(userId, set);
  }
  const n = ids.length;
  const count = new Float64Array(n);
  const co = new Float64Array(n * n);
  for (const set of byUser.values()) {
    const list = [...set];
    for (const i of list) {
      count[i] = (count[i] ?? 0) + 1;
      for (const j of list) if (i !== j) co[i * n + j] = (co[i * n + j] ?? 0) + 1;
    }
  }
  // Only the top neighbours of each item vote: the rest is mostly noise from one shared person.
  const similar: Map<number, number>[] = [];
  for (let i = 0; i < n; i += 1) {
    const row: [number, number][] = [];
    for (let j = 0; j < n; j += 1) {
      const c = co[i * n + j] ?? 0;
      if (c > 0) row.push([j, c / Math.sqrt((count[i] ?? 1) * (count[j] ?? 1))]);
    }
    row.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    similar.push(new Map(row.slice(0, neighbours)));
  }
  const popularity = usersPerItem(data.interactions);
  return { ids, position, byUser, similar, popularity };
}

type KnnModel = ReturnType<typeof itemKnnModel>;

/** Every allowed item's kNN score for the request, with the history item that contributed most. */
function knnScores(model: KnnModel, data: TrainingData, request: RecommendationRequest): (Scored & { because: string | null })[] {
  const subject = request.subject;
  let seen: number[] = [];
  if (subject.kind === 'contact') seen = [...(model.byUser.get(subject.userId) ?? [])];
  else if (subject.kind === 'similar_to') seen = [model.position.get(subject.itemId)].filter((i): i is number => i !== undefined);
  return allowed(data, request).map((itemId) => {
    const j = model.position.get(itemId) as number;
    let score = 0;
    let best = 0;
    let because: string | null = null;
    for (const i of seen) {
      // Neighbour lists are cut per item, so the vote is what j's own list says about i.
      const s = model.similar[j]?.get(i) ?? 0;
      score += s;
      if (s > best) [best, because] = [s, model.ids[i] ?? null];
    }
    // A tiny popularity term breaks ties, and orders the list for people with no history (the cold start).
    return { itemId, score: score + (model.popularity.get(itemId) ?? 0) * 1e-9, because };
  });
}

function asRecommendations(scored: readonly (Scored & { because: string | null })[]): Recommendation[] {
  return scored.map(({ itemId, score, because }) =>
    because === null
      ? popular([{ itemId, score }])[0] as Recommendation
      : {
          itemId,
          score,
          slot: 'relevant',
          explanation: { kind: 'because_you_saw', itemId: because },
          text: { de: 'Weil Sie Ähnliches gesehen haben', en: 'Because you saw something similar' },
        },
  );
}

export interface ItemKnnOptions {
  /** Neighbours kept per item (default 50). */
  neighbours?: number;
}

export function itemKnnRecommender(options: ItemKnnOptions = {}): Recommender {
  return {
    name: 'item-knn',
    fit(data): FittedRecommender {
      const model = itemKnnModel(data, options.neighbours ?? 50);
      return { recommend: (request) => asRecommendations(topByScore(knnScores(model, data, request), request.k) as (Scored & { because: string | null })[]) };
    },
  };
}

export interface MmrOptions extends ItemKnnOptions {
  /** Weight of relevance against novelty within the list: 1 is plain kNN, 0 only diversity (default 0.7). */
  lambda?: number;
  /** How many of the best kNN items MMR chooses from (default 100). */
  pool?: number;
  similarity?: SimilarityFactory;
}

/**
 * Maximal marginal relevance (Carbonell and Goldstein): greedily take the item with the best
 * λ·relevance − (1 − λ)·(max similarity to what is already chosen), relevance being the
 * kNN score scaled to [0, 1] by the best in the pool.
 */
export function itemKnnMmrRecommender(options: MmrOptions = {}): Recommender {
  const lambda = options.lambda ?? 0.7;
  return {
    name: 'item-knn-mmr',
    fit(data): FittedRecommender {
      const model = itemKnnModel(data, options.neighbours ?? 50);
      const index = (options.similarity ?? createSimilarityIndex)(data.items);
      return {
        recommend(request) {
          const pool = topByScore(knnScores(model, data, request), options.pool ?? 100) as (Scored & { because: string | null })[];
          const top = pool[0]?.score ?? 0;
          const chosen: typeof pool = [];
          while (chosen.length < request.k && pool.length > 0) {
            let bestAt = 0;
            let bestValue = -Infinity;
            pool.forEach((candidate, at) => {
              const relevance = top > 0 ? candidate.score / top : 0;
              const redundancy = Math.max(0, ...chosen.map((c) => index.similarity(candidate.itemId, c.itemId)));
              const value = lambda * relevance - (1 - lambda) * redundancy;
              if (value > bestValue) [bestValue, bestAt] = [value, at];
            });
            chosen.push(...pool.splice(bestAt, 1));
          }
          return asRecommendations(chosen);
        },
      };
    },
  };
}
