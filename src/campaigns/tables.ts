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

/** Every campaign table; each part adds its own lines. */
export interface CampaignTables {
  campaign_branding: CampaignBrandingTable;
  campaign_link_key: CampaignLinkKeyTable;
  mail_suppression: MailSuppressionTable;
  mail_soft_bounce: MailSoftBounceTable;
  channel_account: ChannelAccountTable;
  scheduled_post: ScheduledPostTable;
}
