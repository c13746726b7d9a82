import { describe, expect, it } from 'vitest';
import { createProductionMatcher } from './productions.ts';

const matcher = createProductionMatcher([
  { id: 'flute', titles: ['Die Zauberflöte', 'The Magic Flute'], genres: ['opera'] },
  { id: 'faust', titles: ['Faust. Der Tragödie erster Teil', 'Faust, Part One'], genres: ['drama'] },
  { id: 'swan', titles: ['Schwanensee', 'Swan Lake'], genres: ['ballet'] },
  { id: 'first', titles: ['1. Sinfoniekonzert: Aufbruch'], genres: ['orchestral'] },
  { id: 'second', titles: ['2. Sinfoniekonzert: Nordlicht'], genres: ['orchestral'] },
  { id: 'jungle', titles: ['Das Dschungelbuch', 'The Jungle Book'], genres: ['children_theatre'] },
]);
const ids = (text: string) => matcher.match(text).map((m) => m.productionId);

describe('production titles', () => {
  it.each([
    ['Wann spielt ihr die Zauberflöte?', 'flute'],
    ['zauberfloete karten', 'flute'],
    ['Zauberflöhte', 'flute'],
    ['magic flute tickets', 'flute'],
    ['wann spielt ihr Faust?', 'faust'],
    ['Schwanensea am Samstag', 'swan'],
    ['swan lake', 'swan'],
    ['Karten für Nordlicht', 'second'],
    ['Dschungel Buch', 'jungle'],
  ])('finds "%s"', (text, id) => {
    expect(ids(text)[0]).toBe(id);
  });

  it('names the title as the catalogue spells it and scores an exact title 1', () => {
    expect(matcher.match('Schwanensee')[0]).toEqual({ productionId: 'swan', title: 'Schwanensee', score: 1 });
    expect(matcher.match('Faust')[0]?.title).toBe('Faust. Der Tragödie erster Teil');
  });

  it('leaves a part shared by several titles and short words alone', () => {
    expect(ids('Welche Sinfoniekonzerte gibt es?')).toEqual([]);
    expect(ids('the symphony concerts')).toEqual([]);
    expect(ids('Fast alles ist gut')).toEqual([]);
  });
});
