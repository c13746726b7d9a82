import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors } from '../../core/http/schemas.ts';
import type { BrandingService } from './branding.ts';
import { brandingDto, brandingInput, previewDto, previewInput, templateKeyParams, templateListDto } from './schemas.ts';
import type { TemplateService } from './service.ts';

/*
 * /api/campaigns/branding and /api/campaigns/templates. Reading needs catalogue:read
 * (nothing personal in it); changing the branding is the house's look: house:manage.
 * A preview as a real person needs audience:read as well, and is audited as a view.
 */

const tags = ['campaigns'];

export const campaignTemplateRoutes: FastifyPluginAsyncZod<{ templates: TemplateService; branding: BrandingService }> = async (app, { templates, branding }) => {
  app.get(
    '/branding',
    { schema: { tags, summary: "The house's branding in mails, with the defaults filled in", response: { 200: brandingDto, ...commonErrors } } },
    async (request) => branding.get(requirePermission(request, 'catalogue:read').houseId),
  );

  app.put(
    '/branding',
    {
      schema: {
        tags,
        summary: "Set the house's branding: logo, colours (#rrggbb), footer, imprint and privacy links, sender name",
        body: brandingInput,
        response: { 200: brandingDto, ...commonErrors },
      },
    },
    async (request) => branding.update(requirePermission(request, 'house:manage').houseId, request.body),
  );

  app.get(
    '/templates',
    { schema: { tags, summary: 'The library of ready templates (German and English)', response: { 200: templateListDto, ...commonErrors } } },
    async (request) => {
      requirePermission(request, 'catalogue:read');
      return { items: templates.list() };
    },
  );

  app.post(
    '/templates/:key/preview',
    {
      schema: {
        tags,
        summary: 'Render a template as a chosen contact (or the sample contact) with today’s programme',
        params: templateKeyParams,
        body: previewInput,
        response: { 200: previewDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'catalogue:read');
      return templates.preview(scopeOf(actor), { ref: actorRef(actor), mayReadAudience: actor.permissions.has('audience:read') }, request.params.key, request.body);
    },
  );
};
