import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import { contactExportDto, eraseBody, erasureDto, privacyRequestDto, requestListQuery } from './schemas.ts';
import type { PrivacyService } from './service.ts';

const tags = ['audience'];

/** Access and erasure requests run by staff (permission audience:privacy); unit actors reach their unit's members only. */
export const privacyRoutes: FastifyPluginAsyncZod<{ privacy: PrivacyService }> = async (app, { privacy }) => {
  app.post(
    '/contacts/:id/export',
    {
      schema: {
        tags,
        summary: 'Download everything Foyer holds about the person (Art. 15/20 GDPR); recorded as an access request',
        params: idParams,
        response: { 200: contactExportDto, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'audience:privacy');
      const document = await privacy.exportContact(scopeOf(actor), request.params.id, actorRef(actor), 'staff');
      return reply.header('content-disposition', `attachment; filename="foyer-contact-${request.params.id}.json"`).send(document);
    },
  );
  app.post(
    '/contacts/:id/erase',
    {
      schema: {
        tags,
        summary: 'Erase the person (Art. 17 GDPR); bookings stay for the tax law, pseudonymised. Cannot be undone',
        params: idParams,
        body: eraseBody,
        response: { 200: erasureDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'audience:privacy');
      return privacy.erase(scopeOf(actor), request.params.id, actorRef(actor), { ...request.body, via: 'staff' });
    },
  );
  app.get(
    '/privacy-requests',
    {
      schema: {
        tags,
        summary: 'Access and erasure requests, newest first, by kind, status and period',
        querystring: paginationQuery.extend(requestListQuery.shape),
        response: { 200: page(privacyRequestDto), ...commonErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return privacy.listRequests(scopeOf(requirePermission(request, 'audience:privacy')), filter, { limit, offset });
    },
  );
};
