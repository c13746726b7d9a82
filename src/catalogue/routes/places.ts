import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import {
  hallCreateInput,
  hallDto,
  hallListQuery,
  hallPatchInput,
  unitCreateInput,
  unitDto,
  unitPatchInput,
  venueCreateInput,
  venueDto,
  venuePatchInput,
} from '../schemas/places.ts';
import type { CatalogueService } from '../service.ts';

const deleted = z.null().describe('deleted');

/** Units, venues and halls: readable by everyone with catalogue:read, written by house-wide staff. */
export const placeRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService }> = async (app, { catalogue }) => {
  const read = (request: Parameters<typeof requirePermission>[0]) => scopeOf(requirePermission(request, 'catalogue:read'));
  const write = (request: Parameters<typeof requirePermission>[0]) => scopeOf(requirePermission(request, 'catalogue:write'));

  // ---------- units ----------
  const units = { tags: ['units'] };
  app.get(
    '/units',
    { schema: { ...units, summary: 'List units', querystring: paginationQuery, response: { 200: page(unitDto), ...commonErrors } } },
    async (request) => catalogue.listUnits(read(request), request.query),
  );
  app.post(
    '/units',
    { schema: { ...units, summary: 'Create a unit', body: unitCreateInput, response: { 201: unitDto, ...commonErrors } } },
    async (request, reply) => reply.code(201).send(await catalogue.createUnit(write(request), request.body)),
  );
  app.get(
    '/units/:id',
    { schema: { ...units, summary: 'Get a unit', params: idParams, response: { 200: unitDto, ...commonErrors } } },
    async (request) => catalogue.getUnit(read(request), request.params.id),
  );
  app.patch(
    '/units/:id',
    { schema: { ...units, summary: 'Change a unit', params: idParams, body: unitPatchInput, response: { 200: unitDto, ...commonErrors } } },
    async (request) => catalogue.updateUnit(write(request), request.params.id, request.body),
  );
  app.delete(
    '/units/:id',
    { schema: { ...units, summary: 'Delete a unit without productions', params: idParams, response: { 204: deleted, ...commonErrors } } },
    async (request, reply) => {
      await catalogue.deleteUnit(write(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---------- venues ----------
  const venues = { tags: ['venues'] };
  app.get(
    '/venues',
    { schema: { ...venues, summary: 'List venues', querystring: paginationQuery, response: { 200: page(venueDto), ...commonErrors } } },
    async (request) => catalogue.listVenues(read(request), request.query),
  );
  app.post(
    '/venues',
    { schema: { ...venues, summary: 'Create a venue', body: venueCreateInput, response: { 201: venueDto, ...commonErrors } } },
    async (request, reply) => reply.code(201).send(await catalogue.createVenue(write(request), request.body)),
  );
  app.get(
    '/venues/:id',
    { schema: { ...venues, summary: 'Get a venue', params: idParams, response: { 200: venueDto, ...commonErrors } } },
    async (request) => catalogue.getVenue(read(request), request.params.id),
  );
  app.patch(
    '/venues/:id',
    { schema: { ...venues, summary: 'Change a venue', params: idParams, body: venuePatchInput, response: { 200: venueDto, ...commonErrors } } },
    async (request) => catalogue.updateVenue(write(request), request.params.id, request.body),
  );
  app.delete(
    '/venues/:id',
    {
      schema: { ...venues, summary: 'Delete a venue without halls or exhibitions (409 otherwise)', params: idParams, response: { 204: deleted, ...commonErrors } },
    },
    async (request, reply) => {
      await catalogue.deleteVenue(write(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---------- halls ----------
  const halls = { tags: ['halls'] };
  app.get(
    '/halls',
    {
      schema: { ...halls, summary: 'List halls with their venue', querystring: paginationQuery.extend(hallListQuery.shape), response: { 200: page(hallDto), ...commonErrors } },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return catalogue.listHalls(read(request), filter, { limit, offset });
    },
  );
  app.post(
    '/halls',
    { schema: { ...halls, summary: 'Create a hall in a venue', body: hallCreateInput, response: { 201: hallDto, ...commonErrors } } },
    async (request, reply) => reply.code(201).send(await catalogue.createHall(write(request), request.body)),
  );
  app.get(
    '/halls/:id',
    { schema: { ...halls, summary: 'Get a hall', params: idParams, response: { 200: hallDto, ...commonErrors } } },
    async (request) => catalogue.getHall(read(request), request.params.id),
  );
  app.patch(
    '/halls/:id',
    { schema: { ...halls, summary: 'Change a hall', params: idParams, body: hallPatchInput, response: { 200: hallDto, ...commonErrors } } },
    async (request) => catalogue.updateHall(write(request), request.params.id, request.body),
  );
  app.delete(
    '/halls/:id',
    { schema: { ...halls, summary: 'Delete a hall no performance uses (409 otherwise)', params: idParams, response: { 204: deleted, ...commonErrors } } },
    async (request, reply) => {
      await catalogue.deleteHall(write(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
