import { DateTime } from 'luxon';
import { confidenceThresholds } from '../nlu/understander.ts';
import type { Language } from '../nlu/types.ts';

/*
 * What one assistant message carries (the public contract's Message without seq and
 * time), and the small pure rules the dialogue shares: how a date is shown in the
 * house's zone, how money is written, how visitor words are compared.
 */

export interface QuickReply {
  label: string;
  text: string;
}

export interface Card {
  kind: 'performance' | 'production' | 'discovery' | 'faq';
  title: string;
  subtitle?: string;
  url?: string;
  imageUrl?: string;
  badge?: string;
}

export interface Link {
  label: string;
  url: string;
}

export interface Reply {
  text: string;
  quickReplies?: QuickReply[];
  cards?: Card[];
  links?: Link[];
}

/** Below this the message is not understood; between the two, a clarifying question; above, the intent is acted on. */
export const thresholds = { fallback: confidenceThresholds.clarify, act: confidenceThresholds.answer } as const;

/** A short date and time in the house's zone: "Sa 3. Okt, 19:30" / "Sat 3 Oct, 19:30". */
export function formatWhen(instant: string, timeZone: string, language: Language): string {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).setLocale(language === 'de' ? 'de-DE' : 'en-GB');
  return language === 'de' ? local.toFormat('ccc d. LLL, HH:mm') : local.toFormat('ccc d LLL, HH:mm');
}

/** A weekday and time for the team's next opening: "Montag" + "10:00". */
export function formatOpening(instant: string, timeZone: string, language: Language, now: Date): { day: string; time: string } {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).setLocale(language === 'de' ? 'de-DE' : 'en-GB');
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const days = Math.round(local.startOf('day').diff(today, 'days').days);
  const day = days === 0 ? (language === 'de' ? 'heute' : 'today') : days === 1 ? (language === 'de' ? 'morgen' : 'tomorrow') : language === 'de' ? `am ${local.toFormat('cccc')}` : `on ${local.toFormat('cccc')}`;
  return { day, time: local.toFormat('HH:mm') };
}

export function formatMoney(amountMinor: number, currency: string, language: Language): string {
  const format = new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

/** Lower case, accents and punctuation away: how a typed answer is compared with an offered one. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const emailPattern = /[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[a-z]{2,}/i;

export function emailIn(text: string): string | undefined {
  return emailPattern.exec(text)?.[0]?.toLowerCase();
}

/** Emails and digit runs masked: what a language model may see of a visitor's question. */
export function masked(text: string): string {
  return text.replace(new RegExp(emailPattern.source, 'gi'), '[email]').replace(/\d{3,}/g, '[number]');
}

const yesWords = new Set(['ja', 'jawohl', 'gern', 'gerne', 'klar', 'ok', 'okay', 'yes', 'yep', 'sure', 'y', 'j', 'natürlich', 'of course', 'ja bitte', 'yes please', 'ja gerne'].map(fold));
const noWords = new Set(['nein', 'nee', 'no', 'nope', 'n', 'nein danke', 'no thanks', 'no thank you', 'lieber nicht', 'nicht'].map(fold));

/** A plain yes or no in either language, independent of the classifier (the consent boxes must be unambiguous). */
export function yesOrNo(text: string): boolean | undefined {
  const words = fold(text);
  if (yesWords.has(words)) return true;
  if (noWords.has(words)) return false;
  return undefined;
}
