import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { commonErrors, idParams, page, paginationQuery } from '../../core/http/schemas.ts';
import type { AudienceService } from '../service.ts';
import { contactCreateBody, contactDto, contactListItemDto, contactListQuery, contactPatchBody, mergeBody } from './schemas.ts';

const tags = ['audience'];

/** Contacts; unit staff see and change only members of their unit, others answer 404. */
export const contactRoutes: FastifyPluginAsyncZod<{ audience: AudienceService }> = async (app, { audience }) => {
  const { contacts } = audience;
  app.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: "List contacts by e-mail address, with search, filters and each contact's consents at a glance (not logged as a view)",
        querystring: paginationQuery.extend(contactListQuery.shape),
        response: { 200: page(contactListItemDto), ...commonErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return contacts.list(scopeOf(requirePermission(request, 'audience:read')), filter, { limit, offset });
    },
  );
  app.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Add a contact; an address the house has already answers 200 with that contact',
        body: contactCreateBody,
        response: { 200: contactDto, 201: contactDto, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'audience:write');
      const { contact, created } = await contacts.create(scopeOf(actor), actorRef(actor), request.body);
      return reply.code(created ? 201 : 200).send(contact);
    },
  );
  app.get(
    '/contacts/:id',
    { schema: { tags, summary: 'Get a contact (the view is written to the audit log)', params: idParams, response: { 200: contactDto, ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'audience:read');
      return contacts.get(scopeOf(actor), actorRef(actor), request.params.id);
    },
  );
  app.patch(
    '/contacts/:id',
    { schema: { tags, summary: 'Change a contact; null clears a field', params: idParams, body: contactPatchBody, response: { 200: contactDto, ...commonErrors } } },
    async (request) => {
      const actor = requirePermission(request, 'audience:write');
      return contacts.update(scopeOf(actor), actorRef(actor), request.params.id, request.body);
    },
  );
  app.post(
    '/contacts/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another contact into this one: history, consents and memberships move here, the other is deleted',
        params: idParams,
        body: mergeBody,
        response: { 200: contactDto, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'audience:write');
      return contacts.merge(scopeOf(actor), actorRef(actor), request.params.id, request.body.from);
    },
  );
};
