import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors } from '../../core/http/schemas.ts';
import { houseDto, housePatchInput } from '../schemas.ts';
import type { CatalogueService } from '../service.ts';

const term = z.object({ code: z.string(), de: z.string(), en: z.string() });
const vocabularyDto = z
  .object({
    genres: z.array(term.extend({ family: z.string() })),
    audiences: z.array(term),
    accessibility: z.array(term),
    performanceStatuses: z.array(term),
  })
  .meta({ id: 'Vocabulary' });

/** The caller's own house, and the controlled vocabularies with their labels. */
export const houseRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService }> = async (app, { catalogue }) => {
  app.get(
    '/house',
    { schema: { tags: ['house'], summary: 'The house of the caller', response: { 200: houseDto, ...commonErrors } } },
    async (request) => catalogue.getHouse(scopeOf(requirePermission(request, 'catalogue:read')).houseId),
  );

  app.patch(
    '/house',
    {
      schema: {
        tags: ['house'],
        summary: 'Change name, address, time zone, languages or currency of the house',
        body: housePatchInput,
        response: { 200: houseDto, ...commonErrors },
      },
    },
    async (request) => catalogue.updateHouse(scopeOf(requirePermission(request, 'house:manage')), request.body),
  );

  app.get(
    '/vocabulary',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Genres, audiences, accessibility features and performance statuses with German and English labels',
        response: { 200: vocabularyDto, ...commonErrors },
      },
    },
    async (request) => {
      requirePermission(request, 'catalogue:read');
      return catalogue.vocabulary();
    },
  );
};
