/*
 * Hand-written shapes of /api/campaigns (branding and templates), as the server's
 * src/campaigns/templates/schemas.ts describes them.
 */

export type TemplateLanguage = 'de' | 'en';

export interface BrandingSettings {
  logoUrl: string | null;
  primaryColour: string | null;
  accentColour: string | null;
  footer: { de: string | null; en: string | null };
  imprintUrl: string | null;
  privacyUrl: string | null;
  senderName: string | null;
}

export interface Branding {
  /** What the house saved; null = the default. */
  settings: BrandingSettings;
  /** What mails use: the settings with the defaults filled in. */
  effective: {
    logoUrl: string | null;
    primaryColour: string;
    accentColour: string;
    footer: { de: string; en: string };
    imprintUrl: string | null;
    privacyUrl: string | null;
    senderName: string;
  };
  updatedAt: string | null;
}

export interface CampaignTemplate {
  key: string;
  kind: 'marketing' | 'service';
  name: { de: string; en: string };
  description: { de: string; en: string };
  needs: 'none' | 'production' | 'performance';
  blocks: string[];
  series: { key: string; step: number; delayDays: number } | null;
  languages: TemplateLanguage[];
}

export interface PreviewRequest {
  language: TemplateLanguage;
  contactId?: string;
  productionId?: string;
  performanceId?: string;
}

export interface TemplatePreview {
  subject: string;
  html: string;
  text: string;
}
