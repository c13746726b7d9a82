import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import { isDomainError } from '../../core/errors.ts';
import { genreByCode } from '../../catalogue/genres.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { TemplateLanguage } from './model.ts';

/*
 * The personal recommendations block asks a RecommendationSource. The recommendation
 * capability (issue 6) will supply the real one; until then the default below offers the
 * coming productions that match the genres a person declared, and, because discovery is
 * a first-class objective (PRODUCT.md, idea 3), one production from outside those
 * genres, said to be new for them. Never a list that only narrows.
 */

export interface RecommendedProduction {
  productionId: string;
  title: string;
  url: string;
  imageUrl: string | null;
  /** The next performance's start, or null for an exhibition without one. */
  nextStartsAt: string | null;
  /** interest: matches a declared interest; discovery: deliberately outside them; upcoming: no interests known. */
  reason: 'interest' | 'discovery' | 'upcoming';
  /** One sentence for the reader, in their language: why this is suggested. */
  explanation: string;
}

export interface RecommendationSource {
  /**
   * Up to `limit` productions for the contact, best first, in `language`. Reads the
   * person only through the audience service for a purpose they agreed to; without that
   * consent it recommends as to anybody. Never throws for a contact without data.
   * contactId null: anybody (a preview with the sample contact, the web version of a mail).
   */
  forContact(houseId: string, contactId: string | null, language: TemplateLanguage, limit: number): Promise<RecommendedProduction[]>;
  /**
   * forContact for a batch of a newsletter, in a few queries instead of a few per person;
   * every contact asked for has an entry. A source without it is asked person by person.
   */
  forContacts?(houseId: string, contactIds: readonly string[], language: TemplateLanguage, limit: number): Promise<Map<string, RecommendedProduction[]>>;
}

/** A production with its next date, as the default source considers it. */
export interface UpcomingProduction {
  productionId: string;
  title: { de: string; en: string | null };
  genres: readonly string[];
  imageUrl: string | null;
  url: string;
  nextStartsAt: string;
}

function genreLabel(code: string, language: TemplateLanguage): string {
  const genre = genreByCode(code);
  return genre === undefined ? code : genre[language];
}

function listLabels(labels: readonly string[], language: TemplateLanguage): string {
  if (labels.length <= 1) return labels[0] ?? '';
  const and = language === 'de' ? ' und ' : ' and ';
  return `${labels.slice(0, -1).join(', ')}${and}${labels.at(-1) ?? ''}`;
}

/**
 * Pure: the matches first (soonest first), then one discovery, when the person has
 * interests and something outside them is coming. The discovery takes the last place
 * of a full list rather than being dropped: that is the point of it.
 */
export function recommendByInterests(
  upcoming: readonly UpcomingProduction[],
  interests: readonly string[],
  language: TemplateLanguage,
  limit: number,
): RecommendedProduction[] {
  if (limit <= 0) return [];
  const sorted = [...upcoming].sort((a, b) => a.nextStartsAt.localeCompare(b.nextStartsAt));
  const title = (p: UpcomingProduction) => (language === 'en' ? (p.title.en ?? p.title.de) : p.title.de);
  const base = (p: UpcomingProduction) => ({ productionId: p.productionId, title: title(p), url: p.url, imageUrl: p.imageUrl, nextStartsAt: p.nextStartsAt });
  if (interests.length === 0) {
    const explanation = language === 'de' ? 'Bald im Spielplan' : 'Coming up soon';
    return sorted.slice(0, limit).map((p) => ({ ...base(p), reason: 'upcoming' as const, explanation }));
  }
  const wanted = new Set(interests);
  const matching = sorted.filter((p) => p.genres.some((g) => wanted.has(g)));
  const outside = sorted.find((p) => p.genres.length > 0 && !p.genres.some((g) => wanted.has(g)));
  const picked: RecommendedProduction[] = matching.slice(0, outside === undefined ? limit : limit - 1).map((p) => {
    const shared = p.genres.filter((g) => wanted.has(g)).map((g) => genreLabel(g, language));
    const labels = listLabels(shared, language);
    return { ...base(p), reason: 'interest' as const, explanation: language === 'de' ? `Weil Sie sich für ${labels} interessieren` : `Because you like ${labels.toLowerCase()}` };
  });
  if (outside !== undefined) {
    const label = listLabels(outside.genres.map((g) => genreLabel(g, language)), language);
    const explanation =
      language === 'de'
        ? `Neu für Sie: ${label} – einmal etwas anderes als sonst, das wir Ihnen ans Herz legen`
        : `New for you: ${label.toLowerCase()} – something different from your usual, and we think worth it`;
    picked.push({ ...base(outside), reason: 'discovery', explanation });
  }
  return picked;
}

