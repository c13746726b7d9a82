import { DateTime } from 'luxon';

/*
 * The vocabulary of campaigns and their delivery, pure: which status may follow which,
 * what the sender decides for one message (send, skip with a reason, defer past quiet
 * hours), and the small rules around it. No I/O; time comes in as an argument.
 */

export const campaignKinds = ['newsletter', 'journey'] as const;
export type CampaignKind = (typeof campaignKinds)[number];

export const campaignStatuses = ['draft', 'awaiting_approval', 'scheduled', 'sending', 'paused', 'sent', 'cancelled', 'active', 'archived'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const messageStates = ['held', 'queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;
export type MessageState = (typeof messageStates)[number];

export const skipReasons = ['no_consent', 'suppressed', 'frequency_cap', 'erased', 'rejected'] as const;
export type SkipReason = (typeof skipReasons)[number];

export type MessageCounts = Record<MessageState, number>;

export function emptyCounts(): MessageCounts {
  return { held: 0, queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0, cancelled: 0 };
}

export type Decision<T> = { ok: true; value: T } | { ok: false; code: 'conflict' | 'validation'; message: string };

/** Campaign statuses in which the sender may claim a campaign's queued messages. */
export const sendableStatuses: readonly CampaignStatus[] = ['sending', 'active'];

/** A newsletter's content, recipients and schedule may change only before it starts. */
export function mayEdit(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'awaiting_approval' || status === 'scheduled' || status === 'active';
}

/**
 * Scheduling: a newsletter goes from draft to scheduled, or to awaiting_approval when the
 * actor may not approve sends (an API key with campaigns:write only). Journey mails are
 * sent by their journey, never scheduled.
 */
export function afterSchedule(kind: CampaignKind, status: CampaignStatus, mayApprove: boolean): Decision<'scheduled' | 'awaiting_approval'> {
  if (kind !== 'newsletter') return { ok: false, code: 'conflict', message: 'a journey mail is sent by its journey; only newsletters are scheduled' };
  if (status !== 'draft' && status !== 'scheduled') return { ok: false, code: 'conflict', message: `a ${status} campaign cannot be scheduled` };
  return { ok: true, value: mayApprove ? 'scheduled' : 'awaiting_approval' };
}

export function afterPause(status: CampaignStatus): Decision<'paused'> {
  if (status === 'sending' || status === 'scheduled' || status === 'active') return { ok: true, value: 'paused' };
  return { ok: false, code: 'conflict', message: `a ${status} campaign cannot be paused` };
}

/** Resume continues where the pause stopped: a newsletter that had started sends on, one that had not waits for its time. */
export function afterResume(kind: CampaignKind, status: CampaignStatus, started: boolean): Decision<'sending' | 'scheduled' | 'active'> {
  if (status !== 'paused') return { ok: false, code: 'conflict', message: `a ${status} campaign is not paused` };
  if (kind === 'journey') return { ok: true, value: 'active' };
  return { ok: true, value: started ? 'sending' : 'scheduled' };
}

export function afterCancel(status: CampaignStatus): Decision<'cancelled'> {
  if (status === 'sent' || status === 'cancelled' || status === 'archived') return { ok: false, code: 'conflict', message: `a ${status} campaign cannot be cancelled` };
  return { ok: true, value: 'cancelled' };
}

/** A rejected send goes back to draft, with the reason, so its author can change it. */
export function afterReview(status: CampaignStatus, decision: 'approve' | 'reject'): Decision<'scheduled' | 'draft'> {
  if (status !== 'awaiting_approval') return { ok: false, code: 'conflict', message: `a ${status} campaign is not awaiting approval` };
  return { ok: true, value: decision === 'approve' ? 'scheduled' : 'draft' };
}

/** A campaign with messages in its log is kept for its statistics; only an unsent draft goes. */
export function mayDelete(status: CampaignStatus, messages: number): boolean {
  return messages === 0 && (status === 'draft' || status === 'awaiting_approval' || status === 'cancelled');
}

// ---------- quiet hours and the frequency cap ----------

export interface QuietHours {
  /** 'HH:MM' in the house's zone; equal start and end mean none. */
  start: string;
  end: string;
  timeZone: string;
}

function minutesOf(text: string): number {
  const [hours = 0, minutes = 0] = text.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * When quiet hours hold at `now`, the instant they end (the next `end` in the house's
 * zone); null when a mail may go now. A window may cross midnight (21:00–08:00).
 */
export function quietUntil(now: Date, quiet: QuietHours): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = DateTime.fromJSDate(now).setZone(quiet.timeZone);
  const minute = local.hour * 60 + local.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  let until = local.startOf('day').plus({ minutes: end });
  if (until <= local) until = local.startOf('day').plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60 });
  return until.toJSDate();
}

export interface MessageFacts {
  /** Null: the person was erased (or never existed in this house). */
  contact: { email: string } | null;
  /** The template's kind: marketing needs newsletter consent and counts towards the cap. */
  kind: 'marketing' | 'service';
  /** Valid consent, now, for the purpose the template needs. */
  consented: boolean;
  suppressed: boolean;
  /** Marketing messages the person was sent within the cap's window (this batch's included). */
  recentMarketing: number;
  frequencyCap: number;
  quietUntil: Date | null;
}

export type MessageDecision = { action: 'send' } | { action: 'skip'; reason: SkipReason } | { action: 'defer'; until: Date };

/**
 * What the sender does with one claimed message at send time. Order matters: a person
 * who is gone or said no is skipped for good before quiet hours merely postpone anything.
 */
export function decideMessage(facts: MessageFacts): MessageDecision {
  if (facts.contact === null) return { action: 'skip', reason: 'erased' };
  if (!facts.consented) return { action: 'skip', reason: 'no_consent' };
  if (facts.suppressed) return { action: 'skip', reason: 'suppressed' };
  if (facts.kind === 'marketing' && facts.recentMarketing >= facts.frequencyCap) return { action: 'skip', reason: 'frequency_cap' };
  if (facts.quietUntil !== null) return { action: 'defer', until: facts.quietUntil };
  return { action: 'send' };
}

// ---------- retries, Message-IDs and the log ----------

/** An SMTP failure is tried again this often, then the message is failed with the server's answer. */
export const MAX_ATTEMPTS = 3;

/** Minutes before the next try of a message whose server refused it (1, 4, 16 …). */
export function retryDelayMs(attempts: number): number {
  return 60_000 * 4 ** Math.max(0, attempts - 1);
}

/** This many SMTP failures in a row pause a campaign: something is wrong with the server, not the person. */
export const ERRORS_BEFORE_PAUSE = 10;

/**
 * The Message-ID of a log row, the same on every attempt: a message sent again after a
 * crash (the window between the server's accept and the recorded 'sent') carries the
 * same id, and mail systems drop or thread the repeat as one message.
 */
export function messageIdOf(rowId: string, domain: string): string {
  return `<campaign.${rowId}@${domain}>`;
}

/** e…@example.org for staff without audience:read. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${email.slice(0, 1)}…${email.slice(at)}`;
}

/** How long after a sent mail an order counts as its booking. */
export const ATTRIBUTION_DAYS = 7;

/** 'c:<campaign>:<contact>' for a newsletter's row: the unique key that makes a repeated walk harmless. */
export function newsletterSourceKey(campaignId: string, contactId: string): string {
  return `c:${campaignId}:${contactId}`;
}
