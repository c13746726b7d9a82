import { z } from 'zod';
import { hexColourPattern, templateLanguages } from './model.ts';

/* Inputs and answers of /api/campaigns/branding and /api/campaigns/templates. */

const colour = z.string().trim().regex(hexColourPattern, 'must be a colour as #rrggbb, e.g. #7a1f2b').nullable();
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(1000)
  .nullable();
const footerText = z.string().trim().max(1000).nullable();

export const brandingInput = z
  .object({
    logoUrl: httpUrl.default(null),
    primaryColour: colour.default(null),
    accentColour: colour.default(null),
    footer: z.object({ de: footerText.default(null), en: footerText.default(null) }).default({ de: null, en: null }),
    imprintUrl: httpUrl.default(null),
    privacyUrl: httpUrl.default(null),
    senderName: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .strict()
  .describe('The whole branding; a field left out or null takes the default made from the house.');
export type BrandingInput = z.input<typeof brandingInput>;

const brandingSettingsDto = z.object({
  logoUrl: z.string().nullable(),
  primaryColour: z.string().nullable(),
  accentColour: z.string().nullable(),
  footer: z.object({ de: z.string().nullable(), en: z.string().nullable() }),
  imprintUrl: z.string().nullable(),
  privacyUrl: z.string().nullable(),
  senderName: z.string().nullable(),
});

export const brandingDto = z
  .object({
    settings: brandingSettingsDto.describe('what the house saved; null = default'),
    effective: z
      .object({
        logoUrl: z.string().nullable(),
        primaryColour: z.string(),
        accentColour: z.string(),
        footer: z.object({ de: z.string(), en: z.string() }),
        imprintUrl: z.string().nullable(),
        privacyUrl: z.string().nullable(),
        senderName: z.string(),
      })
      .describe('what mails use: the settings with the defaults filled in'),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'CampaignBranding' });

export const templateSummaryDto = z
  .object({
    key: z.string(),
    kind: z.enum(['marketing', 'service']),
    name: z.object({ de: z.string(), en: z.string() }),
    description: z.object({ de: z.string(), en: z.string() }),
    needs: z.enum(['none', 'production', 'performance']).describe('what the template is about: a production (teaser) or a performance (practical info)'),
    blocks: z.array(z.string()),
    series: z.object({ key: z.string(), step: z.number().int(), delayDays: z.number().int() }).nullable(),
    languages: z.array(z.enum(templateLanguages)),
  })
  .meta({ id: 'CampaignTemplate' });

export const templateListDto = z.object({ items: z.array(templateSummaryDto) });

export const templateKeyParams = z.object({ key: z.string().regex(/^[a-z0-9_-]{1,60}$/, 'a template key such as season_announcement') });

export const previewInput = z
  .object({
    language: z.enum(templateLanguages),
    contactId: z.uuid().optional().describe('render as this contact (needs audience:read); otherwise as the sample contact Erika Mustermann'),
    productionId: z.uuid().optional().describe('for templates about a production; default: the next one on the programme'),
    performanceId: z.uuid().optional().describe('for templates about a performance; default: the next one on the programme'),
  })
  .strict();
export type PreviewInput = z.input<typeof previewInput>;

export const previewDto = z.object({ subject: z.string(), html: z.string(), text: z.string() }).meta({ id: 'CampaignTemplatePreview' });
