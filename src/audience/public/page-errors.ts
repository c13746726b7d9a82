import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors.ts';
import { handleError } from '../../core/http/errors.ts';
import { publicPageCsp } from './html.ts';
import { type MessageKind, messagePage } from './pages.ts';
import { type Language, languageOf } from './texts.ts';

/*
 * Errors of the public HTML pages become pages, in the reader's language, with the
 * status the API would give (404 unknown link, 410 used link or erased person, 429 with
 * Retry-After, 400). Everything else, and every JSON route, goes to the central handler.
 */

function languageOfRequest(request: FastifyRequest): Language {
  const query = request.query as { lang?: unknown } | undefined;
  if (query?.lang === 'en' || query?.lang === 'de') return query.lang;
  return languageOf(request.headers['accept-language']);
}

function pageFor(error: FastifyError | Error, page: 'confirm' | 'preferences'): { status: number; kind: MessageKind } | null {
  if (hasZodFastifySchemaValidationErrors(error)) return { status: 400, kind: 'badRequest' };
  if (!(error instanceof DomainError)) return null;
  switch (error.code) {
    case 'not_found':
      return { status: 404, kind: 'notFound' };
    case 'gone':
      return { status: 410, kind: page === 'preferences' ? 'erased' : 'gone' };
    case 'rate_limited':
      return { status: 429, kind: 'tooMany' };
    case 'validation':
      return { status: 400, kind: 'badRequest' };
    default:
      return null;
  }
}

export function handlePublicPageError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const page = request.routeOptions.config.publicPage;
  const shown = page === undefined ? null : pageFor(error, page);
  if (shown === null) {
    handleError(error, request, reply);
    return;
  }
  if (error instanceof DomainError && error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  void reply
    .status(shown.status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', publicPageCsp)
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(messagePage(languageOfRequest(request), shown.kind));
}
