import type { Item } from '../types.ts';

/*
 * The one question the evaluation asks of item similarity (intra-list diversity,
 * unexpectedness, MMR). The harness and MMR use the recommender's own index
 * (recommend/similarity.ts), which has this shape; the genre-Jaccard index here is the
 * simple ruler for hand-computed tests and for comparing against a genre-only view.
 */
export interface SimilarityIndex {
  /** In [0, 1]; 1 for the same item. */
  similarity(aId: string, bId: string): number;
}

export type SimilarityFactory = (items: readonly Item[]) => SimilarityIndex;

/** Jaccard overlap of the genre sets; items without genres are similar only to themselves. */
export function genreJaccardIndex(items: readonly Item[]): SimilarityIndex {
  const genresOf = new Map(items.map((item) => [item.id, new Set(item.genres)]));
  return {
    similarity(aId, bId) {
      if (aId === bId) return 1;
      const a = genresOf.get(aId);
      const b = genresOf.get(bId);
      if (a === undefined || b === undefined || a.size === 0 || b.size === 0) return 0;
      let shared = 0;
      for (const genre of a) if (b.has(genre)) shared += 1;
      return shared / (a.size + b.size - shared);
    },
  };
}
