/*
 * How alike two items are, in [0, 1], from everything the catalogue knows about them.
 * MMR, intra-list diversity, the content profile and the evaluation metrics all ask this
 * many times, so the index interns the sets once and caches every pair it has computed.
 */
import { cosine, type SparseVector, textVectors } from './text.ts';
import type { Item } from './types.ts';

/**
 * Weights of the features. People and works weigh as much as genres because they are
 * what a visitor follows across forms (a director, a composer, Carmen); hall, unit and
 * language barely say anything about taste.
 */
const weights = {
  genres: 0.22,
  families: 0.08,
  tags: 0.1,
  people: 0.18,
  works: 0.14,
  text: 0.16,
  audience: 0.05,
  language: 0.03,
  unit: 0.02,
  hall: 0.02,
} as const;

/** The features of one item, interned: sets as ascending ids, values as ids or -1 for unknown. */
interface Features {
  genres: Int32Array;
  families: Int32Array;
  tags: Int32Array;
  people: Int32Array;
  works: Int32Array;
  audience: number;
  language: number;
  unit: number;
  hall: number;
  text: SparseVector | undefined;
}

function jaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

function featureSimilarity(a: Features, b: Features): number {
  let total = 0;
  let weight = 0;
  // A feature neither item knows says nothing; one that only one item knows counts as a difference.
  for (const key of ['genres', 'families', 'tags', 'people', 'works'] as const) {
    if (a[key].length === 0 && b[key].length === 0) continue;
    weight += weights[key];
    if (a[key].length > 0 && b[key].length > 0) total += weights[key] * jaccard(a[key], b[key]);
  }
  // Unknown values (a source without halls) are skipped rather than read as a mismatch.
  for (const key of ['audience', 'language', 'unit', 'hall'] as const) {
    if (a[key] < 0 || b[key] < 0) continue;
    weight += weights[key];
    if (a[key] === b[key]) total += weights[key];
  }
  if (a.text && b.text) {
    weight += weights.text;
    total += weights.text * cosine(a.text, b.text);
  }
  return weight === 0 ? 0 : total / weight;
}

function interner(): (value: string) => number {
  const ids = new Map<string, number>();
  return (value) => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  };
}

function features(items: readonly Item[], withText: boolean): Features[] {
  const intern = interner();
  const set = (kind: string, values: readonly string[]) => Int32Array.from(new Set(values.map((v) => intern(`${kind}:${v}`)))).sort();
  const value = (kind: string, v: string | null) => (v === null ? -1 : intern(`${kind}:${v}`));
  const vectors = withText ? textVectors(items) : [];
  return items.map((item, i) => ({
    genres: set('g', item.genres),
    families: set('f', item.families),
    tags: set('t', item.tags),
    people: set('p', item.people),
    works: set('w', item.works),
    audience: value('a', item.audience),
    language: value('l', item.language),
    unit: value('u', item.unitId),
    hall: value('h', item.hallId),
    text: vectors[i]?.terms.length ? vectors[i] : undefined,
  }));
}

/** The similarity of two items on their own; for many pairs, use createSimilarityIndex. */
export function itemSimilarity(a: Item, b: Item): number {
  const [fa, fb] = features([a, b], true) as [Features, Features];
  return featureSimilarity(fa, fb);
}

export interface SimilarityIndex {
  readonly items: readonly Item[];
  /** The position of an item in `items`, or undefined for an unknown id. */
  position(itemId: string): number | undefined;
  /** Similarity in [0, 1]; 0 for an unknown id, 1 for an item with itself. */
  similarity(aId: string, bId: string): number;
  similarityAt(a: number, b: number): number;
}

/**
 * Past this many items a dense cache would take more than ~150 MB, so pairs are computed
 * on every call instead (a house has a few thousand productions at most).
 */
const denseCacheLimit = 6000;

export function createSimilarityIndex(items: readonly Item[], options: { text?: boolean } = {}): SimilarityIndex {
  const positions = new Map(items.map((item, i) => [item.id, i]));
  const all = features(items, options.text ?? true);
  const n = items.length;
  const cache = n <= denseCacheLimit ? new Float32Array(n * n).fill(Number.NaN) : undefined;
  const similarityAt = (a: number, b: number): number => {
    if (a === b) return 1;
    if (!cache) return featureSimilarity(all[a] as Features, all[b] as Features);
    let value = cache[a * n + b] as number;
    if (Number.isNaN(value)) {
      value = featureSimilarity(all[a] as Features, all[b] as Features);
      cache[a * n + b] = value;
      cache[b * n + a] = value;
    }
    return value;
  };
  return {
    items,
    position: (itemId) => positions.get(itemId),
    similarityAt,
    similarity(aId, bId) {
      const a = positions.get(aId);
      const b = positions.get(bId);
      return a === undefined || b === undefined ? 0 : similarityAt(a, b);
    },
  };
}
