import { sendPublicPage } from '../../core/http/public-page.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../core/http/schemas.ts';
import type { RateLimit } from '../../core/http/rate-limit.ts';
import { marketingPurposes, normaliseContactEmail } from '../model.ts';
import { publicPageCsp } from './html.ts';
import { confirmedPage, confirmPromptPage, eraseConfirmPage, messagePage, preferencesPage } from './pages.ts';
import { handlePublicPageError } from './page-errors.ts';
import { preferencesDto, preferencesUpdate, preferenceToken, signupAccepted, signupBody } from './schemas.ts';
import type { PublicAudienceService, RequestMeta } from './service.ts';
import { purposesParam } from './signup.ts';
import { texts } from './texts.ts';

/*
 * The audience's routes under /public: the sign-up (JSON, open to every origin), the
 * embeddable form script, the confirmation pages, and the preference centre as HTML
 * pages and as a JSON API a house can build its own pages on. All are rate limited per
 * client IP; the sign-up also per e-mail address, so nobody can flood someone else's
 * inbox with confirmation mails.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An HTML page: its errors are rendered as pages too (page-errors.ts). */
    publicPage?: 'confirm' | 'preferences';
  }
}

export interface PublicAudienceRoutesOptions {
  publicAudience: PublicAudienceService;
  rateLimits: { signupPerIp: number; signupPerAddress: number; publicPerIp: number };
}

const lang = z.enum(['de', 'en']).optional().describe('page language; default: the contact’s');
const tokenParams = z.object({ token: preferenceToken });
const houseParams = z.object({ houseSlug: z.string().min(1).max(120) });
const html = z.string().describe('an HTML page');
const pageErrors = { 400: html, 404: html, 410: html, 429: html };
const jsonErrors = { 400: errorResponse, 404: errorResponse, 410: errorResponse, 429: errorResponse };
const docs = { tags: ['audience', 'public'], security: [] };

function meta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/** No cache, no referrer: the token in the address must not leak to a proxy cache or another site. */
function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return sendPublicPage(reply, publicPageCsp, body, status);
}

function notModified(reply: FastifyReply): FastifyReply {
  return reply.code(304).send();
}

/** For fetch() from a house's own site: any origin, never with cookies (none are needed). */
async function anyOrigin(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Retry-After');
}

function preflight(methods: string) {
  return async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', methods)
      .header('access-control-allow-headers', 'Content-Type')
      .header('access-control-max-age', '86400')
      .code(204)
      .send();
}

/** Repeated form fields become lists; purpose checkboxes are always a list. */
function parseForm(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const before = result[key];
    if (before === undefined) result[key] = key === 'purpose' || key === 'purposes' ? [value] : value;
    else result[key] = Array.isArray(before) ? [...before, value] : [before, value];
  }
  return result;
}

