import type { Random } from '../../demo/audience-random.ts';
import type { Item } from '../types.ts';

/*
 * The simulated audience: latent tastes a recommender cannot see, only infer from bookings.
 *
 * An earlier version gave everyone one to three loved genres and near-zero taste for the
 * rest, so a booking outside a person's usual genres was pure curiosity: as likely for one
 * outside production as for any other, and nothing a discovery recommender could find.
 * Real audiences have structure that reaches beyond their habits, and this model has the
 * three kinds that audience research and box offices report:
 *
 * 1. Segments. People belong to audience segments whose members share several forms (the
 *    classical-music public goes to opera, concerts and ballet; the theatre public to
 *    drama, comedy, cabaret and readings). Most of a segment's forms a person has not tried
 *    yet: their taste for them is latent, real but undiscovered, and draws them only faintly
 *    (`awareness`) until they try it once. Then they know and come back.
 * 2. Loyalty to artists and works. A good evening with a director, conductor or choreographer,
 *    or with a work, makes the next production with them more attractive, in whatever form:
 *    someone who loved Carmen the opera may well go to Carmen the ballet.
 * 3. Openness. Open people have stronger latent tastes, try new things more readily and
 *    are more moved by a suggestion.
 *
 * What the simulation does not do is tie any of this to how Foyer works: the segments are
 * drawn independently of Foyer's family adjacency (discovery.ts), and a recommender finds
 * them only through co-attendance, a shared artist or work, or the history's breadth.
 */

/** The audience segments of the simulated house, each with its forms and how common it is. */
export const segments: readonly (readonly [readonly string[], number])[] = [
  [['opera', 'orchestral', 'chamber_music', 'early_music', 'ballet', 'operetta'], 4],
  [['drama', 'comedy', 'cabaret', 'reading', 'contemporary_dance'], 4],
  [['musical', 'operetta', 'comedy', 'cabaret', 'jazz', 'ballet'], 3],
  [['contemporary_dance', 'contemporary_music', 'drama', 'exhibition', 'jazz', 'reading'], 2],
  [['children_theatre', 'musical', 'ballet', 'comedy', 'orchestral'], 2],
];

/** How strongly an untried latent taste draws by itself; a suggestion raises it with openness. */
export const awareness = 0.3;
/** Loyalty gained per good evening with an artist or a work, and its cap. */
const loyaltyGain = 0.3;
const loyaltyCap = 0.6;
/** Familiarity: every booking makes its genres a little more liked (people repeat what they know). */
const familiarity = 0.04;

export interface Person {
  id: string;
  /** Latent liking per genre in [0, 1], known or not. */
  taste: Map<string, number>;
  /** Genres the person has booked and so knows they like; an untried taste draws only at `awareness`. */
  known: Set<string>;
  /** Liking for artists ('person:…') and works ('work:…') met on good evenings, in [0, loyaltyCap]. */
  loyalty: Map<string, number>;
  /** Latent openness in [0, 1]: how much something new attracts rather than puts off. */
  openness: number;
  /** Expected bookings per season. */
  activity: number;
}

export function makePerson(random: Random, index: number, houseGenres: readonly (readonly [string, number])[]): Person {
  const popularity = new Map(houseGenres);
  // Most people are fairly set in their ways; a few are curious about everything.
  const openness = random.next() ** 1.7;
  const taste = new Map(houseGenres.map(([genre]) => [genre, random.between(0, 0.08)]));
  const known = new Set<string>();
  const join = (forms: readonly string[], latent: readonly [number, number]) => {
    for (const genre of forms) taste.set(genre, Math.max(taste.get(genre) ?? 0, Math.min(1, random.between(...latent) * (0.6 + openness))));
  };
  const segment = random.weighted(segments);
  join(segment, [0.3, 0.75]);
  // A third of the audience also leans towards a second segment, more faintly.
  if (random.chance(0.33)) join(random.weighted(segments), [0.1, 0.4]);
  // The favourites: one to three forms of the segment, the house's big genres more often.
  const favourites = random.int(1, 3);
  for (let i = 0; i < favourites; i += 1) {
    const genre = random.weighted(segment.map((g) => [g, popularity.get(g) ?? 1] as const));
    taste.set(genre, random.between(0.6, 1));
    known.add(genre);
  }
  return { id: `person-${index}`, taste, known, loyalty: new Map(), openness, activity: random.between(1, 6) };
}

export function copyPerson(person: Person): Person {
  return { ...person, taste: new Map(person.taste), known: new Set(person.known), loyalty: new Map(person.loyalty) };
}

/**
 * How much a person likes an item by its genres: the best of them, an untried one damped to
 * what the person is aware of. A suggestion (`shown`) makes an untried genre more present,
 * the more so for an open person.
 */
export function affinity(person: Person, item: Item, shown = false): number {
  const untried = shown ? awareness + (1 - awareness) * person.openness * 0.6 : awareness;
  return Math.max(0, ...item.genres.map((g) => (person.known.has(g) ? 1 : untried) * (person.taste.get(g) ?? 0)));
}

/** The strongest loyalty to one of the item's artists or works. */
export function loyaltyTo(person: Person, item: Item): number {
  return Math.max(0, ...item.people.map((p) => person.loyalty.get(`person:${p}`) ?? 0), ...item.works.map((w) => person.loyalty.get(`work:${w}`) ?? 0));
}

/** The share of an item's genres the person has never booked. */
export function newness(item: Item, booked: ReadonlySet<string>): number {
  return item.genres.length === 0 ? 0 : item.genres.filter((g) => !booked.has(g)).length / item.genres.length;
}

/**
 * What a booked evening does: its genres become known (the person comes back if the taste
 * is there) and a little more liked, and a good one builds loyalty to its artists and work.
 * The same in the organic history and in the season simulation.
 */
export function experience(person: Person, item: Item, quality: number): void {
  for (const g of item.genres) {
    person.known.add(g);
    person.taste.set(g, Math.min(1, (person.taste.get(g) ?? 0) + familiarity));
  }
  const enjoyed = quality * Math.max(affinity(person, item), loyaltyTo(person, item));
  for (const key of [...item.people.map((p) => `person:${p}`), ...item.works.map((w) => `work:${w}`)]) {
    person.loyalty.set(key, Math.min(loyaltyCap, (person.loyalty.get(key) ?? 0) + loyaltyGain * enjoyed));
  }
}
