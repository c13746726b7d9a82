import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { type Clock, systemClock } from '../clock.ts';
import { handleBadUrl, handleError, handleNotFound } from './errors.ts';
import { createRateLimitHook } from './rate-limit.ts';

export type HttpServer = FastifyInstance;

export interface HttpOptions {
  logLevel: Config['logLevel'];
  bodyLimitBytes: number;
  publicUrl: string;
  /**
   * config.trustProxy: whose X-Forwarded-For sets request.ip. Default: nobody's, so a
   * client cannot pick the address the login throttle counts it under.
   */
  trustProxy?: Config['trustProxy'];
  /** The clock rate limits count on (routes opt in through config.rateLimit, see rate-limit.ts). */
  clock?: Clock;
}

/**
 * The Content-Security-Policy of every answer unless a route sets its own (the public
 * pages do, stricter). Made for the staff app: its scripts and stylesheets come from
 * /assets; Mantine writes style attributes and <style> elements at run time, hence
 * 'unsafe-inline' for styles only; production images may live on the house's own
 * servers, hence any https image. Nothing may frame Foyer (clickjacking).
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:', ...(https ? [] : ['http:'])],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * helmet's headers, worked out once. None of them depends on the request, and running
 * helmet's middleware chain on every request cost a third of the public programme's
 * throughput (bench/public-programme.ts: 17,800 against 11,700 requests/s).
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined && error !== null) throw error;
  });
  return headers;
}

export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel },
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    // A path the router cannot decode (/x%zz) gets the API's error shape, not Fastify's own.
    frameworkErrors: handleBadUrl,
    logController: new LogController({
      disableRequestLogging: options.logLevel !== 'debug' && options.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  const https = new URL(options.publicUrl).protocol === 'https:';
  const headers = securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    // HSTS only when FOYER_PUBLIC_URL is https: behind a TLS proxy Foyer itself sees
    // plain http, so the public URL decides; an http-only install must never promise TLS.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // No Referer leaves Foyer by default: preference-centre links carry their token in the path.
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  // First, so that a route can still set its own (the public pages send a stricter CSP).
  app.addHook('onRequest', async (_request, reply) => {
    void reply.headers(headers);
  });
  // Public feeds, the sign-up script and poster images are meant for other sites' pages;
  // helmet's same-origin resource policy would stop a portal's <script> or <img> loading them.
  app.addHook('onRequest', async (request, reply) => {
    if (/^\/(public|demo)\//.test(request.url)) void reply.header('cross-origin-resource-policy', 'cross-origin');
  });
  app.addHook('preHandler', createRateLimitHook(options.clock ?? systemClock));
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Foyer API',
        description:
          'Marketing automation for cultural houses. Staff routes under /api take a session cookie ' +
          '(with the x-csrf-token header on writes) or an API key as "Authorization: Bearer …". ' +
          'Public routes under /public need no credentials.',
        version: '0.1.0',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'foyer_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  return app;
}
