import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, page, paginationQuery } from '../../core/http/schemas.ts';
import type { AudienceService } from '../service.ts';
import { auditEntryDto, auditExportQuery, auditQuery } from './schemas.ts';

const tags = ['audience'];

/** The audit log: who did what with personal data, when and why. */
export const auditRoutes: FastifyPluginAsyncZod<{ audience: AudienceService }> = async (app, { audience }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'Audit entries, newest first, by contact, action and period',
        querystring: paginationQuery.extend(auditQuery.shape),
        response: { 200: page(auditEntryDto), ...commonErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return audience.audit.list(scopeOf(requirePermission(request, 'audit:read')), filter, { limit, offset });
    },
  );
  app.get(
    '/audit/export',
    {
      schema: {
        tags,
        summary: 'Download the audit log (oldest first) as CSV or JSON; the download is itself logged',
        querystring: auditExportQuery,
        response: { 200: z.string().describe('CSV or a JSON array of AuditEntry'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'audit:read');
      const { format, ...filter } = request.query;
      const file = await audience.audit.export(scopeOf(actor), actorRef(actor), format, filter);
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );
};
