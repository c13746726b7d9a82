import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import { knowledgeCreateInput, knowledgeEntryDto, knowledgeListQuery, unansweredDto, unansweredQuery } from '../staff-schemas.ts';
import { knowledgeEntryInput } from './model.ts';
import type { KnowledgeBase } from './service.ts';

/* /api/assistant/knowledge and /api/assistant/unanswered: the knowledge-base editor (assistant:manage). */

const tags = ['assistant'];

export const knowledgeRoutes: FastifyPluginAsyncZod<{ knowledge: KnowledgeBase }> = async (app, { knowledge }) => {
  const houseOf = (request: Parameters<typeof requirePermission>[0]) => requirePermission(request, 'assistant:manage');

  app.get(
    '/knowledge',
    { schema: { tags, summary: 'The knowledge base, by topic; q searches questions and answers', querystring: knowledgeListQuery, response: { 200: z.object({ items: z.array(knowledgeEntryDto) }), ...commonErrors } } },
    async (request) => ({ items: await knowledge.list(houseOf(request).houseId, request.query) }),
  );

  app.post(
    '/knowledge',
    {
      schema: {
        tags,
        summary: 'A new entry; with fromUnansweredId the question it answers is marked answered',
        body: knowledgeCreateInput,
        response: { 201: knowledgeEntryDto, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = houseOf(request);
      return reply.code(201).send(await knowledge.create(actor.houseId, request.body, actorRef(actor)));
    },
  );

  app.get('/knowledge/:id', { schema: { tags, summary: 'One entry', params: idParams, response: { 200: knowledgeEntryDto, ...commonErrors } } }, async (request) =>
    knowledge.get(houseOf(request).houseId, request.params.id),
  );

  app.put(
    '/knowledge/:id',
    { schema: { tags, summary: 'Change an entry (the whole entry)', params: idParams, body: knowledgeEntryInput, response: { 200: knowledgeEntryDto, ...commonErrors } } },
    async (request) => {
      const actor = houseOf(request);
      return knowledge.update(actor.houseId, request.params.id, request.body, actorRef(actor));
    },
  );

  app.delete(
    '/knowledge/:id',
    { schema: { tags, summary: 'Delete an entry; questions it answered are open again', params: idParams, response: { 204: z.null(), ...commonErrors } } },
    async (request, reply) => {
      const actor = houseOf(request);
      await knowledge.remove(actor.houseId, request.params.id, actorRef(actor));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/unanswered',
    {
      schema: {
        tags,
        summary: 'Questions the assistant could not answer, the most asked first',
        querystring: unansweredQuery,
        response: { 200: z.object({ items: z.array(unansweredDto) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await knowledge.listUnanswered(houseOf(request).houseId, request.query.status) }),
  );

  app.post(
    '/unanswered/:id/dismiss',
    { schema: { tags, summary: 'Not worth an entry: leaves the open list', params: idParams, response: { 200: unansweredDto, ...commonErrors } } },
    async (request) => knowledge.dismissUnanswered(houseOf(request).houseId, request.params.id),
  );
};
