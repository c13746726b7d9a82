import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RateLimit } from '../../core/http/rate-limit.ts';
import { commonErrors, errorResponse } from '../../core/http/schemas.ts';
import type { Assistant } from '../service.ts';
import { conversationAnswerDto, messageInput, pollQuery, startedDto, startInput } from './schemas.ts';

/*
 * The visitor's side of the assistant, without login, called by the chat widget from the
 * house's own site: open to every origin and never with cookies. A conversation is
 * reached with its id and the token from its start; limits count per client IP and, for
 * messages, per conversation.
 */

const tags = ['public assistant'];
const houseParams = z.object({ houseSlug: z.string().min(1).max(100) });
const conversationParams = z.object({ id: z.uuid() });

/** Messages one conversation may send per minute: a person types far fewer. */
const messagesPerConversation = 20;

export interface PublicAssistantOptions {
  assistant: Assistant;
  rateLimits: { publicPerIp: number };
}

export const publicAssistantRoutes: FastifyPluginAsyncZod<PublicAssistantOptions> = async (app, { assistant, rateLimits }) => {
  const perIp: RateLimit = { name: 'assistant-ip', limit: rateLimits.publicPerIp, windowMs: 60_000, what: 'requests' };
  const perConversation: RateLimit = {
    name: 'assistant-conversation',
    limit: messagesPerConversation,
    windowMs: 60_000,
    what: 'messages',
    key: (request) => (request.params as { id?: string }).id ?? null,
  };

  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Retry-After');
  });
  const preflights = [
    ['/houses/:houseSlug/assistant/conversations', 'POST, OPTIONS'],
    ['/assistant/conversations/:id/messages', 'POST, OPTIONS'],
    ['/assistant/conversations/:id', 'GET, OPTIONS'],
  ] as const;
  for (const [path, methods] of preflights) {
    app.options(path, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('access-control-allow-methods', methods).header('access-control-allow-headers', 'Content-Type').header('access-control-max-age', '86400').code(204).send(),
    );
  }

  app.post(
    '/houses/:houseSlug/assistant/conversations',
    {
      config: { rateLimit: [perIp] },
      schema: {
        tags,
        summary: 'Start a conversation with the assistant: the greeting and the token for the next messages',
        params: houseParams,
        body: startInput,
        response: { 201: startedDto, ...commonErrors, 429: errorResponse },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store').status(201);
      return assistant.start(request.params.houseSlug, request.body);
    },
  );

  app.post(
    '/assistant/conversations/:id/messages',
    {
      config: { rateLimit: [perIp, perConversation] },
      schema: {
        tags,
        summary: "A visitor's message: answers it and returns the new messages (the visitor's own first)",
        description: 'Text up to 1,000 characters; at most 200 visitor messages per conversation. A wrong token and an unknown conversation get the same 404.',
        params: conversationParams,
        body: messageInput,
        response: { 200: conversationAnswerDto, ...commonErrors, 429: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return assistant.message(request.params.id, request.body, { ip: request.ip, userAgent: request.headers['user-agent'] });
    },
  );

  app.get(
    '/assistant/conversations/:id',
    {
      config: { rateLimit: [perIp] },
      schema: {
        tags,
        summary: 'The messages after seq `after` (all without it); the widget polls this while the team answers',
        params: conversationParams,
        querystring: pollQuery,
        response: { 200: conversationAnswerDto, ...commonErrors, 429: errorResponse },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return assistant.poll(request.params.id, request.query.token, request.query.after ?? 0);
    },
  );
};
