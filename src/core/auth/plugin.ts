import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { DomainError } from '../errors.ts';
import { type Actor, isUnsafeMethod, originAllowed, type Permission } from './model.ts';
import type { AuthService } from './service.ts';
import { safeEqual } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the actor came from a session cookie (not from an API key). */
    staffSession: { id: string; csrfToken: string; expiresAt: Date } | null;
  }
  interface FastifyContextConfig {
    /** Login and setup: no session exists yet, so they check Origin instead of the CSRF token. */
    csrfExempt?: boolean;
  }
}

export const SESSION_COOKIE = 'foyer_session';
export const CSRF_COOKIE = 'foyer_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthenticationOptions {
  auth: AuthService;
  /** config.publicUrl: cookies are Secure when it is https, and Origin is compared with it. */
  publicUrl: string;
}

/** Cookies are Secure exactly when Foyer is served over https (config.publicUrl), however the scheme was written. */
function secureCookies(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === 'https:';
}

/** Sets (or refreshes) the session cookie and the CSRF cookie the web app reads. */
export function setSessionCookies(reply: FastifyReply, publicUrl: string, session: { token: string; csrfToken: string; expiresAt: Date }): void {
  const common = { path: '/', sameSite: 'lax', secure: secureCookies(publicUrl), expires: session.expiresAt } as const;
  void reply.setCookie(SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  // Double submit: the web app copies this cookie into the x-csrf-token header. A page
  // on another site can make the browser send cookies, but it cannot read them.
  setCsrfCookie(reply, publicUrl, session);
}

/** GET /api/auth/me hands the CSRF cookie out again, should the web app have lost it. */
export function setCsrfCookie(reply: FastifyReply, publicUrl: string, session: { csrfToken: string; expiresAt: Date }): void {
  void reply.setCookie(CSRF_COOKIE, session.csrfToken, { path: '/', sameSite: 'lax', secure: secureCookies(publicUrl), expires: session.expiresAt });
}

export function clearSessionCookies(reply: FastifyReply, publicUrl: string): void {
  const common = { path: '/', sameSite: 'lax', secure: secureCookies(publicUrl) } as const;
  void reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  void reply.clearCookie(CSRF_COOKIE, common);
}

/** For login and setup: a cross-site form post carries another Origin and is refused. */
export function requireSameOrigin(request: FastifyRequest, publicUrl: string): void {
  if (!originAllowed(request.headers.origin, publicUrl, request.headers.host)) {
    throw new DomainError('csrf', 'this request came from another site');
  }
}

/**
 * Resolves who is calling, once per request, before any route runs: an API key
 * ("Authorization: Bearer …") or else the session cookie. Routes then ask for the
 * permission they need with requirePermission().
 */
async function authentication(app: FastifyInstance, { auth, publicUrl }: AuthenticationOptions) {
  app.decorateRequest('actor', null);
  app.decorateRequest('staffSession', null);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header !== undefined && header.startsWith('Bearer ')) {
      // A key is sent deliberately by a program, never by a browser on its own: no CSRF risk.
      const actor = await auth.actorFromApiKey(header.slice('Bearer '.length).trim());
      if (actor === null) throw new DomainError('unauthenticated', 'the API key is unknown or revoked');
      request.actor = actor;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '') return;
    // An unknown or expired cookie is no error here: public routes ignore it, and staff
    // routes answer 401 because no actor is set.
    const session = await auth.actorFromSession(token);
    if (session === null) return;
    request.actor = session.actor;
    request.staffSession = { id: session.sessionId, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    if (session.refreshed) setSessionCookies(reply, publicUrl, { token, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
    if (isUnsafeMethod(request.method) && request.routeOptions.config.csrfExempt !== true) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new DomainError('csrf', 'the x-csrf-token header is missing or does not match this session; reload the page');
      }
    }
  });
}

export const authenticationPlugin = fastifyPlugin(authentication, { name: 'foyer-authentication' });

export function requirePermission(request: FastifyRequest, permission: Permission): Actor {
  const actor = request.actor;
  if (actor === null) throw new DomainError('unauthenticated', 'log in or send an API key');
  if (!actor.permissions.has(permission)) {
    throw new DomainError('forbidden', `this account may not ${permission.replace(':', ' ')}`);
  }
  return actor;
}
