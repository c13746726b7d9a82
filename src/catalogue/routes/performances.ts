import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import { performanceCreateInput, performanceDto, performanceListQuery, performancePatchInput } from '../schemas/performances.ts';
import type { CatalogueService } from '../service.ts';

const tags = ['performances'];

/** Performances, with their production's titles and genres and their hall; unit staff: their unit's only. */
export const performanceRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService }> = async (app, { catalogue }) => {
  app.get(
    '/performances',
    {
      schema: {
        tags,
        summary: 'List performances by start',
        querystring: paginationQuery.extend(performanceListQuery.shape),
        response: { 200: page(performanceDto), ...commonErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return catalogue.listPerformances(scopeOf(requirePermission(request, 'catalogue:read')), filter, { limit, offset });
    },
  );
  app.post(
    '/performances',
    { schema: { tags, summary: 'Create a performance', body: performanceCreateInput, response: { 201: performanceDto, ...commonErrors } } },
    async (request, reply) => reply.code(201).send(await catalogue.createPerformance(scopeOf(requirePermission(request, 'catalogue:write')), request.body)),
  );
  app.get(
    '/performances/:id',
    { schema: { tags, summary: 'Get a performance', params: idParams, response: { 200: performanceDto, ...commonErrors } } },
    async (request) => catalogue.getPerformance(scopeOf(requirePermission(request, 'catalogue:read')), request.params.id),
  );
  app.patch(
    '/performances/:id',
    {
      schema: {
        tags,
        summary: 'Change a performance: move, cancel, mark sold out',
        params: idParams,
        body: performancePatchInput,
        response: { 200: performanceDto, ...commonErrors },
      },
    },
    async (request) => catalogue.updatePerformance(scopeOf(requirePermission(request, 'catalogue:write')), request.params.id, request.body),
  );
  app.delete(
    '/performances/:id',
    { schema: { tags, summary: 'Delete a performance', params: idParams, response: { 204: z.null().describe('deleted'), ...commonErrors } } },
    async (request, reply) => {
      await catalogue.deletePerformance(scopeOf(requirePermission(request, 'catalogue:write')), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
