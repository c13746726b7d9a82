import { genreByCode } from '../../catalogue/genres.ts';
import { createRandom, type Random } from '../../demo/audience-random.ts';
import type { Interaction, Item } from '../types.ts';
import { affinity, copyPerson, experience, loyaltyTo, makePerson, newness, type Person } from './audience.ts';
import { itemOf } from './items.ts';
import type { EvaluationData } from './split.ts';

/*
 * The audience simulator: a house's programme over several seasons and an audience with
 * latent tastes and a latent openness to new things (audience.ts), all from one seed (no Math.random:
 * the same seed gives the same house, so runs can be compared and tests are stable).
 * The latent values stay here, out of the Items: a recommender sees only what a real
 * house would know (genres, people, works, texts, and who booked what).
 */

const day = 86_400_000;
/** 1 September 2025, the first simulated season's start; any fixed date would do. */
const firstSeason = Date.UTC(2025, 8, 1);
export const seasonLength = 280 * day;
/** Rounds of a season: one newsletter with recommendations every five weeks or so. */
export const roundsPerSeason = 8;

/** The genres of the simulated house, each with how many people love it (a rough German municipal theatre). */
const houseGenres: readonly (readonly [string, number])[] = [
  ['drama', 10], ['comedy', 7], ['opera', 8], ['operetta', 3], ['musical', 6], ['ballet', 5], ['contemporary_dance', 3],
  ['orchestral', 7], ['chamber_music', 3], ['early_music', 2], ['contemporary_music', 1], ['jazz', 3], ['cabaret', 3],
  ['children_theatre', 4], ['reading', 2], ['exhibition', 2],
];
const names = ['Albers', 'Brandt', 'Celik', 'Dorn', 'Engel', 'Falk', 'Graf', 'Horn', 'Imhof', 'Jung', 'Kern', 'Lenz', 'Moser', 'Nowak', 'Otto', 'Pohl', 'Roth', 'Stein', 'Thiel', 'Vogt', 'Weiss', 'Yilmaz', 'Ziegler', 'Kaya'];
/**
 * Works that recur across forms, with the forms a municipal house gives them in: the
 * bridges of "you loved Carmen the opera, here is Carmen the ballet".
 */
const sharedWorks: readonly (readonly [string, readonly string[]])[] = [
  ['Carmen', ['opera', 'ballet', 'orchestral']],
  ['Romeo und Julia', ['drama', 'ballet', 'orchestral']],
  ['Ein Sommernachtstraum', ['drama', 'ballet', 'orchestral', 'children_theatre']],
  ['Faust', ['drama', 'opera', 'reading']],
  ['Die Dreigroschenoper', ['drama', 'musical', 'cabaret']],
  ['Schwanensee', ['ballet', 'orchestral']],
  ['Die Zauberflöte', ['opera', 'children_theatre', 'orchestral']],
  ['West Side Story', ['musical', 'ballet', 'orchestral', 'jazz']],
  ['Die Fledermaus', ['operetta', 'orchestral', 'comedy']],
  ['Peer Gynt', ['drama', 'orchestral', 'reading']],
  ['Der Nussknacker', ['ballet', 'children_theatre', 'orchestral']],
  ['Der Sturm', ['drama', 'opera', 'contemporary_dance']],
];
const titleWords = ['Nacht', 'Sommer', 'Spiegel', 'Reise', 'Stadt', 'Garten', 'Licht', 'Fluss', 'Winter', 'Traum', 'Herz', 'Wald', 'Meer', 'Stimme'];

export interface Production {
  item: Item;
  season: number;
  /** Bookable from this round to that one of its season, both included. */
  firstRound: number;
  lastRound: number;
  /** Latent quality in [0.3, 1]: how likely people who are offered it want it. */
  quality: number;
}

export type { Person } from './audience.ts';

export interface SimulatedHouse {
  seasons: number;
  productions: Production[];
  /** The audience as it is after the last season. */
  people: Person[];
  /** Copies of the audience as it was at the start of a season (tastes and loyalties change with every evening). */
  audienceAt(season: number): Person[];
  /** The organic bookings of every season (people choosing by themselves, no recommendations). */
  history: Interaction[];
  seasonStart(season: number): number;
  roundTime(season: number, round: number): number;
}

export interface HouseOptions {
  seed?: number;
  people?: number;
  seasons?: number;
  productionsPerSeason?: number;
}

function makePeoplePool(random: Random): Map<string, string[]> {
  // Each genre has its regulars; about one in five productions borrows someone from another genre (the bridges).
  const pool = new Map<string, string[]>();
  for (const [genre] of houseGenres) pool.set(genre, random.sample(names, 3).map((n, i) => `${n.toLowerCase()} ${genre.slice(0, 3)}${i}`));
  return pool;
}

