import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import {
  enrollmentDto,
  enrollmentQuery,
  graphProblemDto,
  journeyCreateInput,
  journeyDto,
  journeyPatchInput,
  journeySummaryDto,
  journeyValidateInput,
  nodeStatsDto,
} from './schemas.ts';
import type { JourneyService } from './service.ts';

/*
 * /api/campaigns/journeys: the journeys of the house (unit staff: of their unit), all with
 * campaigns:write. Activation answers 409 with the problems as details when the graph or
 * what it refers to is not ready.
 */

const tags = ['campaigns'];

export const journeyRoutes: FastifyPluginAsyncZod<{ journeys: JourneyService }> = async (app, { journeys }) => {
  const scope = (request: Parameters<typeof requirePermission>[0]) => scopeOf(requirePermission(request, 'campaigns:write'));

  app.get('/journeys', { schema: { tags, summary: 'List journeys with how many people wait, finished or left', response: { 200: z.object({ items: z.array(journeySummaryDto) }), ...commonErrors } } }, async (request) => ({
    items: await journeys.list(scope(request)),
  }));

  app.post(
    '/journeys',
    { schema: { tags, summary: 'Create a journey (a draft; it may still have problems)', body: journeyCreateInput, response: { 201: journeyDto, ...commonErrors } } },
    async (request, reply) => {
      const actor = requirePermission(request, 'campaigns:write');
      return reply.code(201).send(await journeys.create(scopeOf(actor), request.body, actorRef(actor)));
    },
  );

  app.post(
    '/journeys/validate',
    { schema: { tags, summary: 'Check a trigger and graph, including what they refer to', body: journeyValidateInput, response: { 200: z.object({ problems: z.array(graphProblemDto) }), ...commonErrors } } },
    async (request) => journeys.validate(scope(request), request.body),
  );

  app.get('/journeys/:id', { schema: { tags, summary: 'A journey with its graph and problems', params: idParams, response: { 200: journeyDto, ...commonErrors } } }, async (request) =>
    journeys.get(scope(request), request.params.id),
  );

  app.patch(
    '/journeys/:id',
    { schema: { tags, summary: 'Change a draft or paused journey (409 otherwise)', params: idParams, body: journeyPatchInput, response: { 200: journeyDto, ...commonErrors } } },
    async (request) => journeys.update(scope(request), request.params.id, request.body),
  );

  app.delete(
    '/journeys/:id',
    { schema: { tags, summary: 'Delete a draft (archive a journey that has run)', params: idParams, response: { 204: z.null().describe('deleted'), ...commonErrors } } },
    async (request, reply) => {
      await journeys.remove(scope(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/journeys/:id/activate',
    {
      schema: {
        tags,
        summary: 'Start or resume a journey (409 with the problems as details when it cannot run; mode autopilot needs campaigns:approve)',
        params: idParams,
        response: { 200: journeyDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'campaigns:write');
      return journeys.activate(scopeOf(actor), request.params.id, { mayApprove: actor.permissions.has('campaigns:approve') });
    },
  );

  for (const [action, summary] of [
    ['pause', 'Pause: people wait where they are until it is resumed'],
    ['archive', 'End a journey: everyone still waiting leaves'],
  ] as const) {
    app.post(`/journeys/:id/${action}`, { schema: { tags, summary, params: idParams, response: { 200: journeyDto, ...commonErrors } } }, async (request) =>
      journeys[action](scope(request), request.params.id),
    );
  }

  app.get(
    '/journeys/:id/nodes',
    { schema: { tags, summary: 'Per step: waiting, went through, and its mail’s sent, opened and clicked', params: idParams, response: { 200: nodeStatsDto, ...commonErrors } } },
    async (request) => journeys.nodeStats(scope(request), request.params.id),
  );

  app.get(
    '/journeys/:id/enrollments',
    {
      schema: {
        tags,
        summary: 'The people in a journey and where they stand',
        params: idParams,
        querystring: enrollmentQuery,
        response: { 200: z.object({ items: z.array(enrollmentDto), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }), ...commonErrors },
      },
    },
    async (request) => journeys.enrollments(scope(request), request.params.id, request.query),
  );
};