/** What the default source reads about a person: their declared interests, for a purpose. */
export interface InterestReader {
  readForPurpose(scope: Scope, contactId: string, purpose: 'newsletter'): Promise<{ fields: { interests?: string[] | undefined } }>;
  /** The readings of those among the contacts whose consent is valid; the others are absent. */
  readManyForPurpose(scope: Scope, contactIds: readonly string[], purpose: 'newsletter'): Promise<Map<string, { fields: { interests?: string[] | undefined } }>>;
}

const PROGRAMME_CACHE_MS = 60_000;
const HORIZON_DAYS = 90;

/**
 * The default source. The coming programme is read once a minute per house, not per
 * person: a newsletter asks this for every recipient.
 */
export function createInterestRecommendations(deps: {
  catalogue: Pick<CatalogueService, 'listPerformances' | 'listProductions' | 'getHouse'>;
  contacts: InterestReader;
  clock: Clock;
  bookingUrl: (house: { slug: string; website: string | null }, production: { bookingUrl: string | null }) => string;
}): RecommendationSource {
  const cache = new Map<string, { at: number; upcoming: UpcomingProduction[] }>();

  async function upcomingOf(houseId: string): Promise<UpcomingProduction[]> {
    const now = deps.clock.now();
    const cached = cache.get(houseId);
    if (cached !== undefined && now.getTime() - cached.at < PROGRAMME_CACHE_MS) return cached.upcoming;
    const scope = { houseId, unitId: null };
    const house = await deps.catalogue.getHouse(houseId);
    const until = new Date(now.getTime() + HORIZON_DAYS * 86_400_000);
    const performances = await deps.catalogue.listPerformances(scope, { from: now.toISOString(), to: until.toISOString(), status: 'scheduled' }, { limit: 500 });
    const productions = await deps.catalogue.listProductions(scope, {}, { limit: 500 });
    const byId = new Map(productions.items.map((p) => [p.id, p]));
    const next = new Map<string, string>();
    for (const performance of performances.items) {
      const seen = next.get(performance.productionId);
      if (seen === undefined || performance.startsAt < seen) next.set(performance.productionId, performance.startsAt);
    }
    const upcoming: UpcomingProduction[] = [];
    for (const [productionId, nextStartsAt] of next) {
      const production = byId.get(productionId);
      if (production === undefined) continue;
      upcoming.push({
        productionId,
        title: production.title,
        genres: production.genres,
        imageUrl: production.imageUrl,
        url: deps.bookingUrl(house, production),
        nextStartsAt,
      });
    }
    cache.set(houseId, { at: now.getTime(), upcoming });
    return upcoming;
  }

  async function interestsOf(houseId: string, contactId: string): Promise<string[]> {
    try {
      const reading = await deps.contacts.readForPurpose({ houseId, unitId: null }, contactId, 'newsletter');
      return reading.fields.interests ?? [];
    } catch (error) {
      // No consent (or no such person): recommend as to anybody, with nothing personal.
      if (isDomainError(error, 'no_consent') || isDomainError(error, 'not_found')) return [];
      throw error;
    }
  }

  return {
    async forContact(houseId, contactId, language, limit) {
      const [upcoming, interests] = await Promise.all([upcomingOf(houseId), contactId === null ? [] : interestsOf(houseId, contactId)]);
      return recommendByInterests(upcoming, interests, language, limit);
    },
    async forContacts(houseId, contactIds, language, limit) {
      const [upcoming, readings] = await Promise.all([upcomingOf(houseId), deps.contacts.readManyForPurpose({ houseId, unitId: null }, contactIds, 'newsletter')]);
      // Most people share their interests with many others: the list is made once per set of interests.
      const byInterests = new Map<string, RecommendedProduction[]>();
      const result = new Map<string, RecommendedProduction[]>();
      for (const contactId of contactIds) {
        // No consent (or no such person): recommend as to anybody, with nothing personal.
        const interests = readings.get(contactId)?.fields.interests ?? [];
        const key = interests.join('\u0000');
        let picked = byInterests.get(key);
        if (picked === undefined) {
          picked = recommendByInterests(upcoming, interests, language, limit);
          byInterests.set(key, picked);
        }
        result.set(contactId, picked);
      }
      return result;
    },
  };
}
