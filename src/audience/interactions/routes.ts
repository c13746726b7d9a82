import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams, paginationQuery } from '../../core/http/schemas.ts';
import type { AudienceService } from '../service.ts';
import { recordResultDto, staffInteractionBody, timelineDto, timelineQuery } from './schemas.ts';

const tags = ['audience'];

/** A contact's history: read (newest first) and noted by staff. */
export const interactionRoutes: FastifyPluginAsyncZod<{ audience: AudienceService }> = async (app, { audience }) => {
  const { interactions } = audience;
  app.get(
    '/contacts/:id/timeline',
    {
      schema: {
        tags,
        summary: "A contact's interactions, newest first; only what the person's valid purposes justify",
        params: idParams,
        querystring: paginationQuery.extend(timelineQuery.shape),
        response: { 200: timelineDto, ...commonErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      const actor = requirePermission(request, 'audience:read');
      return interactions.timeline(scopeOf(actor), actorRef(actor), request.params.id, filter, { limit, offset });
    },
  );
  app.post(
    '/contacts/:id/interactions',
    {
      schema: {
        tags,
        summary: 'Note an interaction (a box-office visit, a call); the note is kept only with behavioural-analysis consent',
        params: idParams,
        body: staffInteractionBody,
        response: { 201: recordResultDto, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await interactions.recordForContact(scopeOf(requirePermission(request, 'audience:write')), request.params.id, request.body)),
  );
};
