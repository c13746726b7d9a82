import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../core/http/schemas.ts';
import type { BookingWidget } from './service.ts';

/*
 * The booking widget's script under /public: loadable by any site (no cookies, nothing
 * personal in it), cached for five minutes and revalidated by its ETag, so a change of
 * payment methods or consent texts reaches the house's pages within minutes.
 */

export interface BookingWidgetRoutesOptions {
  bookingWidget: BookingWidget;
}

const houseParams = z.object({ houseSlug: z.string().min(1).max(120) });

export const bookingWidgetRoutes: FastifyPluginAsyncZod<BookingWidgetRoutesOptions> = async (app, { bookingWidget }) => {
  app.get(
    '/houses/:houseSlug/booking.js',
    {
      schema: {
        tags: ['public ticketing'],
        security: [],
        summary: 'The embeddable booking widget: <script src=".../booking.js" data-lang="de" data-target="#tickets" data-production="<slug>" async></script>',
        params: houseParams,
        response: { 200: z.string(), 304: z.null().describe('unchanged since the ETag given'), 404: errorResponse },
      },
    },
    async (request, reply) => {
      const script = await bookingWidget.script(request.params.houseSlug);
      void reply.header('etag', script.etag).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
      if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === script.etag)) return reply.code(304).send(null);
      return reply.type('text/javascript; charset=utf-8').send(script.body);
    },
  );
};
