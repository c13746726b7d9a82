/*
 * The relevance of each candidate for one subject. Per request the work is the person's
 * history times the neighbour lists, plus one pass over the candidates; everything else
 * was learnt in fitModel. Scratch arrays are reused between requests (stamped, never
 * cleared), which keeps a request free of large allocations.
 */
import { suits } from './constraints.ts';
import type { HistoryEntry, Model, Neighbours } from './model.ts';
import type { RecommendationRequest, Subject } from './types.ts';

export interface Profile {
  subject: Subject['kind'];
  history: readonly HistoryEntry[];
  declared: readonly string[];
}

export interface ScoringWeights {
  collaborative: number;
  content: number;
  /** Declared interests, at full weight for a person without history, fading as history grows. */
  declared: number;
  /** Popularity for a person with a long history … */
  popularity: number;
  /** … plus this much for a person without any, fading as history grows. */
  coldPopularity: number;
}

/**
 * Content and co-attendance weigh alike: content carries the new productions, co-attendance
 * is the best evidence for a step outside the comfort zone (on the simulator, 0.5/0.5 was
 * as accurate as 0.4/0.6 on four seeds and found more of what people booked outside it).
 */
export const foyerWeights: ScoringWeights = { collaborative: 0.5, content: 0.5, declared: 0.8, popularity: 0.05, coldPopularity: 0.45 };
/** Popularity only breaks ties here: the baseline is meant to show what content alone does. */
export const contentWeights: ScoringWeights = { collaborative: 0, content: 1, declared: 0.8, popularity: 0.01, coldPopularity: 0 };

/** How many visits make a history "known": half the cold-start weights at this length. */
const historyHalfWeight = 3;

export interface Scored {
  item: number;
  score: number;
  /** The weighted parts of the score, for the explanation. */
  collaborative: number;
  content: number;
  declared: number;
  popularity: number;
  /** The history item that contributed most to each part, or -1. */
  collaborativeSource: number;
  contentSource: number;
}

export interface Pools {
  /** The best candidates, best first. */
  relevant: Scored[];
  /** The best candidates outside the comfort zone, best first (for the discovery slots). */
  outside: Scored[];
}

export function profileOf(model: Model, subject: Subject): Profile {
  if (subject.kind === 'contact') {
    return { subject: 'contact', history: model.histories.get(subject.userId) ?? [], declared: model.declared.get(subject.userId) ?? [] };
  }
  if (subject.kind === 'anonymous') return { subject: 'anonymous', history: [], declared: subject.genres };
  const item = model.similarity.position(subject.itemId);
  return { subject: 'similar_to', history: item === undefined ? [] : [{ item, weight: 1, chosen: true, at: 0 }], declared: [] };
}

function insert(pool: Scored[], entry: Scored, size: number): void {
  if (pool.length === size && (pool[size - 1] as Scored).score >= entry.score) return;
  let at = pool.length;
  while (at > 0 && (pool[at - 1] as Scored).score < entry.score) at--;
  pool.splice(at, 0, entry);
  if (pool.length > size) pool.pop();
}

export type Scorer = (profile: Profile, request: RecommendationRequest, options: { pool: number; outside?: (item: number) => boolean }) => Pools;

export function createScorer(model: Model, weights: ScoringWeights): Scorer {
  const n = model.items.length;
  const stamp = new Int32Array(n);
  let epoch = 0;
  const sums = [new Float64Array(n), new Float64Array(n)] as const;
  const best = [new Float64Array(n), new Float64Array(n)] as const;
  const source = [new Int32Array(n), new Int32Array(n)] as const;
  const maxima = [0, 0];
  const everything = Int32Array.from({ length: n }, (_, i) => i);
  const resolved = new WeakMap<ReadonlySet<string>, Int32Array>();

  const candidatesOf = (ids: ReadonlySet<string> | undefined): Int32Array => {
    if (!ids) return everything;
    let list = resolved.get(ids);
    if (!list) {
      list = Int32Array.from([...ids].map((id) => model.similarity.position(id) ?? -1).filter((i) => i >= 0));
      resolved.set(ids, list);
    }
    return list;
  };

  const accumulate = (part: 0 | 1, lists: readonly Neighbours[], history: readonly HistoryEntry[]) => {
    for (const entry of history) {
      const neighbours = lists[entry.item] as Neighbours;
      for (let r = 0; r < neighbours.items.length; r++) {
        const j = neighbours.items[r] as number;
        if (stamp[j] !== epoch) {
          stamp[j] = epoch;
          sums[0][j] = sums[1][j] = best[0][j] = best[1][j] = 0;
          source[0][j] = source[1][j] = -1;
        }
        const contribution = entry.weight * (neighbours.weights[r] as number);
        const total = (sums[part][j] as number) + contribution;
        sums[part][j] = total;
        if (total > maxima[part]!) maxima[part] = total;
        if (contribution > best[part][j]!) {
          best[part][j] = contribution;
          source[part][j] = entry.item;
        }
      }
    }
  };

  return (profile, request, options) => {
    epoch++;
    maxima[0] = maxima[1] = 0;
    if (weights.collaborative > 0) accumulate(0, model.collaborative, profile.history);
    if (weights.content > 0) accumulate(1, model.content, profile.history);

    const length = profile.history.filter((e) => e.chosen).length;
    const coldness = historyHalfWeight / (historyHalfWeight + length);
    const popularityWeight = profile.subject === 'similar_to' ? weights.popularity : weights.popularity + weights.coldPopularity * coldness;
    const declaredWeight = weights.declared * (0.4 + 0.6 * coldness);
    const declared = new Set(profile.declared);
    const seen = new Set(profile.history.filter((e) => e.chosen).map((e) => e.item));
    const pools: Pools = { relevant: [], outside: [] };

    for (const j of candidatesOf(request.candidates)) {
      const item = model.items[j]!;
      if (seen.has(j) || request.exclude?.has(item.id) || !suits(item, request.needs)) continue;
      const fresh = stamp[j] === epoch;
      const collaborativeFull = fresh && maxima[0]! > 0 ? (weights.collaborative * sums[0][j]!) / maxima[0]! : 0;
      const contentFull = fresh && maxima[1]! > 0 ? (weights.content * sums[1][j]!) / maxima[1]! : 0;
      const interestFull = declared.size > 0 && item.genres.some((g) => declared.has(g)) ? declaredWeight : 0;
      const popularityFull = popularityWeight * model.popularity[j]!;
      // What the person would like, times how much of the run is still ahead to like it in (model.ts).
      const remaining = model.remaining[j]!;
      const collaborative = remaining * collaborativeFull;
      const content = remaining * contentFull;
      const interest = remaining * interestFull;
      const popularity = remaining * popularityFull;
      const score = collaborative + content + interest + popularity;
      // Most candidates make neither pool; build the entry only for those that might.
      const relevant = pools.relevant.length < options.pool || (pools.relevant[options.pool - 1] as Scored).score < score;
      const outside = options.outside !== undefined && (pools.outside.length < options.pool || (pools.outside[options.pool - 1] as Scored).score < score) && options.outside(j);
      if (!relevant && !outside) continue;
      const entry: Scored = {
        item: j,
        score,
        collaborative,
        content,
        declared: interest,
        popularity,
        collaborativeSource: fresh ? source[0][j]! : -1,
        contentSource: fresh ? source[1][j]! : -1,
      };
      if (relevant) insert(pools.relevant, entry, options.pool);
      if (outside) insert(pools.outside, entry, options.pool);
    }
    return pools;
  };
}
