import type { GraphProblem, JourneyGraph, JourneyTrigger } from '../../../src/campaigns/journeys/definition.ts';

/*
 * Hand-written shapes of /api/campaigns: branding and templates (src/campaigns/templates/
 * schemas.ts), channels and posts (channels/schemas.ts), campaigns, approvals and settings
 * (sending/), journeys (journeys/). The journey's trigger and graph are not restated:
 * they come from the pure src/campaigns/journeys/definition.ts, which the builder shares
 * with the server.
 */

export type { GraphProblem, JourneyGraph, JourneyTrigger };

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

// ---------- social channels and posts (src/campaigns/channels/schemas.ts) ----------

export type ChannelKind = 'mastodon' | 'webhook';

export interface ChannelAccount {
  id: string;
  kind: ChannelKind;
  name: string;
  /** The Mastodon instance, or the webhook URL. */
  url: string;
  /** The token or signing secret is stored; it is never returned. */
  secret: 'set';
  createdAt: string;
  updatedAt: string;
}

export type ChannelAccountInput = { kind: 'mastodon'; name: string; instanceUrl: string; accessToken: string } | { kind: 'webhook'; name: string; url: string };

export interface ChannelAccountCreated {
  account: ChannelAccount;
  /** Webhooks only: shown this once. */
  signingSecret: string | null;
}

export const postStates = ['scheduled', 'publishing', 'published', 'failed', 'cancelled'] as const;
export type PostState = (typeof postStates)[number];

export interface ScheduledPost {
  id: string;
  unitId: string | null;
  accountId: string;
  text: string;
  language: TemplateLanguage;
  link: string | null;
  image: { url: string | null; contentType: string | null; description: string } | null;
  event: string | null;
  publishAt: string;
  state: PostState;
  remoteId: string | null;
  remoteUrl: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PostInput {
  accountId: string;
  text: string;
  language: TemplateLanguage;
  link?: string;
  image?: { url: string; description: string };
  publishAt?: string;
}

// ---------- campaigns, sending, approvals, settings (src/campaigns/sending) ----------

export const campaignKinds = ['newsletter', 'journey'] as const;
export type CampaignKind = (typeof campaignKinds)[number];

export const campaignStatuses = ['draft', 'awaiting_approval', 'scheduled', 'sending', 'paused', 'sent', 'cancelled', 'active', 'archived'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const messageStates = ['held', 'queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;
export type MessageState = (typeof messageStates)[number];

export type MessageCounts = Record<MessageState, number>;

export interface CampaignSummary {
  id: string;
  name: string;
  kind: CampaignKind;
  status: CampaignStatus;
  templateKey: string;
  segmentId: string | null;
  productionId: string | null;
  performanceId: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recipients: number;
  counts: MessageCounts;
  autopilotRule: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignContent {
  subject: string;
  preheader: string;
  body: string;
}

export interface Campaign extends CampaignSummary {
  content: Record<TemplateLanguage, CampaignContent>;
  pauseReason: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface CampaignInput {
  name: string;
  kind: CampaignKind;
  templateKey: string;
  content?: Partial<Record<TemplateLanguage, CampaignContent>>;
  productionId?: string;
  performanceId?: string;
  segmentId?: string;
}

/** A change: null clears a focus or the segment; content null goes back to the library's text. */
export interface CampaignPatch {
  name?: string;
  templateKey?: string;
  content?: Partial<Record<TemplateLanguage, CampaignContent>> | null;
  productionId?: string | null;
  performanceId?: string | null;
  segmentId?: string | null;
}

export interface CampaignProgress {
  status: CampaignStatus;
  /** The people the segment walk is expected to reach; exact once walked. */
  recipients: number;
  walked: number;
  counts: MessageCounts;
}

export interface CampaignStats {
  sent: number;
  delivered: number;
  bounced: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  bookings: number;
  revenueMinor: number;
  currency: string | null;
  daily: { date: string; sent: number; opened: number; clicked: number; bookings: number }[];
  variants: { variant: string | null; sent: number; opened: number; clicked: number; bookings: number }[];
}

export interface CampaignMessage {
  id: string;
  contactId: string | null;
  /** Masked without audience:read; null once the person is erased. */
  email: string | null;
  state: MessageState;
  reason: string | null;
  variant: string | null;
  journeyId: string | null;
  nodeId: string | null;
  queuedAt: string;
  sentAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  bouncedAt: string | null;
  unsubscribedAt: string | null;
}

export interface HeldMessage {
  id: string;
  campaignId: string;
  campaignName: string;
  journeyId: string | null;
  journeyName: string | null;
  nodeId: string | null;
  contactId: string | null;
  contactName: string | null;
  queuedAt: string;
}

export interface Approvals {
  messages: HeldMessage[];
  campaigns: CampaignSummary[];
}

export interface SendingSettings {
  /** At most this many marketing mails per person … */
  frequencyCap: number;
  /** … within this many days. */
  frequencyDays: number;
  /** No sends between these house-zone times ('HH:MM'). */
  quietStart: string;
  quietEnd: string;
}

export interface AutopilotRule {
  rule: string;
  enabled: boolean;
  mode: JourneyMode;
  params: Record<string, unknown>;
  journeyId: string | null;
  campaignIds: string[];
  enabledAt: string | null;
  updatedAt: string | null;
}

// ---------- journeys (src/campaigns/journeys) ----------

export const journeyStatuses = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof journeyStatuses)[number];
export type JourneyMode = 'autopilot' | 'approval';

export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyStatus;
  mode: JourneyMode;
  trigger: JourneyTrigger;
  autopilotRule: string | null;
  counts: { waiting: number; completed: number; exited: number };
  createdAt: string;
  updatedAt: string;
  activatedAt: string | null;
}

export interface Journey extends JourneySummary {
  graph: JourneyGraph;
  problems: GraphProblem[];
}

export interface JourneyInput {
  name: string;
  mode: JourneyMode;
  trigger: JourneyTrigger;
  graph: JourneyGraph;
}

export interface JourneyNodeCounts {
  nodeId: string;
  waiting: number;
  passed: number;
  sent: number;
  opened: number;
  clicked: number;
}
