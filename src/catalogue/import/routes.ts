import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { DomainError } from '../../core/errors.ts';
import { commonErrors, errorResponse, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import { booleanQuery, importRunFields, importTotalsFields, readUpload, registerUploads, runFailureDto } from '../../core/import/http.ts';
import type { FeedService } from './feeds.ts';
import { type CsvColumns, csvFields } from './model.ts';
import type { ImportService, ImportSource } from './service.ts';

/* Imports (a file or a URL, once) and feeds (a URL, on a schedule). */

const counts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const importReportDto = z
  .object({
    ...importTotalsFields,
    dryRun: z.boolean(),
    format: z.enum(['ics', 'jsonld', 'csv']),
    details: z.object({
      venues: counts,
      productions: counts,
      performances: counts,
      // Optional: reports of runs before price categories were counted do not have it.
      priceCategories: counts.extend({ removed: z.number().int() }).optional(),
    }),
  })
  .meta({
    id: 'ImportReport',
    description:
      'Totals are venues + productions + performances; details has each, and the price categories created, updated, unchanged and removed (imported categories the source no longer gives).',
  });

const importRunDto = z
  .object({ ...importRunFields(importReportDto), feedSourceId: z.string().nullable(), format: z.string() })
  .meta({ id: 'ImportRun' });

const importResult = z.object({ runId: z.string(), report: importReportDto }).meta({ id: 'ImportResult' });

const columnsInput = z.partialRecord(z.enum(csvFields), z.string().min(1).max(200)).describe('CSV column mapping: field name -> column header, e.g. {"title":"Stück","start":"Beginn"}');

const importQuery = z.object({
  // Checked by the service, so that an unknown format is a 422 naming it, like an unreadable file.
  format: z.string().default('auto').describe('auto | ics | jsonld | csv'),
  dryRun: booleanQuery,
  unitId: z.uuid().optional(),
});

const urlBody = z
  .object({ url: z.string().min(1).max(2000), format: z.string().optional(), columns: columnsInput.optional() })
  // multipart requests arrive here with a null body: the parts are read in the handler
  .nullish()
  .describe('JSON {url} to import from a URL; or multipart/form-data with the field `file` (and optionally `columns` as JSON text).');

const importErrors = { ...commonErrors, 413: errorResponse, 422: errorResponse, 502: errorResponse };

const feedDto = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    format: z.enum(['auto', 'ics', 'jsonld', 'csv']),
    cron: z.string(),
    unitId: z.string().nullable(),
    enabled: z.boolean(),
    columns: z.record(z.string(), z.string()).nullable(),
    lastRunAt: z.string().nullable(),
    lastStatus: z.enum(['ok', 'failed']).nullable(),
    lastReport: importReportDto.nullable(),
    lastError: runFailureDto.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Feed' });

const feedFields = {
  name: z.string().trim().max(200).optional(),
  url: z.string().min(1).max(2000),
  format: z.string().optional().describe('auto (default) | ics | jsonld | csv'),
  cron: z.string().max(100).optional().describe("five-field cron in the house's time zone; default '0 */6 * * *' (every six hours)"),
  unitId: z.uuid().nullish(),
  enabled: z.boolean().optional(),
  columns: columnsInput.nullish(),
};
const feedCreateInput = z.object(feedFields).meta({ id: 'NewFeed' });
const feedPatchInput = z.object({ ...feedFields, url: feedFields.url.optional() }).meta({ id: 'FeedChanges' });

function parseColumns(text: string): CsvColumns {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('validation', 'columns: must be a JSON object such as {"title":"Stück"}', [{ field: 'columns', message: 'not JSON' }]);
  }
  const parsed = columnsInput.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new DomainError('validation', `columns: map the fields ${csvFields.join(', ')} to column headers (${message})`, [{ field: 'columns', message }]);
  }
  return parsed.data;
}

function urlInput(body: z.output<typeof urlBody>): ImportInput {
  if (body === undefined || body === null) throw new DomainError('validation', 'body: send multipart/form-data with a file, or JSON {url}', [{ field: 'body', message: 'missing' }]);
  return { source: { kind: 'url', url: body.url }, columns: body.columns, format: body.format };
}

