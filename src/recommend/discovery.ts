/*
 * The discovery re-ranking after scoring. The comfort zone is the genre and form (family)
 * mix of what a person chose; a list is calibrated towards it (Steck 2018: KL divergence
 * between that mix and the list's), except for the discovery slots, which go to items
 * outside it that still have a real chance: they score well enough and are reached
 * through a bridge from the person's history. The remaining slots are diversified by
 * maximal marginal relevance so the list is not six versions of one evening.
 */
import { genreByCode } from '../catalogue/genres.ts';
import type { Model } from './model.ts';
import type { Profile, Scored } from './scoring.ts';
import type { Bridge, Item } from './types.ts';

export interface ComfortZone {
  /** Shares in [0, 1] summing to 1; empty when nothing is known about the person. */
  genres: ReadonlyMap<string, number>;
  families: ReadonlyMap<string, number>;
}

export interface RerankOptions {
  /** Weight of the similarity to items already in the list (MMR). */
  diversity: number;
  /** Weight of the calibration KL divergence. */
  calibration: number;
  /** A discovery needs at least this share of the best score: a real chance, not filler. */
  chance: number;
  /**
   * The same share for a discovery through a person or a work. Relevance undervalues them:
   * an item in another form is far from the history by content, and a new one has no
   * co-attendance of its own; the shared director or composer is the evidence.
   */
  strongBridgeChance: number;
  /**
   * Added to a discovery's scaled score when a person or a work bridges it to the history,
   * so that among the eligible discoveries the ones with that evidence come first.
   */
  bridgeBonus: number;
  /** Added per unit of the collaborative part of a discovery's score (scaled like the score): people like this one went there. */
  collaborativeBonus: number;
}

/**
 * Relevance is scaled to 1 for the best candidate. Tuned on the simulator (four seeds,
 * nDCG@10 against the best baseline, serendipity against item-kNN's). A person or work
 * bridge made an outside production about twice as likely to be booked as one without,
 * and a high collaborative part about two to three times, while the score alone said
 * little below 0.4 of the best; so any score with a strong bridge is eligible, and the
 * bonuses order the discoveries by that evidence. Calibration 0.2 cost serendipity
 * (1.26 → 1.46 of item-kNN's on seed 1 at 0.1) for no nDCG; 0 cost nDCG on two seeds.
 */
export const defaultRerank: RerankOptions = { diversity: 0.15, calibration: 0.1, chance: 0.3, strongBridgeChance: 0, bridgeBonus: 0.4, collaborativeBonus: 1 };

/** A genre with less than this share of the history is outside the comfort zone. */
const outsideShare = 0.1;
/** Steck's smoothing of the list distribution, so that a missing genre is a large but finite divergence. */
const smoothing = 0.01;
/** Fewer returning people than this is chance (and would point at individuals). */
const minReturned = 3;

/**
 * Families whose audiences overlap in practice, so that one is a plausible next step from
 * the other: opera and drama share a stage language, music theatre shares musicians with
 * concerts and a house with ballet, Tanztheater sits between dance and drama, readings and
 * talks live next to the stage, young audiences come from and go to theatre, circus is
 * physical performance like dance.
 */
const adjacentFamilies: ReadonlyArray<readonly [string, string]> = [
  ['theatre', 'music_theatre'],
  ['music_theatre', 'music'],
  ['music_theatre', 'dance'],
  ['dance', 'theatre'],
  ['words', 'theatre'],
  ['young', 'theatre'],
  ['visual', 'words'],
  ['other', 'dance'],
];

