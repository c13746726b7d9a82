import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditRoutes } from './audit/routes.ts';
import { consentRoutes } from './consents/routes.ts';
import { contactRoutes } from './contacts/routes.ts';
import { interactionRoutes } from './interactions/routes.ts';
import type { AudienceService } from './service.ts';

/**
 * The staff audience API under /api: /contacts (with timeline, interactions, consents,
 * merge), /consent-policies and /audit. Import, privacy, segments and the public pages
 * register their own routes.
 */
export const audienceRoutes: FastifyPluginAsyncZod<{ audience: AudienceService }> = async (app, { audience }) => {
  // Only the service is passed on: the outer options also carry the /api prefix.
  await app.register(contactRoutes, { audience });
  await app.register(interactionRoutes, { audience });
  await app.register(consentRoutes, { audience });
  await app.register(auditRoutes, { audience });
};
