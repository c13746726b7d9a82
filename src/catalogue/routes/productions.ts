import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import { productionCreateInput, productionDto, productionListQuery, productionPatchInput } from '../schemas/productions.ts';
import type { CatalogueService } from '../service.ts';

const tags = ['productions'];

/** Productions; unit staff see and write only their unit's. */
export const productionRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService }> = async (app, { catalogue }) => {
  app.get(
    '/productions',
    {
      schema: {
        tags,
        summary: 'List productions, by German title',
        querystring: paginationQuery.extend(productionListQuery.shape),
        response: { 200: page(productionDto), ...commonErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return catalogue.listProductions(scopeOf(requirePermission(request, 'catalogue:read')), filter, { limit, offset });
    },
  );
  app.post(
    '/productions',
    {
      schema: {
        tags,
        summary: 'Create a production (unit staff: always in their unit)',
        body: productionCreateInput,
        response: { 201: productionDto, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await catalogue.createProduction(scopeOf(requirePermission(request, 'catalogue:write')), request.body)),
  );
  app.get(
    '/productions/:id',
    { schema: { tags, summary: 'Get a production', params: idParams, response: { 200: productionDto, ...commonErrors } } },
    async (request) => catalogue.getProduction(scopeOf(requirePermission(request, 'catalogue:read')), request.params.id),
  );
  app.patch(
    '/productions/:id',
    {
      schema: {
        tags,
        summary: 'Change a production; texts merge per language, null clears a field',
        params: idParams,
        body: productionPatchInput,
        response: { 200: productionDto, ...commonErrors },
      },
    },
    async (request) => catalogue.updateProduction(scopeOf(requirePermission(request, 'catalogue:write')), request.params.id, request.body),
  );
  app.delete(
    '/productions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a production with its performances and price categories',
        params: idParams,
        response: { 204: z.null().describe('deleted'), ...commonErrors },
      },
    },
    async (request, reply) => {
      await catalogue.deleteProduction(scopeOf(requirePermission(request, 'catalogue:write')), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