export function adjacentGenres(from: string, to: string): boolean {
  if (from === to) return false;
  const a = genreByCode(from)?.family;
  const b = genreByCode(to)?.family;
  if (a === undefined || b === undefined) return false;
  return a === b || adjacentFamilies.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

function spread(target: Map<string, number>, keys: readonly string[], weight: number): void {
  for (const key of keys) target.set(key, (target.get(key) ?? 0) + weight / keys.length);
}

function normalised(mass: Map<string, number>): Map<string, number> {
  const total = [...mass.values()].reduce((a, b) => a + b, 0);
  for (const [key, value] of mass) mass.set(key, value / total);
  return mass;
}

/** The genre and family mix of the history; declared interests count like one visit each. */
export function comfortZone(items: readonly Item[], profile: Profile): ComfortZone {
  const genres = new Map<string, number>();
  const families = new Map<string, number>();
  for (const entry of profile.history) {
    const item = items[entry.item] as Item;
    spread(genres, item.genres, entry.weight);
    spread(families, item.families, entry.weight);
  }
  for (const code of profile.declared) {
    spread(genres, [code], 1);
    const family = genreByCode(code)?.family;
    if (family) spread(families, [family], 1);
  }
  return { genres: normalised(genres), families: normalised(families) };
}

export function isOutside(zone: ComfortZone, item: Item): boolean {
  if (zone.genres.size === 0 || item.genres.length === 0) return false;
  return item.genres.every((g) => (zone.genres.get(g) ?? 0) < outsideShare);
}

function divergence(p: ReadonlyMap<string, number>, mass: ReadonlyMap<string, number>, extra: readonly string[], count: number): number {
  let kl = 0;
  for (const [key, share] of p) {
    const added = extra.includes(key) ? 1 / extra.length : 0;
    const q = count === 0 ? 0 : ((mass.get(key) ?? 0) + added) / count;
    kl += share * Math.log(share / ((1 - smoothing) * q + smoothing * share));
  }
  return kl;
}

/** Calibration KL between the comfort zone and a list, over genres plus over families. */
export function calibrationKL(zone: ComfortZone, list: readonly Item[]): number {
  const genres = new Map<string, number>();
  const families = new Map<string, number>();
  for (const item of list) {
    spread(genres, item.genres, 1);
    spread(families, item.families, 1);
  }
  return divergence(zone.genres, genres, [], list.length) + divergence(zone.families, families, [], list.length);
}

/** How an item outside the comfort zone connects to the history, strongest bridge first. */
export function findBridge(model: Model, profile: Profile, zone: ComfortZone, candidate: number): Bridge | undefined {
  const item = model.items[candidate] as Item;
  const history = profile.history.map((e) => model.items[e.item] as Item);
  for (const seen of history) {
    const person = item.people.find((p) => seen.people.includes(p));
    if (person) return { kind: 'same_person', person, itemId: seen.id };
  }
  for (const seen of history) {
    const work = item.works.find((w) => seen.works.includes(w));
    if (work) return { kind: 'same_work', work, itemId: seen.id };
  }
  const n = model.items.length;
  let returned = 0;
  for (const entry of profile.history) returned = Math.max(returned, model.returned[entry.item * n + candidate] as number);
  if (returned >= minReturned) return { kind: 'similar_people_returned', count: returned };
  const familiar = [...zone.genres].filter(([, share]) => share >= outsideShare).sort((a, b) => b[1] - a[1]);
  for (const [from] of familiar) {
    const to = item.genres.find((g) => adjacentGenres(from, g));
    if (to) return { kind: 'adjacent_genre', from, to };
  }
  return undefined;
}

export interface Placed {
  scored: Scored;
  slot: 'relevant' | 'discovery';
  bridge?: Bridge;
}

/** Picks `count` entries greedily by relevance minus redundancy (and, when given, minus the calibration cost). */
function greedy(model: Model, pool: readonly Scored[], count: number, chosen: Scored[], value: (entry: Scored, redundancy: number) => number): Scored[] {
  const picked: Scored[] = [];
  const redundancy = pool.map((entry) => Math.max(0, ...chosen.map((c) => model.similarity.similarityAt(entry.item, c.item))));
  const open = pool.map(() => true);
  while (picked.length < count) {
    let bestAt = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (!open[i]) continue;
      const v = value(pool[i] as Scored, redundancy[i] as number);
      if (v > bestValue) [bestAt, bestValue] = [i, v];
    }
    if (bestAt < 0) break;
    const entry = pool[bestAt] as Scored;
    open[bestAt] = false;
    picked.push(entry);
    for (let i = 0; i < pool.length; i++) {
      if (open[i]) redundancy[i] = Math.max(redundancy[i] as number, model.similarity.similarityAt((pool[i] as Scored).item, entry.item));
    }
  }
  return picked;
}

export function rerank(model: Model, profile: Profile, zone: ComfortZone, relevant: readonly Scored[], outside: readonly Scored[], k: number, discoverySlots: number, options: RerankOptions = defaultRerank): Placed[] {
  const top = relevant[0]?.score ?? outside[0]?.score ?? 0;
  if (top <= 0 && relevant.length === 0) return [];
  const scale = top > 0 ? 1 / top : 1;
  const bridges = new Map<number, Bridge>();
  if (zone.genres.size > 0 && discoverySlots > 0) {
    for (const entry of outside) {
      if (entry.score < Math.min(options.chance, options.strongBridgeChance) * top) break;
      const bridge = findBridge(model, profile, zone, entry.item);
      const strong = bridge?.kind === 'same_person' || bridge?.kind === 'same_work';
      if (bridge && entry.score >= (strong ? options.strongBridgeChance : options.chance) * top) bridges.set(entry.item, bridge);
    }
  }
  const eligible = outside.filter((e) => bridges.has(e.item));
  const strength = (e: Scored) => {
    const kind = bridges.get(e.item)?.kind;
    return (kind === 'same_person' || kind === 'same_work' ? options.bridgeBonus : 0) + options.collaborativeBonus * e.collaborative * scale;
  };
  const discoveries = greedy(model, eligible, Math.min(discoverySlots, k), [], (e, r) => e.score * scale + strength(e) - options.diversity * r);

  const taken = new Set(discoveries.map((d) => d.item));
  const pool = relevant.filter((e) => !taken.has(e.item));
  const genres = new Map<string, number>();
  const families = new Map<string, number>();
  const items = (e: Scored) => model.items[e.item] as Item;
  for (const d of discoveries) {
    spread(genres, items(d).genres, 1);
    spread(families, items(d).families, 1);
  }
  let count = discoveries.length;
  const chosen: Scored[] = [...discoveries];
  const calibrated = (e: Scored, redundancy: number) => {
    const item = items(e);
    const kl = divergence(zone.genres, genres, item.genres, count + 1) + divergence(zone.families, families, item.families, count + 1);
    return e.score * scale - options.diversity * redundancy - options.calibration * kl;
  };
  const relevantPicks: Scored[] = [];
  // One pick at a time, so the calibration sees the list as it grows.
  while (relevantPicks.length < k - discoveries.length) {
    const [next] = greedy(model, pool.filter((e) => !relevantPicks.includes(e)), 1, chosen, calibrated);
    if (!next) break;
    relevantPicks.push(next);
    chosen.push(next);
    spread(genres, items(next).genres, 1);
    spread(families, items(next).families, 1);
    count++;
  }

  // Discoveries go between relevant items, spread out, never first: the list opens with what the person came for.
  const placed: Placed[] = relevantPicks.map((scored) => ({ scored, slot: 'relevant' }));
  const total = placed.length + discoveries.length;
  discoveries.forEach((scored, i) => {
    const at = Math.min(placed.length, Math.round(((i + 1) * total) / (discoveries.length + 1)));
    placed.splice(at, 0, { scored, slot: 'discovery', bridge: bridges.get(scored.item) as Bridge });
  });
  return placed;
}
