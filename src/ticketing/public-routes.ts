import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PublicAudienceService } from '../audience/public/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../core/clock.ts';
import { idempotencyKeyOf, replayableErrors, sendReplayable } from '../core/http/idempotency.ts';
import type { RateLimit } from '../core/http/rate-limit.ts';
import { commonErrors, errorResponse } from '../core/http/schemas.ts';
import { availabilityDto, holdDto, holdInput, holdTokenInput, orderDto, orderInput } from './schemas.ts';
import type { TicketingService } from './service.ts';

/*
 * What the booking widget (and any website or app of the house) calls, without login:
 * availability, holds, orders, and the buyer's own order with the secret from the
 * confirmation. The house is named by its slug in the path; the slug's id is kept in
 * memory for a minute, as every booking of a hot performance asks for it.
 */

const tags = ['public ticketing'];
const houseParams = z.object({ houseSlug: z.string().min(1).max(100) });
const performanceParams = houseParams.extend({ performanceId: z.uuid() });
const holdParams = houseParams.extend({ holdId: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().max(200).optional().describe('required: a unique string per intended order') });

export interface PublicTicketingOptions {
  ticketing: TicketingService;
  catalogue: CatalogueService;
  publicAudience: Pick<PublicAudienceService, 'proofOf'>;
  clock: Clock;
  rateLimits: { publicPerIp: number; bookingPerIp: number };
}

export function createHouseResolver(catalogue: CatalogueService, clock: Clock) {
  const bySlug = new Map<string, { id: string; until: number }>();
  return async function houseIdOf(slug: string): Promise<string> {
    const now = clock.now().getTime();
    const cached = bySlug.get(slug);
    if (cached !== undefined && cached.until > now) return cached.id;
    const house = await catalogue.getHouseBySlug(slug);
    if (bySlug.size > 1000) bySlug.clear();
    bySlug.set(slug, { id: house.id, until: now + 60_000 });
    return house.id;
  };
}

export const publicTicketingRoutes: FastifyPluginAsyncZod<PublicTicketingOptions> = async (app, { ticketing, catalogue, publicAudience, clock, rateLimits }) => {
  const houseIdOf = createHouseResolver(catalogue, clock);
  const reads = { rateLimit: [{ name: 'public-ip', limit: rateLimits.publicPerIp, windowMs: 60_000, what: 'requests' }] satisfies RateLimit[] };
  const writes = { rateLimit: [{ name: 'booking-ip', limit: rateLimits.bookingPerIp, windowMs: 60_000, what: 'bookings' }] satisfies RateLimit[] };

  // The booking widget calls these from the house's own site: open to every origin and
  // never with cookies (none are needed). Date lets it count a hold down by our clock.
  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Idempotent-Replayed, Retry-After, Date');
  });
  const preflights = [
    ['/houses/:houseSlug/performances/:performanceId/availability', 'GET, OPTIONS'],
    ['/houses/:houseSlug/holds', 'POST, OPTIONS'],
    ['/houses/:houseSlug/holds/:holdId', 'GET, DELETE, OPTIONS'],
    ['/houses/:houseSlug/orders', 'POST, OPTIONS'],
    ['/orders/:orderId', 'GET, OPTIONS'],
  ] as const;
  for (const [path, methods] of preflights) {
    app.options(path, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('access-control-allow-methods', methods)
        .header('access-control-allow-headers', 'Content-Type, Idempotency-Key')
        .header('access-control-max-age', '86400')
        .code(204)
        .send(),
    );
  }

  app.get(
    '/houses/:houseSlug/performances/:performanceId/availability',
    {
      config: reads,
      schema: { tags, summary: 'Price categories, tariffs and free seats of a performance', params: performanceParams, response: { 200: availabilityDto, 404: errorResponse, 429: errorResponse } },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return ticketing.availability(await houseIdOf(request.params.houseSlug), request.params.performanceId);
    },
  );

  app.post(
    '/houses/:houseSlug/holds',
    {
      config: writes,
      schema: {
        tags,
        summary: 'Reserve seats for the hold time (default 15 minutes) at the price of this moment',
        params: houseParams,
        body: holdInput,
        response: { 201: holdDto, ...commonErrors, 429: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const hold = await ticketing.hold(await houseIdOf(request.params.houseSlug), request.body, { source: 'web', staff: false, actor: 'visitor' });
      void reply.status(201);
      return hold;
    },
  );

  app.get(
    '/houses/:houseSlug/holds/:holdId',
    { config: reads, schema: { tags, summary: 'A hold, with its token', params: holdParams, querystring: holdTokenInput, response: { 200: holdDto, ...commonErrors, 429: errorResponse } } },
    async (request) => ticketing.getHold(await houseIdOf(request.params.houseSlug), request.params.holdId, request.query.token),
  );

  app.delete(
    '/houses/:houseSlug/holds/:holdId',
    { config: reads, schema: { tags, summary: 'Give the seats of a hold back now', params: holdParams, querystring: holdTokenInput, response: { 204: z.null(), ...commonErrors, 429: errorResponse } } },
    async (request, reply) => {
      await ticketing.releaseHold(await houseIdOf(request.params.houseSlug), request.params.holdId, request.query.token);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/houses/:houseSlug/orders',
    {
      config: writes,
      schema: {
        tags,
        summary: 'Book: turn a hold (or seats named directly) into tickets for the buyer',
        description:
          'Needs an Idempotency-Key header. Marketing consents are separate boxes, false unless ticked; ticked ones are confirmed by double opt-in. ' +
          'A sold-out answer is 409 with code sold_out; a hold that ran out and lost its seats, 409 hold_expired; busy, 503 with Retry-After.',
        params: houseParams,
        headers: idempotencyHeaders,
        body: orderInput,
        response: { 201: orderDto, ...replayableErrors, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const houseId = await houseIdOf(request.params.houseSlug);
      const ticked = request.body.consents?.newsletter === true || request.body.consents?.recommendations === true;
      const consentProof = ticked ? await publicAudience.proofOf(houseId, { ip: request.ip, userAgent: request.headers['user-agent'] }) : undefined;
      const result = await ticketing.place(houseId, request.body, { source: 'web', staff: false, actor: 'visitor', idempotencyKey: idempotencyKeyOf(request), consentProof });
      return sendReplayable(reply, result) as z.infer<typeof orderDto>;
    },
  );

  app.get(
    '/orders/:orderId',
    {
      config: reads,
      schema: { tags, summary: "The buyer's order, with the secret from the confirmation", params: z.object({ orderId: z.uuid() }), querystring: holdTokenInput, response: { 200: orderDto, ...commonErrors, 429: errorResponse } },
    },
    async (request) => {
      const { houseId: _houseId, ...order } = await ticketing.getOrderWithToken(request.params.orderId, request.query.token);
      return order;
    },
  );
};
