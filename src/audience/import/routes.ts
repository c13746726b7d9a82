import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { DomainError } from '../../core/errors.ts';
import { commonErrors, errorResponse, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import { booleanQuery, importRunFields, importTotalsFields, readUpload, registerUploads } from '../../core/import/http.ts';
import { parseContactColumns } from './columns.ts';
import { importSources } from './model.ts';
import type { ContactImportService } from './service.ts';

/* Contact imports: a CSV file of a ticketing or newsletter tool, once. */

const counts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const contactImportReportDto = z
  .object({
    ...importTotalsFields,
    details: z.object({
      dryRun: z.boolean(),
      rows: z.number().int(),
      consents: z.object({ granted: z.number().int(), renewed: z.number().int(), unchanged: z.number().int() }),
      bookings: counts.pick({ created: true, unchanged: true }),
      unitMemberships: z.number().int(),
      ticketingOnly: z.number().int(),
    }),
  })
  .meta({
    id: 'ContactImportReport',
    description:
      'Totals count contacts. skipped lists rows with no lawful basis or no valid e-mail address; warnings what was left out and why. ' +
      'The report names rows and columns, never personal data.',
  });

const contactImportRunDto = z
  .object({ ...importRunFields(contactImportReportDto), unitId: z.string().nullable(), source: z.string().describe('the file name') })
  .meta({ id: 'ContactImportRun' });

const importResult = z.object({ runId: z.string(), report: contactImportReportDto }).meta({ id: 'ContactImportResult' });

const importQuery = z.object({
  dryRun: booleanQuery,
  unitId: z.uuid().optional(),
  source: z.enum(importSources).default('import').describe('recorded on new contacts and consents: import (default) or box_office'),
  columns: z
    .string()
    .max(10_000)
    .optional()
    .describe('JSON column mapping, e.g. {"email":"Mail","consent":{"newsletter":"NL"}}; also accepted as the multipart field `columns`'),
});

const importErrors = { ...commonErrors, 413: errorResponse, 422: errorResponse };

export const contactImportRoutes: FastifyPluginAsyncZod<{ contactImports: ContactImportService; maxBytes: number }> = async (app, { contactImports, maxBytes }) => {
  await registerUploads(app, maxBytes);

  const tags = { tags: ['audience'] };
  app.post(
    '/contact-imports',
    {
      schema: {
        ...tags,
        summary: 'Import contacts from a CSV file of a ticketing or newsletter tool',
        description:
          'multipart/form-data with the field `file` (and optionally `columns` as JSON). German and English headers and pretix order exports are recognised; ' +
          'consent columns (Newsletter, Opt-in, Empfehlungen, Post/Telefon …) grant their purpose, orders the ticketing purpose (contract). ' +
          'Rows with neither are skipped: Foyer holds personal data only for a purpose. Re-importing the same file changes nothing; the whole import is one transaction. ' +
          'dryRun=true reports what would happen and writes nothing.',
        consumes: ['multipart/form-data'],
        querystring: importQuery,
        response: { 200: importResult, ...importErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'audience:import');
      if (!request.isMultipart()) {
        throw new DomainError('validation', 'body: send multipart/form-data with the CSV file in the field "file"', [{ field: 'file', message: 'missing' }]);
      }
      const { dryRun, unitId, source, columns } = request.query;
      const upload = await readUpload(request, { defaultName: 'upload.csv', parseColumns: parseContactColumns });
      const mapping = upload.columns ?? (columns === undefined ? undefined : parseContactColumns(columns));
      return contactImports.runImport(scopeOf(actor), {
        file: upload.file,
        dryRun,
        unitId,
        source,
        ...(mapping === undefined ? {} : { columns: mapping }),
        actor: actorRef(actor),
      });
    },
  );

  app.get(
    '/contact-imports',
    {
      schema: {
        ...tags,
        summary: 'Recent contact imports of the house, newest first (unit staff: those into their unit)',
        querystring: paginationQuery,
        response: { 200: page(contactImportRunDto), ...commonErrors },
      },
    },
    async (request) => contactImports.listRuns(scopeOf(requirePermission(request, 'audience:import')), request.query),
  );

  app.get(
    '/contact-imports/:id',
    { schema: { ...tags, summary: 'One contact import with its report', params: idParams, response: { 200: contactImportRunDto, ...commonErrors } } },
    async (request) => contactImports.getRun(scopeOf(requirePermission(request, 'audience:import')), request.params.id),
  );
};
