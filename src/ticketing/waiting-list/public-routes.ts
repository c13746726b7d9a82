import { sendPublicPage } from '../../core/http/public-page.ts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import { handleError, statusByCode } from '../../core/http/errors.ts';
import type { RateLimit } from '../../core/http/rate-limit.ts';
import { commonErrors, errorResponse } from '../../core/http/schemas.ts';
import { createHouseResolver } from '../public-routes.ts';
import { bookedPage, messagePage, type MessageKind, offerPage, offerPageCsp } from './page.ts';
import { joinDto, joinInput, leaveQuery, offerFormBody, offerPageQuery, offerPostQuery } from './schemas.ts';
import type { OfferOutcome } from './offer-page.ts';
import type { WaitingList } from './service.ts';
import { type Language, languageOf } from './texts.ts';

/*
 * The public side of the waiting list: joining and leaving (JSON, for the booking widget
 * on the house's own site, open to every origin), and the offer page the mail links to
 * (HTML with a plain form, posting back to Foyer). The offer link's secret is the hold's
 * token: pages are never cached and send no Referer.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An HTML page of the waiting list: its errors are pages too. */
    waitingListPage?: boolean;
  }
}

const tags = ['public ticketing'];
const html = z.string().describe('an HTML page');
const houseParams = z.object({ houseSlug: z.string().min(1).max(100) });
const performanceParams = houseParams.extend({ performanceId: z.uuid() });
const entryParams = z.object({ entryId: z.uuid() });

export interface PublicWaitingListOptions {
  waitingList: WaitingList;
  catalogue: CatalogueService;
  clock: Clock;
  rateLimits: { publicPerIp: number; bookingPerIp: number };
}

function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return sendPublicPage(reply, offerPageCsp, body, status);
}

function sendOutcome(reply: FastifyReply, outcome: OfferOutcome): FastifyReply {
  switch (outcome.kind) {
    case 'open':
      return sendPage(reply, offerPage(outcome.view, outcome.form), outcome.status);
    case 'booked':
      return sendPage(reply, bookedPage(outcome.language, outcome.house, outcome.order, outcome.again), outcome.again ? 200 : 201);
    case 'ranOut':
      return sendPage(reply, messagePage(outcome.language, 'ranOut', outcome.houseName), 410);
  }
}

