/*
 * The discovery re-ranking after scoring. The comfort zone is the genre and form (family)
 * mix of what a person chose, and its core, the genres that make up most of it; a list is
 * calibrated towards the mix (Steck 2018: KL divergence between that mix and the list's),
 * except for the discovery slots, which go to items outside the core that still have a
 * real chance: they score well enough and are reached through a bridge from the person's
 * history. The remaining slots are diversified by maximal marginal relevance so the list
 * is not six versions of one evening.
 */
import { genreByCode } from '../catalogue/genres.ts';
import type { Model } from './model.ts';
import type { Profile, Scored } from './scoring.ts';
import type { Bridge, Item } from './types.ts';

export interface ComfortZone {
  /** Shares in [0, 1] summing to 1; empty when nothing is known about the person. */
  genres: ReadonlyMap<string, number>;
  families: ReadonlyMap<string, number>;
  /** The genres that make up `comfortMass` of the history, counted once per production: an item with none of them is outside. */
  core: ReadonlySet<string>;
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
   * times the share of its run still ahead (model.ts): large enough that the discoveries
   * with that evidence come first (scaled scores and the co-attendance bonus stay under 2),
   * the fresh ones before those whose audience has mostly booked.
   */
  bridgeBonus: number;
  /** Added per unit of the collaborative part of a discovery's score (scaled like the score): people like this one went there. */
  collaborativeBonus: number;
}

/**
 * Relevance is scaled to 1 for the best candidate. Tuned on the simulator (four seeds,
 * nDCG@10 against the best baseline, serendipity against item-kNN's). Of the productions
 * outside the comfort zone, those bridged by a person or a work were booked about twice
 * as often as those without (7.4 % against 3.7 % through a neighbouring genre and 2.4 %
 * with no bridge, seeds 1–4; 7.3 %, 3.7 % and 3.0 % on seeds 5–8), those nobody had booked
 * yet twice as often as those deep into their run (4.9 % against 2.0 %), and a high
 * collaborative part two to three times, while the score alone said little below 0.4 of
 * the best; so any score with a strong bridge is eligible, strong bridges come first
 * with the fresh ones ahead, and the co-attendance orders the rest. Calibration 0.2 cost
 * serendipity (1.26 → 1.46 of item-kNN's on seed 1 at 0.1) for no nDCG; 0 cost nDCG on
 * two seeds.
 */
export const defaultRerank: RerankOptions = { diversity: 0.15, calibration: 0.1, chance: 0.3, strongBridgeChance: 0, bridgeBonus: 10, collaborativeBonus: 1 };

/**
 * The share of the genre mix that makes the core of the comfort zone: the usual Pareto
 * cut, and the definition the evaluation's serendipity uses (evaluation/bubble.ts,
 * after Kaminskas and Bridge 2016). A fixed share threshold instead ("under 10 % is
 * outside") left a third of the discoveries inside the zone the metric and the person
 * see: a person with five genres at 20 % each has no genre under 10 %, one with a
 * single genre at 85 % and a handful at 3 % has the second-favourite outside or not
 * depending on how the rest is split.
 */
export const comfortMass = 0.8;
/** Steck's smoothing of the list distribution, so that a missing genre is a large but finite divergence. */
const smoothing = 0.01;

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

/**
 * The most frequent genres that together make up `mass` of the mix, plus any genre exactly
 * as frequent as the last one taken (which of two equal genres is comfort must not depend
 * on the alphabet). Equal to the evaluation's comfortGenres on the same distribution.
 */
export function coreGenres(genres: ReadonlyMap<string, number>, mass = comfortMass): Set<string> {
  const ranked = [...genres].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const core = new Set<string>();
  let covered = 0;
  let last = Infinity;
  for (const [genre, share] of ranked) {
    if (covered >= mass - 1e-9 && share < last - 1e-12) break;
    core.add(genre);
    covered += share;
    last = share;
  }
  return core;
}

/**
 * The genre and family mix of the history, recency-weighted as the history is (taste
 * drifts), for calibration; declared interests count like one visit each. The core is
 * taken from the same history counted once per production, without the recency weight:
 * it says what the person knows, and having been to a genre does not fade like a taste.
 * (Taken from the weighted mix, it put a genre seen once long ago outside the zone of a
 * short history, and a quarter of the discoveries fell inside the zone the counted
 * history gives: serendipity was 0.72–1.81 of item-kNN's on seeds 1–8, 0.79–2.08 counted.)
 */
export function comfortZone(items: readonly Item[], profile: Profile): ComfortZone {
  const genres = new Map<string, number>();
  const families = new Map<string, number>();
  const familiar = new Map<string, number>();
  for (const entry of profile.history) {
    const item = items[entry.item] as Item;
    spread(genres, item.genres, entry.weight);
    spread(families, item.families, entry.weight);
    spread(familiar, item.genres, 1);
  }
  for (const code of profile.declared) {
    spread(genres, [code], 1);
    spread(familiar, [code], 1);
    const family = genreByCode(code)?.family;
    if (family) spread(families, [family], 1);
  }
  return { genres: normalised(genres), families: normalised(families), core: coreGenres(normalised(familiar)) };
}

/** Outside the comfort zone: none of the item's genres is in its core. */
export function isOutside(zone: ComfortZone, item: Item): boolean {
  if (zone.core.size === 0 || item.genres.length === 0) return false;
  return !item.genres.some((g) => zone.core.has(g));
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

/**
 * How an item outside the comfort zone connects to the history, strongest bridge first.
 * "People with a similar history tried it and came back" comes last: on the simulator an
 * outside production reached only that way was booked no more often than one with no
 * bridge at all (1.1 % against 2.4 % on seeds 1–4, 2.6 % against 3.0 % on 5–8), so it
 * only opens a door where neither a person, a work nor a neighbouring genre does.
 */
/** How many people with a similar history must have tried an item and come back for it to bridge. */
const minReturned = 3;

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
  const familiar = [...zone.genres].filter(([genre]) => zone.core.has(genre)).sort((a, b) => b[1] - a[1]);
  for (const [from] of familiar) {
    // A genre the person has never been to before one they have, rarely: that one is the news.
    const to = item.genres.filter((g) => adjacentGenres(from, g)).sort((a, b) => Number(zone.genres.has(a)) - Number(zone.genres.has(b)))[0];
    if (to) return { kind: 'adjacent_genre', from, to };
  }
  const n = model.items.length;
  let returned = 0;
  for (const entry of profile.history) returned = Math.max(returned, model.returned[entry.item * n + candidate] as number);
  if (returned >= minReturned) return { kind: 'similar_people_returned', count: returned };
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
    return (kind === 'same_person' || kind === 'same_work' ? options.bridgeBonus * model.remaining[e.item]! : 0) + options.collaborativeBonus * e.collaborative * scale;
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
