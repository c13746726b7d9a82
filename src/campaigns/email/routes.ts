import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { DomainError } from '../../core/errors.ts';
import { handleError } from '../../core/http/errors.ts';
import { sendPublicPage } from '../../core/http/public-page.ts';
import type { RateLimit } from '../../core/http/rate-limit.ts';
import { commonErrors, errorResponse, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import { linkErrorPage, unsubscribedPage, unsubscribePageCsp, unsubscribePromptPage } from './pages.ts';
import { mailEventBody, mailEventResult, mailToken, suppressionDto } from './schemas.ts';
import type { MarketingMail } from './service.ts';
import { languageOf } from './texts.ts';

/*
 * The public side of marketing mails under /public: the RFC 8058 unsubscribe address
 * (a page on GET, the unsubscribe itself on POST), the click redirect, the open pixel
 * and the bounce and complaint webhook; and the staff's suppression list under
 * /api/campaigns. Every public route is rate limited per client IP.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The unsubscribe page: its errors are rendered as pages too. */
    unsubscribePage?: boolean;
  }
}

export interface MarketingMailRoutesOptions {
  marketingMail: MarketingMail;
  rateLimits: { publicPerIp: number };
}

// A 1×1 transparent GIF89a, 43 bytes: the smallest image every mail client shows.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

// Wildcards, not :token: a click token carries its target URL and outgrows the router's
// 100-character limit for a named parameter.
const tokenParams = z.object({ '*': mailToken });
const pixelParams = z.object({ '*': z.string().min(20).max(6000).describe('the signed token followed by .gif') });
const langQuery = z.object({ lang: z.enum(['de', 'en']).optional().describe('page language; default: the contact’s') });
const unsubscribeForm = z
  .object({ 'List-Unsubscribe': z.literal('One-Click').optional() })
  .passthrough()
  .optional()
  .describe('RFC 8058: List-Unsubscribe=One-Click, form-urlencoded');
const html = z.string().describe('an HTML page');
const docs = { tags: ['campaigns', 'public'], security: [] };

function pageErrorStatus(error: FastifyError | Error): { status: number; kind: 'notFound' | 'tooMany' } | null {
  if (hasZodFastifySchemaValidationErrors(error)) return { status: 404, kind: 'notFound' };
  if (!(error instanceof DomainError)) return null;
  if (error.code === 'not_found' || error.code === 'validation') return { status: 404, kind: 'notFound' };
  if (error.code === 'rate_limited') return { status: 429, kind: 'tooMany' };
  return null;
}

function handleUnsubscribePageError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const shown = request.routeOptions.config.unsubscribePage === true ? pageErrorStatus(error) : null;
  if (shown === null) {
    handleError(error, request, reply);
    return;
  }
  if (error instanceof DomainError && error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  const query = request.query as { lang?: unknown } | undefined;
  const language = query?.lang === 'en' || query?.lang === 'de' ? query.lang : languageOf(request.headers['accept-language']);
  void sendPublicPage(reply, unsubscribePageCsp, linkErrorPage(language, shown.kind), shown.status);
}

