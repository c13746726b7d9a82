import { genreByCode } from '../../catalogue/genres.ts';
import { createRandom, type Random } from '../../demo/audience-random.ts';
import type { Interaction, Item } from '../types.ts';
import { itemOf } from './items.ts';
import type { EvaluationData } from './split.ts';

/*
 * The audience simulator: a house's programme over several seasons and an audience with
 * latent tastes and a latent openness to new things, all from one seed (no Math.random:
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

export interface Person {
  id: string;
  /** Latent liking per genre in [0, 1]; the season simulation lets it grow with good discoveries. */
  taste: Map<string, number>;
  /** Latent openness in [0, 1]: how much something new attracts rather than puts off. */
  openness: number;
  /** Expected bookings per season. */
  activity: number;
}

export interface SimulatedHouse {
  seasons: number;
  productions: Production[];
  people: Person[];
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
  const work = known.length > 0 && random.chance(0.25) ? random.pick(known) : `${genre} work ${known.length + 1}`;
  works.set(genre, known.includes(work) ? known : [...known, work]);
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

function makePerson(random: Random, index: number): Person {
  const taste = new Map(houseGenres.map(([genre]) => [genre, random.between(0, 0.08)]));
  const favourites = random.int(1, 3);
  for (let i = 0; i < favourites; i += 1) taste.set(random.weighted(houseGenres), random.between(0.6, 1));
  if (random.chance(0.5)) {
    const secondary = random.weighted(houseGenres);
    taste.set(secondary, Math.max(taste.get(secondary) ?? 0, random.between(0.25, 0.45)));
  }
  // Most people are fairly set in their ways; a few are curious about everything.
  return { id: `person-${index}`, taste, openness: random.next() ** 1.7, activity: random.between(1, 6) };
}

/** How much a person likes an item: the best of its genres. */
export function affinity(person: Person, item: Item): number {
  return Math.max(0, ...item.genres.map((g) => person.taste.get(g) ?? 0));
}

/** The share of an item's genres the person has never booked. */
export function newness(item: Item, booked: ReadonlySet<string>): number {
  return item.genres.length === 0 ? 0 : item.genres.filter((g) => !booked.has(g)).length / item.genres.length;
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
  const people = Array.from({ length: options.people ?? 300 }, (_, i) => makePerson(random, i));
  const seasonStart = (season: number) => firstSeason + season * 365 * day;
  const roundTime = (season: number, round: number) => seasonStart(season) + round * (seasonLength / roundsPerSeason);
  const history: Interaction[] = [];
  for (const person of people) {
    const booked = new Set<string>();
    for (let season = 0; season < seasons; season += 1) {
      const offer = productions.filter((p) => p.season === season);
      const count = Math.min(offer.length, Math.round(random.between(0, 2 * person.activity)));
      const chosen = new Set<Production>();
      while (chosen.size < count) {
        const left = offer.filter((p) => !chosen.has(p));
        chosen.add(random.weighted(left.map((p) => [p, p.quality * (affinity(person, p.item) ** 2 + 0.15 * person.openness * newness(p.item, booked) + 0.005)] as const)));
      }
      for (const production of [...chosen].sort((a, b) => a.firstRound - b.firstRound)) {
        const round = random.int(production.firstRound, production.lastRound);
        history.push({ userId: person.id, itemId: production.item.id, kind: 'booked', at: roundTime(season, round) + random.int(0, 30) * day, weight: 1 });
        for (const g of production.item.genres) booked.add(g);
      }
    }
  }
  history.sort((a, b) => a.at - b.at || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return { seasons, productions, people, history, seasonStart, roundTime };
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
