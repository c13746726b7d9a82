/*
 * What the recommender learns once per fit, so that a request only walks the person's
 * history and the candidates: histories, neighbour lists (co-attendance and content),
 * popularity, and how much of each run is still ahead.
 */
import { createSimilarityIndex, type SimilarityIndex } from './similarity.ts';
import type { InteractionKind, Item, TrainingData } from './types.ts';

/** A click is interest, a booking or a visit is a choice. */
const kindWeight: Record<InteractionKind, number> = { booked: 1, attended: 1, clicked: 0.3 };
/** Taste drifts: a visit two years ago counts half. */
const historyHalfLifeMs = 2 * 365 * 24 * 3600 * 1000;
/** Popularity is about now: attendance a year ago counts half. */
const popularityHalfLifeMs = 365 * 24 * 3600 * 1000;
/** Co-attendance of a pair seen by few people is mostly chance; shrink it (Koren's shrinkage). */
const shrinkage = 5;
/** Below this many visitors an item's co-attendance row is borrowed from its content neighbours. */
export const coldBelow = 5;
const collaborativeNeighbours = 50;
const contentNeighbours = 80;
const borrowFrom = 8;
/** Items that share only an audience or a language are not alike; below this, no content neighbour. */
const minContentSimilarity = 0.12;

/** A cold item borrows only from items it shares people, works or genres with. */
function bridged(a: Item, b: Item): boolean {
  return a.people.some((p) => b.people.includes(p)) || a.works.some((w) => b.works.includes(w)) || a.genres.some((g) => b.genres.includes(g));
}
/** Borrowed co-attendance is a guess; it counts less than observed co-attendance. */
const borrowedDiscount = 0.7;
/**
 * A production long past its usual run (repertoire, a revival, a run extended) keeps this
 * much of its score: the estimate of the run is a median, not that production's dates.
 */
const remainingFloor = 0.2;

export interface HistoryEntry {
  item: number;
  weight: number;
  /** Booked or attended: not offered again. Clicked only: may be offered. */
  chosen: boolean;
  at: number;
}

export interface Neighbours {
  items: Int32Array;
  weights: Float32Array;
}

export interface Model {
  items: readonly Item[];
  similarity: SimilarityIndex;
  histories: ReadonlyMap<string, readonly HistoryEntry[]>;
  declared: ReadonlyMap<string, readonly string[]>;
  collaborative: readonly Neighbours[];
  content: readonly Neighbours[];
  /** Recency-weighted visitors per item, scaled to [0, 1]. */
  popularity: Float64Array;
  /** Distinct visitors per item. */
  visitors: Int32Array;
  /** People who chose both items (n x n). */
  coAttendance: Float32Array;
  /** returned[b * n + a]: people who chose a, then b, and came back after b (n x n). */
  returned: Uint16Array;
  /**
   * The estimated share of each item's run still ahead, in [remainingFloor, 1]: 1 for an
   * item nobody has booked yet, falling with the time since its first booking against the
   * house's typical run (the median span between first and last booking of its items).
   */
  remaining: Float64Array;
  /** Items per genre code, for declared interests. */
  byGenre: ReadonlyMap<string, readonly number[]>;
}

function topNeighbours(row: Map<number, number>, limit: number): Neighbours {
  const sorted = [...row].filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
  return { items: Int32Array.from(sorted, ([j]) => j), weights: Float32Array.from(sorted, ([, w]) => w) };
}

function histories(data: TrainingData, positions: ReadonlyMap<string, number>): Map<string, HistoryEntry[]> {
  const byUser = new Map<string, Map<number, HistoryEntry>>();
  for (const x of data.interactions) {
    const item = positions.get(x.itemId);
    // Nothing after the moment of the data may be used; non-positive weights carry no taste.
    if (item === undefined || x.at > data.now || x.weight <= 0) continue;
    let entries = byUser.get(x.userId);
    if (!entries) byUser.set(x.userId, (entries = new Map()));
    const weight = kindWeight[x.kind] * x.weight * 0.5 ** ((data.now - x.at) / historyHalfLifeMs);
    const chosen = x.kind !== 'clicked';
    const entry = entries.get(item);
    // A booking and the visit to it are one choice, not two: keep the strongest signal.
    if (!entry) entries.set(item, { item, weight, chosen, at: x.at });
    else {
      entry.weight = Math.max(entry.weight, weight);
      entry.chosen ||= chosen;
      entry.at = Math.max(entry.at, x.at);
    }
  }
  const result = new Map<string, HistoryEntry[]>();
  for (const [user, entries] of byUser) result.set(user, [...entries.values()].sort((a, b) => b.weight - a.weight));
  return result;
}

