import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import { purposes } from '../model.ts';
import type { AudienceService } from '../service.ts';
import { consentDto, policyDto, policyInput, revokeBody, staffConsentBody } from './schemas.ts';

const tags = ['audience'];
const purposeParams = z.object({ purpose: z.enum(purposes) });

/** Consents on a contact's page, and the house's consent policies. */
export const consentRoutes: FastifyPluginAsyncZod<{ audience: AudienceService }> = async (app, { audience }) => {
  const { staffConsents, consents } = audience;
  app.get(
    '/contacts/:id/consents',
    { schema: { tags, summary: "A contact's consents with their expiry", params: idParams, response: { 200: z.array(consentDto), ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'audience:read');
      return staffConsents.listForContact(scopeOf(actor), actorRef(actor), request.params.id);
    },
  );
  app.post(
    '/contacts/:id/consents',
    {
      schema: {
        tags,
        summary: 'Record a consent given at the box office, on the phone or to the assistant',
        params: idParams,
        body: staffConsentBody,
        response: { 201: z.array(consentDto), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'audience:write');
      return reply.code(201).send(await staffConsents.recordForContact(scopeOf(actor), actorRef(actor), request.params.id, request.body));
    },
  );
  app.delete(
    '/contacts/:id/consents/:purpose',
    {
      schema: {
        tags,
        summary: 'Revoke a consent now; the retention job then removes what only it justified',
        params: idParams.extend(purposeParams.shape),
        body: revokeBody.nullish(),
        response: { 204: z.null().describe('revoked, or nothing to revoke'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'audience:write');
      await staffConsents.revokeForContact(scopeOf(actor), actorRef(actor), request.params.id, request.params.purpose, request.body?.reason);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/consent-policies',
    { schema: { tags, summary: 'Expiry and wording per purpose', response: { 200: z.array(policyDto), ...commonErrors } } },
    async (request) => consents.policies(requirePermission(request, 'house:manage').houseId),
  );
  app.get(
    '/consent-policies/:purpose',
    { schema: { tags, summary: 'Expiry and wording of one purpose', params: purposeParams, response: { 200: policyDto, ...commonErrors } } },
    async (request) => consents.policy(requirePermission(request, 'house:manage').houseId, request.params.purpose),
  );
  app.put(
    '/consent-policies/:purpose',
    {
      schema: {
        tags,
        summary: 'Set expiry and wording for future consents; a changed text gets a new text version',
        params: purposeParams,
        body: policyInput,
        response: { 200: policyDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'house:manage');
      return consents.setPolicy(actorRef(actor), actor.houseId, request.params.purpose, request.body);
    },
  );
};
