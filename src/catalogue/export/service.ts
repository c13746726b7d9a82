import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { genreByCode } from '../genres.ts';
import { searchWords } from '../model.ts';
import { createRenderCache } from './cache.ts';
import { houseDto, programmeDto } from './dto.ts';
import { buildCalendar } from './ics.ts';
import { exhibitionJsonLd, performanceJsonLd, programmeJsonLd } from './jsonld.ts';
import {
  calendarStart,
  type HouseState,
  houseUrl,
  type Language,
  pick,
  pricesFor,
  type ProgrammeFilter,
  type PublicPerformance,
  type PublicPrice,
  type PublicProduction,
  type PublicUrls,
  resolveWindow,
  windowDays,
} from './model.ts';
import * as store from './store.ts';

/** A public answer, ready to send: the bytes and what caching needs. */
export interface Rendered {
  body: Buffer;
  contentType: string;
  /** Strong: the same catalogue version and query give the same bytes. */
  etag: string;
  /** The latest change of the house's catalogue (HTTP date). */
  lastModified: string;
  version: string;
  /** The language of names and texts (Content-Language); null where both are given. */
  contentLanguage: Language | null;
  /** The body gzipped, made on the first request that accepts it (see gzipped). */
  gzip: Buffer | null;
}

/**
 * The gzipped body, compressed once per rendering: a page of 50 with texts in two
 * languages is ~100 kB and shrinks about tenfold, and compressing per request would cost
 * more than everything else a cached answer does.
 */
export function gzipped(rendered: Rendered): Buffer {
  rendered.gzip ??= gzipSync(rendered.body, { level: 6 });
  return rendered.gzip;
}

export interface ProgrammeQuery {
  from?: string;
  to?: string;
  /** One genre code or several, comma-separated (any of them). */
  genre?: string;
  audience?: string;
  /** A unit slug or id. */
  unit?: string;
  q?: string;
  productionId?: string;
  limit: number;
  offset: number;
  lang?: Language;
}

export type CalendarScope = { kind: 'house' } | { kind: 'unit'; unitSlug: string } | { kind: 'production'; productionSlug: string };

export interface PublicProgrammeOptions {
  database: Database;
  clock: Clock;
  /** The origin Foyer is reached at: links and iCalendar UIDs are built from it. */
  publicUrl: string;
  /** Rendered pages kept in memory; 0 renders every request (for measuring). */
  cacheEntries?: number;
  cacheBytes?: number;
  /**
   * How long one reading of a house's catalogue version serves requests, per process.
   * A second means a change shows up to a second late; portals cache for a minute anyway.
   */
  versionTtlMs?: number;
}

const contentTypes = {
  json: 'application/json; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
} as const;

/** The most performances one calendar feed carries: a few seasons of a large house. */
const calendarLimit = 5000;

/**
 * The public, read-only programme for portals, city calendars and search engines.
 *
 * The house and its catalogue version are read in one indexed query (at most once a
 * second per process); the rendered bytes are kept per house and query in a bounded LRU
 * and reused while that version holds, so a change shows on the next reading, in every
 * process alike. Measured in bench/public-programme.ts: rendering a page of 50 costs
 * milliseconds; a cache hit costs microseconds and no database work.
 */
