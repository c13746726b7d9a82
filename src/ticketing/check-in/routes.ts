import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import { checkInDto, checkInInput } from '../schemas.ts';
import { checkInCodesDto, checkInSyncDto, checkInSyncInput } from './schemas.ts';
import type { CheckInService } from './service.ts';

/*
 * The door's routes under /api: a scan, the code list a tablet keeps for working
 * offline, and the upload of its offline scans. Every scan is answered 200 with what it
 * meant (valid, already_used, cancelled, unknown, wrong_performance): a refused ticket
 * is the door's everyday business, not an error.
 */

const tags = ['check-in'];

export const checkInRoutes: FastifyPluginAsyncZod<{ checkIn: CheckInService }> = async (app, { checkIn }) => {
  app.post(
    '/check-in',
    {
      schema: {
        tags,
        summary: 'Scan or type a ticket code at the door of a performance',
        description: 'Typed codes may have spaces, dashes, lower case, O for 0 and I or L for 1. A valid ticket is let in once; every scan is logged.',
        body: checkInInput,
        response: { 200: checkInDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'ticketing:check_in');
      return checkIn.scan(scopeOf(actor), request.body, { actor: actorRef(actor) });
    },
  );

  app.get(
    '/ticketing/performances/:id/check-in/codes',
    { schema: { tags, summary: 'Every ticket code of a performance with its state, for checking in without network', params: idParams, response: { 200: checkInCodesDto, ...commonErrors } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return checkIn.codes(scopeOf(requirePermission(request, 'ticketing:check_in')), request.params.id);
    },
  );

  app.post(
    '/ticketing/performances/:id/check-in/sync',
    {
      schema: {
        tags,
        summary: 'Send the scans a device made offline; the first scan of a code wins; sending the same batch again changes nothing',
        params: idParams,
        body: checkInSyncInput,
        response: { 200: checkInSyncDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'ticketing:check_in');
      return checkIn.sync(scopeOf(actor), request.params.id, request.body, { actor: actorRef(actor) });
    },
  );
};
