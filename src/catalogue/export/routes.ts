import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../core/http/schemas.ts';
import { audiences } from '../genres.ts';
import { gzipped, type PublicProgrammeService, type Rendered } from './service.ts';

/*
 * The public, read-only routes under /public: no login, CORS open to every origin,
 * cacheable. Bodies are rendered and cached by the service as bytes, so a handler only
 * picks the answer and sets the caching headers (sendRendered below).
 */

const slug = z.string().min(1).max(120);
const lang = z.enum(['de', 'en']).optional().describe('language of names and texts; default: the house default');
const dateOrInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('a date (a whole day in the house time zone) or an ISO instant with offset');

const houseParams = z.object({ houseSlug: slug });

const programmeQuery = z.object({
  from: dateOrInstant.optional().describe('default: now'),
  to: dateOrInstant.optional(),
  genre: z.string().max(300).optional().describe('genre code, or several comma-separated (any of them)'),
  audience: z.enum(audiences).optional(),
  unit: z.string().max(120).optional().describe('unit slug'),
  q: z.string().max(200).optional().describe('free text in German and English'),
  productionId: z.string().max(64).optional(),
  lang,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const localized = z.object({ de: z.string().nullable(), en: z.string().nullable() });
const venue = z
  .object({
    id: z.string(),
    name: z.string(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
  })
  .meta({ id: 'PublicVenue' });
const price = z.object({ amountMinor: z.number().int(), currency: z.string() }).nullable().describe('the lowest regular price');
const productionFields = {
  id: z.string(),
  slug: z.string(),
  kind: z.enum(['staged', 'exhibition']),
  title: localized,
  subtitle: localized,
  description: localized,
  genres: z.array(z.object({ code: z.string(), de: z.string(), en: z.string() })),
  tags: z.array(z.string()),
  audience: z.string(),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
  durationMinutes: z.number().int().nullable(),
  performanceLanguage: z.string().nullable(),
  surtitles: z.array(z.string()),
  accessibility: z.array(z.string()),
  performers: z.array(z.object({ name: z.string(), role: z.string().nullable() })),
  imageUrl: z.string().nullable(),
  unit: z.object({ slug: z.string(), name: localized }).nullable(),
  calendar: z.string().describe('its iCalendar feed'),
};
export const productionSchema = z.object(productionFields).meta({ id: 'PublicProduction' });

export const programmeItemSchema = z
  .object({
    id: z.string(),
    productionId: z.string().describe('one of `productions`'),
    startsAt: z.string().describe('UTC instant'),
    endsAt: z.string().nullable(),
    localStart: z.string().describe('start in the house time zone, with offset'),
    status: z.enum(['scheduled', 'cancelled', 'rescheduled', 'sold_out']),
    rescheduledFrom: z.string().nullable(),
    note: localized,
    hall: z.string().nullable().describe('the hall name'),
    venueId: z.string().nullable().describe('one of `venues`'),
    priceFrom: price,
    free: z.boolean(),
    bookingUrl: z.string().nullable(),
    jsonLd: z.string().describe('this performance as schema.org JSON-LD'),
  })
  .meta({ id: 'PublicPerformance' });

export const exhibitionSchema = z
  .object({
    ...productionFields,
    runsFrom: z.string().nullable(),
    runsUntil: z.string().nullable(),
    openingHours: z.unknown(),
    venueId: z.string().nullable().describe('one of `venues`'),
    priceFrom: price,
    free: z.boolean(),
    bookingUrl: z.string().nullable(),
  })
  .meta({ id: 'PublicExhibition' });

export const programmeSchema = z
  .object({
    house: z.object({ slug: z.string(), name: z.string(), timeZone: z.string(), defaultLanguage: z.string() }),
    items: z.array(programmeItemSchema).describe('performances in start order'),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    productions: z.array(productionSchema).describe('each production of this page once, with its texts in German and English'),
    venues: z.array(venue).describe('each venue of this page once'),
    exhibitions: z.array(exhibitionSchema).describe('exhibitions running in the window; not paginated'),
  })
  .meta({ id: 'PublicProgramme' });

export const publicHouseSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    timeZone: z.string(),
    languages: z.array(z.string()),
    defaultLanguage: z.string(),
    currency: z.string(),
    address: z.object({ street: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable(), country: z.string().nullable() }),
    website: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    units: z.array(z.object({ slug: z.string(), name: localized, calendar: z.string() })),
    venues: z.array(venue.extend({ halls: z.array(z.string()) }).meta({ id: 'PublicVenueWithHalls' })),
    links: z.object({ programme: z.string(), programmeJsonLd: z.string(), calendar: z.string() }),
  })
  .meta({ id: 'PublicHouse' });

const jsonLdDocument = z.record(z.string(), z.unknown()).describe('schema.org JSON-LD (application/ld+json)');
const calendarText = z.string().describe('iCalendar (text/calendar)');

const errors = { 400: errorResponse, 404: errorResponse };

export interface PublicRoutesOptions {
  publicProgramme: PublicProgrammeService;
}

/** RFC 9110 weak comparison: W/"x" matches "x"; '*' matches anything. */
function matches(ifNoneMatch: string | undefined, etags: readonly string[]): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || etags.includes(candidate.replace(/^W\//, ''));
  });
}

