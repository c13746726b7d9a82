import { DateTime } from 'luxon';
import type { Clock } from '../../core/clock.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Performance } from '../../catalogue/schemas/performances.ts';
import type { TicketingService } from '../../ticketing/service.ts';
import { type BlockStyle, practicalInfoBlock, type ProgrammeEntry, programmeListBlock, recommendationsBlock, teaserBlock } from './blocks.ts';
import type { BrandingService } from './branding.ts';
import { addressLine, type Blocks, type RenderedBlock, type TemplateLanguage } from './model.ts';
import type { RecommendationSource, RecommendedProduction } from './recommendations.ts';

/*
 * Fills the programme blocks of a house from the catalogue and the box office, in one
 * language. The shared blocks (this week, last tickets, a teaser, practical info) are
 * made once per send and language; only the recommendations are made per person.
 */

export const THIS_WEEK_DAYS = 7;
export const LAST_TICKETS_DAYS = 14;

/**
 * "Few seats left": at most 15 % of the house, and at least the last 5 seats of a small
 * one. A share rather than a number, because 40 seats are plenty in a studio and the
 * last row in an opera house.
 */
export function fewSeatsLeft(available: number, capacity: number): boolean {
  return available > 0 && available <= Math.max(5, Math.round(capacity * 0.15));
}

/** Where a reader books: the performance's own link, the production's, the house's site, or Foyer's public programme. */
export function bookingUrlOf(
  publicUrl: string,
  house: { slug: string; website: string | null },
  production: { bookingUrl: string | null },
  performance?: { bookingUrl: string | null },
): string {
  return performance?.bookingUrl ?? production.bookingUrl ?? house.website ?? `${publicUrl}/public/houses/${house.slug}/programme`;
}

export interface ContentFocus {
  /** The production of a teaser (new production, season announcement). */
  productionId?: string | undefined;
  /** The performance of practical info (reminder, thank-you). Also sets the teaser's production. */
  performanceId?: string | undefined;
  /** A unit's mail: "this week" and "last tickets" list the unit's programme only. */
  unitId?: string | undefined;
}

type Catalogue = Pick<CatalogueService, 'getHouse' | 'listPerformances' | 'getPerformance' | 'getProduction' | 'listPriceCategories' | 'getVenue'>;

