import { genreForWord } from '../genres.ts';
import type { ImportedProduction } from './model.ts';

/*
 * Words from a source (CATEGORIES, a schema.org @type, a CSV "Sparte") turned into the
 * catalogue's vocabulary, and titles turned into stable production refs.
 */

type Audience = NonNullable<ImportedProduction['audience']>;

const audienceWords: ReadonlyMap<string, Audience> = new Map([
  ['familie', 'families'],
  ['familien', 'families'],
  ['family', 'families'],
  ['families', 'families'],
  ['familienvorstellung', 'families'],
  ['kinder', 'children'],
  ['children', 'children'],
  ['kids', 'children'],
  ['schule', 'schools'],
  ['schulen', 'schools'],
  ['schulvorstellung', 'schools'],
  ['schulklassen', 'schools'],
  ['school', 'schools'],
  ['schools', 'schools'],
  ['erwachsene', 'adults'],
  ['adults', 'adults'],
]);

/** Splits a category cell such as "Schauspiel, Premiere / Familie" into words. */
export function splitWords(value: string): string[] {
  return value
    .split(/[,;|/]/)
    .map((word) => word.replace(/\s+/g, ' ').trim())
    .filter((word) => word.length > 0);
}

export interface Classified {
  genres: string[];
  tags: string[];
  audience?: Audience;
}

/** Genre codes for the words the vocabulary knows; the rest become tags (audience words set the audience). */
export function classifyWords(words: readonly string[]): Classified {
  const genres: string[] = [];
  const tags: string[] = [];
  let audience: Audience | undefined;
  for (const word of words) {
    const code = genreForWord(word);
    if (code !== undefined) {
      if (!genres.includes(code)) genres.push(code);
      continue;
    }
    const forAudience = audienceWords.get(word.trim().toLowerCase());
    if (forAudience !== undefined) {
      audience ??= forAudience;
      continue;
    }
    if (!tags.some((tag) => tag.toLowerCase() === word.toLowerCase())) tags.push(word);
  }
  return audience === undefined ? { genres, tags } : { genres, tags, audience };
}

/** Adds items to a list, keeping it free of duplicates (case-insensitive for strings). */
export function addUnique(list: string[], items: readonly string[]): void {
  for (const item of items) {
    if (!list.some((present) => present.toLowerCase() === item.toLowerCase())) list.push(item);
  }
}

/** A title as it is compared: Unicode-normalised, lower case, single spaces, no surrounding quotes. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'„“”«»‚‘’]+|["'„“”«»‚‘’]+$/g, '')
    .trim();
}

const titleRefs = new Map<string, string>();

/** The ref of a production known only by its title: the same title is the same production. */
export function titleRef(title: string): string {
  let ref = titleRefs.get(title);
  if (ref === undefined) {
    // A feed repeats each title for every performance; the cache stays small.
    if (titleRefs.size > 10_000) titleRefs.clear();
    ref = `title:${normaliseTitle(title)}`;
    titleRefs.set(title, ref);
  }
  return ref;
}

/** Single-line text: trimmed, inner whitespace collapsed. Undefined when empty. */
export function oneLine(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length === 0 ? undefined : text;
}

/** Multi-line text: line ends normalised, trailing spaces and outer blank lines removed. */
export function multiLine(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  return text.length === 0 ? undefined : text;
}
