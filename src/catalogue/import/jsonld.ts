import { genreForWord } from '../genres.ts';
import { createBatchBuilder, emptyProduction } from './batch.ts';
import { classifyWords, oneLine, splitWords, titleRef } from './classify.ts';
import { extractJsonLd, type Json, type JsonObject } from './jsonld-extract.ts';
import {
  eventStatus, imageUrl, isEvent, languageCode, list, localized, location, nodes, offers, people, plain,
  typesOf, type Ids,
} from './jsonld-values.ts';
import { addDays, midnight, parseIsoDateTime, toIso, wallOfMs } from './local-time.ts';
import { ageRange, durationMinutes } from './measures.ts';
import type { ImportBatch, ImportedPerformance, ImportedProduction, ParseOptions, Person } from './model.ts';
import { progressReporter } from './progress.ts';

/*
 * schema.org JSON-LD to an ImportBatch. The production is what the performances are
 * of: the superEvent, the workPresented, the event holding subEvents, or else the
 * event's own name (same name, same production, as in iCalendar). A Festival is a
 * frame, not a production: its events keep it as a tag and the festival genre.
 * An ExhibitionEvent over days is the exhibition's run, not a performance.
 */

const DAY = 86_400_000;
const teamRoles = ['director', 'composer', 'author', 'choreographer', 'lyricist', 'translator'] as const;

interface Frame {
  /** The production the event belongs to, when a parent or work says so. */
  production?: ImportedProduction;
  festival?: string;
  /** The node read as a production is a superEvent: its url is the production's page. */
  ownsPage?: boolean;
  /** A parent's location, for subEvents that name none. */
  location?: Json;
}

function child(where: string, key: string, index: number): string {
  return where === 'the document' ? `${key}[${index}]` : `${where}.${key}[${index}]`;
}