export const marketingMailPublicRoutes: FastifyPluginAsyncZod<MarketingMailRoutesOptions> = async (app, { marketingMail, rateLimits }) => {
  // RFC 8058 allows both encodings for the one-click POST; only the fields matter, files never.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    done(null, /name="List-Unsubscribe"\s*\r?\n\r?\n\s*One-Click/.test(String(body)) ? { 'List-Unsubscribe': 'One-Click' } : {});
  });
  app.setErrorHandler(handleUnsubscribePageError);

  const perIp: RateLimit = { name: 'public-ip', limit: rateLimits.publicPerIp, windowMs: 60_000, what: 'requests' };
  // Clicks and opens come in bursts from one office NAT or a provider's image proxy: more room.
  const tracking: RateLimit = { name: 'mail-tracking-ip', limit: rateLimits.publicPerIp * 10, windowMs: 60_000, what: 'requests' };

  app.get(
    '/unsubscribe/*',
    {
      config: { rateLimit: [perIp], unsubscribePage: true },
      schema: { ...docs, summary: 'The unsubscribe page: asks, never unsubscribes (mail scanners follow links)', params: tokenParams, querystring: langQuery, response: { 200: html, 404: html, 429: html } },
    },
    async (request, reply) => {
      const token = request.params['*'];
      const view = await marketingMail.unsubscribeView(token, request.query.lang);
      return sendPublicPage(reply, unsubscribePageCsp, unsubscribePromptPage(view, `/public/unsubscribe/${token}`));
    },
  );

  app.post(
    '/unsubscribe/*',
    {
      config: { rateLimit: [perIp], unsubscribePage: true },
      schema: {
        ...docs,
        summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post), also the page’s button: ends the consent the mail was sent for',
        params: tokenParams,
        querystring: langQuery,
        body: unsubscribeForm,
        response: { 200: html, 404: html, 429: html },
      },
    },
    async (request, reply) => {
      const result = await marketingMail.unsubscribe(request.params['*'], request.query.lang);
      return sendPublicPage(reply, unsubscribePageCsp, unsubscribedPage(result));
    },
  );

  app.get(
    '/r/*',
    {
      config: { rateLimit: [tracking] },
      schema: { ...docs, summary: 'A tracked link: 302 to the signed target; an unknown or altered token is 404, never a redirect', params: tokenParams, response: { 404: errorResponse, 429: errorResponse } },
    },
    async (request, reply) => {
      const target = await marketingMail.click(request.params['*']);
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(target, 302);
    },
  );

  app.get(
    '/o/*',
    {
      config: { rateLimit: [tracking] },
      schema: { ...docs, summary: 'The open pixel (TOKEN.gif): a transparent 1×1 GIF', params: pixelParams, response: { 200: z.unknown().describe('image/gif, 43 bytes'), 404: errorResponse, 429: errorResponse } },
    },
    async (request, reply) => {
      const file = request.params['*'];
      if (!file.endsWith('.gif')) throw new DomainError('not_found', 'this link is unknown');
      await marketingMail.open(file.slice(0, -'.gif'.length));
      // Never cached: each opening should reach Foyer (the record is idempotent anyway).
      return reply.header('content-type', 'image/gif').header('cache-control', 'no-store, no-cache, must-revalidate, max-age=0').header('pragma', 'no-cache').header('expires', '0').send(PIXEL);
    },
  );

  app.post(
    '/mail/events',
    {
      config: { rateLimit: [tracking] },
      // The secret before the body: a caller without it learns nothing about the schema.
      preValidation: async (request) => {
        const secret = request.headers['x-foyer-webhook-secret'];
        marketingMail.checkWebhook({ secret: Array.isArray(secret) ? secret[0] : secret, authorization: request.headers.authorization });
      },
      schema: {
        tags: ['campaigns', 'public'],
        summary: 'Bounce and complaint webhook for the mail provider (X-Foyer-Webhook-Secret: FOYER_MAIL_WEBHOOK_SECRET, or Basic authentication with it as password)',
        body: mailEventBody,
        response: { 200: mailEventResult, 400: errorResponse, 401: errorResponse, 404: errorResponse, 429: errorResponse },
      },
    },
    async (request) => marketingMail.reportEvent(request.body),
  );
};

export const suppressionRoutes: FastifyPluginAsyncZod<{ marketingMail: MarketingMail }> = async (app, { marketingMail }) => {
  app.get(
    '/suppressions',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Addresses the house no longer mails: hard bounces, repeated soft bounces, complaints',
        querystring: paginationQuery,
        response: { 200: page(suppressionDto), ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'audience:read');
      return marketingMail.listSuppressions(scopeOf(actor), request.query);
    },
  );

  app.delete(
    '/suppressions/:id',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Lifts a suppression (the address works again, say after the person fixed their mailbox)',
        params: idParams,
        response: { 200: suppressionDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'audience:write');
      return marketingMail.liftSuppression(scopeOf(actor), request.params.id);
    },
  );
};
