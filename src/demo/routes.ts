import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../core/errors.ts';

/*
 * GET /demo/images/:file: the demo productions' SVG posters from examples/demo-house/images,
 * which the seeded imageUrl fields point to. Public and long-cached: the files only
 * change with a new Foyer version.
 */

const imagesDirectory = new URL('../../examples/demo-house/images/', import.meta.url);

const params = z.object({ file: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*\.svg$/, 'a poster file name such as faust.svg') });

export const demoImageRoutes: FastifyPluginAsyncZod = async (app) => {
  const cache = new Map<string, Buffer>();
  app.get(
    '/demo/images/:file',
    { schema: { hide: true, params } },
    async (request, reply) => {
      const { file } = request.params;
      let body = cache.get(file);
      if (body === undefined) {
        try {
          body = await readFile(new URL(file, imagesDirectory));
        } catch {
          throw new DomainError('not_found', `no demo image ${file}`);
        }
        cache.set(file, body);
      }
      // An SVG may carry script; served as an image with a strict policy it cannot run.
      return reply
        .header('content-type', 'image/svg+xml')
        .header('cache-control', 'public, max-age=86400')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );
};