export function createPublicProgrammeService(options: PublicProgrammeOptions) {
  const { database, clock } = options;
  const db = database.db;
  const urls: PublicUrls = { base: options.publicUrl.replace(/\/$/, '') };
  const uidHost = new URL(urls.base).hostname;
  const cache = createRenderCache<Rendered>({ entries: options.cacheEntries ?? 500, bytes: options.cacheBytes ?? 64 * 1024 * 1024 });
  const inflight = new Map<string, Promise<Rendered>>();

  const versionTtlMs = options.versionTtlMs ?? 1000;
  // Only houses that exist are remembered, so unknown slugs cannot grow this map.
  const states = new Map<string, { state: HouseState; readAt: number }>();
  const stateReads = new Map<string, Promise<HouseState | undefined>>();

  /**
   * The house and its catalogue version. Reading the version is the only database work
   * of a cached answer; at thousands of requests a second, one reading per second per
   * process serves them all, and concurrent readers share one query.
   */
  async function houseState(slug: string): Promise<HouseState> {
    const now = clock.now().getTime();
    const known = states.get(slug);
    if (known !== undefined && now - known.readAt < versionTtlMs && now >= known.readAt) return known.state;
    let read = stateReads.get(slug);
    if (read === undefined) {
      read = store.findHouseState(db, slug).finally(() => stateReads.delete(slug));
      stateReads.set(slug, read);
    }
    const state = await read;
    if (state === undefined) {
      states.delete(slug);
      throw notFound('house', slug);
    }
    states.set(slug, { state, readAt: now });
    return state;
  }

  /** The cached rendering of `key` at the house's current version, rendering it once if missing. */
  async function rendered(
    state: HouseState,
    key: string,
    type: keyof typeof contentTypes,
    contentLanguage: Language | null,
    render: () => Promise<string>,
  ): Promise<Rendered> {
    const fullKey = `${state.house.id}|${key}`;
    const hit = cache.get(fullKey);
    if (hit !== undefined && hit.version === state.version) return hit;
    // Concurrent misses of the same page share one rendering.
    const flightKey = `${fullKey}|${state.version}`;
    const pending = inflight.get(flightKey);
    if (pending !== undefined) return pending;
    const promise = (async () => {
      const body = Buffer.from(await render(), 'utf8');
      const etag = `"${createHash('sha1').update(state.version).update('\n').update(fullKey).digest('base64url').slice(0, 27)}"`;
      const entry: Rendered = {
        body,
        contentType: contentTypes[type],
        etag,
        lastModified: new Date(state.lastModified).toUTCString(),
        version: state.version,
        contentLanguage,
        gzip: null,
      };
      cache.set(fullKey, entry);
      return entry;
    })();
    inflight.set(flightKey, promise);
    try {
      return await promise;
    } finally {
      inflight.delete(flightKey);
    }
  }

  /**
   * The cache key of a programme query, from its raw values: this runs on every request,
   * so it parses nothing (the filter is only built when a page is rendered). Spellings
   * that mean the same give separate entries, which costs a rendering, never a wrong page.
   */
  function programmeKey(query: ProgrammeQuery, now: Date): string {
    const from = query.from ?? `minute:${Math.floor(now.getTime() / 60_000)}`;
    return [from, query.to, query.genre, query.audience, query.unit, query.q, query.productionId, query.limit, query.offset].join('\u001f');
  }

  function programmeFilter(query: ProgrammeQuery, state: HouseState, now: Date): ProgrammeFilter {
    const genres = query.genre === undefined ? [] : [...new Set(query.genre.split(',').map((g) => g.trim()).filter((g) => g !== ''))].sort();
    for (const code of genres) {
      if (genreByCode(code) === undefined) throw invalid('genre', `unknown genre "${code}"; GET /api/vocabulary lists the codes`);
    }
    const window = resolveWindow(query, state.house.timeZone, now);
    if (window.to !== null && window.to <= window.from) throw invalid('to', 'must be after from');
    return {
      from: window.from,
      to: window.to,
      genres,
      audience: query.audience ?? null,
      unit: query.unit ?? null,
      productionId: query.productionId ?? null,
      words: query.q === undefined ? [] : searchWords(query.q),
    };
  }

  async function withPrices(houseId: string, performances: PublicPerformance[], exhibitions: PublicProduction[]) {
    const prices = await store.listPrices(db, houseId, [...performances.map((p) => p.production.id), ...exhibitions.map((e) => e.id)]);
    for (const performance of performances) performance.prices = pricesFor(performance.id, performance.production.id, prices);
    const exhibitionPrices = (production: PublicProduction): PublicPrice[] =>
      prices.filter((price) => price.productionId === production.id && price.performanceId === null);
    return { performances, exhibitions: exhibitions.map((production) => ({ production, prices: exhibitionPrices(production) })) };
  }

  async function programmePage(state: HouseState, filter: ProgrammeFilter, page: { limit: number; offset: number }) {
    const houseId = state.house.id;
    const [performances, total, exhibitions] = await Promise.all([
      store.listPerformances(db, houseId, filter, page),
      store.countPerformances(db, houseId, filter),
      store.listExhibitions(db, houseId, filter, windowDays(filter, state.house.timeZone)),
    ]);
    return { total, ...(await withPrices(houseId, performances, exhibitions)) };
  }

  function language(state: HouseState, requested: Language | undefined): Language {
    return requested ?? state.house.defaultLanguage;
  }

  return {
    async house(slug: string): Promise<Rendered> {
      const state = await houseState(slug);
      return rendered(state, 'house', 'json', null, async () => {
        const [units, venues] = await Promise.all([store.listUnits(db, state.house.id), store.listVenuesWithHalls(db, state.house.id)]);
        return JSON.stringify(houseDto(state.house, units, venues, urls));
      });
    },

    /** The JSON programme: a page of performances in both languages, and the exhibitions running in the window. */
    async programme(slug: string, query: ProgrammeQuery): Promise<Rendered> {
      const state = await houseState(slug);
      const now = clock.now();
      const page = { limit: query.limit, offset: query.offset };
      return rendered(state, `programme|${programmeKey(query, now)}`, 'json', null, async () => {
        const result = await programmePage(state, programmeFilter(query, state, now), page);
        return JSON.stringify(programmeDto({ ...result, ...page }, state.house, urls));
      });
    },

    /**
     * The programme as schema.org JSON-LD. Exhibitions come on the first page only, so a
     * consumer walking all pages sees each event once.
     */
    async programmeJsonLd(slug: string, query: ProgrammeQuery): Promise<Rendered> {
      const state = await houseState(slug);
      const now = clock.now();
      const page = { limit: query.limit, offset: query.offset };
      const lang = language(state, query.lang);
      return rendered(state, `programme.jsonld|${lang}|${programmeKey(query, now)}`, 'jsonld', lang, async () => {
        const result = await programmePage(state, programmeFilter(query, state, now), page);
        const jsonLdOptions = { language: lang, urls };
        const events = result.performances.map((performance) => performanceJsonLd(performance, state.house, jsonLdOptions));
        const exhibitions =
          page.offset === 0 ? result.exhibitions.map(({ production, prices }) => exhibitionJsonLd(production, prices, state.house, jsonLdOptions)) : [];
        return JSON.stringify(programmeJsonLd([...events, ...exhibitions]));
      });
    },

    async performanceJsonLd(slug: string, performanceId: string, lang?: Language): Promise<Rendered> {
      const state = await houseState(slug);
      const language_ = language(state, lang);
      return rendered(state, `performance.jsonld|${language_}|${performanceId}`, 'jsonld', language_, async () => {
        const performance = await store.findPerformance(db, state.house.id, performanceId);
        if (performance === undefined) throw notFound('performance', performanceId);
        await withPrices(state.house.id, [performance], []);
        return JSON.stringify(performanceJsonLd(performance, state.house, { language: language_, urls, standalone: true }));
      });
    },

    /** A subscribable iCalendar feed of the house, one unit or one production, from a month ago on. */
    async calendar(slug: string, scope: CalendarScope, lang?: Language): Promise<Rendered> {
      const state = await houseState(slug);
      const { house } = state;
      const language_ = language(state, lang);
      const from = calendarStart(clock.now());
      const scopeKey = scope.kind === 'house' ? 'house' : scope.kind === 'unit' ? `unit:${scope.unitSlug}` : `production:${scope.productionSlug}`;
      // The feed names its own URL, with ?lang only when it was asked for: /calendar.ics and
      // /calendar.ics?lang=de are two bodies even in a house that speaks German first.
      const feedQuery = lang === undefined ? '' : `?lang=${lang}`;
      return rendered(state, `calendar|${language_}|${feedQuery}|${scopeKey}|${from}`, 'ics', language_, async () => {
        const filter: ProgrammeFilter = { from, to: null, genres: [], audience: null, unit: null, productionId: null, words: [] };
        let name = house.name;
        let feedPath = `${houseUrl(urls, house)}/calendar.ics`;
        if (scope.kind === 'unit') {
          const unit = await store.findUnitBySlug(db, house.id, scope.unitSlug);
          if (unit === undefined) throw notFound('unit', scope.unitSlug);
          filter.unit = unit.id;
          name = `${house.name}: ${pick(unit.name, language_) ?? unit.slug}`;
          feedPath = `${houseUrl(urls, house)}/units/${encodeURIComponent(unit.slug)}/calendar.ics`;
        } else if (scope.kind === 'production') {
          const production = await store.findProductionBySlug(db, house.id, scope.productionSlug);
          if (production === undefined) throw notFound('production', scope.productionSlug);
          filter.productionId = production.id;
          name = `${house.name}: ${pick({ de: production.title_de, en: production.title_en }, language_) ?? production.slug}`;
          feedPath = `${houseUrl(urls, house)}/productions/${encodeURIComponent(production.slug)}/calendar.ics`;
        }
        const [performances, exhibitions] = await Promise.all([
          store.listPerformances(db, house.id, filter, { limit: calendarLimit, offset: 0 }),
          store.listExhibitions(db, house.id, filter, windowDays(filter, house.timeZone)),
        ]);
        const withPriceList = await withPrices(house.id, performances, exhibitions);
        return buildCalendar({
          house,
          name,
          language: language_,
          uidHost,
          url: `${feedPath}${feedQuery}`,
          performances: withPriceList.performances,
          exhibitions: withPriceList.exhibitions,
        });
      });
    },
  };
}

export type PublicProgrammeService = ReturnType<typeof createPublicProgrammeService>;
