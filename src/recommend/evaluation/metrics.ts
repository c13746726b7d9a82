import type { SimilarityIndex } from './similarity.ts';

/*
 * Metrics of one recommended list (accuracy and beyond accuracy) and of a house's lists
 * together (coverage, Gini). Pure: lists, sets and counts in, numbers out. A metric that
 * is undefined for a user (no history to be unexpected against, fewer than two items to be
 * diverse) returns null, and the harness averages over the users for whom it is defined,
 * rather than counting an undefined value as 0 or 1.
 */

/** Binary-relevance nDCG@k: hits discounted by log2(rank + 1), over the ideal ordering of min(|relevant|, k) hits. */
export function ndcgAt(k: number, list: readonly string[], relevant: ReadonlySet<string>): number {
  let dcg = 0;
  list.slice(0, k).forEach((id, index) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(k, relevant.size); index += 1) ideal += 1 / Math.log2(index + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the relevant items found in the top k (denominator |relevant|, the textbook form). */
export function recallAt(k: number, list: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  return list.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

/** Intra-list diversity: 1 − mean pairwise similarity; null under two items. */
export function intraListDiversity(list: readonly string[], index: SimilarityIndex): number | null {
  if (list.length < 2) return null;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < list.length; i += 1) {
    for (let j = i + 1; j < list.length; j += 1) {
      sum += index.similarity(list[i] as string, list[j] as string);
      pairs += 1;
    }
  }
  return 1 - sum / pairs;
}

/**
 * Mean self-information −log2 p(i), p(i) = (users who had i in training + 1) / (users + 1).
 * The add-one keeps items nobody has seen yet (the cold start) finite and the most novel.
 */
export function novelty(list: readonly string[], usersPerItem: ReadonlyMap<string, number>, users: number): number | null {
  if (list.length === 0) return null;
  const bits = list.map((id) => -Math.log2(((usersPerItem.get(id) ?? 0) + 1) / (users + 1)));
  return bits.reduce((a, b) => a + b, 0) / list.length;
}

/** How far an item is from the nearest thing in the history: 1 − max similarity. */
export function distanceFromHistory(itemId: string, history: readonly string[], index: SimilarityIndex): number {
  let nearest = 0;
  for (const seen of history) nearest = Math.max(nearest, index.similarity(itemId, seen));
  return 1 - nearest;
}

/** Mean distance of the list from the history; null without a history (nothing to be unexpected against). */
export function unexpectedness(list: readonly string[], history: readonly string[], index: SimilarityIndex): number | null {
  if (list.length === 0 || history.length === 0) return null;
  return list.reduce((sum, id) => sum + distanceFromHistory(id, history, index), 0) / list.length;
}

/**
 * Share of the list that is both unexpected and relevant; the denominator is the list
 * length, so a short list cannot look serendipitous. What counts as unexpected is passed
 * in (the harness uses "outside the person's comfort genres", see bubble.ts). Null without
 * a history: for a newcomer everything is unexpected, which would say nothing.
 */
export function serendipity(
  list: readonly string[],
  hasHistory: boolean,
  relevant: ReadonlySet<string>,
  isUnexpected: (itemId: string) => boolean,
): number | null {
  if (list.length === 0 || !hasHistory) return null;
  return list.filter((id) => relevant.has(id) && isUnexpected(id)).length / list.length;
}

/** Share of the candidate items that were recommended to anyone. */
export function catalogueCoverage(lists: readonly (readonly string[])[], candidates: ReadonlySet<string>): number {
  if (candidates.size === 0) return 0;
  const shown = new Set<string>();
  for (const list of lists) for (const id of list) if (candidates.has(id)) shown.add(id);
  return shown.size / candidates.size;
}

/** How often each candidate was recommended, zeros included: the exposure Gini is over the whole catalogue. */
export function exposureCounts(lists: readonly (readonly string[])[], candidates: ReadonlySet<string>): number[] {
  const counts = new Map<string, number>([...candidates].map((id) => [id, 0]));
  for (const list of lists) for (const id of list) if (counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.values()];
}

/** Gini coefficient: 0 when every item is shown equally often, towards 1 when a few take all exposure. */
export function gini(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return 0;
  let weighted = 0;
  sorted.forEach((value, i) => {
    weighted += (2 * (i + 1) - n - 1) * value;
  });
  return weighted / (n * total);
}

/** Mean of the defined values; 0 when none is defined (a method with no answers scores nothing). */
export function meanOf(values: readonly (number | null)[]): number {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return defined.length === 0 ? 0 : defined.reduce((a, b) => a + b, 0) / defined.length;
}
