/*
 * The small entities of a message: ticket counts, ages, audience and reduction words,
 * genres, email addresses and numeric codes. Rules, not a model: each pattern is one a
 * visitor writes, and a wrong rule is found and fixed by reading it.
 *
 * Numbers: a number inside a date or time the message names is neither a count nor a
 * code. A number of 4 to 8 digits is a code (email verification), never a ticket count;
 * a count is 1 to 2 digits or a number word, next to a ticket word ("2 Karten",
 * "tickets for four") or in "für uns drei", "for 4", "wir sind 5", and a message that is
 * only a small number ("2", "drei") is the answer to "how many?".
 */
import type { AudienceWord, GenreForUnderstanding } from './types.ts';
import { fold } from './text.ts';

const numberWords: Record<string, number> = {
  ein: 1, eine: 1, einen: 1, einer: 1, eins: 1, one: 1, a: 1, an: 1, single: 1,
  zwei: 2, two: 2, paar: 2, pair: 2, couple: 2,
  drei: 3, three: 3, vier: 4, four: 4, fuenf: 5, five: 5, sechs: 6, six: 6, sieben: 7, seven: 7,
  acht: 8, eight: 8, neun: 9, nine: 9, zehn: 10, ten: 10, elf: 11, eleven: 11, zwoelf: 12, twelve: 12,
  fuenfzehn: 15, fifteen: 15, zwanzig: 20, twenty: 20, dreissig: 30, thirty: 30,
};
const numberPattern = `(\\d{1,2}|${Object.keys(numberWords).join('|')})`;
/** A party size outside a ticket phrase: a real number, never an article ("für einen Abend"). */
const partyPattern = `(\\d{1,2}|${Object.keys(numberWords).filter((w) => !/^(ein|eine|einen|einer|eins|a|an|single|paar|pair|couple)$/.test(w)).join('|')})`;
const ticketWords =
  '(?:karten?|kaertchen|tickets?|tickts?|tix|eintrittskarten?|plaetze?|platz|sitzplaetze?|sitze?|personen|person|pers|leute|leuten|erwachsene|erwachsenen|kinder|kindern|seats?|people|persons|adults?|kids?|children|guests?|gaeste)';

/** The number a word or digits stand for; "a"/"ein" only count where the pattern asked for a ticket word. */
function numberValue(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return numberWords[word];
}

export interface TicketCount {
  value: number;
  /** Read from "ein"/"eine"/"a": a count in "eine Karte für heute", an article in "was kostet eine Karte". */
  article: boolean;
}

const articleWords = /^(a|an|ein|eine|einen|einer|eins|single)$/;

export function ticketCount(folded: string): TicketCount | undefined {
  const only = new RegExp(`^(?:${numberPattern})(?: bitte| please)?$`).exec(folded);
  if (only !== null && !/^(a|an|ein|einen|paar|pair|couple)$/.test(only[1] as string)) {
    const value = numberValue(only[1] as string);
    return value === undefined ? undefined : { value, article: false };
  }
  const patterns = [
    new RegExp(`\\b${numberPattern} (?:(?:ermaessigte|ermaessigten|normale|reduced|student|studenten|regular|adult|more|weitere|tickets? for|karten fuer) )?${ticketWords}\\b`),
    new RegExp(`\\b(?:fuer|for) (?:uns|die|the)? ?${partyPattern}(?: of us)?\\b(?! (?:uhr|jahre|jaehrig|years?|pm|am|o clock|minuten|minutes|euro|eur)\\b)`),
    new RegExp(`\\b(?:wir sind|we are|we re|there are|there ll be|there will be|sind wir|seid ihr) (?:zu |a group of )?${partyPattern}\\b`),
    new RegExp(`\\b(?:gruppe von|gruppe mit|group of|party of) ${partyPattern}\\b`),
    new RegExp(`\\b(?:anzahl|number of tickets|tickets|karten)[: ]+${numberPattern}\\b`),
  ];
  for (const [p, pattern] of patterns.entries()) {
    let total = 0;
    let article = true;
    for (const match of folded.matchAll(new RegExp(pattern, 'g'))) {
      const value = numberValue(match[1] as string);
      if (value === undefined || value === 0 || value > 99) continue;
      // "a" and "ein" are articles far more often than counts: only before a ticket word.
      if (/^(a|an)$/.test(match[1] as string) && !/ (ticket|seat)/.test(match[0])) continue;
      // "zwei Erwachsene und zwei Kinder" is four tickets; other patterns name the whole party once.
      if (p !== 0) return { value, article: false };
      total += value;
      article &&= articleWords.test(match[1] as string);
    }
    if (total > 0) return { value: total, article };
  }
  return undefined;
}

