import ICAL from 'ical.js';
import { createBatchBuilder, emptyProduction, type BatchBuilder } from './batch.ts';
import { classifyWords, titleRef, type Classified } from './classify.ts';
import { occurrenceEnd, readEvent, type IcsEvent, type Jcal } from './ics-events.ts';
import { splitIcs, type IcsBlock } from './ics-lines.ts';
import { expandSeries, type Occurrence } from './ics-recurrence.ts';
import { createIcsZones, type IcsZones } from './ics-timezones.ts';
import { isoDate, midnight, toIso, utcToWall } from './local-time.ts';
import type { ImportBatch, ImportedPerformance, ImportedVenue, ParseOptions } from './model.ts';
import { progressReporter } from './progress.ts';

/*
 * iCalendar (RFC 5545) to an ImportBatch. ical.js tokenises each VEVENT and iterates
 * its recurrences (bench/parse-ics.ts measures the parse); grouping, recurrence in
 * wall-clock time, zones and refs are ours:
 * - a production is a title: a theatre's feed has one VEVENT per performance, each with
 *   its own UID, so events with the same SUMMARY are one production ('title:' + title);
 * - a single event's performance ref is its UID (a performance moved to another time
 *   stays the same performance); an occurrence of a recurring event is UID + '@' + its
 *   planned start in UTC, which is what a RECURRENCE-ID override names;
 * - an all-day event of an exhibition is the exhibition's run, not a performance.
 */

type IcalComponent = InstanceType<typeof ICAL.Component>;

function isJcal(value: unknown): value is Jcal {
  return Array.isArray(value) && typeof value[0] === 'string' && Array.isArray(value[1]) && Array.isArray(value[2]);
}

const DAY = 86_400_000;
export const DEFAULT_HORIZON_DAYS = 550;

/** One block through ical.js's parser, to jCal. */
function parseBlock(block: IcsBlock): Jcal {
  const parsed: unknown = ICAL.parse(block.lines.join('\r\n'));
  const jcal: unknown = isJcal(parsed) ? parsed : Array.isArray(parsed) ? parsed[0] : undefined;
  if (!isJcal(jcal)) throw new Error('no component found');
  return jcal;
}

function blockWhere(block: IcsBlock): string {
  for (const line of block.lines) {
    if (line.length > 4 && line.slice(0, 4).toUpperCase() === 'UID:') return `VEVENT UID=${line.slice(4).trim()} (line ${block.line})`;
  }
  return `VEVENT at line ${block.line}`;
}

