import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { DomainError } from '../../core/errors.ts';
import { commonErrors, errorResponse, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import {
  memberImportDto,
  memberRemovalInput,
  purposeInput,
  segmentCountDto,
  segmentCountInput,
  segmentCreateInput,
  segmentDto,
  segmentMemberDto,
  segmentPatchInput,
} from './schemas.ts';
import type { SegmentService } from './service.ts';

/*
 * /api/segments. Sizes need segments:count (analysts see how many, never who); saving
 * needs audience:write; anything that shows people (a sample, the members) audience:read.
 * Unit staff see only their unit's segments: another unit's answers 404.
 */

const tags = ['audience'];

async function readFile(request: FastifyRequest): Promise<{ bytes: Uint8Array }> {
  let bytes: Uint8Array | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    const content = await part.toBuffer();
    if (part.fieldname === 'file') bytes = content;
  }
  if (bytes === undefined) throw new DomainError('validation', 'file: send the CSV file in the multipart field "file"', [{ field: 'file', message: 'missing' }]);
  return { bytes };
}

export const segmentRoutes: FastifyPluginAsyncZod<{ segments: SegmentService; maxBytes: number }> = async (app, { segments, maxBytes }) => {
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 10 } });

  app.post(
    '/segments/count',
    {
      schema: {
        tags,
        summary: 'Count the contacts a rule tree matches, live while it is edited',
        description:
          'One SQL query. `count` is the number with valid consent for `purpose` when given, else all matches (`total`); `reachable` splits the total by purpose. ' +
          'With sample=true (needs audience:read) also up to 20 matching contacts; that look is written to the audit log.',
        body: segmentCountInput,
        response: { 200: segmentCountDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'segments:count');
      if (request.body.sample) requirePermission(request, 'audience:read');
      return segments.count(scopeOf(actor), request.body, actorRef(actor));
    },
  );

  app.get(
    '/segments',
    { schema: { tags, summary: 'List the segments (unit staff: their unit’s)', querystring: paginationQuery, response: { 200: page(segmentDto), ...commonErrors } } },
    async (request) => segments.listSegments(scopeOf(requirePermission(request, 'segments:count')), request.query),
  );

  app.post(
    '/segments',
    {
      schema: {
        tags,
        summary: 'Save a segment: a rule tree, or a static list',
        description: 'Names are unique per house (409 naming the field).',
        body: segmentCreateInput,
        response: { 201: segmentDto, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'audience:write');
      return reply.code(201).send(await segments.createSegment(scopeOf(actor), request.body, actorRef(actor)));
    },
  );

  app.get(
    '/segments/:id',
    { schema: { tags, summary: 'Get a segment', params: idParams, response: { 200: segmentDto, ...commonErrors } } },
    async (request) => segments.getSegment(scopeOf(requirePermission(request, 'segments:count')), request.params.id),
  );

  app.patch(
    '/segments/:id',
    { schema: { tags, summary: 'Rename a segment or change its rules', params: idParams, body: segmentPatchInput, response: { 200: segmentDto, ...commonErrors } } },
    async (request) => segments.updateSegment(scopeOf(requirePermission(request, 'audience:write')), request.params.id, request.body),
  );

  app.delete(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment (refused while another segment uses it)',
        params: idParams,
        response: { 204: z.null().describe('deleted'), ...commonErrors },
      },
    },
    async (request, reply) => {
      await segments.deleteSegment(scopeOf(requirePermission(request, 'audience:write')), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/segments/:id/count',
    {
      schema: {
        tags,
        summary: 'Count a saved segment now',
        params: idParams,
        querystring: z.object({ purpose: purposeInput.optional() }),
        response: { 200: segmentCountDto, ...commonErrors },
      },
    },
    async (request) => segments.countSegment(scopeOf(requirePermission(request, 'segments:count')), request.params.id, request.query.purpose ?? null),
  );

  app.get(
    '/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'The contacts of a segment, in the order they were created (one audit entry per page)',
        params: idParams,
        querystring: paginationQuery.extend({ purpose: purposeInput.optional() }),
        response: { 200: page(segmentMemberDto), ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'audience:read');
      return segments.listMembers(scopeOf(actor), request.params.id, request.query, actorRef(actor));
    },
  );

  app.post(
    '/segments/:id/members/import',
    {
      schema: {
        tags,
        summary: 'Put the contacts of a CSV file on a static list',
        description:
          'multipart/form-data with the field `file`: a CSV with an e-mail column (header E-Mail, Email, E-Mail-Adresse …; any delimiter, UTF-8 or Windows-1252). ' +
          'Addresses without a contact (in the unit) are reported, never created.',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 200: memberImportDto, ...commonErrors, 413: errorResponse, 422: errorResponse },
      },
    },
    async (request) => {
      const scope = scopeOf(requirePermission(request, 'audience:write'));
      if (!request.isMultipart()) throw new DomainError('validation', 'file: send multipart/form-data with the CSV in the field "file"', [{ field: 'file', message: 'missing' }]);
      return segments.importMembers(scope, request.params.id, await readFile(request));
    },
  );

  app.delete(
    '/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'Take contacts off a static list (all of them without a body)',
        params: idParams,
        body: memberRemovalInput,
        response: { 200: z.object({ removed: z.number().int() }), ...commonErrors },
      },
    },
    async (request) =>
      segments.removeMembers(scopeOf(requirePermission(request, 'audience:write')), request.params.id, request.body?.contactIds ?? null),
  );

  app.delete(
    '/segments/:id/members/:contactId',
    {
      schema: {
        tags,
        summary: 'Take one contact off a static list',
        params: idParams.extend({ contactId: z.uuid() }),
        response: { 200: z.object({ removed: z.number().int() }), ...commonErrors },
      },
    },
    async (request) => segments.removeMembers(scopeOf(requirePermission(request, 'audience:write')), request.params.id, [request.params.contactId]),
  );
};
