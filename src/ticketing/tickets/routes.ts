import { sendPublicPage } from '../../core/http/public-page.ts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { handleError } from '../../core/http/errors.ts';
import { errorResponse } from '../../core/http/schemas.ts';
import type { RateLimit } from '../../core/http/rate-limit.ts';
import type { Language } from './model.ts';
import { ticketsNotFoundPage, ticketsPageCsp } from './page.ts';
import type { TicketDocuments } from './service.ts';

/*
 * The printable tickets under /public: an HTML page opened with the order's token (from
 * the booking answer) or the signed link from the confirmation mail. An unknown order
 * and a wrong token or signature look the same: 404, as a page. The link's secret is in
 * the query, so the answer is never cached and sends no Referer.
 */

const html = z.string().describe('an HTML page');
const params = z.object({ orderId: z.uuid() });
const query = z.object({
  token: z.string().min(10).max(200).optional().describe("the order's access token, from the booking answer"),
  sig: z.string().min(4).max(200).optional().describe('the signature of the link in the confirmation mail'),
});

function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return sendPublicPage(reply, ticketsPageCsp, body, status);
}

function languageOfRequest(request: FastifyRequest): Language {
  return (request.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'de';
}

/** A malformed or wrong secret and an unknown order answer the same page. */
function handlePageError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(error) || (error instanceof DomainError && (error.code === 'not_found' || error.code === 'validation'))) {
    const status = error instanceof DomainError && error.code === 'not_found' ? 404 : 400;
    void sendPage(reply, ticketsNotFoundPage(languageOfRequest(request)), status);
    return;
  }
  handleError(error, request, reply);
}

export const ticketDocumentRoutes: FastifyPluginAsyncZod<{ documents: TicketDocuments; rateLimits: { publicPerIp: number } }> = async (app, { documents, rateLimits }) => {
  app.setErrorHandler(handlePageError);
  const perIp: RateLimit = { name: 'public-ip', limit: rateLimits.publicPerIp, windowMs: 60_000, what: 'requests' };

  app.get(
    '/orders/:orderId/tickets',
    {
      config: { rateLimit: [perIp] },
      schema: {
        tags: ['public ticketing'],
        summary: 'The printable tickets of an order: one per valid ticket, with its QR code',
        description: 'Open with ?token= (the accessToken of the booking answer) or ?sig= (the link in the confirmation mail).',
        security: [],
        params,
        querystring: query,
        produces: ['text/html'],
        response: { 200: html, 400: html, 404: html, 429: errorResponse },
      },
    },
    async (request, reply) => sendPage(reply, (await documents.printable(request.params.orderId, request.query)).html),
  );
};
