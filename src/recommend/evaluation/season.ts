import { createRandom } from '../../demo/audience-random.ts';
import type { Interaction, Item, Recommender } from '../types.ts';
import {
  type BookingRecord,
  calibrationKL,
  correctedGenreEntropy,
  discoveryBookingShare,
  familyCount,
  firstBookingsInNewGenre,
  genreDistribution,
  genreEntropy,
} from './bubble.ts';
import { catalogueCoverage, exposureCounts, gini, intraListDiversity, meanOf, novelty } from './metrics.ts';
import type { SimilarityFactory } from './similarity.ts';
import { affinity, experience, loyaltyTo, newness, type Person } from './audience.ts';
import { roundsPerSeason, type SimulatedHouse } from './simulator.ts';

/*
 * The season simulation: the last seasons of a simulated house played out once per policy.
 * Every round each person gets a list, may book from it, and the policy is refitted on
 * what happened, so a policy's lists shape the history its next lists learn from: the
 * feedback loop a filter bubble needs. Every policy meets the same people with the same
 * random draws (one seed), so the differences come from the lists alone. Bookings come
 * only from the lists: the organic bookings would be the same under every policy and only
 * blur the comparison. Each evening also changes the person (audience.ts `experience`): a
 * tried genre is known from then on and a little more liked, so tastes drift towards what
 * people are shown and book. One season is too short for that loop to show; `seasons`
 * plays several in a row (the organic history before them is the start).
 */

export interface SeasonOptions {
  seed?: number;
  k?: number;
  discoverySlots?: number;
  similarity: SimilarityFactory;
  /** How many of the house's last seasons to play (default 1); the seasons before them are the organic start. */
  seasons?: number;
}

export interface PersonRange {
  userId: string;
  /** Genre entropy (bits) of everything booked before the season, and of everything booked by its end. */
  start: number;
  end: number;
  genresStart: number;
  genresEnd: number;
  /** Miller–Madow corrected genre entropy (bits), start and end (bubble.ts). */
  correctedStart: number;
  correctedEnd: number;
  familiesStart: number;
  familiesEnd: number;
}

export interface SeasonReport {
  policy: string;
  bookings: number;
  discoveryBookings: number;
  discoveryShare: number;
  firstBookingsInNewGenre: number;
  ild: number;
  novelty: number;
  coverage: number;
  gini: number;
  calibrationKL: number;
  /** Mean genre entropy over the people with a history, at the start and end of the season. */
  rangeStart: number;
  rangeEnd: number;
  rangeChange: number;
  /** Mean count of genres booked, start and end (it can only grow: the entropy says whether it concentrates). */
  genresStart: number;
  genresEnd: number;
  /** Shares of people whose genre entropy grew or shrank (by more than 0.01 bit). */
  widened: number;
  narrowed: number;
  seasonsPlayed: number;
  /**
   * The same range with the small-sample correction: the plug-in entropy rises with every
   * booking even when nothing widens, the corrected one only when the mix really spreads.
   */
  correctedStart: number;
  correctedEnd: number;
  correctedChange: number;
  /** Mean count of genre families booked, start and end. */
  familiesStart: number;
  familiesEnd: number;
  /** Shares of people whose corrected entropy grew or shrank by more than 0.05 bit. */
  correctedWidened: number;
  correctedNarrowed: number;
  /**
   * The range of what people booked within one season, corrected: the last organic season
   * before the play, then each played season (people with at least two bookings in it). A
   * cumulative range changes slowly however the lists look; this one shows the trend.
   */
  seasonRange: number[];
  people: PersonRange[];
}

/**
 * How likely a person books an item they are shown: taste (an untried one made present by
 * the suggestion, the more for the open), loyalty to its artists or work, or for the open,
 * the pull of the new; always times its quality. The same for every policy's lists: the
 * model rewards a suggestion for fitting the person, not for being called a discovery.
 */
