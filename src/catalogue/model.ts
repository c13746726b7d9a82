import type { ErrorDetail } from '../core/errors.ts';
import { genreByCode } from './genres.ts';
import type { PerformanceFields } from './schemas/performances.ts';
import type { PriceCategoryFields } from './schemas/price-categories.ts';
import type { OpeningHours, OpeningHoursInput, ProductionFields } from './schemas/productions.ts';

export const productionKinds = ['staged', 'exhibition'] as const;
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

type TimeRange = { opens: string; closes: string };

/*
 * The catalogue's pure rules: search text, slugs, time zones, opening hours and the
 * checks that span several fields. No database, no clock: data in, values out.
 * DTO types live beside their zod schemas in schemas.ts.
 */

// ---------- free-text search ----------

const letterFolds: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };

/**
 * Lower-cases and folds accents so that visitors find 'Zauberflöte' by 'zauberflote'
 * and by 'Zauberfloete'. German writes umlauts as 'ae', 'oe', 'ue' where they are not at
 * hand, so those digraphs fold to the bare vowel as well. Text and query go through the
 * same function, so the fold never costs a match; it only lets 'blue' also match 'blu'.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæœøłđıþ]/g, (c) => letterFolds[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([aou])e/g, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a query, folded like the stored text; each must occur in a match. */
export function searchWords(query: string): string[] {
  return foldForSearch(query)
    .split(' ')
    .filter((word) => word !== '')
    .slice(0, 8);
}

interface TextPair {
  de?: string | null;
  en?: string | null;
}

interface NamedPerson {
  name: string;
  role?: string | null;
}

/** What searchText reads; an ImportedProduction and a Production both fit. */
export interface Searchable {
  title?: TextPair | null;
  subtitle?: TextPair | null;
  description?: TextPair | null;
  performers?: readonly NamedPerson[] | null;
  creativeTeam?: readonly NamedPerson[] | null;
  tags?: readonly string[] | null;
  genres?: readonly string[] | null;
}

/** The production.search_text column: titles, texts, names, tags and genre labels in both languages. */
export function searchText(production: Searchable): string {
  const parts: (string | null | undefined)[] = [];
  for (const pair of [production.title, production.subtitle, production.description]) {
    parts.push(pair?.de, pair?.en);
  }
  for (const person of [...(production.performers ?? []), ...(production.creativeTeam ?? [])]) {
    parts.push(person.name, person.role);
  }
  parts.push(...(production.tags ?? []));
  for (const code of production.genres ?? []) {
    const genre = genreByCode(code);
    if (genre !== undefined) parts.push(genre.de, genre.en);
  }
  return foldForSearch(parts.filter((p) => typeof p === 'string' && p !== '').join(' '));
}

// ---------- slugs ----------

const slugFolds: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };
/** The longest slug the API accepts (schemas.ts): generated ones must fit it too. */
export const SLUG_MAX = 80;

export const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The longest price category code the API accepts; one made from a name is cut to it. */
export const PRICE_CODE_MAX = 40;

/** At most max characters, never ending in a hyphen. */
function cut(slug: string, max: number): string {
  return slug.length <= max ? slug : slug.slice(0, max).replace(/-+$/, '');
}

/**
 * 'Die Zauberflöte' -> 'die-zauberfloete'; German umlauts spelled out as in URLs people type.
 * A long text is cut at a word boundary to at most max characters.
 */
