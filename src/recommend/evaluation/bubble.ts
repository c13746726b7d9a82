import type { Item } from '../types.ts';

/*
 * Bubble metrics: is a person's range of genres widening or narrowing, and does the house
 * lead people to new things? Genre distributions spread each item's weight evenly over its
 * genres, so a two-genre production counts half to each. Entropies are in bits.
 */

export type GenreDistribution = ReadonlyMap<string, number>;

/** The genre distribution of a set of items (each item weight 1 unless given), normalised to sum 1; empty when nothing has a genre. */
export function genreDistribution(itemIds: readonly string[], items: ReadonlyMap<string, Item>, weights?: readonly number[]): Map<string, number> {
  const mass = new Map<string, number>();
  let total = 0;
  itemIds.forEach((id, position) => {
    const item = items.get(id);
    if (item === undefined || item.genres.length === 0) return;
    const weight = weights?.[position] ?? 1;
    for (const genre of item.genres) mass.set(genre, (mass.get(genre) ?? 0) + weight / item.genres.length);
    total += weight;
  });
  if (total > 0) for (const [genre, value] of mass) mass.set(genre, value / total);
  return mass;
}

/** Shannon entropy in bits: 0 for one genre, log2(n) for n genres equally. */
export function entropy(distribution: GenreDistribution): number {
  let bits = 0;
  for (const p of distribution.values()) if (p > 0) bits -= p * Math.log2(p);
  return bits;
}

export function genreEntropy(itemIds: readonly string[], items: ReadonlyMap<string, Item>): number {
  return entropy(genreDistribution(itemIds, items));
}

/**
 * Genre entropy with the Miller–Madow correction: the plug-in estimate plus (m − 1) / (2N)
 * nats, m the genres seen, N the items with a genre (Miller 1955; Paninski 2003, "Estimation
 * of entropy and mutual information"). The plug-in entropy of a small sample is biased
 * low by about that much, so a history that merely grows longer, drawn from the same
 * tastes, looks as if it widened: with a handful of bookings per person that bias is as
 * large as the effects the season simulation looks for. 0 without any item with a genre.
 */
export function correctedGenreEntropy(itemIds: readonly string[], items: ReadonlyMap<string, Item>): number {
  const distribution = genreDistribution(itemIds, items);
  const sample = itemIds.filter((id) => (items.get(id)?.genres.length ?? 0) > 0).length;
  if (sample === 0) return 0;
  return entropy(distribution) + (distribution.size - 1) / (2 * sample * Math.LN2);
}

/** Distinct genre families of what a person booked: the coarse range, which a longer history cannot inflate by splitting hairs. */
export function familyCount(itemIds: readonly string[], items: ReadonlyMap<string, Item>): number {
  return new Set(itemIds.flatMap((id) => items.get(id)?.families ?? [])).size;
}

/**
 * Narrowing index: the genre entropy of the earlier period minus that of the later one.
 * Positive means the range is shrinking (the bubble closing), negative that it widens.
 */
export function narrowingIndex(earlier: readonly string[], later: readonly string[], items: ReadonlyMap<string, Item>): number {
  return genreEntropy(earlier, items) - genreEntropy(later, items);
}

/**
 * Steck's calibration: KL(p ‖ q̃) in bits, p the history's genre distribution, q the list's,
 * q̃ = (1 − α) q + α p with α = 0.01 so that a genre missing from the list costs a lot but
 * not infinitely. 0 is perfectly calibrated. Null without a history.
 */
export function calibrationKL(history: GenreDistribution, list: GenreDistribution, alpha = 0.01): number | null {
  if (history.size === 0) return null;
  let kl = 0;
  for (const [genre, p] of history) {
    if (p <= 0) continue;
    const q = (1 - alpha) * (list.get(genre) ?? 0) + alpha * p;
    kl += p * Math.log2(p / q);
  }
  return kl;
}

/**
 * The comfort zone: the most frequent genres of a history that together make up `mass`
 * (default 80%) of it, plus any genre exactly as frequent as the last one taken (which of
 * two equally frequent genres is "comfort" must not depend on the alphabet). Serendipity
 * calls an item unexpected when none of its genres is in it. This is the profile-based
 * unexpectedness of the literature (Kaminskas and Bridge 2016; Kotkov et al. 2016:
 * serendipitous = relevant and unexpected to the user), at the level of genres, with
 * Ge et al.'s (2010) denominator, the list length. "Outside all genres ever seen" would
 * make nothing unexpected for a long-time visitor who once saw an opera; a distance
 * threshold would depend on the ruler. The 80% is the usual Pareto cut, not tuned: the
 * harness can be run with another `comfortMass`.
 */
export function comfortGenres(distribution: GenreDistribution, mass = 0.8): Set<string> {
  const ranked = [...distribution].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const zone = new Set<string>();
  let covered = 0;
  let last = Infinity;
  for (const [genre, p] of ranked) {
    if (covered >= mass - 1e-9 && p < last - 1e-12) break;
    zone.add(genre);
    covered += p;
    last = p;
  }
  return zone;
}

/** A booking, with the slot of the list it came from (null: not from a recommendation). */
export interface BookingRecord {
  userId: string;
  itemId: string;
  at: number;
  slot: 'relevant' | 'discovery' | null;
}

/** Share of all bookings that came from discovery slots; 0 without bookings. */
export function discoveryBookingShare(bookings: readonly BookingRecord[]): number {
  if (bookings.length === 0) return 0;
  return bookings.filter((b) => b.slot === 'discovery').length / bookings.length;
}

/**
 * Bookings that took a person into a genre they had never booked before, counted in time
 * order against everything they booked earlier (their prior genres plus the bookings so far).
 */
export function firstBookingsInNewGenre(
  bookings: readonly BookingRecord[],
  priorGenres: ReadonlyMap<string, ReadonlySet<string>>,
  items: ReadonlyMap<string, Item>,
): number {
  const known = new Map<string, Set<string>>();
  let count = 0;
  for (const booking of [...bookings].sort((a, b) => a.at - b.at)) {
    let genres = known.get(booking.userId);
    if (genres === undefined) {
      genres = new Set(priorGenres.get(booking.userId) ?? []);
      known.set(booking.userId, genres);
    }
    const itemGenres = items.get(booking.itemId)?.genres ?? [];
    if (itemGenres.some((g) => !(genres as Set<string>).has(g))) count += 1;
    for (const g of itemGenres) genres.add(g);
  }
  return count;
}