/** The age named, and the words it was read from (so that its number is not taken for a count too). */
export function age(folded: string): { value: number; text: string } | undefined {
  const patterns = [
    new RegExp(`\\bab ${numberPattern}(?: jahren| jahre| j)?\\b(?! (?:uhr|euro|eur|personen)\\b| \\d)`),
    new RegExp(`\\b${numberPattern} ?(?:jaehrige[nmrs]?|jaehrig|jahre alt|jahre jung|years? olds?|yrs? olds?|yo)\\b`),
    new RegExp(`\\b${numberPattern} (?:years|yrs)\\b`),
    new RegExp(`\\b(?:im alter von|alter|aged?|ages) ${numberPattern}\\b`),
    new RegExp(`\\b(?:from|over) ${numberPattern} (?:years|up)\\b`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(folded);
    if (match === null) continue;
    const value = numberValue(match[1] as string);
    if (value !== undefined && value > 0 && value < 100 && !/^(a|an|ein|eine|einen|paar|pair|couple)$/.test(match[1] as string)) return { value, text: match[0] };
  }
  return undefined;
}

const audienceWords: [AudienceWord, RegExp][] = [
  ['school', /\b(schulklassen?|schulgruppen?|schulvorstellung(en)?|klassenfahrt|klassenausflug|schule|kita|kitagruppen?|kindergarten(gruppe)?|school(s)?|school class(es)?|pupils|my class|our class|(meiner|unserer|einer|mit der|mit meiner) klasse|klasse \d+|\d+ klasse|jahrgangsstufe)\b/],
  ['family', /\b(familien?|familienvorstellung(en)?|familienstueck|family|families|die ganze familie)\b/],
  ['youth', /\b(jugendliche[n]?|jugend|teenagers?|teens?|teenies|youth|young people|junge leute)\b/],
  ['children', /\b(kind|kinder|kindern|kids?|child|children|kleinen|kleinkind(er)?|enkel|enkelin|enkelkind(er|ern)?|tochter|sohn|toechter|soehne|daughter|son|grandchildren|grandkids|toddlers?|little ones|kindertheater|kinderstueck|kindervorstellung)\b/],
  // "2 Erwachsene", "an adult ticket" are tariffs; only "für Erwachsene" asks for an audience.
  ['adults', /\b(fuer|for|nur fuer|only for) (erwachsene|adults|grown ups)\b/],
];

export function audience(folded: string): AudienceWord | undefined {
  for (const [word, pattern] of audienceWords) if (pattern.test(folded)) return word;
  return undefined;
}

const reducedPattern =
  /\b(ermaessigt\w*|ermaessigung\w*|reduziert\w*|reduced|reduction|discounts?|discounted|concessions?|student\w*|studierende\w*|schueler\w*|azubis?|auszubildende\w*|trainees?|rentner\w*|senioren\w*|seniors?|pensioners?|arbeitslos\w*|erwerbslos\w*|unemployed|schwerbehindert\w*|behindertenausweis|disabled|disability|kulturpass|kultur pass|sozialpass|buergergeld|freiwilligendienst|fsj|bfd|bufdi|rabatt\w*|vergue?nstigt\w*|cheaper tickets?)\b/;

export function reduced(folded: string): boolean {
  return reducedPattern.test(folded);
}

export function email(text: string): string | undefined {
  return /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u.exec(text)?.[0].toLowerCase();
}

export function code(withoutDates: string): string | undefined {
  // Digits glued to letters or inside a longer number (a phone number, an order number with dashes) are not a code.
  return /(?<![\p{L}\p{N}+/-])\d{4,8}(?![\p{L}\p{N}/-]|[.,:]\d)/u.exec(withoutDates)?.[0];
}

/** Words that name a genre in the catalogue but mean something else in a visitor's question. */
export const ambiguousGenreWords: ReadonlySet<string> = new Set(
  ['theater', 'theatre', 'play', 'schau', 'tour', 'film', 'performance', 'talk', 'kurs', 'course', 'gespraech', 'indie', 'pop', 'mitmachen', 'werkstatt', 'schauspiel haus'].map(fold),
);

export interface GenreMatcher {
  match(folded: string): string[];
}

export function createGenreMatcher(genres: readonly GenreForUnderstanding[]): GenreMatcher {
  const single = new Map<string, string>();
  const phrases: [string, string][] = [];
  for (const genre of genres) {
    for (const name of genre.names) {
      const key = fold(name);
      if (key === '' || ambiguousGenreWords.has(key)) continue;
      if (key.includes(' ')) phrases.push([key, genre.code]);
      else if (!single.has(key)) single.set(key, genre.code);
    }
  }
  const names = [...single.keys()].sort((a, b) => b.length - a.length);
  return {
    match(folded) {
      const found = new Set<string>();
      for (const [phrase, genreCode] of phrases) if (` ${folded} `.includes(` ${phrase} `)) found.add(genreCode);
      for (const raw of folded.split(' ')) {
        // English plurals the prefix rule below does not reach: "comedies", "operas".
        const word = raw.endsWith('ies') && raw.length > 5 ? `${raw.slice(0, -3)}y` : raw;
        const exact = single.get(word);
        if (exact !== undefined) {
          found.add(exact);
          continue;
        }
        // Plurals and compounds: "Opern", "Konzerte", "Ballettabend", "Kinderstücke"; the
        // longest name wins, so "Operette" is operetta and not opera.
        const prefix = names.find((name) => name.length >= 4 && word.startsWith(name) && (word.length - name.length <= 3 || /^(abend|abende|vorstellung|vorstellungen|auffuehrung|auffuehrungen|karten|stueck|stuecke|nachmittag|matinee|premiere|neuling|fan|fans|freund|freunde|liebhaber|lover|lovers)$/.test(word.slice(name.length))));
        if (prefix !== undefined) found.add(single.get(prefix) as string);
      }
      return [...found];
    },
  };
}
