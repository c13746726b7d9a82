import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { DomainError } from '../../core/errors.ts';
import { commonErrors } from '../../core/http/schemas.ts';
import { autopilotModes, autopilotRuleKeys } from './model.ts';
import { configureInput, type AutopilotService } from './service.ts';

/*
 * /api/campaigns/autopilot: the ready-made automations. Reading and switching need
 * campaigns:write; letting a rule send without approval (mode autopilot) also needs
 * campaigns:approve, the right to let mails out in the house's name.
 */

const tags = ['campaigns'];

const ruleDto = z
  .object({
    rule: z.enum(autopilotRuleKeys),
    enabled: z.boolean(),
    mode: z.enum(autopilotModes),
    params: z.record(z.string(), z.unknown()),
    journeyId: z.string().nullable(),
    campaignIds: z.array(z.string()),
    enabledAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'AutopilotRule' });

const ruleParamsSchema = z.object({ rule: z.string().max(64) });

export const autopilotRoutes: FastifyPluginAsyncZod<{ autopilot: AutopilotService }> = async (app, { autopilot }) => {
  app.get(
    '/autopilot',
    { schema: { tags, summary: 'The autopilot rules of the house: which are on, how, with what settings', response: { 200: z.object({ rules: z.array(ruleDto) }), ...commonErrors } } },
    async (request) => autopilot.list(scopeOf(requirePermission(request, 'campaigns:write'))),
  );

  app.put(
    '/autopilot/:rule',
    {
      schema: {
        tags,
        summary: 'Switch a rule on or off, choose autopilot or approval, and set its parameters',
        description:
          'Rules: new_production (announce new productions to those interested in their genres), sales_push {daysBefore, expectedShare?, tolerance} (push a performance selling below the booking curve), reminder {daysBefore, time}, thank_you {time}, win_back {months, includeCurrent}.',
        params: ruleParamsSchema,
        body: configureInput,
        response: { 200: ruleDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'campaigns:write');
      if (request.body.enabled && request.body.mode !== 'approval' && !actor.permissions.has('campaigns:approve')) {
        throw new DomainError('forbidden', 'mode: sending without approval needs the permission campaigns:approve; choose mode approval', [{ field: 'mode', message: 'needs campaigns:approve' }]);
      }
      return autopilot.configure(actor, request.params.rule, request.body);
    },
  );
};
