import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/*
 * What every page Foyer shows to visitors shares (the preference centre, the printable
 * tickets, a waiting-list offer): a Content-Security-Policy that allows no script and
 * only the page's own stylesheet, by its hash; and answers that no cache keeps and no
 * other site learns the address of, since these addresses carry tokens.
 */

export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** The CSP of a page with one inline stylesheet; forms may post back to Foyer only when the page has any. */
export function publicPageCsp(stylesheet: string, options: { forms: boolean }): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(stylesheet).digest('base64')}'`,
    "img-src 'self' data:",
    options.forms ? "form-action 'self'" : "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function sendPublicPage(reply: FastifyReply, csp: string, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', csp)
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(body);
}