export function parseIcs(text: string, options: ParseOptions): ImportBatch {
  const document = splitIcs(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const builder = createBatchBuilder('ics');
  const vtimezones: IcalComponent[] = [];
  for (const block of document.blocks) {
    if (block.name !== 'VTIMEZONE') continue;
    try {
      vtimezones.push(new ICAL.Component(parseBlock(block)));
    } catch (error) {
      builder.warn(`VTIMEZONE could not be read (${message(error)}): times in it are read by their zone name`, `line ${block.line}`);
    }
  }
  const zones = createIcsZones({ houseZone: options.timeZone, calendarZone: document.properties.get('X-WR-TIMEZONE'), vtimezones });
  const eventBlocks = document.blocks.filter((block) => block.name === 'VEVENT');
  const progress = progressReporter(eventBlocks.length, options.onProgress);
  const events: IcsEvent[] = [];
  eventBlocks.forEach((block, index) => {
    const where = blockWhere(block);
    try {
      const result = readEvent(parseBlock(block), where, zones, options.timeZone);
      if (result.ok) events.push(result.event);
      else builder.skip(where, result.reason);
    } catch (error) {
      builder.skip(where, `could not be read: ${message(error)}`);
    }
    progress.tick(index + 1);
  });

  emitEvents(events, builder, zones, options);

  if (document.continuations > 0) {
    builder.warn(`${document.continuations} line(s) had no property name and were read as the continuation of the line before (a line folded without the leading space)`);
  }
  for (const line of document.unterminated) builder.warn('the component has no END line (is the file cut off?): read up to the next component', `line ${line}`);
  for (const warning of zones.zoneWarnings()) builder.warn(warning.message, warning.where);
  if (eventBlocks.length === 0) builder.warn('the calendar holds no events (no VEVENT)');
  progress.finish();
  return builder.build();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function emitEvents(events: IcsEvent[], builder: BatchBuilder, zones: IcsZones, options: ParseOptions): void {
  const houseZone = options.timeZone;
  const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const horizon = options.now.getTime() + horizonDays * DAY;
  // Occurrences of a series are imported from the start of today (the house's day) on: tonight's still counts.
  const today = utcToWall(options.now.getTime(), houseZone);
  const floor = midnight(today, houseZone);
  const ahead = (id: number, override: IcsEvent) => id >= floor || override.startMs >= floor;
  const masters = new Map<string, IcsEvent[]>();
  const overrides = new Map<string, Map<number, IcsEvent>>();
  const withoutUid: IcsEvent[] = [];
  const classified = new Map<IcsEvent, Classified>();
  const classify = (event: IcsEvent) => {
    let result = classified.get(event);
    if (result === undefined) classified.set(event, (result = classifyWords(event.categories)));
    return result;
  };

  for (const event of events) {
    if (event.uid === undefined) withoutUid.push(event);
    else if (event.recurrenceId !== undefined) {
      const list = overrides.get(event.uid) ?? new Map<number, IcsEvent>();
      overrides.set(event.uid, list);
      const earlier = list.get(event.recurrenceId);
      if (earlier !== undefined) builder.skip(earlier.where, `overridden again by ${event.where} (same RECURRENCE-ID)`);
      list.set(event.recurrenceId, event);
    } else {
      const list = masters.get(event.uid);
      if (list === undefined) masters.set(event.uid, [event]);
      else list.push(event);
    }
  }

  /** An exhibition's run: a single all-day or multi-day event classed as an exhibition. */
  const isRun = (event: IcsEvent) =>
    !event.recurring && classify(event).genres.includes('exhibition') && (event.allDay || (event.endMs ?? event.startMs) - event.startMs > DAY);
  const runsOnly = new Map<string, boolean>();
  for (const event of [...[...masters.values()].flat(), ...withoutUid]) {
    if (event.title === undefined) continue;
    const ref = titleRef(event.title);
    runsOnly.set(ref, (runsOnly.get(ref) ?? true) && isRun(event));
  }

  const venueOf = (event: IcsEvent): string | undefined => {
    if (event.location === undefined) return undefined;
    const venue: ImportedVenue = { ref: event.location, name: event.location, where: event.where };
    if (event.latitude !== undefined && event.longitude !== undefined) Object.assign(venue, { latitude: event.latitude, longitude: event.longitude });
    return builder.addVenue(venue);
  };

  // Most events of a production say the same about it: each distinct saying is merged once.
  const said = new Map<string, { ref: string; run: boolean }>();
  const sayingOf = (event: IcsEvent) =>
    [event.title, event.titleLanguage, event.categories.join('\u0001'), event.descriptionLanguage, event.description === undefined, event.imageUrl === undefined].join('\u0000');

  /** Adds the event's production (or what it adds to it); undefined when the event has no title. */
  const productionOf = (event: IcsEvent): { ref: string; run: boolean } | undefined => {
    if (event.title === undefined) return undefined;
    const saying = sayingOf(event);
    const known = said.get(saying);
    if (known !== undefined && !known.run) return known;
    const ref = titleRef(event.title);
    const words = classify(event);
    const production = emptyProduction(ref, { [event.titleLanguage ?? options.language]: event.title }, event.where);
    production.genres = words.genres;
    production.tags = words.tags;
    if (words.audience !== undefined) production.audience = words.audience;
    if (event.description !== undefined) production.description = { [event.descriptionLanguage ?? options.language]: event.description };
    if (event.imageUrl !== undefined) production.imageUrl = event.imageUrl;
    const run = runsOnly.get(ref) === true;
    if (run) {
      production.kind = 'exhibition';
      production.runsFrom = isoDate(utcToWall(event.startMs, houseZone));
      production.runsUntil = isoDate(utcToWall((event.endMs ?? event.startMs + 1) - 1, houseZone));
      const venueRef = venueOf(event);
      if (venueRef !== undefined) production.venueRef = venueRef;
    }
    builder.addProduction(production);
    said.set(saying, { ref, run });
    return { ref, run };
  };

  const emit = (master: IcsEvent, productionRef: string, ref: string, occurrence: Occurrence | undefined, override: IcsEvent | undefined) => {
    const source = override ?? master;
    const start = override?.startMs ?? occurrence?.start ?? master.startMs;
    const end =
      override !== undefined
        ? (override.endMs ?? (override.length === undefined ? occurrenceEnd(master, start, houseZone) : undefined))
        : occurrence === undefined
          ? master.endMs
          : (occurrence.end ?? occurrenceEnd(master, start, houseZone));
    const performance: ImportedPerformance = {
      ref,
      productionRef,
      startsAt: toIso(start),
      status: source.status === 'cancelled' || master.status === 'cancelled' ? 'cancelled' : 'scheduled',
      prices: [],
      where: override?.where ?? (occurrence === undefined || !master.recurring ? master.where : `${master.where}, occurrence ${toIso(occurrence.id)}`),
    };
    if (end !== undefined && end > start) performance.endsAt = toIso(end);
    if (source.allDay) performance.allDay = true;
    const venueRef = venueOf(source) ?? (override === undefined ? undefined : venueOf(master));
    if (venueRef !== undefined) performance.venueRef = venueRef;
    const url = source.url ?? master.url;
    if (url !== undefined) performance.bookingUrl = url;
    builder.addPerformance(performance);
  };

  for (const [uid, list] of masters) {
    const own = overrides.get(uid) ?? new Map<number, IcsEvent>();
    if (list.length > 1) builder.warn(`UID ${uid} is used by ${list.length} events without RECURRENCE-ID: each is imported as a performance of its own`, list[0]?.where);
    for (const master of list) {
      if (master.title === undefined) {
        builder.skip(master.where, 'has no SUMMARY, so it has no title');
        continue;
      }
      const series = master.recurring ? expandSeries(master.jcal, master.start, { zones, houseZone, horizon, floor, where: master.where }) : undefined;
      if (series !== undefined) {
        for (const problem of series.problems) builder.warn(problem, master.where);
        if (series.occurrences.length === 0 && series.beforeFloor > 0 && series.problems.length === 0 && ![...own].some(([id, override]) => ahead(id, override))) {
          builder.skip(master.where, `every occurrence of the recurrence is before ${isoDate(today)}: nothing left to import`);
          continue;
        }
      }
      const production = productionOf(master);
      if (production === undefined || production.run) continue;
      if (series === undefined) {
        const override = own.get(master.startMs);
        own.delete(master.startMs);
        emit(master, production.ref, list.length > 1 ? `${uid}@${toIso(master.startMs)}` : uid, undefined, override);
        continue;
      }
      const limit = isoDate(utcToWall(horizon, houseZone));
      if (series.openEnded) builder.warn(`the recurrence has no end (no COUNT or UNTIL): performances are imported up to ${limit}, ${horizonDays} days ahead`, master.where);
      else if (series.cutAtHorizon) builder.warn(`the recurrence runs past ${limit}: later performances are imported when they come within ${horizonDays} days`, master.where);
      for (const occurrence of series.occurrences) {
        const override = own.get(occurrence.id);
        own.delete(occurrence.id);
        emit(master, production.ref, `${uid}@${toIso(occurrence.id)}`, occurrence, override);
      }
    }
    // Overrides of occurrences the series does not produce (moved in from an EXDATE, past the horizon).
    const first = list.find((m) => m.title !== undefined && !runsOnly.get(titleRef(m.title)));
    for (const [id, override] of own) {
      if (first === undefined || id > horizon || !ahead(id, override)) continue;
      emit(first, titleRef(first.title as string), `${uid}@${toIso(id)}`, { id, start: override.startMs }, override);
    }
    overrides.delete(uid);
  }

  // Overrides whose series is not in the file: each stands for itself.
  for (const [uid, list] of overrides) {
    for (const [id, override] of list) {
      const production = productionOf(override);
      if (production === undefined) builder.skip(override.where, 'has no SUMMARY, so it has no title (and the event it changes is not in the file)');
      else emit(override, production.ref, `${uid}@${toIso(id)}`, undefined, undefined);
    }
  }

  for (const event of withoutUid) {
    const production = productionOf(event);
    if (production === undefined) builder.skip(event.where, 'has no SUMMARY, so it has no title');
    else if (!production.run) emit(event, production.ref, `${production.ref}@${toIso(event.startMs)}`, undefined, undefined);
  }
  if (withoutUid.length > 0) {
    builder.warn(`${withoutUid.length} event(s) have no UID: they are matched by title and start, so a performance moved to another time is imported as a new one`);
  }
}
