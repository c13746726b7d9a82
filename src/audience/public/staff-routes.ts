import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams } from '../../core/http/schemas.ts';
import type { ContactService } from '../contacts/service.ts';
import { preferenceLinkDto } from './schemas.ts';
import type { PublicAudienceService } from './service.ts';

/*
 * Staff hand a person their preference-centre link (at the box office, in a reply to a
 * mail). Only for a contact the caller may see: unit staff get links of their unit only.
 */

export interface PreferenceLinkRoutesOptions {
  publicAudience: Pick<PublicAudienceService, 'preferenceLink'>;
  contacts: Pick<ContactService, 'requireVisible'>;
}

export const preferenceLinkRoutes: FastifyPluginAsyncZod<PreferenceLinkRoutesOptions> = async (app, { publicAudience, contacts }) => {
  app.get(
    '/contacts/:id/preference-link',
    {
      schema: {
        tags: ['audience'],
        summary: "The contact's signed preference-centre link (see and change consents, download, delete)",
        params: idParams,
        response: { 200: preferenceLinkDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'audience:write');
      const scope = scopeOf(actor);
      await contacts.requireVisible(scope, request.params.id);
      return { url: await publicAudience.preferenceLink(scope.houseId, request.params.id) };
    },
  );
};
