import { describe, expect, test } from 'vitest';
import { createSimilarityIndex, itemSimilarity } from './similarity.ts';
import { item } from './test-fixtures.ts';

const base = item('base', { genres: ['opera'], people: ['lena wolf'], works: ['carmen'], hallId: 'big', language: 'fr' });

describe('itemSimilarity', () => {
  test.each([
    { name: 'the same production data', other: { ...base, id: 'copy' }, min: 0.99, max: 1 },
    { name: 'same genre and person, another work', other: item('x', { genres: ['opera'], people: ['lena wolf'], works: ['tosca'] }), min: 0.4, max: 0.8 },
    { name: 'another form, same choreographer', other: item('y', { genres: ['contemporary_dance'], people: ['lena wolf'] }), min: 0.1, max: 0.4 },
    { name: 'nothing in common', other: item('z', { genres: ['jazz'], people: ['someone'], works: ['standards'], audience: 'young' }), min: 0, max: 0.01 },
  ])('$name', ({ other, min, max }) => {
    const value = itemSimilarity(base, other);
    expect(value).toBeGreaterThanOrEqual(min);
    expect(value).toBeLessThanOrEqual(max);
  });

  test('a shared person ranks above no shared person', () => {
    const dance = (people: string[]) => item('d', { genres: ['contemporary_dance'], people });
    expect(itemSimilarity(base, dance(['lena wolf']))).toBeGreaterThan(itemSimilarity(base, dance(['mats ek'])));
  });
});

describe('createSimilarityIndex', () => {
  const items = [base, item('x', { genres: ['opera'], people: ['lena wolf'] }), item('y', { genres: ['ballet'] })];
  const index = createSimilarityIndex(items);

  test('agrees with itemSimilarity, is symmetric, and answers 0 for unknown ids', () => {
    expect(index.similarity('base', 'x')).toBeCloseTo(itemSimilarity(base, items[1]!), 5);
    expect(index.similarity('x', 'base')).toBe(index.similarity('base', 'x'));
    expect(index.similarity('base', 'base')).toBe(1);
    expect(index.similarity('base', 'nope')).toBe(0);
  });
});
