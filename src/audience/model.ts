import { genres } from '../catalogue/genres.ts';

/*
 * The audience's domain rules, pure: purposes and what each one justifies keeping,
 * when a consent is valid, and what must go when consents end. The retention job, the
 * service's consent checks and the preference centre all decide through these.
 */

// ---------- purposes and consent ----------

/**
 * Why the house may hold and use someone's data. The first four need the person's
 * consent; `ticketing` rests on the contract of a booking (Art. 6(1)(b) GDPR) and ends
 * when the house no longer needs to serve that booking.
 */
export const purposes = ['newsletter', 'recommendations', 'behavioural_analysis', 'post_phone', 'ticketing'] as const;
export type Purpose = (typeof purposes)[number];

/** The purposes a person opts into (checkboxes, preference centre); ticketing follows from bookings. */
export const marketingPurposes = ['newsletter', 'recommendations', 'behavioural_analysis', 'post_phone'] as const satisfies readonly Purpose[];
export type MarketingPurpose = (typeof marketingPurposes)[number];

export const legalBases = ['consent', 'contract', 'legitimate_interest'] as const;
export type LegalBasis = (typeof legalBases)[number];

export const consentSources = ['form', 'box_office', 'import', 'assistant', 'staff', 'preference_centre'] as const;
export type ConsentSource = (typeof consentSources)[number];

export const consentStatuses = ['pending', 'granted', 'revoked', 'expired'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

/** Months a consent lasts when the house has set nothing else for the purpose. */
export const DEFAULT_EXPIRY_MONTHS: Record<Purpose, number> = {
  newsletter: 24,
  recommendations: 24,
  behavioural_analysis: 24,
  post_phone: 24,
  ticketing: 24,
};

/** How long a double opt-in link stays usable. */
export const CONFIRMATION_HOURS = 72;

/** What the person saw and did, kept as proof of a consent (Art. 7(1) GDPR). No raw IP: only its hash. */
export interface ConsentProof {
  confirmedAt?: string; // double opt-in: when the link in the mail was followed
  ipHash?: string; // sha256 of house-keyed IP, for requests and confirmations
  userAgent?: string;
  importRunId?: string;
  importRow?: number;
  staffRef?: string; // staff:<id> who recorded it (box office, phone)
  note?: string;
}

export interface ConsentState {
  status: ConsentStatus;
  grantedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A consent counts only while granted and before its expiry; an expiry in the past is as good as none. */
export function isConsentValid(consent: ConsentState, now: Date): boolean {
  return consent.status === 'granted' && consent.expiresAt !== null && consent.expiresAt > now.toISOString();
}

/** The status a reader should see: a granted consent past its expiry is expired even before the job ran. */
export function effectiveStatus(consent: ConsentState, now: Date): ConsentStatus {
  if (consent.status === 'granted' && !isConsentValid(consent, now)) return 'expired';
  return consent.status;
}

/** grantedAt plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function expiryFrom(grantedAt: Date, months: number): Date {
  const target = new Date(grantedAt.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

// ---------- interactions ----------

export const interactionKinds = [
  'booking',
  'attendance',
  'email_sent',
  'email_opened',
  'email_clicked',
  'assistant_conversation',
  'page_view',
  'survey_answer',
] as const;
export type InteractionKind = (typeof interactionKinds)[number];

// ---------- what each purpose justifies ----------

/** The pieces of personal data Foyer holds about a contact, as retention sees them. */
export type DataItem =
  | 'email'
  | 'name'
  | 'language'
  | 'phone'
  | 'postal_code'
  | 'birth_year'
  | 'interests'
  | `interaction:${InteractionKind}`
  | 'interaction_details';

/**
 * Which purposes justify holding each item. An item no valid purpose justifies is
 * deleted; a contact no purpose justifies at all is erased. Bookings are the exception
 * the law makes: kept for tax (§ 147 AO, 10 years) but pseudonymised, see erasure.
 */
export const justifiedBy: Record<DataItem, readonly Purpose[]> = {
  email: purposes,
  language: purposes,
  name: ['newsletter', 'post_phone', 'ticketing'],
  phone: ['post_phone', 'ticketing'],
  postal_code: ['post_phone', 'ticketing', 'behavioural_analysis'],
  birth_year: ['recommendations', 'behavioural_analysis'],
  interests: ['newsletter', 'recommendations'],
  'interaction:booking': ['ticketing', 'recommendations', 'behavioural_analysis'],
  'interaction:attendance': ['ticketing', 'recommendations', 'behavioural_analysis'],
  'interaction:email_sent': ['newsletter'],
  'interaction:email_opened': ['behavioural_analysis'],
  'interaction:email_clicked': ['behavioural_analysis'],
  'interaction:assistant_conversation': ['behavioural_analysis'],
  'interaction:page_view': ['behavioural_analysis', 'recommendations'],
  'interaction:survey_answer': ['behavioural_analysis'],
  interaction_details: ['behavioural_analysis'],
};

export const dataItems = Object.keys(justifiedBy) as DataItem[];

/** Kept with the person pseudonymised when nothing else justifies them: the law needs them. */
export const keptForTheLaw: readonly InteractionKind[] = ['booking'];

export type RetentionDecision =
  | { kind: 'keep' }
  | { kind: 'trim'; drop: DataItem[] }
  | { kind: 'erase' };

/** What retention does to a contact whose valid purposes are `remaining`. */
export function retentionDecision(remaining: ReadonlySet<Purpose>): RetentionDecision {
  if (remaining.size === 0) return { kind: 'erase' };
  const drop = dataItems.filter((item) => !justifiedBy[item].some((purpose) => remaining.has(purpose)));
  return drop.length === 0 ? { kind: 'keep' } : { kind: 'trim', drop };
}

/** Which purposes a reader needs valid consent for to read an item (any one of them). */
export function purposesFor(item: DataItem): readonly Purpose[] {
  return justifiedBy[item];
}

// ---------- contacts ----------

/** One person per address and house, however it was typed. */
export function normaliseContactEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const genreCodes: ReadonlySet<string> = new Set(genres.map((genre) => genre.code));

export const contactLanguages = ['de', 'en'] as const;
export type ContactLanguage = (typeof contactLanguages)[number];

// ---------- audit ----------

export const auditActions = [
  'contact.created',
  'contact.updated',
  'contact.viewed',
  'contact.merged',
  'contact.exported',
  'contact.erased',
  'contact.imported',
  'consent.requested',
  'consent.granted',
  'consent.revoked',
  'consent.expired',
  'consent.policy_changed',
  'retention.trimmed',
  'segment.exported',
  // Staff saw contacts of a segment (the builder's sample, a member list): one entry per look, not per person.
  'segment.sampled',
  'audit.exported',
  // The visitor assistant (src/assistant): its settings and knowledge base changed, old conversations deleted.
  'assistant.settings_changed',
  'assistant.knowledge_changed',
  'assistant.conversations_deleted',
] as const;
export type AuditAction = (typeof auditActions)[number];