export function fitModel(data: TrainingData): Model {
  const items = data.items;
  const n = items.length;
  const positions = new Map(items.map((item, i) => [item.id, i]));
  const similarity = createSimilarityIndex(items);
  const byUser = histories(data, positions);

  const coAttendance = new Float32Array(n * n);
  const returned = new Uint16Array(n * n);
  const visitors = new Int32Array(n);
  const recentVisitors = new Float64Array(n);
  for (const history of byUser.values()) {
    const chosen = history.filter((e) => e.chosen);
    const last = Math.max(...history.map((e) => e.at));
    for (const a of chosen) {
      visitors[a.item]! += 1;
      recentVisitors[a.item]! += 0.5 ** ((data.now - a.at) / popularityHalfLifeMs);
      const cameBack = last > a.at;
      for (const b of chosen) {
        if (a.item === b.item) continue;
        coAttendance[a.item * n + b.item]! += 1;
        if (cameBack && returned[b.item * n + a.item]! < 65535) returned[b.item * n + a.item]! += 1;
      }
    }
  }

  const rows = Array.from({ length: n }, () => new Map<number, number>());
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const co = coAttendance[i * n + j] as number;
      if (co === 0) continue;
      rows[i]!.set(j, (co / Math.sqrt(visitors[i]! * visitors[j]!)) * (co / (co + shrinkage)));
    }
  }
  let collaborative = rows.map((row) => topNeighbours(row, collaborativeNeighbours));
  const content = Array.from({ length: n }, (_, i) => {
    const row = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      const value = j === i ? 0 : similarity.similarityAt(i, j);
      if (value >= minContentSimilarity) row.set(j, value);
    }
    return topNeighbours(row, contentNeighbours);
  });

  // Cold items (new productions) borrow the co-attendance of warm items they share people,
  // works or genres with: whoever went to the director's last production and to Faust
  // will likely be reached by the director's next one too.
  for (let c = 0; c < n; c++) {
    if (visitors[c]! >= coldBelow) continue;
    const sources = content[c]!;
    const borrowed = new Map<number, number>();
    let total = 0;
    for (let s = 0, used = 0; s < sources.items.length && used < borrowFrom; s++) {
      const w = sources.items[s] as number;
      if (visitors[w]! < coldBelow || !bridged(items[c]!, items[w]!)) continue;
      const sim = sources.weights[s] as number;
      used++;
      total += sim;
      const row = collaborative[w]!;
      borrowed.set(w, (borrowed.get(w) ?? 0) + sim * (row.weights[0] ?? 0));
      for (let r = 0; r < row.items.length; r++) {
        const j = row.items[r] as number;
        if (j !== c) borrowed.set(j, (borrowed.get(j) ?? 0) + sim * (row.weights[r] as number));
      }
    }
    if (total === 0) continue;
    for (const [j, value] of borrowed) {
      const weight = (borrowedDiscount * value) / total;
      rows[c]!.set(j, Math.max(rows[c]!.get(j) ?? 0, weight));
      rows[j]!.set(c, Math.max(rows[j]!.get(c) ?? 0, weight));
    }
  }
  collaborative = rows.map((row) => topNeighbours(row, collaborativeNeighbours));

  const maxRecent = Math.max(0, ...recentVisitors);
  return {
    items,
    similarity,
    histories: byUser,
    declared: data.declared,
    collaborative,
    content,
    popularity: Float64Array.from(recentVisitors, (v) => (maxRecent === 0 ? 0 : v / maxRecent)),
    visitors,
    coAttendance,
    returned,
    remaining: remainingRun(byUser, visitors, data.now),
    byGenre: itemsByGenre(items),
  };
}

/**
 * Demand for a production is partly served once it has been on sale: whoever was going to
 * book it early has booked, and those people are not offered it again. Without it,
 * co-attendance and popularity favour the productions deep into their run, whose
 * audience is mostly served, over new ones whose whole audience is still ahead (on the
 * simulator a production nobody had booked yet was booked by a recommended person about
 * twice as often as one already booked by 15 or more). The run is estimated from the
 * bookings alone, the only dates every source has: the median span between an item's
 * first and last booking over the items with enough visitors.
 */
function remainingRun(byUser: ReadonlyMap<string, readonly HistoryEntry[]>, visitors: Int32Array, now: number): Float64Array {
  const n = visitors.length;
  const first = new Float64Array(n).fill(Infinity);
  const last = new Float64Array(n).fill(-Infinity);
  for (const history of byUser.values()) {
    for (const entry of history) {
      if (!entry.chosen) continue;
      first[entry.item] = Math.min(first[entry.item]!, entry.at);
      last[entry.item] = Math.max(last[entry.item]!, entry.at);
    }
  }
  const spans: number[] = [];
  for (let i = 0; i < n; i++) if (visitors[i]! >= coldBelow) spans.push(last[i]! - first[i]!);
  spans.sort((a, b) => a - b);
  const run = spans.length === 0 ? 0 : (spans[Math.floor(spans.length / 2)] as number);
  return Float64Array.from({ length: n }, (_, i) => (visitors[i] === 0 || run <= 0 ? 1 : Math.max(remainingFloor, 1 - (now - first[i]!) / run)));
}

function itemsByGenre(items: readonly Item[]): Map<string, number[]> {
  const byGenre = new Map<string, number[]>();
  items.forEach((item, i) => {
    for (const genre of item.genres) {
      const list = byGenre.get(genre);
      if (list) list.push(i);
      else byGenre.set(genre, [i]);
    }
  });
  return byGenre;
}
