import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { addressLine, type DocumentHouse, fileSlug, type Language, localStamp, type PerformanceTickets, titleIn } from './model.ts';
import { texts } from './texts.ts';

/*
 * The calendar entry of one booked performance, attached to the confirmation: one file
 * per performance, so that a calendar app imports each with one tap. Times carry the
 * house's TZID and a VTIMEZONE block, as in the programme feeds (catalogue/export/ics.ts),
 * so the entry shows 19:30 wherever the buyer's phone happens to be. The UID is the
 * performance's and the order's: a second confirmation after an exchange updates the
 * entry instead of adding another. Its URL is the printable tickets, handy at the door.
 */

export interface CalendarPerformance extends PerformanceTickets {
  /** The end when the catalogue knows it (its own end, or start plus the production's duration). */
  endsAt: string | null;
  venueName: string | null;
}

function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' ? block[0] : null;
}

export function performanceCalendar(input: {
  performance: CalendarPerformance;
  house: DocumentHouse;
  orderId: string;
  orderNumber: string;
  language: Language;
  ticketsUrl: string;
  /** Host part of the UID: the installation's public host. */
  uidHost: string;
  /** DTSTAMP: when the confirmation was composed. */
  now: Date;
}): { filename: string; content: string } {
  const { performance, house, language } = input;
  const zone = house.timeZone;
  const calendar = ical({
    prodId: { company: 'Foyer', product: 'Tickets', language: language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: null, generator: vtimezone },
  });
  const title = titleIn(performance.title, language);
  const location = [performance.hall, performance.venueName ?? house.name, addressLine(house)].filter((part): part is string => part !== null && part !== '').join(', ');
  calendar.createEvent({
    id: `${performance.performanceId}.${input.orderId}@${input.uidHost}`,
    start: DateTime.fromISO(performance.startsAt, { zone: 'utc' }).setZone(zone),
    end: performance.endsAt === null ? null : DateTime.fromISO(performance.endsAt, { zone: 'utc' }).setZone(zone),
    timezone: zone,
    stamp: input.now,
    summary: title,
    description: texts[language].calendarDescription(input.orderNumber, performance.tickets.length),
    location: location === '' ? null : location,
    url: input.ticketsUrl,
    status: ICalEventStatus.CONFIRMED,
  });
  return { filename: `${fileSlug(title)}-${localStamp(performance.startsAt, zone)}.ics`, content: calendar.toString() };
}
