import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../core/http/schemas.ts';
import type { AssistantWidget } from './service.ts';

/*
 * The chat widget's script under /public: loadable by any site (no cookies, nothing
 * personal in it), cached for five minutes and revalidated by its ETag, like the booking
 * widget's.
 */

export interface AssistantWidgetRoutesOptions {
  assistantWidget: AssistantWidget;
}

const houseParams = z.object({ houseSlug: z.string().min(1).max(120) });

export const assistantWidgetRoutes: FastifyPluginAsyncZod<AssistantWidgetRoutesOptions> = async (app, { assistantWidget }) => {
  app.get(
    '/houses/:houseSlug/assistant.js',
    {
      schema: {
        tags: ['public assistant'],
        security: [],
        summary: 'The embeddable chat widget: <script src=".../assistant.js" data-language="en" defer></script>',
        params: houseParams,
        response: { 200: z.string(), 304: z.null().describe('unchanged since the ETag given'), 404: errorResponse },
      },
    },
    async (request, reply) => {
      const script = await assistantWidget.script(request.params.houseSlug);
      void reply.header('etag', script.etag).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
      if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === script.etag)) return reply.code(304).send(null);
      return reply.type('text/javascript; charset=utf-8').send(script.body);
    },
  );
};
