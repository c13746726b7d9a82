import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../http/schemas.ts';
import { clearSessionCookies, requireSameOrigin, SESSION_COOKIE, setCsrfCookie, setSessionCookies } from '../plugin.ts';
import { loginInput, ownAccountPatchInput, sessionDto, setupInput, staffDto } from '../schemas.ts';
import type { AuthService } from '../service.ts';

export interface AuthRouteOptions {
  auth: AuthService;
  publicUrl: string;
}

/** Login, logout, the current session and first-run setup. */
export const sessionRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, { auth, publicUrl }) => {
  app.post(
    '/auth/login',
    {
      config: { csrfExempt: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets the foyer_session and foyer_csrf cookies (too many failures answer 429 with Retry-After)',
        security: [],
        body: loginInput,
        response: { 200: sessionDto, 400: errorResponse, 401: errorResponse, 403: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      requireSameOrigin(request, publicUrl);
      const started = await auth.login({ ...request.body, ip: request.ip });
      setSessionCookies(reply, publicUrl, started);
      return started.body;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: z.undefined(), 403: errorResponse },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined && token !== '') await auth.logout(token);
      clearSessionCookies(reply, publicUrl);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in person, their house, permissions and CSRF token',
        response: { 200: sessionDto, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      const body = await auth.currentSession(request.actor, request.staffSession?.csrfToken ?? null);
      if (request.staffSession !== null) setCsrfCookie(reply, publicUrl, request.staffSession);
      return body;
    },
  );

  app.patch(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own name, language or password (a new password needs the current one; too many wrong ones answer 429 with Retry-After)',
        body: ownAccountPatchInput,
        response: { 200: staffDto, 400: errorResponse, 401: errorResponse, 403: errorResponse, 409: errorResponse, 429: errorResponse },
      },
    },
    async (request) => auth.updateOwnAccount(request.actor, request.staffSession?.id ?? null, request.body),
  );

  app.get(
    '/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Whether this installation still needs its first house and owner',
        security: [],
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async () => ({ needed: await auth.setupNeeded() }),
  );

  app.post(
    '/setup',
    {
      config: { csrfExempt: true },
      schema: {
        tags: ['setup'],
        summary: 'Create the first house and its owner, and log in as that owner (only while no house exists)',
        security: [],
        body: setupInput,
        response: { 200: sessionDto, 400: errorResponse, 403: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      requireSameOrigin(request, publicUrl);
      const started = await auth.setup(request.body);
      setSessionCookies(reply, publicUrl, started);
      return started.body;
    },
  );
};
