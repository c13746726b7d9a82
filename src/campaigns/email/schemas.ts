import { z } from 'zod';

/* The envelope's HTTP shapes: the bounce and complaint webhook, and the suppression list. */

export const mailToken = z.string().min(20).max(6000).describe('the signed token from the mail');

/**
 * What a mail provider (or a small adapter in front of it) reports. `campaign` is the
 * X-Foyer-Campaign header of the bounced mail ("<houseId>/<campaignId>"), which most
 * providers hand back with the original headers; `houseId` does instead when it is not.
 */
export const mailEventBody = z
  .object({
    type: z.enum(['bounce', 'complaint']),
    email: z.email().max(254),
    bounceType: z.enum(['hard', 'soft']).optional().describe('required for a bounce: hard (the mailbox does not exist) or soft (full, greylisted, down)'),
    campaign: z.string().max(200).optional().describe('the X-Foyer-Campaign header of the mail: <houseId>/<campaignId>'),
    houseId: z.uuid().optional(),
    campaignId: z.string().min(1).max(100).optional(),
    at: z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString()),
    reason: z.string().max(1000).optional().describe('the provider’s diagnostic, kept with the suppression'),
  })
  .refine((event) => event.type !== 'bounce' || event.bounceType !== undefined, { message: 'is required for a bounce (hard or soft)', path: ['bounceType'] })
  .refine((event) => event.campaign !== undefined || event.houseId !== undefined, { message: 'campaign (the X-Foyer-Campaign header) or houseId is required', path: ['campaign'] })
  .meta({ id: 'MailEvent' });
export type MailEventBody = z.input<typeof mailEventBody>;

export const mailEventResult = z
  .object({
    houseId: z.string(),
    suppressed: z.boolean().describe('the address is (now) on the suppression list'),
    consentRevoked: z.boolean().describe('a complaint ended the newsletter consent'),
  })
  .meta({ id: 'MailEventResult' });

export const suppressionReasons = ['hard_bounce', 'soft_bounces', 'complaint'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export const suppressionDto = z
  .object({
    id: z.string(),
    email: z.string(),
    reason: z.enum(suppressionReasons),
    campaignId: z.string().nullable(),
    detail: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'MailSuppression' });
export type Suppression = z.output<typeof suppressionDto>;
