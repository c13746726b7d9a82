import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { DomainError } from '../../core/errors.ts';
import { commonErrors, idParams, page } from '../../core/http/schemas.ts';
import { accountCreatedDto, accountCreateInput, accountDto, accountPatchInput, postCreateInput, postDto, postListQuery } from './schemas.ts';
import type { ChannelService } from './service.ts';

/*
 * /api/campaigns/channels and /api/campaigns/posts. Accounts belong to the whole house:
 * seeing them needs campaigns:write, adding, changing or removing one house:manage (it
 * holds the house's token).
 * Posts need campaigns:write, and publishing one also campaigns:approve (it has no approval
 * queue); unit staff and unit keys see only their unit's posts.
 */

const tags = ['campaigns'];

export const channelRoutes: FastifyPluginAsyncZod<{ channels: ChannelService }> = async (app, { channels }) => {
  app.get(
    '/channels',
    { schema: { tags, summary: 'List the house’s channel accounts (Mastodon, webhooks); secrets show only as "set"', response: { 200: z.object({ items: z.array(accountDto) }), ...commonErrors } } },
    async (request) => ({ items: await channels.listAccounts(requirePermission(request, 'campaigns:write').houseId) }),
  );

  app.post(
    '/channels',
    {
      schema: {
        tags,
        summary: 'Add a Mastodon account or a webhook',
        description:
          'A Mastodon account needs its instance URL and an access token (write:statuses, write:media); a webhook gets a signing secret, returned in this answer only. ' +
          'URLs on loopback or private networks are refused unless FOYER_ALLOW_PRIVATE_WEBHOOKS=true.',
        body: accountCreateInput,
        response: { 201: accountCreatedDto, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await channels.createAccount(requirePermission(request, 'house:manage').houseId, request.body)),
  );

  app.patch(
    '/channels/:id',
    {
      schema: {
        tags,
        summary: 'Rename a channel account, change its URL or replace its Mastodon access token',
        params: idParams,
        body: accountPatchInput,
        response: { 200: accountDto, ...commonErrors },
      },
    },
    async (request) => channels.updateAccount(requirePermission(request, 'house:manage').houseId, request.params.id, request.body),
  );

  app.delete(
    '/channels/:id',
    {
      schema: {
        tags,
        summary: 'Remove a channel account and the record of its posts',
        description:
          'Posts already published stay on the network; Foyer forgets them. Refused (409) while the account has posts scheduled or being published, ' +
          'or an active or paused journey names it: cancel those posts, or change the journey, first.',
        params: idParams,
        response: { 204: z.null().describe('removed'), ...commonErrors },
      },
    },
    async (request, reply) => {
      await channels.removeAccount(requirePermission(request, 'house:manage').houseId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/posts',
    { schema: { tags, summary: 'List scheduled and published posts', querystring: postListQuery, response: { 200: page(postDto), ...commonErrors } } },
    async (request) => channels.listPosts(scopeOf(requirePermission(request, 'campaigns:write')), request.query),
  );

  app.post(
    '/posts',
    {
      schema: {
        tags,
        summary: 'Schedule a post on a channel account',
        description:
          'Published at publishAt (now when left out) by a background job. Mastodon takes 500 characters as Mastodon counts them (each link 23); an image needs its alt text (description).',
        body: postCreateInput,
        response: { 201: postDto, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'campaigns:write');
      // A post has no approval queue: it goes out unseen, in the house's name.
      if (!actor.permissions.has('campaigns:approve')) throw new DomainError('forbidden', 'a post is published in the house’s name without approval, which needs the permission campaigns:approve');
      return reply.code(201).send(await channels.createPost(scopeOf(actor), request.body, actorRef(actor)));
    },
  );

  app.get(
    '/posts/:id',
    { schema: { tags, summary: 'Get a post and what became of it', params: idParams, response: { 200: postDto, ...commonErrors } } },
    async (request) => channels.getPost(scopeOf(requirePermission(request, 'campaigns:write')), request.params.id),
  );

  app.post(
    '/posts/:id/cancel',
    { schema: { tags, summary: 'Cancel a post that has not started publishing (409 otherwise)', params: idParams, response: { 200: postDto, ...commonErrors } } },
    async (request) => channels.cancelPost(scopeOf(requirePermission(request, 'campaigns:write')), request.params.id),
  );
};
