/*
 * Row shapes of the campaign tables. Conventions as in catalogue/tables.ts: UUIDv7 text
 * ids, ISO-8601 UTC instants as text, JSON as text. Each part of campaigns declares its
 * own interface here; CampaignTables joins them for core/db/schema.ts.
 */

// ---------- templates (src/campaigns/templates), migration 2026_11_27_m_campaign_branding ----------

/** A house's look in mails. Every column but the key may be null: null means "the house's default". */
export interface CampaignBrandingTable {
  house_id: string;
  logo_url: string | null;
  primary_colour: string | null;
  accent_colour: string | null;
  footer_de: string | null;
  footer_en: string | null;
  imprint_url: string | null;
  privacy_url: string | null;
  sender_name: string | null;
  updated_at: string;
}

// ---------- the marketing envelope (src/campaigns/email), migration 2026_11_27_n_mail_suppression ----------

/** The key that signs unsubscribe, click and open links of a house's marketing mails. */
export interface CampaignLinkKeyTable {
  house_id: string;
  link_key: string; // base64url, 32 random bytes
  created_at: string;
}

/** An address the house must not mail: hard bounce, repeated soft bounces or complaint. */
export interface MailSuppressionTable {
  id: string;
  house_id: string;
  email_normalised: string;
  reason: string; // hard_bounce | soft_bounces | complaint
  campaign_id: string | null;
  detail: string | null;
  created_at: string;
}

/** A soft bounce, counted towards a suppression (three in 30 days). */
export interface MailSoftBounceTable {
  id: string;
  house_id: string;
  email_normalised: string;
  occurred_at: string;
}

// ---------- social and webhook channels (src/campaigns/channels), migration 2026_11_27_o_channel_posts ----------

/** A house's account on a channel: a Mastodon account or a webhook receiver. */
export interface ChannelAccountTable {
  id: string;
  house_id: string;
  kind: string; // mastodon | webhook
  name: string;
  url: string; // the Mastodon instance's base URL, or the webhook's URL
  secret: string; // the Mastodon access token, or the webhook's signing secret; never returned by the API
  created_at: string;
  updated_at: string;
}

/** A post to publish on one channel account at publish_at; the job 'campaigns.channel-publish' carries only its id. */
export interface ScheduledPostTable {
  id: string;
  house_id: string;
  unit_id: string | null;
  account_id: string;
  text: string;
  language: string;
  link: string | null;
  image: string | null; // JSON {url?, data? (base64), contentType?, description}
  event: string | null;
  publish_at: string;
  state: string; // scheduled | publishing | published | failed | cancelled
  remote_id: string | null;
  remote_url: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

// ---------- campaigns, delivery log, journeys, autopilot; migration 2026_11_27_q_campaigns_journeys ----------

/** One mail: its content and, for a newsletter, its audience and schedule (src/campaigns/sending). */
export interface CampaignTable {
  id: string;
  house_id: string;
  unit_id: string | null;
  name: string;
  kind: string; // newsletter | journey
  template_key: string;
  content: string | null; // JSON {de?: {subject, preheader, body}, en?: {...}}
  production_id: string | null;
  performance_id: string | null;
  segment_id: string | null;
  status: string; // draft | awaiting_approval | scheduled | sending | paused | sent | cancelled; journey mails: active | archived
  scheduled_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  checkpoint: string | null;
  walked_at: string | null;
  recipients: number;
  pause_reason: string | null;
  autopilot_rule: string | null;
  approved_by: string | null;
  approved_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The delivery log and outbox: one message to one person (src/campaigns/sending). */
export interface CampaignMessageTable {
  id: string;
  house_id: string;
  campaign_id: string;
  journey_id: string | null;
  enrollment_id: string | null;
  node_id: string | null;
  variant: string | null;
  contact_id: string | null;
  source_key: string; // unique per house: 'c:<campaign>:<contact>' | 'j:<enrollment>:<node>'
  focus: string | null; // JSON {productionId?, performanceId?}
  state: string; // held | queued | sending | sent | failed | skipped | cancelled
  reason: string | null;
  not_before: string;
  lease_until: string | null;
  attempts: number;
  queued_at: string;
  sent_at: string | null;
  smtp_message_id: string | null;
  bounced_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  unsubscribed_at: string | null;
  updated_at: string;
}

/** A house's frequency cap and quiet hours. */
export interface CampaignSettingsTable {
  house_id: string;
  frequency_cap: number;
  frequency_days: number;
  quiet_start: string; // HH:MM, house time zone
  quiet_end: string;
  updated_at: string;
}

/** A journey: trigger and graph as JSON (src/campaigns/journeys/definition.ts). */
export interface JourneyTable {
  id: string;
  house_id: string;
  unit_id: string | null;
  name: string;
  status: string; // draft | active | paused | archived
  mode: string; // autopilot | approval
  trigger: string;
  graph: string;
  trigger_state: string | null;
  autopilot_rule: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  activated_at: string | null;
  step_counts: string | null; // JSON {nodeId: passed}
}

/** One person's pass through a journey. */
export interface JourneyEnrollmentTable {
  id: string;
  house_id: string;
  journey_id: string;
  contact_id: string;
  trigger_key: string;
  node_id: string;
  state: string; // waiting | completed | exited
  wake_at: string;
  context: string; // JSON {productionId?, performanceId?, orderId?, variant?}
  entered_at: string;
  updated_at: string;
}

/** A ready-made automation a house switched on (src/campaigns/autopilot). */
export interface AutopilotRuleTable {
  house_id: string;
  rule: string;
  enabled: number; // 0 | 1
  mode: string; // autopilot | approval
  params: string; // JSON
  journey_id: string | null;
  enabled_at: string | null;
  updated_by: string;
  updated_at: string;
}

/** A tag on a contact, set by a journey step or staff. */
export interface ContactTagTable {
  house_id: string;
  contact_id: string;
  tag: string;
  added_by: string;
  added_at: string;
}

/** Every campaign table; each part adds its own lines. */
export interface CampaignTables {
  campaign_branding: CampaignBrandingTable;
  campaign_link_key: CampaignLinkKeyTable;
  mail_suppression: MailSuppressionTable;
  mail_soft_bounce: MailSoftBounceTable;
  channel_account: ChannelAccountTable;
  scheduled_post: ScheduledPostTable;
  campaign: CampaignTable;
  campaign_message: CampaignMessageTable;
  campaign_settings: CampaignSettingsTable;
  journey: JourneyTable;
  journey_enrollment: JourneyEnrollmentTable;
  autopilot_rule: AutopilotRuleTable;
  contact_tag: ContactTagTable;
}
