import { fromJson } from '../core/db/json.ts';
import type { Executor } from '../core/db/database.ts';
import { familiesOf } from './evaluation/items.ts';
import * as store from './store.ts';
import type { Interaction, InteractionKind, Item, TrainingData } from './types.ts';

/*
 * A house's catalogue and its consenting audience as the recommender's TrainingData, and
 * what the answers need beside it (titles, images, the next performance, booking links).
 * Candidates are the productions with a scheduled performance to come (the catalogue's
 * status: a performance marked sold_out or cancelled is not bookable) and exhibitions
 * still open. Ticketing's live seat count is not asked: it would cost a query per
 * performance on every fit, and the box office marks a sold-out date in the catalogue.
 */

export interface NextPerformance {
  id: string;
  startsAt: string;
  bookingUrl: string | null;
}

export interface ProductionFacts {
  title: { de: string; en: string };
  imageUrl: string | null;
  bookingUrl: string | null;
  /** Scheduled performances to come, soonest first. */
  upcoming: NextPerformance[];
}

export interface HouseCatalogue {
  house: { id: string; slug: string; website: string | null };
  data: TrainingData;
  items: Map<string, Item>;
  candidates: Set<string>;
  facts: Map<string, ProductionFacts>;
  /** The people the fit knows something about (a history or declared interests): nobody else gets a personal list from it. */
  known: Set<string>;
  /** Per production: each person's role as the catalogue words it ("Choreografie"), by normalised name, for the explanations. */
  roles: Map<string, Map<string, string>>;
}

const kindOf: Record<(typeof store.learnedKinds)[number], InteractionKind> = { booking: 'booked', attendance: 'attended', page_view: 'clicked' };

type Person = { name: string; role?: string | null };
const normalisedName = (name: string) => name.trim().toLowerCase();

/** Who did what in a production; performers first, so a person in both lists is named by the creative role. */
function rolesOf(row: store.ProductionRow): Map<string, string> {
  const roles = new Map<string, string>();
  for (const person of [...fromJson<Person[]>(row.performers, []), ...fromJson<Person[]>(row.creative_team, [])]) {
    const role = person.role?.trim();
    if (role) roles.set(normalisedName(person.name), role);
  }
  return roles;
}

const names = (json: string) => fromJson<{ name: string }[]>(json, []).map((p) => p.name.trim().toLowerCase()).filter((name) => name !== '');

export function itemOfRow(row: store.ProductionRow, hallId: string | null): Item {
  const join = (...parts: (string | null)[]) => parts.filter((p): p is string => p !== null && p !== '').join('. ');
  const genres = fromJson<string[]>(row.genres, []);
  return {
    id: row.id,
    genres,
    families: familiesOf(genres),
    tags: fromJson<string[]>(row.tags, []),
    people: [...names(row.performers), ...names(row.creative_team)],
    // The catalogue does not record the work performed yet; empty, not guessed from the title.
    works: [],
    unitId: row.unit_id,
    audience: row.audience,
    hallId,
    language: row.performance_language,
    ageMin: row.age_min,
    ageMax: row.age_max,
    accessibility: fromJson<string[]>(row.accessibility, []),
    text: {
      de: join(row.title_de, row.subtitle_de, row.description_de),
      en: join(row.title_en ?? row.title_de, row.subtitle_en, row.description_en),
    },
    title: { de: row.title_de, en: row.title_en ?? row.title_de },
    createdAt: Date.parse(row.created_at),
  };
}

export async function loadHouseCatalogue(db: Executor, houseId: string, now: Date): Promise<HouseCatalogue | undefined> {
  const at = now.toISOString();
  const house = await store.houseOf(db, houseId);
  if (house === undefined) return undefined;
  const [productions, performances, interactions, interests] = await Promise.all([
    store.productionsOf(db, houseId),
    store.upcomingPerformancesOf(db, houseId, at),
    store.consentedInteractionsOf(db, houseId, at),
    store.consentedInterestsOf(db, houseId, at),
  ]);
  const upcoming = new Map<string, store.PerformanceRow[]>();
  for (const performance of performances) upcoming.set(performance.production_id, [...(upcoming.get(performance.production_id) ?? []), performance]);
  const today = at.slice(0, 10);
  const items: Item[] = [];
  const facts = new Map<string, ProductionFacts>();
  const candidates = new Set<string>();
  const roles = new Map<string, Map<string, string>>();
  for (const row of productions) {
    roles.set(row.id, rolesOf(row));
    const dates = upcoming.get(row.id) ?? [];
    items.push(itemOfRow(row, dates[0]?.hall_id ?? null));
    facts.set(row.id, {
      title: { de: row.title_de, en: row.title_en ?? row.title_de },
      imageUrl: row.image_url,
      bookingUrl: row.booking_url,
      upcoming: dates.map((p) => ({ id: p.id, startsAt: p.starts_at, bookingUrl: p.booking_url })),
    });
    if (dates.length > 0 || (row.kind === 'exhibition' && row.runs_until !== null && row.runs_until >= today)) candidates.add(row.id);
  }
  const learned: Interaction[] = interactions.map((row) => ({
    userId: row.contact_id as string,
    itemId: row.production_id as string,
    kind: kindOf[row.kind as keyof typeof kindOf],
    at: Date.parse(row.occurred_at),
    weight: 1,
  }));
  const declared = new Map<string, string[]>();
  for (const row of interests) {
    const codes = fromJson<string[]>(row.interests, []);
    if (codes.length > 0) declared.set(row.id, codes);
  }
  return {
    house,
    data: { items, interactions: learned, declared, now: now.getTime() },
    items: new Map(items.map((item) => [item.id, item])),
    candidates,
    facts,
    known: new Set([...learned.map((i) => i.userId), ...declared.keys()]),
    roles,
  };
}
