import { z } from 'zod';
import { ALT_TEXT_MAX, channelKinds, imageTypes, postLanguages, postStates } from './model.ts';

/*
 * The HTTP shapes of /api/campaigns/channels and /api/campaigns/posts. Field rules that
 * depend on the channel (Mastodon's 500 characters counted its way) are checked by
 * model.postProblems() in the service, which names the field just as zod does.
 */

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });

export const accountCreateInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('mastodon'),
    name: z.string().trim().min(1).max(100),
    instanceUrl: httpUrl.describe('The instance’s base URL, e.g. https://mastodon.social'),
    accessToken: z.string().trim().min(8).max(500).describe('An access token with the write:statuses and write:media scopes; stored, never shown again'),
  }),
  z.object({
    kind: z.literal('webhook'),
    name: z.string().trim().min(1).max(100),
    url: httpUrl.describe('Where the JSON is POSTed'),
  }),
]);
export type AccountCreateInput = z.infer<typeof accountCreateInput>;

export const accountPatchInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  url: httpUrl.optional().describe('The Mastodon instance, or the webhook URL'),
  accessToken: z.string().trim().min(8).max(500).optional().describe('Mastodon only: a new access token, e.g. after the old one was revoked'),
});
export type AccountPatchInput = z.infer<typeof accountPatchInput>;

export const accountDto = z
  .object({
    id: z.string(),
    kind: z.enum(channelKinds),
    name: z.string(),
    url: z.string().describe('The Mastodon instance, or the webhook URL'),
    secret: z.literal('set').describe('The access token or signing secret is stored; it is never returned'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ChannelAccount' });
export type AccountDto = z.infer<typeof accountDto>;

export const accountCreatedDto = z.object({
  account: accountDto,
  signingSecret: z.string().nullable().describe('Webhooks only: the key of the X-Foyer-Signature header. Shown this once; store it at the receiver.'),
});

export const postCreateInput = z.object({
  accountId: z.uuid(),
  text: z.string().min(1).max(20_000),
  language: z.enum(postLanguages),
  link: httpUrl.optional(),
  image: z
    .object({
      url: httpUrl.optional(),
      data: z.base64().max(15_000_000).optional().describe('The image itself, base64; or url'),
      contentType: z.enum(imageTypes).optional(),
      description: z.string().max(ALT_TEXT_MAX).describe('Alt text, required: what the image shows, for people who cannot see it'),
    })
    .optional(),
  publishAt: z.iso.datetime({ offset: true }).optional().describe('When to publish; now when left out'),
  event: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,63}$/)
    .optional()
    .describe('Webhooks: the event name the receiver gets (default post.published)'),
});
export type PostCreateInput = z.infer<typeof postCreateInput>;

export const postDto = z
  .object({
    id: z.string(),
    unitId: z.string().nullable(),
    accountId: z.string(),
    text: z.string(),
    language: z.enum(postLanguages),
    link: z.string().nullable(),
    image: z.object({ url: z.string().nullable(), contentType: z.string().nullable(), description: z.string() }).nullable(),
    event: z.string().nullable(),
    publishAt: z.string(),
    state: z.enum(postStates),
    remoteId: z.string().nullable(),
    remoteUrl: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ScheduledPost' });
export type PostDto = z.infer<typeof postDto>;

export const postListQuery = z.object({
  state: z.enum(postStates).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
