import { describe, expect, it } from 'vitest';
import { itemOf } from './items.ts';
import {
  catalogueCoverage,
  distanceFromHistory,
  exposureCounts,
  gini,
  intraListDiversity,
  meanOf,
  ndcgAt,
  novelty,
  recallAt,
  serendipity,
  unexpectedness,
} from './metrics.ts';
import { genreJaccardIndex } from './similarity.ts';

// a: drama; b: drama+comedy; c: opera; d: opera+ballet; e: jazz
const index = genreJaccardIndex([
  itemOf({ id: 'a', genres: ['drama'] }),
  itemOf({ id: 'b', genres: ['drama', 'comedy'] }),
  itemOf({ id: 'c', genres: ['opera'] }),
  itemOf({ id: 'd', genres: ['opera', 'ballet'] }),
  itemOf({ id: 'e', genres: ['jazz'] }),
]);
const log = Math.log2;

describe('nDCG@k', () => {
  it.each([
    { list: ['a', 'b'], relevant: ['a'], expected: 1 },
    { list: ['x', 'a'], relevant: ['a'], expected: 1 / log(3) },
    { list: ['a', 'x', 'b'], relevant: ['a', 'b'], expected: (1 + 1 / log(4)) / (1 + 1 / log(3)) },
    { list: ['x', 'y'], relevant: ['a'], expected: 0 },
    { list: ['a'], relevant: [], expected: 0 },
  ])('$list against $relevant is $expected', ({ list, relevant, expected }) => {
    expect(ndcgAt(10, list, new Set(relevant))).toBeCloseTo(expected, 10);
  });

  it('ignores hits below rank k', () => {
    expect(ndcgAt(1, ['x', 'a'], new Set(['a']))).toBe(0);
  });
});

describe('Recall@k', () => {
  it.each([
    { list: ['a', 'b', 'x'], relevant: ['a', 'b', 'c', 'd'], k: 10, expected: 0.5 },
    { list: ['x', 'a'], relevant: ['a'], k: 1, expected: 0 },
    { list: ['a'], relevant: [], k: 10, expected: 0 },
  ])('$list against $relevant at $k is $expected', ({ list, relevant, k, expected }) => {
    expect(recallAt(k, list, new Set(relevant))).toBe(expected);
  });
});

describe('intra-list diversity', () => {
  it.each([
    // pairs: a-b 1/2, a-c 0, b-c 0 -> mean 1/6
    { list: ['a', 'b', 'c'], expected: 1 - 1 / 6 },
    { list: ['a', 'a'], expected: 0 },
    { list: ['a', 'e'], expected: 1 },
    { list: ['a'], expected: null },
  ])('of $list is $expected', ({ list, expected }) => {
    const value = intraListDiversity(list, index);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 10);
  });
});

describe('novelty', () => {
  // 3 users; a seen by 3 -> p 1 -> 0 bits; b by 1 -> p 1/2 -> 1 bit; c by nobody -> p 1/4 -> 2 bits
  const usersPerItem = new Map([
    ['a', 3],
    ['b', 1],
  ]);
  it.each([
    { list: ['a'], expected: 0 },
    { list: ['b', 'c'], expected: 1.5 },
    { list: ['a', 'b', 'c'], expected: 1 },
    { list: [], expected: null },
  ])('of $list is $expected bits', ({ list, expected }) => {
    expect(novelty(list, usersPerItem, 3)).toBe(expected);
  });
});

describe('unexpectedness and serendipity', () => {
  it.each([
    { item: 'a', history: ['a'], expected: 0 },
    { item: 'b', history: ['a', 'c'], expected: 0.5 },
    { item: 'd', history: ['a', 'c'], expected: 0.5 },
    { item: 'e', history: ['a', 'c'], expected: 1 },
  ])('$item is $expected from $history', ({ item, history, expected }) => {
    expect(distanceFromHistory(item, history, index)).toBe(expected);
  });

  it.each([
    { list: ['b', 'e'], history: ['a'], expected: 0.75 },
    { list: ['a'], history: [], expected: null },
  ])('the list $list is $expected unexpected from $history', ({ list, history, expected }) => {
    expect(unexpectedness(list, history, index)).toBe(expected);
  });

  it.each([
    // unexpected: c and e; relevant: a, b, e -> only e counts, of four
    { list: ['a', 'b', 'c', 'e'], relevant: ['a', 'b', 'e'], expected: 0.25 },
    { list: ['c', 'e'], relevant: ['c', 'e'], expected: 1 },
    { list: ['a', 'b'], relevant: ['a'], expected: 0 },
  ])('of $list against $relevant is $expected', ({ list, relevant, expected }) => {
    expect(serendipity(list, true, new Set(relevant), (id) => id === 'c' || id === 'e')).toBe(expected);
  });

  it('is undefined without a history', () => {
    expect(serendipity(['a'], false, new Set(['a']), () => true)).toBeNull();
  });
});

describe('catalogue coverage and Gini of exposure', () => {
  const candidates = new Set(['a', 'b', 'c', 'd']);
  it.each([
    { lists: [['a', 'b'], ['a', 'x']], expected: 0.5 },
    { lists: [['a', 'b'], ['c', 'd']], expected: 1 },
    { lists: [], expected: 0 },
  ])('coverage of $lists is $expected', ({ lists, expected }) => {
    expect(catalogueCoverage(lists, candidates)).toBe(expected);
  });

  it('counts exposure over every candidate, zeros included', () => {
    expect(exposureCounts([['a', 'b'], ['a', 'x']], candidates).sort()).toEqual([0, 0, 1, 2]);
  });

  it.each([
    { values: [1, 1, 1, 1], expected: 0 },
    { values: [0, 0, 0, 4], expected: 0.75 }, // one item takes all: (n - 1) / n
    { values: [0, 0, 1, 2], expected: (1 * 1 + 3 * 2) / (4 * 3) }, // weights 2i-n-1 = -3,-1,1,3
    { values: [], expected: 0 },
    { values: [0, 0], expected: 0 },
  ])('Gini of $values is $expected', ({ values, expected }) => {
    expect(gini(values)).toBeCloseTo(expected, 10);
  });
});

describe('meanOf', () => {
  it.each([
    { values: [1, null, 3], expected: 2 },
    { values: [null], expected: 0 },
  ])('of $values is $expected', ({ values, expected }) => {
    expect(meanOf(values)).toBe(expected);
  });
});
