import { describe, expect, it } from 'vitest';
import { age, audience, code, createGenreMatcher, email, reduced, ticketCount } from './entities.ts';
import { catalogueGenres } from './genres.ts';
import { fold } from './text.ts';

describe('ticket counts', () => {
  it.each([
    ['zwei Karten für Samstag', 2],
    ['2 Tickets bitte', 2],
    ['Karten für uns drei', 3],
    ['for 4 people', 4],
    ['tickets for the two of us', 2],
    ['wir sind zu fünft', undefined],
    ['wir sind 5', 5],
    ['zwei Erwachsene und zwei Kinder', 4],
    ['We are a group of 30', 30],
    ['3', 3],
    ['drei', 3],
    ['Karten für 20 Uhr', undefined],
    ['for 10 year olds', undefined],
    ['für einen schönen Abend', undefined],
  ] as const)('reads "%s" as %s', (text, expected) => {
    expect(ticketCount(fold(text))?.value).toBe(expected);
  });

  it('marks a count read from an article', () => {
    expect(ticketCount(fold('Was kostet eine Karte?'))).toEqual({ value: 1, article: true });
    expect(ticketCount(fold('1 Karte'))).toEqual({ value: 1, article: false });
  });
});

describe('codes, ages and words', () => {
  it('takes 4 to 8 digits as a code, never shorter or glued to letters', () => {
    expect(code('Der Code lautet 482913')).toBe('482913');
    expect(code('7731')).toBe('7731');
    expect(code('2 Karten')).toBeUndefined();
    expect(code('Bestellung AB12345')).toBeUndefined();
    expect(code('123456789')).toBeUndefined();
  });

  it.each([
    ['ab 6', 6],
    ['für meine 8-jährige Tochter', 8],
    ['my 10 year old', 10],
    ['kids aged 7', 7],
    ['ab 19:30', undefined],
    ['ab 6 Uhr', undefined],
  ] as const)('reads the age in "%s" as %s', (text, expected) => {
    expect(age(fold(text))?.value).toBe(expected);
  });

  it.each([
    ['etwas für Kinder', 'children'],
    ['mit der ganzen Familie', 'family'],
    ['für meine Schulklasse', 'school'],
    ['für Jugendliche', 'youth'],
    ['only for adults', 'adults'],
    ['2 Erwachsene', undefined],
    ['mit meinem Kleinkind', 'children'],
  ] as const)('reads the audience in "%s" as %s', (text, expected) => {
    expect(audience(fold(text))).toBe(expected);
  });

  it('recognises reduced tariffs and email addresses', () => {
    expect(reduced(fold('zwei ermäßigte Karten'))).toBe(true);
    expect(reduced(fold('student discount?'))).toBe(true);
    expect(reduced(fold('zwei Karten'))).toBe(false);
    expect(email('meine Mail: Anna.Berger@Example.org, danke')).toBe('anna.berger@example.org');
  });
});

describe('genres', () => {
  const genres = createGenreMatcher(catalogueGenres());
  it.each([
    ['Gibt es eine Oper am Samstag?', ['opera']],
    ['Opern und Operetten', ['opera', 'operetta']],
    ['any comedies?', ['comedy']],
    ['Ballettabend', ['ballet']],
    ['Wann öffnet das Theater?', []],
    ['Can I film the show?', []],
  ] as const)('finds %s', (text, expected) => {
    expect(genres.match(fold(text)).sort()).toEqual([...expected].sort());
  });
});