interface ImportInput {
  source: ImportSource;
  columns?: CsvColumns | undefined;
  format?: string | undefined;
}

/** The upload: one file part named `file`, and an optional `columns` field. */
async function uploadInput(request: FastifyRequest): Promise<ImportInput> {
  const { file, columns } = await readUpload(request, { defaultName: 'upload', parseColumns });
  return { source: { kind: 'file', ...file }, columns };
}

export const importRoutes: FastifyPluginAsyncZod<{ imports: ImportService; feeds: FeedService; maxBytes: number }> = async (
  app,
  { imports, feeds, maxBytes },
) => {
  await registerUploads(app, maxBytes);

  const tags = { tags: ['imports'] };
  app.post(
    '/imports',
    {
      schema: {
        ...tags,
        summary: 'Import a programme from a file or a URL',
        description:
          'iCalendar, schema.org JSON-LD (a JSON document or an HTML page) or CSV. Re-importing the same source updates instead of duplicating; ' +
          'the whole import is one transaction. dryRun=true reports what would happen and writes nothing.',
        consumes: ['multipart/form-data', 'application/json'],
        querystring: importQuery,
        body: urlBody,
        response: { 200: importResult, ...importErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'catalogue:import');
      const { format, dryRun, unitId } = request.query;
      const input = request.isMultipart() ? await uploadInput(request) : urlInput(request.body);
      return imports.runImport(scopeOf(actor), {
        source: input.source,
        format: input.format ?? format,
        dryRun,
        unitId,
        columns: input.columns,
        actor: actorRef(actor),
      });
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        ...tags,
        summary: 'Recent import runs of the house, newest first (unit staff: their unit’s feeds and their own runs)',
        querystring: paginationQuery.extend({ feedId: z.uuid().optional() }),
        response: { 200: page(importRunDto), ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'catalogue:read');
      const { limit, offset, feedId } = request.query;
      return imports.listRuns(scopeOf(actor), actorRef(actor), { limit, offset, ...(feedId === undefined ? {} : { feedSourceId: feedId }) });
    },
  );

  app.get(
    '/imports/:id',
    { schema: { ...tags, summary: 'One import run with its report', params: idParams, response: { 200: importRunDto, ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'catalogue:read');
      return imports.getRun(scopeOf(actor), actorRef(actor), request.params.id);
    },
  );

  // ---------- feeds ----------
  const feedTags = { tags: ['feeds'] };
  const manage = (request: FastifyRequest) => scopeOf(requirePermission(request, 'catalogue:import'));

  app.get(
    '/feeds',
    { schema: { ...feedTags, summary: 'List feed sources', querystring: paginationQuery, response: { 200: page(feedDto), ...commonErrors } } },
    async (request) => feeds.list(scopeOf(requirePermission(request, 'catalogue:read')), request.query),
  );
  app.post(
    '/feeds',
    {
      schema: {
        ...feedTags,
        summary: 'Add a feed that is re-imported on a schedule',
        body: feedCreateInput,
        response: { 201: feedDto, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await feeds.create(manage(request), request.body)),
  );
  app.get(
    '/feeds/:id',
    { schema: { ...feedTags, summary: 'Get a feed source', params: idParams, response: { 200: feedDto, ...commonErrors } } },
    async (request) => feeds.get(scopeOf(requirePermission(request, 'catalogue:read')), request.params.id),
  );
  app.patch(
    '/feeds/:id',
    { schema: { ...feedTags, summary: 'Change a feed source', params: idParams, body: feedPatchInput, response: { 200: feedDto, ...commonErrors } } },
    async (request) => feeds.update(manage(request), request.params.id, request.body),
  );
  app.delete(
    '/feeds/:id',
    {
      schema: {
        ...feedTags,
        summary: 'Remove a feed source (what it imported stays)',
        params: idParams,
        response: { 204: z.null().describe('deleted'), ...commonErrors },
      },
    },
    async (request, reply) => {
      await feeds.remove(manage(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/feeds/:id/run',
    {
      schema: {
        ...feedTags,
        summary: 'Import a feed now',
        params: idParams,
        response: { 200: importResult, ...importErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'catalogue:import');
      return feeds.run(scopeOf(actor), request.params.id, actorRef(actor));
    },
  );
};
