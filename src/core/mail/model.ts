import { z } from 'zod';
import { invalid } from '../errors.ts';

/*
 * The mail layer's vocabulary and its pure rules: what a message is, how FOYER_SMTP_URL
 * is read, and how an address appears in logs and job errors (masked: the jobs table
 * and the log outlive an erasure, the address must not).
 */

export const mailLanguages = ['de', 'en'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

/** One message, plain text and HTML, ready for the transport. */
export interface MailMessage {
  to: string;
  toName?: string | null;
  subject: string;
  text: string;
  html: string;
  language: MailLanguage;
  /** The display name in From (the house's name); the address is always FOYER_MAIL_FROM. */
  fromName?: string;
  replyTo?: string | null;
  /** Extra headers such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /** Files sent along: tickets' QR codes (inline, by cid) and calendar entries. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
  /** Set for an image shown inside the HTML as <img src="cid:…">. */
  cid?: string;
}

/**
 * How mails leave Foyer:
 * - smtp: through the SMTP server of FOYER_SMTP_URL (pooled connections);
 * - log: FOYER_SMTP_URL=log, for development: the whole mail is written to the log and
 *   the job completes; nothing is delivered;
 * - none: FOYER_SMTP_URL unset: every mail job fails with "no SMTP configured", visible
 *   in the jobs table and the log, so that nobody believes mails went out.
 */
export type MailMode = 'smtp' | 'log' | 'none';

export interface MailSettings {
  mode: MailMode;
  /** Only for smtp: the connection URL. */
  smtpUrl: string | null;
  /** The sender address of every mail. */
  from: string;
}

/** Reads FOYER_SMTP_URL: unset or empty → none, 'log' → log, smtp:// or smtps:// → smtp. */
export function mailModeFrom(value: string | undefined): { mode: MailMode; smtpUrl: string | null } {
  const text = (value ?? '').trim();
  if (text === '') return { mode: 'none', smtpUrl: null };
  if (text.toLowerCase() === 'log') return { mode: 'log', smtpUrl: null };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('FOYER_SMTP_URL', 'is not a URL; write it like smtp://user:password@mail.example:587 (or "log" for development)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw invalid('FOYER_SMTP_URL', `must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if (url.hostname === '') throw invalid('FOYER_SMTP_URL', 'names no host');
  return { mode: 'smtp', smtpUrl: text };
}

/** The URL as it may appear in a log: without the password. */
export function redactedSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (url.password !== '') url.password = '***';
  return url.href;
}

const emailSchema = z.email();

/** FOYER_MAIL_FROM, or foyer@<host of the public URL> (foyer@localhost when that host is an address). */
export function mailFromAddress(value: string | undefined, publicUrl: string): string {
  const text = (value ?? '').trim();
  if (text !== '') {
    if (!emailSchema.safeParse(text).success) throw invalid('FOYER_MAIL_FROM', `"${text}" is not an e-mail address (the display name is the house's name)`);
    return text;
  }
  const host = new URL(publicUrl).hostname;
  const isAddress = /^[\d.]+$/.test(host) || host.startsWith('[') || host === '';
  return `foyer@${isAddress ? 'localhost' : host}`;
}

/** e…@example.org: enough to tell mails apart in a log, not enough to be the address. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${address.slice(0, 1)}…${address.slice(at)}`;
}
