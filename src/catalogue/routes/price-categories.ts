import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import { priceCategoryCreateInput, priceCategoryDto, priceCategoryListQuery, priceCategoryPatchInput } from '../schemas/price-categories.ts';
import type { CatalogueService } from '../service.ts';

const tags = ['price categories'];

/** Price categories with reduced tariffs, per production or per performance. */
export const priceCategoryRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService }> = async (app, { catalogue }) => {
  app.get(
    '/price-categories',
    {
      schema: {
        tags,
        summary: 'List price categories',
        querystring: paginationQuery.extend(priceCategoryListQuery.shape),
        response: { 200: page(priceCategoryDto), ...commonErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return catalogue.listPriceCategories(scopeOf(requirePermission(request, 'catalogue:read')), filter, { limit, offset });
    },
  );
  app.post(
    '/price-categories',
    {
      schema: {
        tags,
        summary: "Create a price category (currency: the house's)",
        body: priceCategoryCreateInput,
        response: { 201: priceCategoryDto, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await catalogue.createPriceCategory(scopeOf(requirePermission(request, 'catalogue:write')), request.body)),
  );
  app.get(
    '/price-categories/:id',
    { schema: { tags, summary: 'Get a price category', params: idParams, response: { 200: priceCategoryDto, ...commonErrors } } },
    async (request) => catalogue.getPriceCategory(scopeOf(requirePermission(request, 'catalogue:read')), request.params.id),
  );
  app.patch(
    '/price-categories/:id',
    {
      schema: {
        tags,
        summary: 'Change a price category; reductions are replaced as a whole',
        params: idParams,
        body: priceCategoryPatchInput,
        response: { 200: priceCategoryDto, ...commonErrors },
      },
    },
    async (request) => catalogue.updatePriceCategory(scopeOf(requirePermission(request, 'catalogue:write')), request.params.id, request.body),
  );
  app.delete(
    '/price-categories/:id',
    { schema: { tags, summary: 'Delete a price category', params: idParams, response: { 204: z.null().describe('deleted'), ...commonErrors } } },
    async (request, reply) => {
      await catalogue.deletePriceCategory(scopeOf(requirePermission(request, 'catalogue:write')), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