/** Whether the client takes gzip: named in Accept-Encoding and not refused with q=0. */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    return (coding === 'gzip' || coding === '*') && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/** Small bodies are not worth a content coding. */
const gzipMinBytes = 1024;

/**
 * Caching for portals and calendar clients: a minute fresh, then served stale while
 * revalidating; the ETag stands for the house's catalogue version and the query. Only
 * If-None-Match gives a 304: Last-Modified cannot see a deletion, so a date alone is not
 * trusted to mean "unchanged".
 */
function sendRendered(request: FastifyRequest, reply: FastifyReply, rendered: Rendered): FastifyReply {
  // The gzipped body is another representation, so it gets its own strong ETag.
  const gzipEtag = `${rendered.etag.slice(0, -1)}-gz"`;
  const gzip = rendered.body.length >= gzipMinBytes && acceptsGzip(request.headers['accept-encoding']);
  void reply
    .header('cache-control', 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400')
    .header('vary', 'Accept-Encoding')
    .header('etag', gzip ? gzipEtag : rendered.etag)
    .header('last-modified', rendered.lastModified);
  if (rendered.contentLanguage !== null) void reply.header('content-language', rendered.contentLanguage);
  if (matches(request.headers['if-none-match'], [rendered.etag, gzipEtag])) return reply.code(304).send();
  if (gzip) return reply.type(rendered.contentType).header('content-encoding', 'gzip').send(gzipped(rendered));
  return reply.type(rendered.contentType).send(rendered.body);
}

export const publicProgrammeRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { publicProgramme }) => {
  // Only these routes are open to every origin: staff routes never get this header.
  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'ETag, Last-Modified');
  });

  // Preflight for browsers that send If-None-Match themselves from a portal's script.
  app.options('/houses/*', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', 'If-None-Match, If-Modified-Since')
      .header('access-control-max-age', '86400')
      .code(204)
      .send(),
  );

  // No credentials: an empty security list tells /api/docs that these routes are open.
  const docs = { tags: ['public'], security: [] };

  app.get(
    '/houses/:houseSlug',
    { schema: { ...docs, summary: 'The house: address, units, venues and feed links', params: houseParams, response: { 200: publicHouseSchema, ...errors } } },
    async (request, reply) => sendRendered(request, reply, await publicProgramme.house(request.params.houseSlug)),
  );

  app.get(
    '/houses/:houseSlug/programme',
    {
      schema: {
        ...docs,
        summary: 'The programme: performances in start order with texts in German and English',
        params: houseParams,
        querystring: programmeQuery,
        response: { 200: programmeSchema, ...errors },
      },
    },
    async (request, reply) => sendRendered(request, reply, await publicProgramme.programme(request.params.houseSlug, request.query)),
  );

  app.get(
    '/houses/:houseSlug/programme.jsonld',
    {
      schema: {
        ...docs,
        summary: 'The programme as schema.org JSON-LD (@graph of Events)',
        params: houseParams,
        querystring: programmeQuery,
        response: { 200: jsonLdDocument, ...errors },
      },
    },
    async (request, reply) => sendRendered(request, reply, await publicProgramme.programmeJsonLd(request.params.houseSlug, request.query)),
  );

  app.get(
    '/houses/:houseSlug/performances/:id.jsonld',
    {
      schema: {
        ...docs,
        summary: 'One performance as a schema.org Event',
        params: houseParams.extend({ id: z.string().min(1).max(64) }),
        querystring: z.object({ lang }),
        response: { 200: jsonLdDocument, ...errors },
      },
    },
    async (request, reply) =>
      sendRendered(request, reply, await publicProgramme.performanceJsonLd(request.params.houseSlug, request.params.id, request.query.lang)),
  );

  app.get(
    '/houses/:houseSlug/calendar.ics',
    {
      schema: { ...docs, summary: 'Subscribable iCalendar feed of the house', params: houseParams, querystring: z.object({ lang }), response: { 200: calendarText, ...errors } },
    },
    async (request, reply) => sendRendered(request, reply, await publicProgramme.calendar(request.params.houseSlug, { kind: 'house' }, request.query.lang)),
  );

  app.get(
    '/houses/:houseSlug/units/:unitSlug/calendar.ics',
    {
      schema: {
        ...docs,
        summary: 'Subscribable iCalendar feed of one unit',
        params: houseParams.extend({ unitSlug: slug }),
        querystring: z.object({ lang }),
        response: { 200: calendarText, ...errors },
      },
    },
    async (request, reply) =>
      sendRendered(
        request,
        reply,
        await publicProgramme.calendar(request.params.houseSlug, { kind: 'unit', unitSlug: request.params.unitSlug }, request.query.lang),
      ),
  );

  app.get(
    '/houses/:houseSlug/productions/:productionSlug/calendar.ics',
    {
      schema: {
        ...docs,
        summary: 'Subscribable iCalendar feed of one production',
        params: houseParams.extend({ productionSlug: slug }),
        querystring: z.object({ lang }),
        response: { 200: calendarText, ...errors },
      },
    },
    async (request, reply) =>
      sendRendered(
        request,
        reply,
        await publicProgramme.calendar(
          request.params.houseSlug,
          { kind: 'production', productionSlug: request.params.productionSlug },
          request.query.lang,
        ),
      ),
  );
};
