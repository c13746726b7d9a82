import { z } from 'zod';
import { campaignKinds, campaignStatuses, messageStates, skipReasons } from './model.ts';

/* The HTTP shapes of campaigns, their delivery log, approvals and the house's send settings. */

const languageSource = z.object({
  subject: z.string().trim().min(1).max(300),
  preheader: z.string().max(500),
  body: z.string().min(1).max(200_000),
});

export const campaignContentInput = z.object({ de: languageSource.optional(), en: languageSource.optional() }).strict();

const name = z.string().trim().min(1).max(200);

export const campaignCreateInput = z
  .object({
    name,
    kind: z.enum(campaignKinds),
    templateKey: z.string().min(1).max(100),
    content: campaignContentInput.optional(),
    productionId: z.uuid().optional(),
    performanceId: z.uuid().optional(),
    segmentId: z.uuid().optional(),
  })
  .strict();
export type CampaignCreateInput = z.input<typeof campaignCreateInput>;

export const campaignPatchInput = z
  .object({
    name: name.optional(),
    templateKey: z.string().min(1).max(100).optional(),
    content: campaignContentInput.nullable().optional(),
    productionId: z.uuid().nullable().optional(),
    performanceId: z.uuid().nullable().optional(),
    segmentId: z.uuid().nullable().optional(),
  })
  .strict();
export type CampaignPatchInput = z.input<typeof campaignPatchInput>;

export const campaignListQuery = z.object({
  kind: z.enum(campaignKinds).optional(),
  status: z.enum(campaignStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const counts = z.object(Object.fromEntries(messageStates.map((state) => [state, z.number().int()])) as Record<(typeof messageStates)[number], z.ZodNumber>);

export const campaignSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(campaignKinds),
    status: z.enum(campaignStatuses),
    templateKey: z.string(),
    segmentId: z.string().nullable(),
    productionId: z.string().nullable(),
    performanceId: z.string().nullable(),
    scheduledAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    recipients: z.number().int(),
    counts,
    autopilotRule: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CampaignSummary' });
export type CampaignSummary = z.output<typeof campaignSummary>;

const effectiveSource = z.object({ subject: z.string(), preheader: z.string(), body: z.string() });

export const campaignDto = campaignSummary
  .extend({
    content: z.object({ de: effectiveSource, en: effectiveSource }).describe('the effective sources per language: edited, or the library’s'),
    pauseReason: z.string().nullable(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
  })
  .meta({ id: 'Campaign' });
export type CampaignDto = z.output<typeof campaignDto>;

export const previewBody = z.object({ language: z.enum(['de', 'en']), contactId: z.uuid().optional() }).strict();
export const previewResult = z.object({ subject: z.string(), html: z.string(), text: z.string() });

export const testSendBody = z.object({ email: z.email(), language: z.enum(['de', 'en']), contactId: z.uuid().optional() }).strict();
export const scheduleBody = z.object({ at: z.iso.datetime({ offset: true }).optional().describe('when to start; absent: now') }).strict().optional();
export const rejectBody = z.object({ reason: z.string().trim().max(1000).optional() }).strict().optional();

export const progressDto = z.object({
  status: z.enum(campaignStatuses),
  recipients: z.number().int().describe('people the segment walk is expected to reach (exact once walked)'),
  walked: z.number().int().describe('people written to the delivery log so far'),
  counts,
});

export const statsDto = z.object({
  sent: z.number().int(),
  delivered: z.number().int(),
  bounced: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  unsubscribed: z.number().int(),
  bookings: z.number().int(),
  revenueMinor: z.number().int(),
  currency: z.string().nullable(),
  daily: z.array(z.object({ date: z.string(), sent: z.number().int(), opened: z.number().int(), clicked: z.number().int(), bookings: z.number().int() })),
  variants: z.array(z.object({ variant: z.string().nullable(), sent: z.number().int(), opened: z.number().int(), clicked: z.number().int(), bookings: z.number().int() })),
});
export type CampaignStats = z.output<typeof statsDto>;

export const messageListQuery = z.object({
  state: z.enum(messageStates).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const messageDto = z.object({
  id: z.string(),
  contactId: z.string().nullable(),
  email: z.string().nullable().describe('masked unless the caller has audience:read; null once the person is erased'),
  state: z.enum(messageStates),
  reason: z.string().nullable(),
  variant: z.string().nullable(),
  journeyId: z.string().nullable(),
  nodeId: z.string().nullable(),
  queuedAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  clickedAt: z.string().nullable(),
  bouncedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
});
export type MessageDto = z.output<typeof messageDto>;

export const approvalsDto = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      campaignId: z.string(),
      campaignName: z.string(),
      journeyId: z.string().nullable(),
      journeyName: z.string().nullable(),
      nodeId: z.string().nullable(),
      contactId: z.string().nullable(),
      contactName: z.string().nullable(),
      queuedAt: z.string(),
    }),
  ),
  campaigns: z.array(campaignSummary),
});

export const messageDecisionBody = z.object({ ids: z.array(z.uuid()).min(1).max(1000), decision: z.enum(['approve', 'reject']) }).strict();

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00 to 23:59)');
export const settingsDto = z.object({
  frequencyCap: z.number().int().min(1).max(100).describe('marketing messages per person within frequencyDays'),
  frequencyDays: z.number().int().min(1).max(90),
  quietStart: clockTime.describe('house time zone; equal to quietEnd: no quiet hours'),
  quietEnd: clockTime,
});
export const settingsInput = settingsDto.strict();
export type SendSettings = z.output<typeof settingsDto>;

export const skipReason = z.enum(skipReasons);
