import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRef, scopeOf } from '../core/auth/model.ts';
import { requirePermission } from '../core/auth/plugin.ts';
import { commonErrors, idParams } from '../core/http/schemas.ts';
import type { RecommendationMetrics } from './metrics-service.ts';
import type { SettingsPreviewService } from './preview.ts';
import {
  contactListDto,
  contactMetricsDto,
  contactMetricsQuery,
  houseMetricsDto,
  houseMetricsQuery,
  itemsDto,
  listQuery,
  previewDto,
  previewInput,
  settingsDto,
  settingsInput,
} from './schemas.ts';
import type { RecommendationService } from './service.ts';
import type { RecommendationSettingsService } from './settings.ts';
import type { Language } from './types.ts';

/*
 * /api/recommend: a contact's list (audience:read), "if you liked this" (catalogue:read),
 * the house's discovery setting (house:manage to change) with its preview, and the bubble
 * metrics (house: segments:count, no person in the answer; contact: audience:read).
 * A list a logged-in staff member looks at is recorded with surface 'staff' (the person
 * did not see it); an API key's with 'api' (a house's site or app shows it).
 */

const tags = ['recommendations'];

/** The sample lists read as the staff member reads the app; an API key gets German, Foyer's first language. */
const staffLanguageOf = (actor: { kind: string; language?: string }): Language => (actor.kind === 'staff' && actor.language === 'en' ? 'en' : 'de');

export interface RecommendationRoutesOptions {
  recommendations: RecommendationService;
  settings: RecommendationSettingsService;
  preview: SettingsPreviewService;
  metrics: RecommendationMetrics;
}

export const recommendationRoutes: FastifyPluginAsyncZod<RecommendationRoutesOptions> = async (app, { recommendations, settings, preview, metrics }) => {
  const surfaceOf = (actor: { kind: string }) => (actor.kind === 'staff' ? 'staff' : 'api');

  app.get(
    '/contacts/:id',
    { schema: { tags, summary: 'Recommendations for a contact, with discovery slots and explanations', params: idParams, querystring: listQuery, response: { 200: contactListDto, ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'audience:read');
      return recommendations.forContact(scopeOf(actor), request.params.id, request.query, surfaceOf(actor));
    },
  );

  app.get(
    '/productions/:id/similar',
    { schema: { tags, summary: 'If you liked this: productions similar to one of the house (of their unit, for unit staff)', params: idParams, querystring: listQuery, response: { 200: itemsDto, ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'catalogue:read');
      return { items: await recommendations.similar(scopeOf(actor), request.params.id, request.query, surfaceOf(actor)) };
    },
  );

  app.get('/settings', { schema: { tags, summary: 'The discovery setting: list size and discovery slots', response: { 200: settingsDto, ...commonErrors } } }, async (request) =>
    settings.get(requirePermission(request, 'catalogue:read').houseId),
  );

  app.put(
    '/settings',
    { schema: { tags, summary: 'Change the discovery setting', body: settingsInput, response: { 200: settingsDto, ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'house:manage');
      return settings.put(actor.houseId, request.body, actorRef(actor));
    },
  );

  app.post(
    '/settings/preview',
    {
      schema: {
        tags,
        summary: 'What a proposed setting would change, on a sample of up to 50 people with a history (not saved, not recorded)',
        body: previewInput,
        response: { 200: previewDto, ...commonErrors },
      },
    },
    async (request) => {
      // The sample's lists are personal: changing the setting is not enough to see them.
      requirePermission(request, 'audience:read');
      const actor = requirePermission(request, 'house:manage');
      const { language, ...proposed } = request.body;
      return preview(actor.houseId, proposed, language ?? staffLanguageOf(actor));
    },
  );

  app.get(
    '/metrics',
    { schema: { tags, summary: 'Bubble metrics of the house, with weekly series', querystring: houseMetricsQuery, response: { 200: houseMetricsDto, ...commonErrors } } },
    async (request) => metrics.forHouse(requirePermission(request, 'segments:count').houseId, request.query.days),
  );

  app.get(
    '/contacts/:id/metrics',
    {
      schema: { tags, summary: 'A contact’s range over time: genre entropy by month and the narrowing index', params: idParams, querystring: contactMetricsQuery, response: { 200: contactMetricsDto, ...commonErrors } },
    },
    async (request) => metrics.forContact(scopeOf(requirePermission(request, 'audience:read')), request.params.id, request.query.months),
  );
};