export function slugify(text: string, fallback = 'item', max = SLUG_MAX): string {
  let slug = text
    .toLowerCase()
    .replace(/[äöüßæœøłđıþ]/g, (c) => slugFolds[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > max) slug = slug.slice(0, max).replace(/-[^-]*$/, '').replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

/**
 * The first of base, base-2, base-3 … that is not taken and not longer than max: the
 * base is shortened to make room for the suffix, so a slug made from a long title is
 * still one the API accepts when the web app sends it back.
 */
export function uniqueSlug(base: string, taken: ReadonlySet<string>, max = SLUG_MAX): string {
  const first = cut(base, max);
  if (!taken.has(first)) return first;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${cut(base, max - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * What every slug uniqueSlug can make from base begins with (for suffixes of up to 15
 * characters): the stores find the taken ones with `slug like stem%`. The plain
 * `base-%` would miss the shortened candidates of a long base.
 */
export function slugStem(base: string, max = SLUG_MAX): string {
  return base.slice(0, max - 16);
}

// ---------- time zones and currencies ----------

/** An IANA zone name such as 'Europe/Berlin'; fixed offsets like '+01:00' are refused. */
export function isValidTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const currencies = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return currencies.has(code);
}

// ---------- merging partial updates ----------

/**
 * A PATCH replaces the fields it names. Localized texts merge per language, so that
 * `{title: {en: '…'}}` adds the English title and keeps the German one; null clears.
 */
type Loose<V> = V extends readonly unknown[] ? V : V extends object ? { [K in keyof V]?: V[K] | undefined } : V;
export type PatchOf<T> = { [K in keyof T]?: Loose<T[K]> | undefined };

export function mergeFields<T extends object>(current: T, patch: PatchOf<T>, localized: readonly (keyof T)[] = []): T {
  const next = { ...current };
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const before = current[key];
    next[key] =
      localized.includes(key) && value !== null && typeof before === 'object' && before !== null
        ? ({ ...before, ...definedOnly(value as object) } as T[keyof T])
        : (value as T[keyof T]);
  }
  return next;
}

function definedOnly(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

// ---------- checks that span fields ----------

/** Problems of a production as a whole; empty when it may be saved. */
export function productionProblems(p: ProductionFields): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (p.ageMin !== null && p.ageMax !== null && p.ageMin > p.ageMax) {
    problems.push({ field: 'ageMax', message: 'must not be below ageMin' });
  }
  if (p.kind === 'exhibition') {
    if (p.runsFrom === null) problems.push({ field: 'runsFrom', message: 'an exhibition needs its first day' });
    if (p.runsUntil === null) problems.push({ field: 'runsUntil', message: 'an exhibition needs its last day' });
    if (p.runsFrom !== null && p.runsUntil !== null && p.runsUntil < p.runsFrom) {
      problems.push({ field: 'runsUntil', message: 'must not be before runsFrom' });
    }
  } else {
    for (const field of ['runsFrom', 'runsUntil', 'openingHours'] as const) {
      if (p[field] !== null) problems.push({ field, message: 'only exhibitions have a run and opening hours; set kind to exhibition or leave it empty' });
    }
  }
  return problems;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: ErrorDetail[] };

function rangeProblems(ranges: readonly TimeRange[], field: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  ranges.forEach((range, index) => {
    if (range.opens >= range.closes) problems.push({ field: `${field}.${index}.closes`, message: 'must be after opens' });
  });
  const sorted = [...ranges].sort((a, b) => a.opens.localeCompare(b.opens));
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous !== undefined && current !== undefined && current.opens < previous.closes) {
      problems.push({ field, message: `${previous.opens}–${previous.closes} and ${current.opens}–${current.closes} overlap` });
    }
  }
  return problems;
}

const byOpening = (a: TimeRange, b: TimeRange) => a.opens.localeCompare(b.opens);

/** Checks weekly hours and exceptions and brings them into one shape: sorted, closures explicit. */
export function checkOpeningHours(input: OpeningHoursInput, field = 'openingHours'): Checked<OpeningHours> {
  const problems: ErrorDetail[] = [];
  const weekly: OpeningHours['weekly'] = {};
  for (const day of weekdays) {
    const ranges = input.weekly[day];
    if (ranges === undefined) continue;
    problems.push(...rangeProblems(ranges, `${field}.weekly.${day}`));
    weekly[day] = [...ranges].sort(byOpening);
  }
  const seen = new Set<string>();
  const exceptions: OpeningHours['exceptions'] = [];
  (input.exceptions ?? []).forEach((exception, index) => {
    const where = `${field}.exceptions.${index}`;
    const hours = exception.hours ?? [];
    const closed = exception.closed ?? hours.length === 0;
    if (seen.has(exception.date)) problems.push({ field: `${where}.date`, message: `${exception.date} is listed twice` });
    seen.add(exception.date);
    if (closed && hours.length > 0) problems.push({ field: `${where}.hours`, message: 'a closed day has no hours' });
    if (!closed && hours.length === 0) problems.push({ field: `${where}.hours`, message: 'an open day needs hours' });
    problems.push(...rangeProblems(hours, `${where}.hours`));
    const note = exception.note === undefined || (exception.note.de == null && exception.note.en == null)
      ? null
      : { de: exception.note.de ?? null, en: exception.note.en ?? null };
    exceptions.push({ date: exception.date, closed, hours: [...hours].sort(byOpening), note });
  });
  exceptions.sort((a, b) => a.date.localeCompare(b.date));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { weekly, exceptions } };
}

export function performanceProblems(p: PerformanceFields): ErrorDetail[] {
  if (p.endsAt !== null && p.endsAt <= p.startsAt) return [{ field: 'endsAt', message: 'must be after startsAt' }];
  return [];
}

export function priceCategoryProblems(p: PriceCategoryFields): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const codes = new Set<string>();
  p.reductions.forEach((reduction, index) => {
    if (codes.has(reduction.code)) problems.push({ field: `reductions.${index}.code`, message: `${reduction.code} is used twice` });
    codes.add(reduction.code);
    if (reduction.amountMinor > p.amountMinor) {
      problems.push({ field: `reductions.${index}.amountMinor`, message: 'a reduced tariff must not cost more than the full price' });
    }
  });
  return problems;
}
