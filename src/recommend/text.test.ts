import { describe, expect, test } from 'vitest';
import { cosine, textVectors, tokenize } from './text.ts';
import { item } from './test-fixtures.ts';

describe('tokenize', () => {
  test.each([
    { text: 'Die Inszenierungen der Oper', language: 'de' as const, stems: ['inszenier', 'oper'] },
    { text: 'The choreographers and the dancers', language: 'en' as const, stems: ['choreograph', 'dancer'] },
    { text: 'Faust, 2 Teile: 1808', language: 'de' as const, stems: ['faust', 'teil'] },
  ])('$text -> $stems', ({ text, language, stems }) => {
    expect(tokenize(text, language)).toEqual(stems);
  });
});

describe('text vectors', () => {
  const items = [
    item('a', { text: { de: 'Goethes Faust, eine Tragödie', en: 'Goethe’s Faust, a tragedy' } }),
    item('b', { text: { de: 'Faust als Oper von Gounod', en: 'Faust as an opera by Gounod' } }),
    item('c', { text: { de: 'Jazz im Foyer', en: 'Jazz in the foyer' } }),
    item('d'),
  ];
  const [a, b, c, d] = textVectors(items.map((i) => ({ ...i, title: { de: '', en: '' } })));

  test('an item is identical to itself and shares words with a related one', () => {
    expect(cosine(a!, a!)).toBeCloseTo(1);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!));
    expect(cosine(a!, c!)).toBe(0);
  });

  test('an item without text is similar to nothing', () => {
    expect(cosine(a!, d!)).toBe(0);
  });
});