export const publicAudienceRoutes: FastifyPluginAsyncZod<PublicAudienceRoutesOptions> = async (app, { publicAudience, rateLimits }) => {
  // HTML forms post urlencoded; parsed here only, the staff API stays JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    done(null, parseForm(String(body)));
  });
  app.setErrorHandler(handlePublicPageError);

  const perIp: RateLimit = { name: 'public-ip', limit: rateLimits.publicPerIp, windowMs: 60_000, what: 'requests' };
  const signupLimits: RateLimit[] = [
    { name: 'signup-ip', limit: rateLimits.signupPerIp, windowMs: 10 * 60_000, what: 'sign-ups' },
    {
      name: 'signup-address',
      limit: rateLimits.signupPerAddress,
      windowMs: 60 * 60_000,
      what: 'sign-ups for this address',
      key: (request) => {
        const body = request.body as { email?: unknown } | undefined;
        const params = request.params as { houseSlug?: string };
        return typeof body?.email === 'string' ? `${params.houseSlug ?? ''}|${normaliseContactEmail(body.email)}` : null;
      },
    },
  ];
  const limited = { rateLimit: [perIp] };

  // ---------- sign-up ----------

  app.get(
    '/houses/:houseSlug/signup.js',
    { schema: { ...docs, summary: 'The embeddable sign-up form: <script src=".../signup.js" data-lang="de" async></script>', params: houseParams, response: { 200: z.string(), 404: errorResponse } } },
    async (request, reply) => {
      const script = await publicAudience.signupScript(request.params.houseSlug);
      void reply.header('etag', script.etag).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
      if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === script.etag)) return notModified(reply);
      return reply.type('text/javascript; charset=utf-8').send(script.body);
    },
  );

  app.options('/houses/:houseSlug/signup', { schema: { hide: true } }, preflight('POST, OPTIONS'));

  app.post(
    '/houses/:houseSlug/signup',
    {
      onRequest: anyOrigin,
      config: { rateLimit: signupLimits },
      schema: {
        ...docs,
        summary: 'Sign up: sends a double opt-in mail; the same neutral answer for every address',
        params: houseParams,
        body: signupBody,
        response: { 202: signupAccepted, ...jsonErrors },
      },
    },
    async (request, reply) => {
      const { language } = await publicAudience.signup(request.params.houseSlug, request.body, meta(request));
      return reply.code(202).send({ message: texts[language].signupAccepted });
    },
  );

  // ---------- double opt-in ----------

  const confirmQuery = z.object({ lang, purposes: z.string().max(200).optional().describe('the purposes the mail listed, comma-separated') });

  app.get(
    '/confirm/:token',
    {
      config: { ...limited, publicPage: 'confirm' },
      schema: { ...docs, summary: 'The page of a confirmation link: a button, so that mail scanners fetching links confirm nothing', params: tokenParams, querystring: confirmQuery, response: { 200: html, ...pageErrors } },
    },
    async (request, reply) => {
      const peeked = await publicAudience.peekConfirmation(request.params.token);
      return sendPage(reply, confirmPromptPage(publicAudience.languageFor(peeked, request.query.lang)));
    },
  );

  app.post(
    '/confirm/:token',
    {
      config: { ...limited, publicPage: 'confirm' },
      schema: { ...docs, summary: 'Confirms the sign-up: grants the listed purposes and says until when', params: tokenParams, querystring: confirmQuery, response: { 200: html, ...pageErrors } },
    },
    async (request, reply) => {
      const result = await publicAudience.confirm(request.params.token, purposesParam(request.query.purposes), meta(request), request.query.lang);
      return sendPage(reply, confirmedPage(result.language, result.house, result.granted, result.preferencePath));
    },
  );

  // ---------- preference centre, HTML ----------

  const pageQuery = z.object({ lang });

  app.get(
    '/preferences/:token',
    { config: { ...limited, publicPage: 'preferences' }, schema: { ...docs, summary: 'The preference centre page', params: tokenParams, querystring: pageQuery, response: { 200: html, ...pageErrors } } },
    async (request, reply) => {
      const { language, view } = await publicAudience.preferences(request.params.token, request.query.lang);
      return sendPage(reply, preferencesPage(language, view));
    },
  );

  app.post(
    '/preferences/:token',
    {
      config: { ...limited, publicPage: 'preferences' },
      schema: {
        ...docs,
        summary: 'Saves the preference centre form: ticked purposes are wanted, the others withdrawn',
        params: tokenParams,
        querystring: pageQuery,
        body: z.object({ save: z.string().optional(), purpose: z.array(z.enum(marketingPurposes)).default([]) }),
        response: { 200: html, ...pageErrors },
      },
    },
    async (request, reply) => {
      const ticked = new Set(request.body.purpose);
      const wanted = Object.fromEntries(marketingPurposes.map((purpose) => [purpose, ticked.has(purpose)]));
      const result = await publicAudience.update(request.params.token, wanted, meta(request), request.query.lang);
      const notices = result.pendingConfirmation.length > 0 ? (['saved', 'newsletterPending'] as const) : (['saved'] as const);
      return sendPage(reply, preferencesPage(result.language, result.view, notices));
    },
  );

  app.get(
    '/preferences/:token/erase',
    { config: { ...limited, publicPage: 'preferences' }, schema: { ...docs, summary: 'Asks whether to erase everything', params: tokenParams, querystring: pageQuery, response: { 200: html, ...pageErrors } } },
    async (request, reply) => {
      const { language, house } = await publicAudience.eraseQuestion(request.params.token, request.query.lang);
      return sendPage(reply, eraseConfirmPage(language, house, `/public/preferences/${request.params.token}`));
    },
  );

  app.post(
    '/preferences/:token/erase',
    {
      config: { ...limited, publicPage: 'preferences' },
      schema: { ...docs, summary: 'Erases the person (after the question page)', params: tokenParams, querystring: pageQuery, body: z.object({ confirm: z.literal('yes') }), response: { 200: html, ...pageErrors } },
    },
    async (request, reply) => {
      const { language } = await publicAudience.erase(request.params.token, request.query.lang);
      return sendPage(reply, messagePage(language, 'erased'));
    },
  );

  // ---------- preference centre, JSON ----------

  app.get(
    '/preferences/:token/export',
    {
      onRequest: anyOrigin,
      config: limited,
      schema: { ...docs, summary: 'Download my data: everything Foyer holds about the person (Art. 15/20 GDPR), as a JSON file', params: tokenParams, response: { 200: z.unknown(), ...jsonErrors } },
    },
    async (request, reply) => {
      const { data } = await publicAudience.exportData(request.params.token);
      return reply
        .header('content-disposition', 'attachment; filename="my-data.json"')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.options('/preferences/:token/consents', { schema: { hide: true } }, preflight('GET, PUT, OPTIONS'));
  app.options('/preferences/:token', { schema: { hide: true } }, preflight('DELETE, OPTIONS'));

  app.get(
    '/preferences/:token/consents',
    { onRequest: anyOrigin, config: limited, schema: { ...docs, summary: 'The person’s consents per marketing purpose', params: tokenParams, querystring: pageQuery, response: { 200: preferencesDto, ...jsonErrors } } },
    async (request, reply) => {
      const { language, view } = await publicAudience.preferences(request.params.token, request.query.lang);
      return reply.header('cache-control', 'no-store').send({ house: { name: view.house.name }, email: view.email, language, purposes: view.purposes, pendingConfirmation: [] });
    },
  );

  app.put(
    '/preferences/:token/consents',
    {
      onRequest: anyOrigin,
      config: limited,
      schema: { ...docs, summary: 'Changes consents: true grants (newsletter by double opt-in), false withdraws', params: tokenParams, querystring: pageQuery, body: preferencesUpdate, response: { 200: preferencesDto, ...jsonErrors } },
    },
    async (request, reply) => {
      const result = await publicAudience.update(request.params.token, request.body, meta(request), request.query.lang);
      return reply
        .header('cache-control', 'no-store')
        .send({ house: { name: result.view.house.name }, email: result.view.email, language: result.language, purposes: result.view.purposes, pendingConfirmation: result.pendingConfirmation });
    },
  );

  app.delete(
    '/preferences/:token',
    {
      onRequest: anyOrigin,
      config: limited,
      schema: { ...docs, summary: 'Delete me (Art. 17 GDPR): erases the person; the link answers 410 from then on', params: tokenParams, response: { 200: z.object({ erased: z.literal(true) }), ...jsonErrors } },
    },
    async (request) => {
      await publicAudience.erase(request.params.token, undefined);
      return { erased: true as const };
    },
  );
};
