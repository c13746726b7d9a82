import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, idParams, page, paginationQuery } from '../../http/schemas.ts';
import { scopeOf } from '../model.ts';
import { requirePermission } from '../plugin.ts';
import { staffCreateInput, staffDto, staffPatchInput } from '../schemas.ts';
import type { AuthRouteOptions } from './session.ts';

/** The owner's management of the house's staff accounts. */
export const staffRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, { auth }) => {
  app.get(
    '/staff',
    { schema: { tags: ['staff'], summary: "The house's staff accounts", querystring: paginationQuery, response: { 200: page(staffDto), ...commonErrors } } },
    async (request) => auth.listStaff(scopeOf(requirePermission(request, 'staff:manage')), request.query),
  );

  app.post(
    '/staff',
    { schema: { tags: ['staff'], summary: 'Create a staff account', body: staffCreateInput, response: { 201: staffDto, ...commonErrors } } },
    async (request, reply) => {
      const staff = await auth.addStaff(requirePermission(request, 'staff:manage'), request.body);
      return reply.status(201).send(staff);
    },
  );

  app.get(
    '/staff/:id',
    { schema: { tags: ['staff'], summary: 'One staff account', params: idParams, response: { 200: staffDto, ...commonErrors } } },
    async (request) => auth.getStaff(scopeOf(requirePermission(request, 'staff:manage')), request.params.id),
  );

  app.patch(
    '/staff/:id',
    {
      schema: {
        tags: ['staff'],
        summary:
          'Change a staff account: name, e-mail, role, unit, language, disabled, password (the last active owner stays owner; ' +
          'nobody gives or touches a role above their own; a demoted or disabled account loses the API keys it created beyond its new role)',
        params: idParams,
        body: staffPatchInput,
        response: { 200: staffDto, ...commonErrors },
      },
    },
    async (request) => auth.updateStaff(requirePermission(request, 'staff:manage'), request.params.id, request.body),
  );

  app.delete(
    '/staff/:id',
    { schema: { tags: ['staff'], summary: 'Delete a staff account (not the last active owner) and revoke the API keys it created', params: idParams, response: { 204: z.undefined(), ...commonErrors } } },
    async (request, reply) => {
      await auth.deleteStaff(requirePermission(request, 'staff:manage'), request.params.id);
      return reply.status(204).send();
    },
  );
};
