import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { RateLimit } from '../core/http/rate-limit.ts';
import { errorResponse } from '../core/http/schemas.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { createHouseResolver } from '../ticketing/public-routes.ts';
import { itemsDto, publicQuery } from './schemas.ts';
import type { RecommendationService } from './service.ts';

/*
 * Suggestions for an anonymous visitor of the house's site (the booking widget): by the
 * genres they chose or the production they look at. No login, no cookie, no person:
 * open to every origin like the booking widget's other public routes.
 */

const tags = ['public recommendations'];
const houseParams = z.object({ houseSlug: z.string().min(1).max(100) });

export interface PublicRecommendationOptions {
  recommendations: RecommendationService;
  catalogue: CatalogueService;
  clock: Clock;
  rateLimits: { publicPerIp: number };
}

export const publicRecommendationRoutes: FastifyPluginAsyncZod<PublicRecommendationOptions> = async (app, { recommendations, catalogue, clock, rateLimits }) => {
  const houseIdOf = createHouseResolver(catalogue, clock);
  const reads = { rateLimit: [{ name: 'public-ip', limit: rateLimits.publicPerIp, windowMs: 60_000, what: 'requests' }] satisfies RateLimit[] };

  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Retry-After');
  });
  app.options('/houses/:houseSlug/recommendations', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('access-control-allow-methods', 'GET, OPTIONS').header('access-control-allow-headers', 'Content-Type').header('access-control-max-age', '86400').code(204).send(),
  );

  app.get(
    '/houses/:houseSlug/recommendations',
    {
      config: reads,
      schema: {
        tags,
        summary: 'Suggestions for a visitor: by genres (comma-separated codes) or similar to a production, with discovery slots',
        params: houseParams,
        querystring: publicQuery,
        response: { 200: itemsDto, 400: errorResponse, 404: errorResponse, 429: errorResponse },
      },
    },
    async (request) => ({ items: await recommendations.forVisitor(await houseIdOf(request.params.houseSlug), request.query) }),
  );
};