export function parseJsonLd(text: string, options: ParseOptions): ImportBatch {
  const extracted = extractJsonLd(text);
  const builder = createBatchBuilder('jsonld');
  for (const skip of extracted.skipped) builder.skip(skip.where, skip.reason);
  const ids: Ids = extracted.byId;
  const currency = options.currency ?? 'EUR';
  const events = extracted.nodes.filter((top) => isEvent(top.node));
  const done = new Set<JsonObject>();
  // Events that others name as their superEvent are productions or festivals, not performances.
  const parentsNamed = new Set<JsonObject>();
  for (const { node } of events) for (const parent of nodes(node.superEvent, ids)) parentsNamed.add(parent);
  const progress = progressReporter(events.length, options.onProgress);

  /**
   * A production from a node that stands for one: a work or a parent event (known by
   * its @id), or a performance's own event (known by its title, as its @id is the
   * performance's).
   */
  function productionOf(node: JsonObject, where: string, frame: Frame = {}, isPerformance = false): ImportedProduction | undefined {
    const title = localized(node.name, options.language);
    const first = title?.[options.language] ?? title?.de ?? title?.en;
    if (title === undefined || first === undefined) return undefined;
    const id = isPerformance ? undefined : plain(node['@id']);
    const production = emptyProduction(id ?? titleRef(first), title, where);
    addDetails(production, node, where, !isEvent(node) || node.subEvent !== undefined || frame.ownsPage === true);
    if (frame.festival !== undefined) {
      production.genres.push('festival');
      production.tags.push(frame.festival);
    }
    return builder.addProduction(production);
  }

  /**
   * What a node says about its production: genres, texts, people, age, length, image;
   * its url too when the node is the production's own (a work, a parent event), not
   * one performance's page.
   */
  function addDetails(production: ImportedProduction, node: JsonObject, where: string, ownsUrl = false): void {
    const fromTypes = typesOf(node).flatMap((type) => genreForWord(type) ?? []);
    const words = [...list(node.genre), ...list(node.keywords)].flatMap((word) => splitWords(plain(word) ?? ''));
    const classified = classifyWords(words);
    const audienceWords = nodes(node.audience, ids).flatMap((a) => splitWords(plain(a.audienceType) ?? ''));
    const audience = typesOf(node).includes('ChildrensEvent') ? 'children' : (classified.audience ?? classifyWords(audienceWords).audience);
    const { min, max } = ageRange(plain(node.typicalAgeRange));
    const team: Person[] = teamRoles.flatMap((role) => people(node[role], ids, role));
    builder.addProduction({
      ...emptyProduction(production.ref, production.title, where),
      genres: [...fromTypes, ...classified.genres],
      tags: classified.tags,
      performers: people(node.performer ?? node.performers, ids),
      creativeTeam: team,
      ...defined({
        description: localized(node.description, options.language, true),
        subtitle: localized(node.alternativeHeadline ?? node.disambiguatingDescription, options.language),
        audience,
        ageMin: min,
        ageMax: max,
        durationMinutes: durationMinutes(plain(node.duration)),
        performanceLanguage: languageCode(node.inLanguage, ids),
        imageUrl: imageUrl(node.image, ids),
        bookingUrl: ownsUrl ? oneLine(plain(node.url)) : undefined,
      }),
    });
  }

  /** One event that is a performance (or an exhibition's run) of the frame's production. */
  function performanceOf(node: JsonObject, where: string, frame: Frame): void {
    done.add(node);
    const startText = plain(node.startDate);
    if (startText === undefined) {
      builder.skip(where, 'has no startDate, so it has no date');
      return;
    }
    const start = parseIsoDateTime(startText, options.timeZone);
    if (start === undefined) {
      builder.skip(where, `startDate "${startText}" is not a date (expected e.g. 2026-12-24T19:30:00+01:00)`);
      return;
    }
    const work = nodes(node.workPresented, ids)[0];
    const superEvent = nodes(node.superEvent, ids)[0];
    const festival = frame.festival ?? (superEvent !== undefined && typesOf(superEvent).includes('Festival') ? oneLine(plain(superEvent.name)) : undefined);
    const own: Frame = festival === undefined ? {} : { festival };
    let production = frame.production;
    if (production === undefined && superEvent !== undefined && festival === undefined) production = productionOf(superEvent, where, { ownsPage: true });
    if (production === undefined && work !== undefined) production = productionOf(work, where, own);
    if (production !== undefined) addDetails(production, node, where);
    else production = productionOf(node, where, own, true);
    if (production === undefined) {
      builder.skip(where, 'has no name, so it has no title');
      return;
    }
    const endText = plain(node.endDate);
    const end = endText === undefined ? undefined : parseIsoDateTime(endText, options.timeZone);
    if (endText !== undefined && end === undefined) builder.warn(`endDate "${endText}" is not a date: left out`, where);
    const place = location(node.location ?? frame.location, ids, where);
    const venueRef = place.venue === undefined ? undefined : builder.addVenue(place.venue);

    const isExhibition = typesOf(node).includes('ExhibitionEvent') || production.genres.includes('exhibition');
    if (isExhibition && (start.dateOnly || (end !== undefined && end.ms - start.ms > DAY))) {
      // The run of an exhibition: the batch makes it an exhibition if no performance joins it.
      builder.addProduction({
        ...emptyProduction(production.ref, production.title, where),
        runsFrom: start.date,
        runsUntil: end?.date ?? start.date,
        ...defined({ venueRef }),
      });
      return;
    }

    const status = eventStatus(node.eventStatus);
    const offered = offers(node.offers, ids, currency, options.language);
    for (const problem of offered.problems) builder.warn(problem, where);
    if (status === 'postponed') builder.warn('postponed (EventPostponed) without a new date: imported as cancelled on the date the page gives', where);
    if (status === 'moved_online') builder.warn('moved online (EventMovedOnline): imported as scheduled, check the venue', where);
    const previous = plain(list(node.previousStartDate)[0]);
    const planned = status === 'rescheduled' && previous !== undefined ? parseIsoDateTime(previous, options.timeZone) : undefined;
    const performance: ImportedPerformance = {
      ref: plain(node['@id']) ?? `${production.ref}@${toIso((planned ?? start).ms)}`,
      productionRef: production.ref,
      startsAt: toIso(start.ms),
      status: status === 'cancelled' || status === 'postponed' ? 'cancelled' : status === 'rescheduled' ? 'rescheduled' : offered.soldOut ? 'sold_out' : 'scheduled',
      prices: offered.prices,
      where,
    };
    const duration = durationMinutes(plain(node.duration));
    let endsAt = end?.ms;
    if (start.dateOnly) {
      performance.allDay = true;
      endsAt = midnight(addDays(wallOfMs(Date.parse(`${end?.date ?? start.date}T00:00:00Z`)), 1), options.timeZone);
    } else if (end?.dateOnly === true) endsAt = undefined;
    else if (endsAt === undefined && duration !== undefined) endsAt = start.ms + duration * 60_000;
    Object.assign(performance, defined({
      endsAt: endsAt !== undefined && endsAt > start.ms ? toIso(endsAt) : undefined,
      venueRef,
      hallName: place.hallName,
      capacity: typeof node.maximumAttendeeCapacity === 'number' ? node.maximumAttendeeCapacity : undefined,
      bookingUrl: offered.url ?? oneLine(plain(node.url)),
    }));
    builder.addPerformance(performance);
  }

  const parents = events.filter((top) => top.node.subEvent !== undefined);
  const ordered = [...parents, ...events.filter((top) => top.node.subEvent === undefined)];
  ordered.forEach(({ node, where }, index) => {
    progress.tick(index + 1);
    if (done.has(node)) return;
    const subEvents = nodes(node.subEvent, ids);
    if (subEvents.length === 0) {
      if (!parentsNamed.has(node)) performanceOf(node, where, {});
      return;
    }
    done.add(node);
    const isFestival = typesOf(node).includes('Festival');
    const festival = isFestival ? (oneLine(plain(node.name)) ?? 'Festival') : undefined;
    const production = isFestival ? undefined : productionOf(node, where);
    if (!isFestival && production === undefined) builder.warn('an event with subEvents has no name: each subEvent is read on its own', where);
    subEvents.forEach((sub, i) => {
      if (done.has(sub)) return;
      performanceOf(sub, child(where, 'subEvent', i), { ...defined({ production, festival, location: node.location }) });
    });
  });
  if (events.length === 0) {
    const found = [...new Set(extracted.nodes.flatMap((top) => typesOf(top.node)))];
    builder.warn(`no schema.org Event found${found.length > 0 ? ` (found: ${found.slice(0, 8).join(', ')})` : ''}`);
  }
  progress.finish();
  return builder.build();
}

/** The entries whose value is defined, for optional fields. */
function defined<T extends Record<string, unknown>>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) result[key] = value;
  return result as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
