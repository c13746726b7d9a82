import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import { contactTagDto, tagInput, tagParams } from './schemas.ts';
import type { TagService } from './service.ts';

/** /api/contacts/:id/tags: reading needs audience:read, changing audience:write. */
export const contactTagRoutes: FastifyPluginAsyncZod<{ tags: TagService }> = async (app, { tags }) => {
  const schemaTags = ['audience'];

  app.get(
    '/contacts/:id/tags',
    { schema: { tags: schemaTags, summary: 'The contact’s tags', params: idParams, response: { 200: z.object({ items: z.array(contactTagDto) }), ...commonErrors } } },
    async (request) => ({ items: await tags.list(scopeOf(requirePermission(request, 'audience:read')), request.params.id) }),
  );

  app.post(
    '/contacts/:id/tags',
    {
      schema: { tags: schemaTags, summary: 'Tag a contact (a tag it has already stays as it was)', params: idParams, body: tagInput, response: { 201: contactTagDto, ...commonErrors } },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'audience:write');
      return reply.code(201).send(await tags.add(scopeOf(actor), request.params.id, request.body, actorRef(actor)));
    },
  );

  app.delete(
    '/contacts/:id/tags/:tag',
    { schema: { tags: schemaTags, summary: 'Take a tag off a contact', params: tagParams, response: { 204: z.null(), ...commonErrors } } },
    async (request, reply) => {
      await tags.remove(scopeOf(requirePermission(request, 'audience:write')), request.params.id, request.params.tag);
      return reply.code(204).send(null);
    },
  );
};
