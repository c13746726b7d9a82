/*
 * Discovery for an anonymous visitor, composed around the recommender. A visitor's
 * history is empty: the only thing an outside production scores on is its popularity,
 * while every production in a chosen genre carries the full declared-interest weight, so
 * the recommender's chance threshold (a share of the best score) almost never lets an
 * outside production through and the list had no discovery slots. Here the missing
 * slots are topped up with productions in a genre next to a chosen one (discovery.ts
 * adjacentGenres, the same bridge the recommender names), ranked by the recommender
 * itself on that narrowed candidate set. "Surprise me" asks for such productions only.
 */
import { adjacentGenres } from './discovery.ts';
import { sentence } from './explain.ts';
import type { HouseFit } from './fits.ts';
import type { Bridge, Language, Needs, Recommendation } from './types.ts';

export interface VisitorRun {
  /** The visitor's chosen genres, or the genres of the production they look at: what "outside" is measured against. */
  familiar: readonly string[];
  k: number;
  discoverySlots: number;
  candidates: ReadonlySet<string>;
  exclude?: ReadonlySet<string> | undefined;
  needs?: Needs | undefined;
  language: Language;
}

const titleOf = (fit: HouseFit) => (itemId: string) => fit.items.get(itemId)?.title ?? { de: itemId, en: itemId };

/** Candidates with no familiar genre, each with the adjacent-genre bridge that reaches it (undefined: none does). */
function outsideOf(fit: HouseFit, familiar: readonly string[], candidates: ReadonlySet<string>, taken: ReadonlySet<string>): Map<string, Bridge | undefined> {
  const outside = new Map<string, Bridge | undefined>();
  for (const id of candidates) {
    const item = fit.items.get(id);
    if (item === undefined || taken.has(id) || item.genres.length === 0 || item.genres.some((g) => familiar.includes(g))) continue;
    let bridge: Bridge | undefined;
    for (const from of familiar) {
      const to = item.genres.find((g) => adjacentGenres(from, g));
      if (to !== undefined) {
        bridge = { kind: 'adjacent_genre', from, to };
        break;
      }
    }
    outside.set(id, bridge);
  }
  return outside;
}

/** The recommender's order over a narrowed set, as nobody in particular would get it (popularity, diversified). */
function ranked(fit: HouseFit, ids: Iterable<string>, count: number, run: VisitorRun): Recommendation[] {
  const candidates = new Set(ids);
  if (candidates.size === 0 || count <= 0) return [];
  return fit.fitted.recommend({ subject: { kind: 'anonymous', genres: [] }, k: count, discoverySlots: 0, candidates, ...(run.exclude ? { exclude: run.exclude } : {}), ...(run.needs ? { needs: run.needs } : {}), language: run.language });
}

function discoveryOf(fit: HouseFit, recommendation: Recommendation, bridge: Extract<Bridge, { kind: 'adjacent_genre' }>): Recommendation {
  const explanation = { kind: 'new_for_you' as const, genre: bridge.to, bridge };
  return { ...recommendation, slot: 'discovery', explanation, text: sentence(explanation, titleOf(fit)) };
}

/** Up to `count` discoveries reached through an adjacent genre, none of `taken`. */
function adjacentDiscoveries(fit: HouseFit, run: VisitorRun, taken: ReadonlySet<string>, count: number): Recommendation[] {
  const outside = outsideOf(fit, run.familiar, run.candidates, taken);
  const bridged = [...outside].filter((entry): entry is [string, Extract<Bridge, { kind: 'adjacent_genre' }>] => entry[1]?.kind === 'adjacent_genre');
  const bridges = new Map(bridged);
  return ranked(fit, bridges.keys(), count, run).map((r) => discoveryOf(fit, r, bridges.get(r.itemId) as Extract<Bridge, { kind: 'adjacent_genre' }>));
}

/** Discoveries go between relevant items, spread out, never first (as discovery.ts places them). */
export function interleave(relevant: readonly Recommendation[], discoveries: readonly Recommendation[]): Recommendation[] {
  const placed = [...relevant];
  const total = relevant.length + discoveries.length;
  discoveries.forEach((d, i) => {
    const at = Math.max(Math.min(placed.length, Math.round(((i + 1) * total) / (discoveries.length + 1))), placed.length === 0 ? 0 : 1);
    placed.splice(at, 0, d);
  });
  return placed;
}

/**
 * The visitor's list with its discovery slots filled: the recommender's own discoveries
 * first, then adjacent-genre ones for the slots it left empty, in place of the weakest
 * relevant items.
 */
export function visitorList(fit: HouseFit, base: readonly Recommendation[], run: VisitorRun): Recommendation[] {
  const own = base.filter((r) => r.slot === 'discovery');
  const missing = Math.min(run.discoverySlots, run.k - 1) - own.length;
  if (run.familiar.length === 0 || missing <= 0) return [...base];
  const extra = adjacentDiscoveries(fit, run, new Set(base.map((r) => r.itemId)), missing);
  if (extra.length === 0) return [...base];
  const relevant = base.filter((r) => r.slot === 'relevant').slice(0, Math.max(1, run.k - own.length - extra.length));
  return interleave(relevant, [...own, ...extra]);
}

/**
 * "Surprise me": only productions outside the familiar genres. The recommender's
 * discoveries (their bridge may be a person or a work), then adjacent-genre ones, then,
 * if the programme has too few of those, the other outside productions as anybody would
 * get them. With nothing familiar everything is new: the general list.
 */
export function surpriseList(fit: HouseFit, base: readonly Recommendation[], run: VisitorRun): Recommendation[] {
  if (run.familiar.length === 0) return base.slice(0, run.k);
  const list = base.filter((r) => r.slot === 'discovery').slice(0, run.k);
  const taken = new Set(list.map((r) => r.itemId));
  list.push(...adjacentDiscoveries(fit, run, taken, run.k - list.length));
  for (const r of list) taken.add(r.itemId);
  if (list.length < run.k) list.push(...ranked(fit, outsideOf(fit, run.familiar, run.candidates, taken).keys(), run.k - list.length, run));
  return list;
}
