import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import {
  bookingUrl,
  effectiveEnd,
  genreLabels,
  type Language,
  majorUnits,
  pick,
  priceSummary,
  type PublicHouse,
  type PublicPerformance,
  type PublicPrice,
  type PublicProduction,
  type PublicVenue,
} from './model.ts';

/*
 * The subscribable iCalendar feeds. Pure: records in, text out.
 *
 * Times are written in the house's zone with TZID and a VTIMEZONE block from the tz
 * database (timezones-ical-library), so Outlook, Google and Apple show 19:30 on both
 * sides of a DST change. DTSTAMP and LAST-MODIFIED are UTC, as RFC 5545 asks, and
 * DTSTAMP is the record's own change time rather than "now": the same catalogue version
 * gives the same bytes, which is what lets the ETag stand for the content.
 *
 * Exhibitions are one all-day VEVENT over their whole run (DTEND the day after the last
 * day, as all-day ends are exclusive), transparent so that a subscriber's calendar does
 * not show them busy for months. One event per opening day would bury the
 * performances; opening hours stay on the house's own pages.
 */

/** How often subscribers should fetch again (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const calendarRefreshSeconds = 3600;

const words = {
  de: { cancelled: 'Abgesagt', soldOut: 'Ausverkauft', rescheduled: 'Verlegt', from: 'ab', free: 'Eintritt frei', tickets: 'Karten' },
  en: { cancelled: 'Cancelled', soldOut: 'Sold out', rescheduled: 'Rescheduled', from: 'from', free: 'Free admission', tickets: 'Tickets' },
} as const;

export interface CalendarInput {
  house: PublicHouse;
  /** X-WR-CALNAME: what a subscriber sees as the calendar's name. */
  name: string;
  description?: string | null;
  language: Language;
  /** Host part of UIDs: stable per installation, so re-subscribing never duplicates events. */
  uidHost: string;
  /** The feed's own address (the calendar's URL property). */
  url?: string;
  performances: readonly PublicPerformance[];
  exhibitions: readonly { production: PublicProduction; prices: readonly PublicPrice[] }[];
}

function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' ? block[0] : null;
}

function locationText(venue: PublicVenue | null, hallName: string | null, house: PublicHouse): string | null {
  const address = venue ?? house;
  const city = [address.postalCode, address.city].filter((part) => part !== null && part !== '').join(' ');
  const parts = [hallName, venue?.name ?? house.name, address.street, city];
  const text = parts.filter((part): part is string => part !== null && part !== '').join(', ');
  return text === '' ? null : text;
}

function priceText(prices: readonly PublicPrice[], language: Language): string | null {
  const summary = priceSummary(prices);
  if (summary === null) return null;
  if (summary.free) return words[language].free;
  const amount = new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency: summary.currency }).format(
    majorUnits(summary.fromMinor, summary.currency),
  );
  return `${words[language].tickets} ${words[language].from} ${amount}`;
}

/** Subtitle, what is special about this date, the text, then prices and where to book. */
function descriptionText(production: PublicProduction, language: Language, notes: (string | null)[], booking: (string | null)[]): string | null {
  const parts = [pick(production.subtitle, language), ...notes, pick(production.description, language), ...booking];
  const text = parts.filter((part): part is string => part !== null && part !== '').join('\n\n');
  return text === '' ? null : text;
}

function summaryText(performance: PublicPerformance, language: Language): string {
  const title = pick(performance.production.title, language) ?? performance.production.slug;
  // Google and some others ignore STATUS:CANCELLED in subscribed feeds; the title says it too.
  if (performance.status === 'cancelled') return `${words[language].cancelled}: ${title}`;
  return title;
}

function latest(...instants: string[]): Date {
  return new Date(instants.reduce((a, b) => (a > b ? a : b)));
}

export function buildCalendar(input: CalendarInput): string {
  const { house, language } = input;
  const zone = house.timeZone;
  const calendar = ical({
    name: input.name,
    description: input.description ?? null,
    prodId: { company: 'Foyer', product: 'Programme', language: language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // name null: DTSTAMP and LAST-MODIFIED stay in UTC; events carry their own TZID,
    // and the generator writes one VTIMEZONE for each zone they use.
    timezone: { name: null, generator: vtimezone },
    ttl: calendarRefreshSeconds,
    url: input.url ?? null,
  });
  calendar.x('X-WR-TIMEZONE', zone);

  for (const performance of input.performances) {
    const production = performance.production;
    const end = effectiveEnd(performance);
    const status = performance.status;
    const note = pick(performance.note, language);
    const statusLine =
      status === 'sold_out' ? words[language].soldOut : status === 'rescheduled' ? words[language].rescheduled : null;
    const url = bookingUrl(performance, house);
    calendar.createEvent({
      id: `${performance.id}@${input.uidHost}`,
      start: DateTime.fromISO(performance.startsAt, { zone: 'utc' }).setZone(zone),
      end: end === null ? null : DateTime.fromISO(end, { zone: 'utc' }).setZone(zone),
      timezone: zone,
      stamp: latest(performance.updatedAt, production.updatedAt),
      lastModified: latest(performance.updatedAt, production.updatedAt),
      summary: summaryText(performance, language),
      description: descriptionText(production, language, [statusLine, note], [priceText(performance.prices, language), url]),
      location: locationText(performance.venue, performance.hall?.name ?? null, house),
      url,
      status: status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: genreLabels(production.genres, language).map((name) => ({ name })),
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }

  for (const { production, prices } of input.exhibitions) {
    if (production.runsFrom === null || production.runsUntil === null) continue;
    const url = production.bookingUrl ?? house.website;
    calendar.createEvent({
      id: `${production.id}@${input.uidHost}`,
      allDay: true,
      start: DateTime.fromISO(production.runsFrom, { zone }),
      end: DateTime.fromISO(production.runsUntil, { zone }).plus({ days: 1 }),
      stamp: new Date(production.updatedAt),
      lastModified: new Date(production.updatedAt),
      summary: pick(production.title, language) ?? production.slug,
      description: descriptionText(production, language, [], [priceText(prices, language), url]),
      location: locationText(production.venue, null, house),
      url,
      status: ICalEventStatus.CONFIRMED,
      categories: genreLabels(production.genres, language).map((name) => ({ name })),
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }

  return calendar.toString();
}
