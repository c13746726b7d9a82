import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../errors.ts';

/* The HTTP side the imports share: a file upload with an optional column mapping, the report's totals and the run. */

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
  contentType: string;
}

/** What a failed run records instead of a report. */
export const runFailureDto = z.object({ code: z.string(), message: z.string() });

/** What every import report starts with (ImportTotals); each import adds its details. */
export const importTotalsFields = {
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.array(z.object({ where: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ where: z.string().optional(), message: z.string() })),
};

/** What every import run shows (ImportRunBase), with the import's own report. */
export function importRunFields<R extends z.ZodType>(report: R) {
  return {
    id: z.string(),
    source: z.string(),
    dryRun: z.boolean(),
    status: z.enum(['ok', 'failed']),
    report: report.nullable(),
    error: runFailureDto.nullable(),
    actor: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string(),
  };
}

/** `?dryRun=true` (or 1); anything but true/false/1/0 is a 400. */
export const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

/** Registered inside an import's plugin and not at the root: only imports accept uploads. */
export async function registerUploads(app: FastifyInstance, maxBytes: number): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 100_000, parts: 20 } });
}

/**
 * The upload: one file part named `file`, and an optional `columns` field, read by
 * `parseColumns`. Other file parts are read and dropped, or the request would stall.
 */
export async function readUpload<C>(
  request: FastifyRequest,
  options: { defaultName: string; parseColumns: (text: string) => C },
): Promise<{ file: UploadedFile; columns?: C }> {
  let file: UploadedFile | undefined;
  let columns: C | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') file = { name: part.filename || options.defaultName, bytes, contentType: part.mimetype };
    } else if (part.fieldname === 'columns' && typeof part.value === 'string' && part.value.trim() !== '') {
      columns = options.parseColumns(part.value);
    }
  }
  if (file === undefined) throw new DomainError('validation', 'file: send the file in the multipart field "file"', [{ field: 'file', message: 'missing' }]);
  return columns === undefined ? { file } : { file, columns };
}