export function bookingChance(person: Person, item: Item, quality: number): number {
  const pull = affinity(person, item, true) ** 2 + 0.5 * loyaltyTo(person, item) + person.openness * newness(item, person.known) * 0.5;
  return Math.min(0.9, (person.activity / (2 * roundsPerSeason)) * quality * pull);
}

export function simulateSeason(house: SimulatedHouse, policy: Recommender, options: SeasonOptions): SeasonReport {
  const random = createRandom(options.seed ?? 1);
  const played = Math.max(1, Math.min(options.seasons ?? 1, house.seasons - 1));
  const firstSeason = house.seasons - played;
  const items = house.productions.map((p) => p.item);
  const byId = new Map(items.map((item) => [item.id, item]));
  const index = options.similarity(items);
  const interactions: Interaction[] = house.history.filter((i) => i.at < house.seasonStart(firstSeason));
  const before = new Map<string, string[]>();
  for (const i of interactions) before.set(i.userId, [...(before.get(i.userId) ?? []), i.itemId]);
  const priorGenres = new Map([...before].map(([user, ids]) => [user, new Set(ids.flatMap((id) => byId.get(id)?.genres ?? []))]));
  // Tastes change with every evening, so each policy gets its own copy of the people as they were at the start.
  const people = house.audienceAt(firstSeason);
  const had = new Map(people.map((p) => [p.id, new Set(before.get(p.id) ?? [])]));
  const bookings: (BookingRecord & { season: number })[] = [];
  const lists: string[][] = [];
  const playedItems = new Set(house.productions.filter((p) => p.season >= firstSeason).map((p) => p.item.id));
  // Novelty is against who had booked what when the list was made, so it counts the season's bookings as they come.
  const usersPerItem = new Map<string, number>();
  for (const ids of before.values()) for (const id of new Set(ids)) usersPerItem.set(id, (usersPerItem.get(id) ?? 0) + 1);
  const bookers = new Set(before.keys());
  const kls: (number | null)[] = [];
  const novelties: (number | null)[] = [];

  for (let season = firstSeason; season < house.seasons; season += 1) {
    for (let round = 0; round < roundsPerSeason; round += 1) {
      const now = house.roundTime(season, round);
      const open = house.productions.filter((p) => p.season === season && p.firstRound <= round && round <= p.lastRound);
      const fitted = policy.fit({ items, interactions: [...interactions], declared: new Map(), now });
      for (const person of people) {
        const exclude = had.get(person.id) as Set<string>;
        const candidates = new Set(open.map((p) => p.item.id).filter((id) => !exclude.has(id)));
        if (candidates.size === 0) continue;
        const list = fitted.recommend({ subject: { kind: 'contact', userId: person.id }, k: options.k ?? 6, discoverySlots: options.discoverySlots ?? 2, candidates, exclude, language: 'de' });
        lists.push(list.map((r) => r.itemId));
        novelties.push(novelty(list.map((r) => r.itemId), usersPerItem, bookers.size));
        kls.push(calibrationKL(genreDistribution(before.get(person.id) ?? [], byId), genreDistribution(list.map((r) => r.itemId), byId)));
        for (const recommendation of list) {
          const production = open.find((p) => p.item.id === recommendation.itemId);
          const draw = random.next();
          if (production === undefined) continue;
          if (draw >= bookingChance(person, production.item, production.quality)) continue;
          const at = now + 86_400_000;
          bookings.push({ userId: person.id, itemId: production.item.id, at, slot: recommendation.slot, season });
          interactions.push({ userId: person.id, itemId: production.item.id, kind: 'booked', at, weight: 1 });
          exclude.add(production.item.id);
          usersPerItem.set(production.item.id, (usersPerItem.get(production.item.id) ?? 0) + 1);
          bookers.add(person.id);
          // The evening changes the person: a tried genre is known from now on, a liked artist or work draws again.
          experience(person, production.item, production.quality);
        }
      }
    }
  }

  const bookedBy = new Map<string, string[]>();
  for (const b of bookings) bookedBy.set(b.userId, [...(bookedBy.get(b.userId) ?? []), b.itemId]);
  const ranges: PersonRange[] = people
    .filter((p) => (before.get(p.id) ?? []).length > 0)
    .map((p) => {
      const start = before.get(p.id) ?? [];
      const end = [...start, ...(bookedBy.get(p.id) ?? [])];
      const count = (ids: string[]) => new Set(ids.flatMap((id) => byId.get(id)?.genres ?? [])).size;
      return {
        userId: p.id,
        start: genreEntropy(start, byId),
        end: genreEntropy(end, byId),
        genresStart: count(start),
        genresEnd: count(end),
        correctedStart: correctedGenreEntropy(start, byId),
        correctedEnd: correctedGenreEntropy(end, byId),
        familiesStart: familyCount(start, byId),
        familiesEnd: familyCount(end, byId),
      };
    });
  // Per season: the organic one before the play (from the house's history), then each played one.
  const perSeason = (ids: ReadonlyMap<string, string[]>) => meanOf([...ids.values()].filter((list) => list.length >= 2).map((list) => correctedGenreEntropy(list, byId)));
  const lastOrganic = new Map<string, string[]>();
  for (const i of house.history) {
    if (i.at < house.seasonStart(firstSeason - 1) || i.at >= house.seasonStart(firstSeason)) continue;
    lastOrganic.set(i.userId, [...(lastOrganic.get(i.userId) ?? []), i.itemId]);
  }
  const seasonRange = [perSeason(lastOrganic)];
  for (let season = firstSeason; season < house.seasons; season += 1) {
    const inSeason = new Map<string, string[]>();
    for (const b of bookings) if (b.season === season) inSeason.set(b.userId, [...(inSeason.get(b.userId) ?? []), b.itemId]);
    seasonRange.push(perSeason(inSeason));
  }
  const mean = (values: number[]) => meanOf(values);
  const share = (test: (r: PersonRange) => boolean) => (ranges.length === 0 ? 0 : ranges.filter(test).length / ranges.length);
  return {
    policy: policy.name,
    bookings: bookings.length,
    discoveryBookings: bookings.filter((b) => b.slot === 'discovery').length,
    discoveryShare: discoveryBookingShare(bookings),
    firstBookingsInNewGenre: firstBookingsInNewGenre(bookings, priorGenres, byId),
    ild: meanOf(lists.map((list) => intraListDiversity(list, index))),
    novelty: meanOf(novelties),
    coverage: catalogueCoverage(lists, playedItems),
    gini: gini(exposureCounts(lists, playedItems)),
    calibrationKL: meanOf(kls),
    rangeStart: mean(ranges.map((r) => r.start)),
    rangeEnd: mean(ranges.map((r) => r.end)),
    rangeChange: mean(ranges.map((r) => r.end - r.start)),
    genresStart: mean(ranges.map((r) => r.genresStart)),
    genresEnd: mean(ranges.map((r) => r.genresEnd)),
    widened: share((r) => r.end - r.start > 0.01),
    narrowed: share((r) => r.start - r.end > 0.01),
    seasonsPlayed: played,
    correctedStart: mean(ranges.map((r) => r.correctedStart)),
    correctedEnd: mean(ranges.map((r) => r.correctedEnd)),
    correctedChange: mean(ranges.map((r) => r.correctedEnd - r.correctedStart)),
    familiesStart: mean(ranges.map((r) => r.familiesStart)),
    familiesEnd: mean(ranges.map((r) => r.familiesEnd)),
    correctedWidened: share((r) => r.correctedEnd - r.correctedStart > 0.05),
    correctedNarrowed: share((r) => r.correctedStart - r.correctedEnd > 0.05),
    seasonRange,
    people: ranges,
  };
}
