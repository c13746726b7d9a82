import ICAL from 'ical.js';
import { multiLine, oneLine, splitWords } from './classify.ts';
import { parseJcalTime, type IcsTime, type IcsZones } from './ics-timezones.ts';
import { addDays, midnight, utcToWall } from './local-time.ts';
import type { Language, PerformanceStatus } from './model.ts';

/*
 * One VEVENT read into plain values. ical.js has tokenised it (parameters, escapes,
 * value types) into jCal (RFC 7265); reading the jCal arrays directly instead of
 * through ical.js's Component and Time objects halved the time of a 10,000-event import.
 * Recurring events keep their jCal for ical.js's recurrence iterator.
 */

/** A jCal property: [name, parameters, value type, ...values]. */
export type JcalProperty = [string, Record<string, unknown>, string, ...unknown[]];
/** A jCal component: [name, properties, subcomponents]. */
export type Jcal = [string, JcalProperty[], unknown[]];

export interface IcsEvent {
  jcal: Jcal;
  where: string;
  uid?: string;
  title?: string;
  titleLanguage?: Language;
  description?: string;
  descriptionLanguage?: Language;
  start: IcsTime;
  startMs: number;
  allDay: boolean;
  endMs?: number;
  /** How long each occurrence lasts: exact ms for timed events, calendar days for all-day ones. */
  length?: { ms: number } | { days: number };
  status: PerformanceStatus;
  location?: string;
  latitude?: number;
  longitude?: number;
  url?: string;
  imageUrl?: string;
  categories: string[];
  /** The planned start of the occurrence this event overrides (RECURRENCE-ID). */
  recurrenceId?: number;
  recurring: boolean;
}

export type ReadResult = { ok: true; event: IcsEvent } | { ok: false; reason: string };

function first(properties: JcalProperty[], name: string): JcalProperty | undefined {
  for (const property of properties) if (property[0] === name) return property;
  return undefined;
}

function tzidOf(property: JcalProperty): string | undefined {
  const tzid = property[1].tzid;
  return typeof tzid === 'string' && tzid.trim().length > 0 ? tzid : undefined;
}

function languageOf(property: JcalProperty): Language | undefined {
  const tag = typeof property[1].language === 'string' ? property[1].language.toLowerCase() : '';
  return tag.startsWith('de') ? 'de' : tag.startsWith('en') ? 'en' : undefined;
}

function textOf(property: JcalProperty | undefined): string | undefined {
  const value = property?.[3];
  return typeof value === 'string' ? value : undefined;
}

function timeOf(property: JcalProperty | undefined): IcsTime | 'invalid' | undefined {
  if (property === undefined) return undefined;
  return parseJcalTime(property[3], tzidOf(property)) ?? 'invalid';
}

export function readEvent(jcal: Jcal, where: string, zones: IcsZones, houseZone: string): ReadResult {
  const properties = jcal[1];
  const dtstart = timeOf(first(properties, 'dtstart'));
  const recurrence = timeOf(first(properties, 'recurrence-id'));
  if (dtstart === 'invalid') return { ok: false, reason: `DTSTART "${String(first(properties, 'dtstart')?.[3])}" is not a date` };
  // An override may leave DTSTART out: it then keeps the planned start.
  const start = dtstart ?? (recurrence === 'invalid' ? undefined : recurrence);
  if (start === undefined) return { ok: false, reason: 'has no DTSTART, so it has no date' };
  const startMs = zones.instant(start, where);

  const event: IcsEvent = {
    jcal,
    where,
    start,
    startMs,
    allDay: start.isDate,
    status: String(textOf(first(properties, 'status')) ?? '').toUpperCase() === 'CANCELLED' ? 'cancelled' : 'scheduled',
    categories: [],
    recurring: false,
  };
  if (recurrence !== undefined && recurrence !== 'invalid') event.recurrenceId = zones.instant(recurrence, where);
  for (const property of properties) {
    switch (property[0]) {
      case 'rrule':
      case 'rdate':
        event.recurring = true;
        break;
      case 'categories':
        for (const value of property.slice(3)) if (typeof value === 'string') event.categories.push(...splitWords(value));
        break;
      case 'uid':
        event.uid ??= oneLine(textOf(property));
        break;
      case 'summary':
        if (event.title === undefined) {
          const title = oneLine(textOf(property));
          const language = languageOf(property);
          if (title !== undefined) event.title = title;
          if (title !== undefined && language !== undefined) event.titleLanguage = language;
        }
        break;
      case 'description':
        if (event.description === undefined) {
          const description = multiLine(textOf(property));
          const language = languageOf(property);
          if (description !== undefined) event.description = description;
          if (description !== undefined && language !== undefined) event.descriptionLanguage = language;
        }
        break;
      case 'location':
        event.location ??= oneLine(textOf(property));
        break;
      case 'url':
        event.url ??= oneLine(textOf(property));
        break;
      case 'image': {
        const image = oneLine(textOf(property));
        if (image !== undefined && /^https?:\/\//i.test(image)) event.imageUrl ??= image;
        break;
      }
      case 'geo': {
        const geo = property[3];
        if (Array.isArray(geo) && Number.isFinite(geo[0]) && Number.isFinite(geo[1])) {
          event.latitude = Number(geo[0]);
          event.longitude = Number(geo[1]);
        }
        break;
      }
    }
  }
  for (const key of ['uid', 'location', 'url'] as const) if (event[key] === undefined) delete event[key];
  readEnd(event, properties, zones, houseZone);
  return { ok: true, event };
}

/** DTEND (exclusive for dates), else DURATION, else one day for all-day events and no end for timed ones. */
function readEnd(event: IcsEvent, properties: JcalProperty[], zones: IcsZones, houseZone: string): void {
  const dtend = timeOf(first(properties, 'dtend'));
  const durationText = textOf(first(properties, 'duration'));
  let endMs: number | undefined;
  if (dtend !== undefined && dtend !== 'invalid') {
    if (!event.allDay) endMs = zones.instant(dtend, event.where);
    else if (dtend.isDate) {
      const { wall } = event.start;
      const days = Math.round((Date.UTC(dtend.wall.year, dtend.wall.month - 1, dtend.wall.day) - Date.UTC(wall.year, wall.month - 1, wall.day)) / 86_400_000);
      if (days > 0) event.length = { days };
      endMs = zones.instant(dtend, event.where);
    }
  } else if (durationText !== undefined) {
    const duration = ICAL.Duration.fromString(durationText);
    if (!duration.isNegative && event.allDay) {
      const days = duration.weeks * 7 + duration.days;
      if (days > 0) {
        event.length = { days };
        endMs = midnight(addDays(event.start.wall, days), houseZone);
      }
    } else if (!duration.isNegative) {
      endMs = event.startMs + duration.toSeconds() * 1000;
    }
  }
  if (event.allDay && event.length === undefined) {
    event.length = { days: 1 };
    endMs = midnight(addDays(event.start.wall, 1), houseZone);
  }
  if (endMs !== undefined && endMs > event.startMs) {
    event.endMs = endMs;
    if (!event.allDay) event.length = { ms: endMs - event.startMs };
  }
}

/** The end of an occurrence that starts at `start`, by the event's length. */
export function occurrenceEnd(event: IcsEvent, start: number, houseZone: string): number | undefined {
  if (event.length === undefined) return undefined;
  if ('ms' in event.length) return start + event.length.ms;
  return midnight(addDays(utcToWall(start, houseZone), event.length.days), houseZone);
}
