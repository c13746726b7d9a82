import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, idParams, page, paginationQuery } from '../../http/schemas.ts';
import { scopeOf } from '../model.ts';
import { requirePermission } from '../plugin.ts';
import { apiKeyCreateInput, apiKeyDto, createdApiKeyDto } from '../schemas.ts';
import type { AuthRouteOptions } from './session.ts';

/** API keys for integrations (city calendars, portals, scripts): list, create, revoke. */
export const apiKeyRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, { auth }) => {
  app.get(
    '/api-keys',
    { schema: { tags: ['api keys'], summary: "The house's API keys, revoked ones included", querystring: paginationQuery, response: { 200: page(apiKeyDto), ...commonErrors } } },
    async (request) => auth.listApiKeys(scopeOf(requirePermission(request, 'api_keys:manage')), request.query),
  );

  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key (only a person logged in, never an API key); the answer holds the key itself, this once',
        body: apiKeyCreateInput,
        response: { 201: createdApiKeyDto, ...commonErrors },
      },
    },
    async (request, reply) => {
      const created = await auth.issueApiKey(requirePermission(request, 'api_keys:manage'), request.body);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api-keys/:id',
    { schema: { tags: ['api keys'], summary: 'Revoke an API key', params: idParams, response: { 204: z.undefined(), ...commonErrors } } },
    async (request, reply) => {
      await auth.revokeApiKey(scopeOf(requirePermission(request, 'api_keys:manage')), request.params.id);
      return reply.status(204).send();
    },
  );
};
