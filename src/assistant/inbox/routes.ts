import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import { assigneesDto, conversationDetailDto, conversationPageDto, conversationSummaryDto, replyDto } from '../staff-schemas.ts';
import { assignInput, type Inbox, inboxQuery, type InboxActor, replyInput } from './service.ts';

/* /api/assistant/conversations: the dialogue team's inbox (assistant:inbox). */

const tags = ['assistant'];

function inboxActor(request: FastifyRequest): InboxActor {
  const actor = requirePermission(request, 'assistant:inbox');
  return { scope: scopeOf(actor), staffId: actor.kind === 'staff' ? actor.id : null };
}

export const inboxRoutes: FastifyPluginAsyncZod<{ inbox: Inbox }> = async (app, { inbox }) => {
  app.get(
    '/conversations',
    {
      schema: {
        tags,
        summary: 'Conversations, newest activity first; by default those handed over to the team',
        querystring: inboxQuery,
        response: { 200: conversationPageDto, ...commonErrors },
      },
    },
    async (request) => inbox.list(inboxActor(request), request.query),
  );

  app.get(
    '/conversations/:id',
    { schema: { tags, summary: 'A conversation with every message and its context (step, intents, entities)', params: idParams, response: { 200: conversationDetailDto, ...commonErrors } } },
    async (request) => inbox.get(inboxActor(request), request.params.id),
  );

  app.post(
    '/conversations/:id/replies',
    {
      schema: {
        tags,
        summary: 'Reply: in the widget while the visitor is there, else by mail when they left an address (delivery says which); 409 when closed',
        params: idParams,
        body: replyInput,
        response: { 201: replyDto, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await inbox.reply(inboxActor(request), request.params.id, request.body)),
  );

  app.post(
    '/conversations/:id/close',
    { schema: { tags, summary: 'Close the conversation', params: idParams, response: { 200: conversationSummaryDto, ...commonErrors } } },
    async (request) => inbox.close(inboxActor(request), request.params.id),
  );

  app.get(
    '/assignees',
    { schema: { tags, summary: 'The house-wide staff who work the inbox, by name: whom a conversation can be assigned to', response: { 200: assigneesDto, ...commonErrors } } },
    async (request) => inbox.assignees(inboxActor(request)),
  );

  app.post(
    '/conversations/:id/assign',
    {
      schema: { tags, summary: 'Assign to a staff member who works the inbox, or to nobody (null)', params: idParams, body: assignInput, response: { 200: conversationSummaryDto, ...commonErrors } },
    },
    async (request) => inbox.assign(inboxActor(request), request.params.id, request.body),
  );
};
