/*
 * The vocabulary of recommendations, pure, shared by the recommender (scoring and the
 * discovery re-ranking), the evaluation harness with its baselines, the audience
 * simulator, and later the service that feeds them from the database. Everything here is
 * plain data: no I/O, no clock (time comes in as numbers), so the same code runs on the
 * demo house, on simulated audiences and on MovieLens files.
 *
 * An item is what a person chooses: a production (a film in MovieLens). Performances are
 * the bookable dates of an item; availability is a property of the request (which items
 * can be booked now), not of the model.
 */

export type Language = 'de' | 'en';

/** What the recommender knows about an item. Fields a source lacks are empty, never invented. */
export interface Item {
  id: string;
  /** Genre codes of the controlled vocabulary (catalogue/genres.ts), or MovieLens genres. */
  genres: readonly string[];
  /** The broad forms the genres belong to (genre families); the comfort zone is computed over both levels. */
  families: readonly string[];
  tags: readonly string[];
  /** Performers and creative team, normalised names ("bizet", "pina bausch"): the bridges between productions. */
  people: readonly string[];
  /** Works performed ("carmen" for every production of Carmen), when the source knows them. */
  works: readonly string[];
  unitId: string | null;
  /** adults | family | school | young (catalogue audiences), or null. */
  audience: string | null;
  hallId: string | null;
  /** Performance language (ISO 639-1), 'none' for none needed, null unknown. */
  language: string | null;
  ageMin: number | null;
  ageMax: number | null;
  /** Accessibility features offered (catalogue accessibilityFeatures). */
  accessibility: readonly string[];
  /** Title and description in German and English, for text similarity. */
  text: { de: string; en: string };
  /** Titles for explanations. */
  title: { de: string; en: string };
  /** When the item entered the catalogue (ms since epoch): new items are the cold start. */
  createdAt: number;
}

/** booked and attended are the strong signals; clicked is weak; declared is an interest a person stated. */
export type InteractionKind = 'booked' | 'attended' | 'clicked';

export interface Interaction {
  userId: string;
  itemId: string;
  kind: InteractionKind;
  /** ms since epoch. */
  at: number;
  /** MovieLens ratings and similar explicit strength, 1 when the source has none. */
  weight: number;
}

/** Everything a recommender learns from, as of one moment. */
export interface TrainingData {
  items: readonly Item[];
  interactions: readonly Interaction[];
  /** Declared interests (genre codes) per person, from the preference centre. */
  declared: ReadonlyMap<string, readonly string[]>;
  /** The moment of the data (ms): nothing after it may be used. */
  now: number;
}

/** Who the list is for: a known person, an anonymous visitor with declared interests, or "people who liked this item". */
export type Subject =
  | { kind: 'contact'; userId: string }
  | { kind: 'anonymous'; genres: readonly string[] }
  | { kind: 'similar_to'; itemId: string };

export interface Needs {
  /** Ages of the people who will go (family and school offers must suit them). */
  ages?: readonly number[];
  /** Languages the person understands; an item in another language without surtitles in one of them is out. */
  languages?: readonly string[];
  /** Accessibility features the person needs; an item lacking one is out. */
  accessibility?: readonly string[];
}

export interface RecommendationRequest {
  subject: Subject;
  /** How many items the list holds. */
  k: number;
  /** How many of them are discovery slots (the house setting, default 2 of 6). */
  discoverySlots: number;
  /** Items that may be recommended now: upcoming, not sold out. Undefined: every item. */
  candidates?: ReadonlySet<string>;
  /** Items the person must not be offered again (already booked). */
  exclude?: ReadonlySet<string>;
  needs?: Needs;
  language: Language;
}

/**
 * Why an item is in the list, as data: the service and the mail block turn it into the
 * person's language. `text` is the ready sentence in both languages.
 */
export type Explanation =
  | { kind: 'because_you_saw'; itemId: string }
  | { kind: 'people_like_you'; count: number }
  | { kind: 'matches_interest'; genre: string }
  | { kind: 'popular' }
  | { kind: 'new_for_you'; genre: string; bridge: Bridge }
  | { kind: 'similar_to'; itemId: string };

/** How a discovery connects to the person's history. */
export type Bridge =
  | { kind: 'same_person'; person: string; itemId: string }
  | { kind: 'same_work'; work: string; itemId: string }
  | { kind: 'adjacent_genre'; from: string; to: string }
  | { kind: 'similar_people_returned'; count: number };

export interface Recommendation {
  itemId: string;
  score: number;
  slot: 'relevant' | 'discovery';
  explanation: Explanation;
  text: { de: string; en: string };
}

/** One method of the evaluation and the service: learns once, answers many requests. */
export interface Recommender {
  readonly name: string;
  fit(data: TrainingData): FittedRecommender;
}

export interface FittedRecommender {
  recommend(request: RecommendationRequest): Recommendation[];
}