function makeProduction(random: Random, index: number, season: number, pool: Map<string, string[]>, works: Map<string, string[]>): Production {
  const genre = random.weighted(houseGenres);
  const family = genreByCode(genre)?.family;
  const sibling = houseGenres.map(([g]) => g).filter((g) => g !== genre && genreByCode(g)?.family === family);
  const genres = sibling.length > 0 && random.chance(0.2) ? [genre, random.pick(sibling)] : [genre];
  const home = pool.get(genre) ?? [];
  const others = [...pool.values()].flat();
  const people = [random.pick(home), random.chance(0.2) ? random.pick(others) : random.pick(home)];
  const known = works.get(genre) ?? [];
  const classics = sharedWorks.filter(([, forms]) => forms.includes(genre)).map(([name]) => name);
  const work =
    classics.length > 0 && random.chance(0.2)
      ? random.pick(classics)
      : known.length > 0 && random.chance(0.25)
        ? random.pick(known)
        : `${genre} work ${known.length + 1}`;
  if (!classics.includes(work)) works.set(genre, known.includes(work) ? known : [...known, work]);
  const title = `${random.pick(titleWords)} ${random.pick(titleWords).toLowerCase()}`;
  const label = genreByCode(genre);
  const firstRound = random.int(0, roundsPerSeason - 2);
  return {
    item: itemOf({
      id: `s${season}-p${index}`,
      genres,
      people: [...new Set(people)],
      works: [work],
      audience: genre === 'children_theatre' ? 'families' : 'adults',
      language: family === 'music' || family === 'dance' ? 'none' : 'de',
      text: { de: `${title}. ${label?.de ?? genre}: ${work}, mit ${people.join(', ')}.`, en: `${title}. ${label?.en ?? genre}: ${work}, with ${people.join(', ')}.` },
      title: { de: title, en: title },
      createdAt: firstSeason + season * 365 * day - 60 * day,
    }),
    season,
    firstRound,
    lastRound: Math.min(roundsPerSeason - 1, firstRound + random.int(1, 3)),
    quality: random.between(0.3, 1),
  };
}

/**
 * Why a person picks a production by themselves: its genres (an untried one only faintly),
 * loyalty to its artists or work, and for the open, the pull of the new. The chosen set
 * still makes a person's history mostly their favourites, as real histories are.
 */
export function organicPull(person: Person, production: Production): number {
  const item = production.item;
  return affinity(person, item) ** 2 + 0.5 * loyaltyTo(person, item) + 0.15 * person.openness * newness(item, person.known) + 0.005;
}

/**
 * Seasons of organic bookings: everyone books about `activity` productions a season, chosen
 * mostly by taste, a little by curiosity. This is the past the methods learn from, and in
 * the offline evaluation the future they are judged against.
 */
export function simulateHouse(options: HouseOptions = {}): SimulatedHouse {
  const random = createRandom(options.seed ?? 1);
  const seasons = options.seasons ?? 3;
  const pool = makePeoplePool(random);
  const works = new Map<string, string[]>();
  const productions: Production[] = [];
  for (let season = 0; season < seasons; season += 1) {
    for (let i = 0; i < (options.productionsPerSeason ?? 40); i += 1) productions.push(makeProduction(random, i, season, pool, works));
  }
  const people = Array.from({ length: options.people ?? 300 }, (_, i) => makePerson(random, i, houseGenres));
  const snapshots: Person[][] = Array.from({ length: seasons }, () => []);
  const seasonStart = (season: number) => firstSeason + season * 365 * day;
  const roundTime = (season: number, round: number) => seasonStart(season) + round * (seasonLength / roundsPerSeason);
  const history: Interaction[] = [];
  for (const person of people) {
    for (let season = 0; season < seasons; season += 1) {
      snapshots[season]?.push(copyPerson(person));
      const offer = productions.filter((p) => p.season === season);
      const count = Math.min(offer.length, Math.round(random.between(0, 2 * person.activity)));
      const chosen = new Set<Production>();
      while (chosen.size < count) {
        const left = offer.filter((p) => !chosen.has(p));
        chosen.add(random.weighted(left.map((p) => [p, p.quality * organicPull(person, p)] as const)));
      }
      for (const production of [...chosen].sort((a, b) => a.firstRound - b.firstRound)) {
        const round = random.int(production.firstRound, production.lastRound);
        history.push({ userId: person.id, itemId: production.item.id, kind: 'booked', at: roundTime(season, round) + random.int(0, 30) * day, weight: 1 });
        experience(person, production.item, production.quality);
      }
    }
  }
  history.sort((a, b) => a.at - b.at || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const audienceAt = (season: number) => (snapshots[season] ?? []).map(copyPerson);
  return { seasons, productions, people, audienceAt, history, seasonStart, roundTime };
}

/**
 * The offline evaluation on a simulated house: cut in the middle of the last season and
 * predict its second half among the productions still bookable then. Cutting at the season
 * start would make every candidate a new production nobody has booked, which measures
 * only the cold start; mid-season has both, as a real house does.
 */
export function simulatedEvaluationData(house: SimulatedHouse): EvaluationData {
  const last = house.seasons - 1;
  const half = roundsPerSeason / 2;
  return {
    data: { items: house.productions.map((p) => p.item), interactions: house.history, declared: new Map(), now: house.roundTime(last, roundsPerSeason) },
    candidates: new Set(house.productions.filter((p) => p.season === last && p.lastRound >= half).map((p) => p.item.id)),
    cut: house.roundTime(last, half),
  };
}