function languageOfRequest(request: FastifyRequest): Language {
  const query = request.query as { lang?: unknown } | undefined;
  if (query?.lang === 'en' || query?.lang === 'de') return query.lang;
  return languageOf((request.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'de');
}

/** What a refused page request shows; null: not a page, or an error only the central handler knows. */
function pageFor(error: FastifyError | Error): { status: number; kind: MessageKind } | null {
  if (hasZodFastifySchemaValidationErrors(error)) return { status: 400, kind: 'badRequest' };
  if (!(error instanceof DomainError)) return null;
  switch (error.code) {
    case 'not_found':
      return { status: 404, kind: 'notFound' };
    case 'rate_limited':
      return { status: 429, kind: 'tooMany' };
    case 'busy':
      // Many bookings at once: the same words as too many requests, "wait a moment and try again".
      return { status: 503, kind: 'tooMany' };
    default:
      return { status: statusByCode[error.code], kind: 'badRequest' };
  }
}

/** An unknown link and a wrong token are the same 404 page; the JSON routes and the unexpected go to the central handler. */
function handlePageError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const shown = request.routeOptions.config.waitingListPage === true ? pageFor(error) : null;
  if (shown === null) {
    handleError(error, request, reply);
    return;
  }
  if (error instanceof DomainError && error.code === 'busy') void reply.header('retry-after', '1');
  if (error instanceof DomainError && error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  void sendPage(reply, messagePage(languageOfRequest(request), shown.kind), shown.status);
}

/** Repeated fields become lists; the service takes the first of each. */
function parseForm(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const before = result[key];
    result[key] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return result;
}

export const publicWaitingListRoutes: FastifyPluginAsyncZod<PublicWaitingListOptions> = async (app, { waitingList, catalogue, clock, rateLimits }) => {
  const houseIdOf = createHouseResolver(catalogue, clock);
  const reads = { rateLimit: [{ name: 'public-ip', limit: rateLimits.publicPerIp, windowMs: 60_000, what: 'requests' }] satisfies RateLimit[] };
  const writes = { rateLimit: [{ name: 'booking-ip', limit: rateLimits.bookingPerIp, windowMs: 60_000, what: 'bookings' }] satisfies RateLimit[] };

  // The offer page's form posts urlencoded; parsed here only, the JSON routes stay JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    done(null, parseForm(String(body)));
  });
  app.setErrorHandler(handlePageError);

  const anyOrigin = async (_request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Retry-After');
  };
  const preflights = [
    ['/houses/:houseSlug/performances/:performanceId/waiting-list', 'POST, OPTIONS'],
    ['/waiting-list/:entryId', 'DELETE, OPTIONS'],
  ] as const;
  for (const [path, methods] of preflights) {
    app.options(path, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', methods)
        .header('access-control-allow-headers', 'Content-Type')
        .header('access-control-max-age', '86400')
        .code(204)
        .send(),
    );
  }

  app.post(
    '/houses/:houseSlug/performances/:performanceId/waiting-list',
    {
      onRequest: anyOrigin,
      config: writes,
      schema: {
        tags,
        summary: 'Join the waiting list for seats that are sold out',
        description:
          'Only while fewer seats of the category (and tariff) are free than asked for; otherwise 409 seats_available: book them instead. ' +
          'The same address for the same seats gets its existing entry back (200, without the token). Keep the token: it is the key to leave.',
        security: [],
        params: performanceParams,
        body: joinInput,
        response: { 200: joinDto, 201: joinDto, ...commonErrors, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const { answer, created } = await waitingList.join(await houseIdOf(request.params.houseSlug), request.params.performanceId, request.body);
      void reply.status(created ? 201 : 200).header('cache-control', 'no-store');
      return answer;
    },
  );

  app.delete(
    '/waiting-list/:entryId',
    {
      onRequest: anyOrigin,
      config: writes,
      schema: {
        tags,
        summary: 'Leave the waiting list, with the token from joining; an open offer is given back',
        security: [],
        params: entryParams,
        querystring: leaveQuery,
        response: { 204: z.null(), ...commonErrors, 429: errorResponse },
      },
    },
    async (request, reply) => {
      await waitingList.leave(request.params.entryId, request.query.token);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/waiting-list/offers/:entryId',
    {
      config: { ...reads, waitingListPage: true },
      schema: {
        tags,
        summary: 'The offer page the mail links to: the held seats and the form that books them',
        security: [],
        params: entryParams,
        querystring: offerPageQuery,
        produces: ['text/html'],
        response: { 200: html, 400: html, 404: html, 409: html, 410: html, 429: html, 503: html },
      },
    },
    async (request, reply) => sendOutcome(reply, await waitingList.offerPage(request.params.entryId, request.query.hold, request.query.lang)),
  );

  app.post(
    '/waiting-list/offers/:entryId',
    {
      config: { ...writes, waitingListPage: true },
      schema: {
        tags,
        summary: 'Book the offer: the form of the offer page (application/x-www-form-urlencoded)',
        description: 'Fields: hold (the token of the link), name, email, language, paymentMethod (box_office or invoice), newsletter and recommendations (ticked: any value).',
        security: [],
        params: entryParams,
        querystring: offerPostQuery,
        body: offerFormBody,
        response: { 200: html, 201: html, 400: html, 404: html, 409: html, 410: html, 429: html, 503: html },
      },
    },
    async (request, reply) =>
      sendOutcome(reply, await waitingList.bookOffer(request.params.entryId, request.body, request.query.lang, { ip: request.ip, userAgent: request.headers['user-agent'] })),
  );
};
