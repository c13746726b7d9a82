import { readDate, readTime } from '../../catalogue/import/csv-values.ts';
import { addDays, midnight, toIso, wallToUtc } from '../../catalogue/import/local-time.ts';
import { splitWords } from '../../catalogue/import/classify.ts';
import { genreForWord } from '../../catalogue/genres.ts';

/*
 * Cell values of contact exports. Dates and times are read by the catalogue import's
 * readers (German and English forms alike); what is new here is yes/no, e-mail
 * addresses, languages, years of birth and interests. Each reader returns undefined for
 * an empty cell and 'invalid' for a cell it cannot read.
 */

const yesWords = new Set(['ja', 'j', 'yes', 'y', '1', 'x', 'true', 'wahr', '✓', '✔', '☑', 'ok', 'granted', 'erteilt', 'opted in', 'opt-in', 'subscribed', 'abonniert', 'angemeldet', 'eingewilligt', 'zugestimmt']);
const noWords = new Set(['nein', 'n', 'no', '0', 'false', 'falsch', '-', '–', 'opted out', 'opt-out', 'unsubscribed', 'abgemeldet', 'revoked', 'widerrufen', 'abgelehnt', 'declined', 'cleaned', 'nicht abonniert']);

/**
 * A consent cell: yes or no in German or English, a tick, 1/0, true/false; a date in it
 * (as newsletter tools write the opt-in time) is a yes given on that date.
 */
export function readConsentCell(cell: string | undefined, zone: string): { answer: 'yes' | 'no'; at?: string } | 'invalid' | undefined {
  const text = cell?.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === undefined || text.length === 0) return undefined;
  if (yesWords.has(text)) return { answer: 'yes' };
  if (noWords.has(text)) return { answer: 'no' };
  const at = readInstant(text, undefined, zone);
  if (at !== undefined && at !== 'invalid') return { answer: 'yes', at };
  return 'invalid';
}

/**
 * An address as mail servers take it: one @, a dot in the domain, no spaces or
 * characters that would make it several addresses. Deliberately not RFC 5322: quoted
 * local parts are legal and never seen in real exports.
 */
const emailPattern = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\.]{2,}$/;

export function readEmail(cell: string | undefined): string | 'invalid' | undefined {
  let text = cell?.trim();
  if (text === undefined || text.length === 0) return undefined;
  // "Erika Mustermann <erika@example.org>" and "mailto:" as some tools export them.
  const bracketed = /<([^<>]+)>$/.exec(text);
  if (bracketed !== null) text = (bracketed[1] ?? '').trim();
  text = text.replace(/^mailto:/i, '');
  if (text.length > 254 || !emailPattern.test(text) || text.includes('..')) return 'invalid';
  return text;
}

const languageWords: ReadonlyMap<string, 'de' | 'en'> = new Map([
  ['de', 'de'],
  ['deutsch', 'de'],
  ['german', 'de'],
  ['ger', 'de'],
  ['deu', 'de'],
  ['en', 'en'],
  ['englisch', 'en'],
  ['english', 'en'],
  ['eng', 'en'],
]);

/** 'de', 'de-DE', 'de_AT', 'de-informal' (pretix), 'Deutsch', 'English', 'en-GB'. */
export function readLanguage(cell: string | undefined): 'de' | 'en' | 'invalid' | undefined {
  const text = cell?.trim().toLowerCase();
  if (text === undefined || text.length === 0) return undefined;
  const base = text.split(/[-_\s]/)[0] ?? '';
  return languageWords.get(text) ?? languageWords.get(base) ?? 'invalid';
}

/** A year of birth: four digits, not in the future, not more than 120 years ago. */
export function readBirthYear(cell: string | undefined, now: Date): number | 'invalid' | undefined {
  const text = cell?.trim();
  if (text === undefined || text.length === 0) return undefined;
  if (!/^\d{4}$/.test(text)) return 'invalid';
  return checkYear(Number(text), now);
}

/** The year of a date of birth: Foyer keeps the year only, which is all segments and recommendations use. */
export function readBirthDateYear(cell: string | undefined, now: Date): number | 'invalid' | undefined {
  const text = cell?.trim();
  if (text === undefined || text.length === 0) return undefined;
  const date = readDate(text);
  if (date === undefined) return undefined;
  if (date === 'invalid') return /^\d{4}$/.test(text) ? checkYear(Number(text), now) : 'invalid';
  return checkYear(date.date.year, now);
}

function checkYear(year: number, now: Date): number | 'invalid' {
  const current = now.getUTCFullYear();
  return year <= current && year >= current - 120 ? year : 'invalid';
}

/** Interests as words ("Oper, Jazz; Lesungen") mapped to genre codes; the words no genre knows come back too. */
export function readInterests(cell: string | undefined): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const word of splitWords(cell ?? '')) {
    const code = genreForWord(word) ?? genreForWord(singular(word.toLowerCase()));
    if (code === undefined) {
      if (!unknown.includes(word)) unknown.push(word);
    } else if (!codes.includes(code)) codes.push(code);
  }
  return { codes, unknown };
}

/** "Lesungen" is a Lesung, "Konzerte" a Konzert, "Operas" an opera: people write interests in the plural. */
function singular(word: string): string {
  for (const ending of ['en', 'e', 'n', 's']) {
    if (word.length > ending.length + 2 && word.endsWith(ending) && genreForWord(word.slice(0, -ending.length)) !== undefined) return word.slice(0, -ending.length);
  }
  return word;
}

/**
 * An instant from a date cell and an optional time cell, in the house's zone unless the
 * cell names an offset; a date alone is midnight at its start.
 */
export function readInstant(dateCell: string | undefined, timeCell: string | undefined, zone: string): string | 'invalid' | undefined {
  const date = readDate(dateCell);
  if (date === undefined || date === 'invalid') return date;
  let time = date.time;
  if (timeCell !== undefined && timeCell.trim() !== '') {
    const read = readTime(timeCell);
    if (read === 'invalid') return 'invalid';
    time = read;
  }
  if (time === undefined) return toIso(midnight(date.date, zone));
  const day = time.nextDay === true ? addDays(date.date, 1) : date.date;
  const wall = { year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute, second: time.second };
  if (date.offsetMinutes === undefined) return toIso(wallToUtc(wall, zone));
  return toIso(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - date.offsetMinutes * 60_000);
}

/** Orders that are no contract: pretix's 'canceled' and 'expired' (storniert, abgelaufen), and the like. */
const cancelledWords = new Set(['canceled', 'cancelled', 'storniert', 'expired', 'abgelaufen', 'refunded', 'erstattet', 'zurückerstattet', 'void', 'ungültig']);

export function isCancelledStatus(cell: string | undefined): boolean {
  return cancelledWords.has(cell?.trim().toLowerCase() ?? '');
}
