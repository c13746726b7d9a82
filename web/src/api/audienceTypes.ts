/*
 * The shapes the audience API answers with, as the browser sees them. They mirror the zod
 * DTOs in src/audience/*: contacts, consents, timeline, privacy requests, audit log,
 * segments and contact imports. Restated here because the web app is built apart from
 * the server.
 */

import type { ImportReport, Title } from './types.ts';

export const purposes = ['newsletter', 'recommendations', 'behavioural_analysis', 'post_phone', 'ticketing'] as const;
export type ConsentPurpose = (typeof purposes)[number];
export const marketingPurposes = ['newsletter', 'recommendations', 'behavioural_analysis', 'post_phone'] as const;

export const consentStatuses = ['pending', 'granted', 'revoked', 'expired'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

export const legalBases = ['consent', 'contract', 'legitimate_interest'] as const;
export type LegalBasis = (typeof legalBases)[number];

export const consentSources = ['form', 'box_office', 'import', 'assistant', 'staff', 'preference_centre'] as const;

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
  'segment.sampled',
  'audit.exported',
  'assistant.settings_changed',
  'assistant.knowledge_changed',
  'assistant.conversations_deleted',
] as const;

export interface Consent {
  id: string;
  contactId: string;
  purpose: ConsentPurpose;
  /** Effective: a granted consent past its expiry reads as expired. */
  status: ConsentStatus;
  valid: boolean;
  legalBasis: LegalBasis;
  source: string;
  textVersion: string;
  requestedAt: string;
  grantedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  proof: Record<string, unknown>;
  updatedAt: string;
}

export interface ConsentPolicy {
  purpose: ConsentPurpose;
  expiryMonths: number;
  textVersion: string;
  textDe: string;
  textEn: string | null;
  custom: boolean;
  updatedAt: string | null;
}

// ---------- segments ----------

export interface PerformanceRule {
  atLeast?: number;
  months?: number;
  genre?: string;
  productionId?: string;
  unitId?: string;
}

/** src/audience/segments/model.ts: an object with exactly one key. */
export type SegmentRule =
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule }
  | { language: string[] }
  | { postcode: string[] }
  | { age: { min?: number; max?: number } }
  | { interest: string[] }
  | { booked: PerformanceRule }
  | { attended: PerformanceRule }
  | { firstTime: { months?: number } }
  | { lapsed: { months?: number } }
  | { opened: { days: number } }
  | { clicked: { days: number } }
  | { consent: ConsentPurpose }
  | { segment: string };

// ---------- contacts and their history ----------

export interface Contact {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  language: string | null;
  postalCode: string | null;
  birthYear: number | null;
  interests: string[];
  source: string;
  /** Units the person belongs to (interacted with, imported for). */
  units: string[];
  createdAt: string;
  updatedAt: string;
}

/** A consent at a glance: the effective status now, and until when. */
export type ConsentSummary = Pick<Consent, 'purpose' | 'status' | 'valid' | 'expiresAt'>;

/** GET /api/contacts: each contact with its consents, in the order of the purposes; listing is not audited as a view. */
export interface ContactListItem extends Contact {
  consents: ConsentSummary[];
}

export interface Interaction {
  id: string;
  kind: InteractionKind;
  occurredAt: string;
  source: string;
  ref: string | null;
  unitId: string | null;
  productionId: string | null;
  performanceId: string | null;
  /** When the performance starts; occurredAt is when the interaction happened (a booking weeks before). */
  performanceStartsAt: string | null;
  productionTitle: Title | null;
  details: Record<string, unknown> | null;
}

export interface Timeline {
  items: Interaction[];
  total: number;
  limit: number;
  offset: number;
  /** False when behavioural analysis is not allowed: details are withheld, the facts stay. */
  detailsShown: boolean;
  /** Kinds no valid purpose of the person justifies reading; left out of the timeline. */
  hiddenKinds: InteractionKind[];
}

// ---------- privacy and audit ----------

export interface PrivacyRequest {
  id: string;
  /** Null once the person is erased. */
  contactId: string | null;
  /** Erasure: the pseudonym the person's kept bookings carry. */
  pseudonym: string | null;
  kind: 'access' | 'erasure';
  status: 'done' | 'failed';
  via: 'preference_centre' | 'staff';
  actor: string;
  reason: string | null;
  requestedAt: string;
  completedAt: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  contactId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

// ---------- segments ----------

export type SegmentKind = 'rules' | 'static';

export interface Segment {
  id: string;
  unitId: string | null;
  name: string;
  description: string | null;
  kind: SegmentKind;
  rules: SegmentRule | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactSummary {
  id: string;
  email: string;
  name: string | null;
}

export interface SegmentCount {
  /** With valid consent for `purpose` when one was asked for, else all matches. */
  count: number;
  /** All matches, whatever their consents. */
  total: number;
  purpose: ConsentPurpose | null;
  /** Of the total, how many have valid consent for each marketing purpose. */
  reachable: Partial<Record<(typeof marketingPurposes)[number], number>>;
  sample?: ContactSummary[];
}

export type SegmentMember = ContactSummary & { language: string | null; addedAt: string | null };

// ---------- contact import ----------

export interface ContactImportReport {
  created: number;
  updated: number;
  unchanged: number;
  skipped: { where: string; reason: string }[];
  warnings: { where?: string; message: string }[];
  details: {
    dryRun: boolean;
    rows: number;
    consents: { granted: number; renewed: number; unchanged: number };
    bookings: { created: number; unchanged: number };
    unitMemberships: number;
    ticketingOnly: number;
  };
}

export interface ContactImportResult {
  runId: string;
  report: ContactImportReport;
}

export interface ContactImportRun {
  id: string;
  unitId: string | null;
  source: string;
  dryRun: boolean;
  status: 'ok' | 'failed';
  report: ContactImportReport | null;
  error: { code: string; message: string } | null;
  actor: string | null;
  startedAt: string;
  finishedAt: string;
}

/** The catalogue's report view shows the totals, skips and warnings of a contact import as well. */
export function asImportReport(report: ContactImportReport): ImportReport {
  return { created: report.created, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped, warnings: report.warnings, dryRun: report.details.dryRun, format: 'csv' };
}

/** What uploading e-mail addresses to a static list did. */
export interface StaticListImport {
  rows: number;
  added: number;
  alreadyMembers: number;
  /** Addresses with no contact (in the unit): reported, never created. */
  unknown: { row: number; email: string }[];
  invalid: { row: number; value: string; reason: string }[];
  /** More than 1,000 unknown or invalid rows: the lists show the first 1,000. */
  truncated: boolean;
}
