import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../core/auth/model.ts';
import { requirePermission } from '../../core/auth/plugin.ts';
import { DomainError } from '../../core/errors.ts';
import { commonErrors, idParams, page } from '../../core/http/schemas.ts';
import {
  approvalsDto,
  campaignCreateInput,
  campaignDto,
  campaignListQuery,
  campaignPatchInput,
  campaignSummary,
  messageDecisionBody,
  messageDto,
  messageListQuery,
  previewBody,
  previewResult,
  progressDto,
  rejectBody,
  scheduleBody,
  settingsDto,
  settingsInput,
  statsDto,
  testSendBody,
} from './schemas.ts';
import type { CampaignService } from './service.ts';
import type { SendSettingsService } from './settings.ts';

/*
 * /api/campaigns/campaigns, /approvals and /settings. Every read and write of campaigns
 * needs campaigns:write; approving or rejecting a send or held journey messages needs
 * campaigns:approve; the delivery log shows addresses only with audience:read.
 */

const tags = ['campaigns'];

export interface SendingRoutesOptions {
  campaigns: CampaignService;
  settings: SendSettingsService;
}

export const sendingRoutes: FastifyPluginAsyncZod<SendingRoutesOptions> = async (app, { campaigns, settings }) => {
  const write = (request: Parameters<typeof requirePermission>[0]) => requirePermission(request, 'campaigns:write');

  app.get(
    '/campaigns',
    { schema: { tags, summary: 'List newsletters and journey mails with their message counts', querystring: campaignListQuery, response: { 200: page(campaignSummary), ...commonErrors } } },
    async (request) => campaigns.list(scopeOf(write(request)), request.query),
  );

  app.post(
    '/campaigns',
    {
      schema: {
        tags,
        summary: 'Create a newsletter (a draft) or a journey mail from a library template, optionally with edited sources',
        body: campaignCreateInput,
        response: { 201: campaignDto, ...commonErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await campaigns.create(write(request), request.body)),
  );

  app.get('/campaigns/:id', { schema: { tags, summary: 'A campaign with its effective content', params: idParams, response: { 200: campaignDto, ...commonErrors } } }, async (request) =>
    campaigns.get(scopeOf(write(request)), request.params.id),
  );

  app.patch(
    '/campaigns/:id',
    { schema: { tags, summary: 'Change a campaign before it starts sending', params: idParams, body: campaignPatchInput, response: { 200: campaignDto, ...commonErrors } } },
    async (request) => campaigns.update(scopeOf(write(request)), request.params.id, request.body),
  );

  app.delete(
    '/campaigns/:id',
    { schema: { tags, summary: 'Delete a campaign that never sent anything', params: idParams, response: { 204: z.null(), ...commonErrors } } },
    async (request, reply) => {
      await campaigns.remove(scopeOf(write(request)), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/campaigns/:id/preview',
    {
      schema: {
        tags,
        summary: 'Render the campaign as a person would get it (links inert); contactId needs audience:read',
        params: idParams,
        body: previewBody,
        response: { 200: previewResult, ...commonErrors },
      },
    },
    async (request) => campaigns.preview(write(request), request.params.id, request.body),
  );

  app.post(
    '/campaigns/:id/test-send',
    {
      schema: { tags, summary: 'Send the preview to a staff address, subject marked [Test]', params: idParams, body: testSendBody, response: { 200: z.object({ messageId: z.string() }), ...commonErrors, 502: commonErrors[400] } },
    },
    async (request) => campaigns.testSend(write(request), request.params.id, request.body),
  );

  app.post(
    '/campaigns/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Schedule a newsletter (at absent: now); without campaigns:approve it waits for approval',
        params: idParams,
        body: scheduleBody,
        response: { 200: campaignDto, ...commonErrors },
      },
    },
    async (request) => campaigns.schedule(write(request), request.params.id, request.body ?? {}),
  );

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.post(
      `/campaigns/:id/${action}`,
      {
        schema: {
          tags,
          summary: { pause: 'Pause a send; the next batch stops', resume: 'Resume a paused send where it stopped', cancel: 'Cancel a send; unsent messages are cancelled' }[action],
          params: idParams,
          response: { 200: campaignDto, ...commonErrors },
        },
      },
      async (request) => campaigns[action](write(request), request.params.id),
    );
  }

  app.post(
    '/campaigns/:id/approve',
    { schema: { tags, summary: 'Approve a send awaiting approval: it is scheduled', params: idParams, response: { 200: campaignDto, ...commonErrors } } },
    async (request) => campaigns.review(requirePermission(request, 'campaigns:approve'), request.params.id, 'approve'),
  );

  app.post(
    '/campaigns/:id/reject',
    { schema: { tags, summary: 'Reject a send awaiting approval: back to draft, with the reason', params: idParams, body: rejectBody, response: { 200: campaignDto, ...commonErrors } } },
    async (request) => campaigns.review(requirePermission(request, 'campaigns:approve'), request.params.id, 'reject', request.body?.reason),
  );

  app.get(
    '/campaigns/:id/progress',
    { schema: { tags, summary: 'Live progress of a send, from the delivery log', params: idParams, response: { 200: progressDto, ...commonErrors } } },
    async (request) => campaigns.progress(scopeOf(write(request)), request.params.id),
  );

  app.get(
    '/campaigns/:id/stats',
    {
      schema: {
        tags,
        summary: 'Sent, delivered, bounced, opened, clicked, unsubscribed, and bookings attributed (orders within 7 days after the mail)',
        params: idParams,
        response: { 200: statsDto, ...commonErrors },
      },
    },
    async (request) => campaigns.stats(scopeOf(write(request)), request.params.id),
  );

  app.get(
    '/campaigns/:id/messages',
    { schema: { tags, summary: 'The delivery log: one row per message', params: idParams, querystring: messageListQuery, response: { 200: page(messageDto), ...commonErrors } } },
    async (request) => campaigns.messages(write(request), request.params.id, request.query),
  );

  app.get(
    '/approvals',
    { schema: { tags, summary: 'What waits for approval: held journey messages and newsletters', response: { 200: approvalsDto, ...commonErrors } } },
    async (request) => campaigns.approvals(write(request)),
  );

  app.post(
    '/approvals/messages',
    {
      schema: {
        tags,
        summary: 'Approve (they are sent) or reject (skipped) held journey messages',
        body: messageDecisionBody,
        response: { 200: z.object({ approved: z.number().int(), rejected: z.number().int() }), ...commonErrors },
      },
    },
    async (request) => campaigns.decideMessages(requirePermission(request, 'campaigns:approve'), request.body),
  );

  app.get('/settings', { schema: { tags, summary: 'The house’s frequency cap and quiet hours', response: { 200: settingsDto, ...commonErrors } } }, async (request) =>
    settings.get(write(request).houseId),
  );

  app.put(
    '/settings',
    { schema: { tags, summary: 'Set the frequency cap and quiet hours (house time zone)', body: settingsInput, response: { 200: settingsDto, ...commonErrors } } },
    async (request) => {
      const actor = write(request);
      if (actor.unitId !== null) throw new DomainError('forbidden', 'the frequency cap and quiet hours belong to the whole house');
      return settings.put(actor.houseId, request.body);
    },
  );
};
