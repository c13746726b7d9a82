import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import { queueDto, queueQuery } from './schemas.ts';
import type { WaitingList } from './service.ts';

/*
 * The waiting list as the box office sees it: the queue of a performance, and taking
 * someone off it (they called, or asked at the desk). Unit staff see only their unit's
 * performances.
 */

const tags = ['ticketing'];

export const waitingListRoutes: FastifyPluginAsyncZod<{ waitingList: WaitingList }> = async (app, { waitingList }) => {
  app.get(
    '/ticketing/performances/:id/waiting-list',
    {
      schema: {
        tags,
        summary: 'The waiting list of a performance: place in line, who, how many seats of which category, and open offers',
        params: idParams,
        querystring: queueQuery,
        response: { 200: queueDto, ...commonErrors },
      },
    },
    async (request) => waitingList.queue(scopeOf(requirePermission(request, 'ticketing:orders')), request.params.id, request.query),
  );

  app.delete(
    '/waiting-list/:entryId',
    {
      schema: {
        tags,
        summary: 'Take someone off the waiting list; the seats of an open offer go to the next in line',
        params: z.object({ entryId: z.uuid() }),
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await waitingList.remove(scopeOf(requirePermission(request, 'ticketing:sell')), request.params.entryId);
      return reply.status(204).send(null);
    },
  );
};