export function createContentBlocks(deps: {
  catalogue: Catalogue;
  ticketing: Pick<TicketingService, 'availability'>;
  clock: Clock;
  branding: Pick<BrandingService, 'effective'>;
  recommendations: RecommendationSource;
  publicUrl: string;
}) {
  const { catalogue, ticketing, clock } = deps;

  async function styleOf(houseId: string, language: TemplateLanguage) {
    const [house, branding] = await Promise.all([catalogue.getHouse(houseId), deps.branding.effective(houseId)]);
    const style: BlockStyle = { language, timeZone: house.timeZone, primaryColour: branding.primaryColour, accentColour: branding.accentColour };
    return { house, style };
  }

  function titleOf(performance: Performance, language: TemplateLanguage): string {
    return language === 'en' ? (performance.production.title.en ?? performance.production.title.de) : performance.production.title.de;
  }

  async function performancesBetween(houseId: string, unitId: string | undefined, from: Date, to: Date): Promise<Performance[]> {
    const page = await catalogue.listPerformances({ houseId, unitId: unitId ?? null }, { from: from.toISOString(), to: to.toISOString(), status: 'scheduled' }, { limit: 500 });
    return page.items;
  }

  async function forHouse(houseId: string, language: TemplateLanguage, focus: ContentFocus = {}): Promise<Blocks> {
    const scope = { houseId, unitId: null };
    const { house, style } = await styleOf(houseId, language);
    const now = clock.now();
    const today = DateTime.fromJSDate(now).setZone(house.timeZone).startOf('day');
    const entry = (p: Performance, seatsLeft?: number): ProgrammeEntry => ({
      performanceId: p.id,
      title: titleOf(p, language),
      startsAt: p.startsAt,
      hall: p.hall?.name ?? null,
      url: bookingUrlOf(deps.publicUrl, house, { bookingUrl: null }, p),
      ...(seatsLeft === undefined ? {} : { seatsLeft }),
    });

    // This week: from now to the end of the seventh day, counted in the house's zone.
    const weekEnd = today.plus({ days: THIS_WEEK_DAYS }).toJSDate();
    const week = await performancesBetween(houseId, focus.unitId, now, weekEnd);
    const blocks: Blocks = { this_week: programmeListBlock('this_week', week.slice(0, 12).map((p) => entry(p)), style) };

    const fortnight = await performancesBetween(houseId, focus.unitId, now, today.plus({ days: LAST_TICKETS_DAYS }).toJSDate());
    const scarce: ProgrammeEntry[] = [];
    for (const performance of fortnight) {
      const seats = await ticketing.availability(houseId, performance.id).catch(() => null);
      if (seats === null || !seats.bookable || !fewSeatsLeft(seats.available, seats.capacity)) continue;
      scarce.push(entry(performance, seats.available));
    }
    scarce.sort((a, b) => (a.seatsLeft ?? 0) - (b.seatsLeft ?? 0) || a.startsAt.localeCompare(b.startsAt));
    blocks.last_tickets = programmeListBlock('last_tickets', scarce.slice(0, 6), style);

    const performance = focus.performanceId === undefined ? null : await catalogue.getPerformance(scope, focus.performanceId);
    const productionId = focus.productionId ?? performance?.productionId;
    if (productionId !== undefined) {
      const production = await catalogue.getProduction(scope, productionId);
      const dates = (await catalogue.listPerformances(scope, { productionId, from: now.toISOString(), status: 'scheduled' }, { limit: 50 })).items.map((p) => p.startsAt);
      const prices = (await catalogue.listPriceCategories(scope, { productionId }, { limit: 200 })).items;
      const cheapest = prices.reduce<(typeof prices)[number] | null>((low, p) => (low === null || p.amountMinor < low.amountMinor ? p : low), null);
      const pick = <T>(pair: { de: T; en: T | null }) => (language === 'en' ? (pair.en ?? pair.de) : pair.de);
      blocks.teaser = teaserBlock(
        {
          title: pick(production.title),
          subtitle: pick(production.subtitle),
          text: pick(production.description),
          imageUrl: production.imageUrl,
          dates,
          priceFrom: cheapest === null ? null : { amountMinor: cheapest.amountMinor, currency: cheapest.currency },
          url: bookingUrlOf(deps.publicUrl, house, production),
        },
        style,
      );
    }
    if (performance !== null) {
      const venue = performance.hall === null ? null : await catalogue.getVenue(scope, performance.hall.venueId);
      blocks.practical_info = practicalInfoBlock(
        {
          title: titleOf(performance, language),
          startsAt: performance.startsAt,
          hall: performance.hall?.name ?? null,
          venue: venue === null ? null : { name: venue.name, address: addressLine(venue), directions: language === 'en' ? (venue.directions.en ?? venue.directions.de) : venue.directions.de },
          url: bookingUrlOf(deps.publicUrl, house, { bookingUrl: null }, performance),
        },
        style,
      );
    }
    return blocks;
  }

  /** The personal block for one person; null contact: what anybody would get. */
  async function recommendationsFor(houseId: string, contactId: string | null, language: TemplateLanguage, limit = 3): Promise<RenderedBlock> {
    const { style } = await styleOf(houseId, language);
    return blockOf(await deps.recommendations.forContact(houseId, contactId, language, limit), style);
  }

  function blockOf(items: readonly RecommendedProduction[], style: BlockStyle): RenderedBlock {
    return recommendationsBlock(
      items.map((item) => ({ title: item.title, url: item.url, imageUrl: item.imageUrl, nextStartsAt: item.nextStartsAt, explanation: item.explanation, discovery: item.reason === 'discovery' })),
      style,
    );
  }

  /**
   * The personal block for a batch of a newsletter: the house's style once, the people's
   * interests in one query (where the source can), and each distinct list rendered once.
   */
  async function recommendationsForMany(houseId: string, contactIds: readonly string[], language: TemplateLanguage, limit = 3): Promise<Map<string, RenderedBlock>> {
    const { style } = await styleOf(houseId, language);
    const source = deps.recommendations;
    const lists =
      source.forContacts === undefined
        ? new Map(await Promise.all(contactIds.map(async (id) => [id, await source.forContact(houseId, id, language, limit)] as const)))
        : await source.forContacts(houseId, contactIds, language, limit);
    const rendered = new Map<RecommendedProduction[], RenderedBlock>();
    const blocks = new Map<string, RenderedBlock>();
    for (const contactId of contactIds) {
      const items = lists.get(contactId) ?? [];
      let block = rendered.get(items);
      if (block === undefined) {
        block = blockOf(items, style);
        rendered.set(items, block);
      }
      blocks.set(contactId, block);
    }
    return blocks;
  }

  return { forHouse, recommendationsFor, recommendationsForMany };
}

export type ContentBlocks = ReturnType<typeof createContentBlocks>;
