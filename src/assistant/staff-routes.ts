import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRef } from '../core/auth/model.ts';
import { requirePermission } from '../core/auth/plugin.ts';
import { commonErrors } from '../core/http/schemas.ts';
import { inboxRoutes } from './inbox/routes.ts';
import type { Inbox } from './inbox/service.ts';
import { knowledgeRoutes } from './knowledge/routes.ts';
import type { KnowledgeBase } from './knowledge/service.ts';
import { type AssistantSettingsService, assistantSettingsInput } from './settings.ts';
import { assistantSettingsDto, assistantStatsDto } from './staff-schemas.ts';
import { type AssistantStatsService, statsQuery } from './stats.ts';

/*
 * The assistant's staff API under /api/assistant: the inbox (assistant:inbox), and the
 * knowledge base, unanswered questions, settings and statistics (assistant:manage).
 */

const tags = ['assistant'];

export interface AssistantStaffRoutesOptions {
  settings: AssistantSettingsService;
  knowledge: KnowledgeBase;
  inbox: Inbox;
  stats: AssistantStatsService;
  /** Whether an OpenAI-compatible endpoint is configured (it is optional, never required). */
  languageModelConfigured: boolean;
}

export const assistantStaffRoutes: FastifyPluginAsyncZod<AssistantStaffRoutesOptions> = async (app, { settings, knowledge, inbox, stats, languageModelConfigured }) => {
  const view = async (houseId: string) => {
    const { nextOpening: _next, ...current } = await settings.withAvailability(houseId);
    return { ...current, languageModel: { configured: languageModelConfigured } };
  };

  app.get(
    '/settings',
    { schema: { tags, summary: 'The assistant settings (defaults until the house saves), with whether the team is there now', response: { 200: assistantSettingsDto, ...commonErrors } } },
    async (request) => view(requirePermission(request, 'assistant:manage').houseId),
  );

  app.put(
    '/settings',
    { schema: { tags, summary: 'Change the assistant settings', body: assistantSettingsInput, response: { 200: assistantSettingsDto, ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'assistant:manage');
      await settings.put(actor.houseId, request.body, actorRef(actor));
      return view(actor.houseId);
    },
  );

  app.get(
    '/stats',
    { schema: { tags, summary: 'Assistant statistics over the last days (house zone, today included)', querystring: statsQuery, response: { 200: assistantStatsDto, ...commonErrors } } },
    async (request) => stats.forHouse(requirePermission(request, 'assistant:manage').houseId, request.query),
  );

  await app.register(knowledgeRoutes, { knowledge });
  await app.register(inboxRoutes, { inbox });
};
