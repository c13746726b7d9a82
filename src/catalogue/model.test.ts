import { describe, expect, it } from 'vitest';
import {
  checkOpeningHours,
  foldForSearch,
  isValidTimeZone,
  mergeFields,
  performanceProblems,
  priceCategoryProblems,
  productionProblems,
  searchText,
  searchWords,
  PRICE_CODE_MAX,
  SLUG_MAX,
  slugify,
  slugPattern,
  slugStem,
  uniqueSlug,
} from './model.ts';
import { parseInput } from '../core/input.ts';
import { performanceCreateInput } from './schemas/performances.ts';
import { priceCategoryCreateInput } from './schemas/price-categories.ts';
import { blankProduction, productionCreateInput, type ProductionFields } from './schemas/productions.ts';

describe('free-text search folding', () => {
  it.each([
    ['Die Zauberflöte', 'die zauberflote'],
    ['Zauberfloete', 'zauberflote'],
    ['Märchen', 'marchen'],
    ['Maerchen', 'marchen'],
    ['MÜLLER', 'muller'],
    ['Mueller', 'muller'],
    ['Straße', 'strasse'],
    ['Ballets Russes — Léonide Massine', 'ballets russes leonide massine'],
    ['Ærø, Søren', 'aro soren'],
    ["L'elisir d'amore!", 'l elisir d amore'],
    ['  Faust  I  ', 'faust i'],
  ])('folds %j to %j', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it.each([
    ['Zauberflöte', 'zauberflote'],
    ['Zauberflöte', 'Zauberfloete'],
    ['Zauberflöte', 'ZAUBERFLÖTE'],
    ['Das Märchen vom Fischer', 'maerchen'],
    ['Das Maerchen vom Fischer', 'märchen'],
    ['Hänsel und Gretel', 'hansel'],
  ])('finds %j by %j', (text, query) => {
    const haystack = foldForSearch(text);
    for (const word of searchWords(query)) expect(haystack).toContain(word);
  });

  it('reads titles, subtitles, descriptions, people, tags and genre labels in both languages', () => {
    const text = searchText({
      title: { de: 'Die Zauberflöte', en: 'The Magic Flute' },
      subtitle: { de: 'Eine große Oper', en: null },
      description: { de: 'Prüfungen im Sonnentempel', en: 'Trials in the temple of the sun' },
      performers: [{ name: 'Anna Schäfer', role: 'Pamina' }],
      creativeTeam: [{ name: 'Jörg Weiß', role: 'Regie' }],
      tags: ['Familienvorstellung'],
      genres: ['opera'],
    });
    for (const word of ['zauberflote', 'magic', 'grosse', 'prufungen', 'temple', 'schafer', 'pamina', 'jorg', 'regie', 'familienvorstellung', 'oper', 'opera']) {
      expect(text).toContain(foldForSearch(word));
    }
  });

  it('splits a query into at most eight folded words and ignores punctuation', () => {
    expect(searchWords('  Zauberflöte,  Mozart! ')).toEqual(['zauberflote', 'mozart']);
    expect(searchWords('%_')).toEqual([]);
    expect(searchWords('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('slugs', () => {
  it.each([
    ['Die Zauberflöte', 'die-zauberfloete'],
    ['Straße der Besten', 'strasse-der-besten'],
    ['  Hänsel & Gretel!  ', 'haensel-gretel'],
    ['Café Müller', 'cafe-mueller'],
    ['!!!', 'production'],
    ['A'.repeat(50) + ' ' + 'B'.repeat(50), 'a'.repeat(50)],
  ])('slugifies %j to %j', (title, slug) => {
    expect(slugify(title, 'production')).toBe(slug);
  });

  it('takes the next free suffix', () => {
    expect(uniqueSlug('faust', new Set())).toBe('faust');
    expect(uniqueSlug('faust', new Set(['faust']))).toBe('faust-2');
    expect(uniqueSlug('faust', new Set(['faust', 'faust-2', 'faust-3']))).toBe('faust-4');
  });

  it('shortens a long base to make room for the suffix, without a hyphen before it', () => {
    const long = 'a'.repeat(80);
    expect(uniqueSlug(long, new Set([long]))).toBe(`${'a'.repeat(78)}-2`);
    expect(uniqueSlug(long, new Set([long, `${'a'.repeat(78)}-2`]))).toBe(`${'a'.repeat(78)}-3`);
    const cutAtHyphen = `${'a'.repeat(77)}-bc`;
    expect(uniqueSlug(cutAtHyphen, new Set([cutAtHyphen]))).toBe(`${'a'.repeat(77)}-2`);
    const nine = new Set([long, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${'a'.repeat(78)}-${n}`)]);
    expect(uniqueSlug(long, nine)).toBe(`${'a'.repeat(77)}-10`);
    expect(uniqueSlug('a-b-c-d', new Set(), 5)).toBe('a-b-c');
    expect(uniqueSlug('a-b-c-d', new Set(['a-b-c']), 5)).toBe('a-b-2');
  });

  it('finds every candidate of a long base under its stem', () => {
    const base = slugify('Die ' + 'sehr '.repeat(30) + 'lange Nacht', 'production');
    const stem = slugStem(base);
    const taken = new Set<string>([base]);
    for (let i = 0; i < 12; i += 1) {
      const next = uniqueSlug(base, taken);
      expect(next.length).toBeLessThanOrEqual(SLUG_MAX);
      expect(next.startsWith(stem)).toBe(true);
      expect(slugPattern.test(next)).toBe(true);
      taken.add(next);
    }
    expect(taken.size).toBe(13);
  });

  it('cuts a code made from a long name to the given limit', () => {
    const code = slugify('Premiere mit anschließendem Empfang im Foyer und Gespräch', 'price', PRICE_CODE_MAX);
    expect(code).toBe('premiere-mit-anschliessendem-empfang-im');
    expect(code.length).toBeLessThanOrEqual(PRICE_CODE_MAX);
  });
});

describe('time zones', () => {
  it.each([
    ['Europe/Berlin', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['Europe/Atlantis', false],
    ['+01:00', false],
    ['', false],
  ])('%j is valid: %j', (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});

const staged: ProductionFields = { ...blankProduction, title: { de: 'Faust', en: null } };

describe('production checks', () => {
  it.each<[string, Partial<ProductionFields>, string[]]>([
    ['a plain staged production', {}, []],
    ['an age range upside down', { ageMin: 12, ageMax: 6 }, ['ageMax']],
    ['an exhibition without a run', { kind: 'exhibition' }, ['runsFrom', 'runsUntil']],
    ['an exhibition ending before it opens', { kind: 'exhibition', runsFrom: '2026-10-01', runsUntil: '2026-09-30' }, ['runsUntil']],
    ['a one-day exhibition', { kind: 'exhibition', runsFrom: '2026-10-01', runsUntil: '2026-10-01' }, []],
    ['a staged production with opening hours', { openingHours: { weekly: {}, exceptions: [] } }, ['openingHours']],
  ])('%s: problems in %j', (_name, fields, problemFields) => {
    expect(productionProblems({ ...staged, ...fields }).map((p) => p.field)).toEqual(problemFields);
  });
});

describe('opening hours', () => {
  it('sorts hours and makes closures explicit', () => {
    const checked = checkOpeningHours({
      weekly: { tue: [{ opens: '14:00', closes: '18:00' }, { opens: '10:00', closes: '13:00' }] },
      exceptions: [{ date: '2026-12-31', hours: [{ opens: '10:00', closes: '14:00' }] }, { date: '2026-12-24' }],
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        weekly: { tue: [{ opens: '10:00', closes: '13:00' }, { opens: '14:00', closes: '18:00' }] },
        exceptions: [
          { date: '2026-12-24', closed: true, hours: [], note: null },
          { date: '2026-12-31', closed: false, hours: [{ opens: '10:00', closes: '14:00' }], note: null },
        ],
      },
    });
  });

  it.each<[string, Parameters<typeof checkOpeningHours>[0], string[]]>([
    ['closing before opening', { weekly: { mon: [{ opens: '18:00', closes: '10:00' }] } }, ['openingHours.weekly.mon.0.closes']],
    ['closing when opening', { weekly: { sun: [{ opens: '10:00', closes: '10:00' }] } }, ['openingHours.weekly.sun.0.closes']],
    ['overlapping hours', { weekly: { wed: [{ opens: '10:00', closes: '14:00' }, { opens: '13:00', closes: '18:00' }] } }, ['openingHours.weekly.wed']],
    ['a day listed twice', { weekly: {}, exceptions: [{ date: '2026-12-24' }, { date: '2026-12-24' }] }, ['openingHours.exceptions.1.date']],
    ['a closed day with hours', { weekly: {}, exceptions: [{ date: '2026-12-24', closed: true, hours: [{ opens: '10:00', closes: '12:00' }] }] }, ['openingHours.exceptions.0.hours']],
    ['an open day without hours', { weekly: {}, exceptions: [{ date: '2026-12-24', closed: false }] }, ['openingHours.exceptions.0.hours']],
  ])('refuses %s', (_name, hours, fields) => {
    const checked = checkOpeningHours(hours);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.map((p) => p.field)).toEqual(fields);
  });
});

describe('input validation names the field', () => {
  it.each<[string, () => unknown, string, RegExp?]>([
    ['unknown genre codes, all of them listed', () => parseInput(productionCreateInput, { title: { de: 'X' }, genres: ['opera', 'oper', 'krimi'] }), 'genres', /oper, krimi/],
    ['a title without German', () => parseInput(productionCreateInput, { title: { en: 'X' } }), 'title.de'],
    ['an unknown audience', () => parseInput(productionCreateInput, { title: { de: 'X' }, audience: 'pensioners' }), 'audience'],
    ['hours not in HH:MM', () => parseInput(productionCreateInput, { title: { de: 'X' }, openingHours: { weekly: { mon: [{ opens: '9', closes: '17:00' }] } } }), 'openingHours.weekly.mon.0.opens'],
    ['a start without an offset', () => parseInput(performanceCreateInput, { productionId: '01936b2e-1e4a-7c3b-8a2f-0123456789ab', startsAt: 'next friday' }), 'startsAt'],
    ['a negative price', () => parseInput(priceCategoryCreateInput, { productionId: '01936b2e-1e4a-7c3b-8a2f-0123456789ab', name: { de: 'A' }, amountMinor: -1 }), 'amountMinor'],
    ['a price with cents as a fraction', () => parseInput(priceCategoryCreateInput, { productionId: '01936b2e-1e4a-7c3b-8a2f-0123456789ab', name: { de: 'A' }, amountMinor: 12.5 }), 'amountMinor'],
    ['an invented currency', () => parseInput(priceCategoryCreateInput, { productionId: '01936b2e-1e4a-7c3b-8a2f-0123456789ab', name: { de: 'A' }, amountMinor: 1, currency: 'EURO' }), 'currency'],
  ])('%s', (_name, parse, field, message) => {
    let caught: unknown;
    try {
      parse();
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'validation', details: [{ field }] });
    if (message !== undefined) expect((caught as Error).message).toMatch(message);
  });

  it('refuses a performance that ends before it starts, and reduced tariffs above the full price', () => {
    const performance = { productionId: 'p', hallId: null, status: 'scheduled' as const, capacity: null, rescheduledFrom: null, note: { de: null, en: null }, bookingUrl: null };
    expect(performanceProblems({ ...performance, startsAt: '2026-12-01T19:00:00.000Z', endsAt: '2026-12-01T18:00:00.000Z' })).toEqual([
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
    expect(performanceProblems({ ...performance, startsAt: '2026-12-01T19:00:00.000Z', endsAt: null })).toEqual([]);
    const category = { productionId: 'p', performanceId: null, code: 'A', name: { de: 'A', en: null }, amountMinor: 3000, currency: 'EUR', quota: null, sortOrder: 0 };
    const reduction = { nameDe: 'Ermäßigt', nameEn: null, eligible: [] };
    expect(
      priceCategoryProblems({ ...category, reductions: [{ ...reduction, code: 'R', amountMinor: 3500 }, { ...reduction, code: 'R', amountMinor: 1000 }] }).map((p) => p.field),
    ).toEqual(['reductions.0.amountMinor', 'reductions.1.code']);
  });
});

describe('partial updates', () => {
  it('merges localized texts per language and lets null clear', () => {
    const current = { title: { de: 'Faust', en: null as string | null }, imageUrl: 'https://example.org/a.jpg' as string | null, tags: ['a'] };
    expect(mergeFields(current, { title: { en: 'Faust' } }, ['title'])).toEqual({ title: { de: 'Faust', en: 'Faust' }, imageUrl: 'https://example.org/a.jpg', tags: ['a'] });
    expect(mergeFields(current, { imageUrl: null, tags: [] }, ['title'])).toEqual({ title: { de: 'Faust', en: null }, imageUrl: null, tags: [] });
  });
});
