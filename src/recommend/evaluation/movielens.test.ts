import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import { movieLensGenres, parseItems, parseRatings, readMovieLens } from './movielens.ts';
import { temporalSplit } from './split.ts';

// An invented four-film set in the MovieLens 100k format (never real MovieLens data).
const fixture = fileURLToPath(new URL('./fixtures/ml-tiny', import.meta.url));

describe('reading the MovieLens 100k format', () => {
  it('reads films with their genres and ratings as weighted interactions in time order', () => {
    const { data } = readMovieLens(fixture);
    expect(data.items.map((item) => [item.id, item.title.en, item.genres])).toEqual([
      ['1', 'Wooden Friends (1995)', ['animation', "children's", 'comedy']],
      ['2', 'Silver Needle (1995)', ['action', 'adventure', 'thriller']],
      ['3', 'Cold Night (1995)', ['action', 'crime', 'thriller']],
      ['4', 'Letters from Bath (1996)', ['drama', 'romance']],
    ]);
    expect(data.items[0]?.families).toEqual([]);
    expect(data.interactions).toHaveLength(9);
    expect(data.interactions[0]).toEqual({ userId: '1', itemId: '1', kind: 'attended', at: 100_000, weight: 5 });
    expect(data.interactions.map((i) => i.at)).toEqual([...data.interactions.map((i) => i.at)].sort((a, b) => a - b));
  });

  it('counts ratings of 4 and 5 after the cut as relevant, and users new after the cut as cold start', () => {
    const split = temporalSplit({ ...readMovieLens(fixture), cut: 900_000 });
    // after the cut: 1-4 (4), 3-2 (5), 4-3 (4), 2-4 (1: not relevant)
    expect(Object.fromEntries([...split.relevant].map(([user, items]) => [user, [...items]]))).toEqual({ '1': ['4'], '3': ['2'], '4': ['3'] });
    expect(split.coldStartUsers).toBe(1);
    expect(split.train.interactions).toHaveLength(5);
  });

  it.each([
    { text: '1\t2\t5', error: 'u.data line 1: expected 4 tab-separated fields' },
    { text: '1\t2\t5\t100\n1\t2\t9\t100', error: 'u.data line 2: the rating "9" is not 1 to 5' },
    { text: '1\tx\t5\t100', error: 'u.data line 1: user and item must be numbers' },
    { text: '1\t2\t5\tsoon', error: 'u.data line 1: the timestamp "soon" is not a number' },
  ])('names the file and line of a malformed u.data ($error)', ({ text, error }) => {
    expect(() => parseRatings(text)).toThrow(error);
  });

  it.each([
    { text: '1|A|01-Jan-1995||url|0|1', error: 'u.item line 1: expected 24 fields' },
    { text: `1|A|01-Jan-1995||url|${Array(19).fill('2').join('|')}`, error: 'u.item line 1: genre flags must be 0 or 1' },
  ])('names the file and line of a malformed u.item ($error)', ({ text, error }) => {
    expect(() => parseItems(text, movieLensGenres)).toThrow(error);
  });

  it('says which directory or file is missing', () => {
    expect(() => readMovieLens('/no/such/folder')).toThrow('the MovieLens directory /no/such/folder does not exist');
    try {
      readMovieLens(fileURLToPath(new URL('./fixtures', import.meta.url)));
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'not_found')).toBe(true);
      expect(String(error)).toContain('u.data is missing');
    }
  });
});
