import { describe, expect, it } from 'vitest';
import type { Interaction, RecommendationRequest, TrainingData } from '../types.ts';
import { itemKnnMmrRecommender, itemKnnRecommender, popularityRecommender } from './baselines.ts';
import { itemOf } from './items.ts';
import { genreJaccardIndex } from './similarity.ts';

// a, b, c are dramas; d is an opera. Everyone who saw a also saw b; c is popular alone; d goes with a once.
const items = [itemOf({ id: 'a', genres: ['drama'] }), itemOf({ id: 'b', genres: ['drama'] }), itemOf({ id: 'c', genres: ['drama'] }), itemOf({ id: 'd', genres: ['opera'] })];
const booked = (userId: string, ...ids: string[]): Interaction[] => ids.map((itemId) => ({ userId, itemId, kind: 'booked', at: 1, weight: 1 }));
const data: TrainingData = {
  items,
  interactions: [...booked('u1', 'a', 'b'), ...booked('u2', 'a', 'b', 'd'), ...booked('u3', 'c'), ...booked('u4', 'c'), ...booked('u5', 'c'), ...booked('me', 'a')],
  declared: new Map(),
  now: 2,
};
const request = (userId: string, k = 3, extra: Partial<RecommendationRequest> = {}): RecommendationRequest => ({
  subject: { kind: 'contact', userId },
  k,
  discoverySlots: 0,
  exclude: new Set(data.interactions.filter((i) => i.userId === userId).map((i) => i.itemId)),
  language: 'de',
  ...extra,
});
const ids = (list: { itemId: string }[]) => list.map((r) => r.itemId);

describe('the baselines', () => {
  it.each([
    { name: 'popularity', recommender: popularityRecommender(), user: 'me', expected: ['c', 'b', 'd'] },
    { name: 'item-kNN', recommender: itemKnnRecommender(), user: 'me', expected: ['b', 'd', 'c'] },
    { name: 'item-kNN for a newcomer (popularity order)', recommender: itemKnnRecommender(), user: 'new', expected: ['a', 'c', 'b'] },
    // MMR, λ 0.5: b first (relevance 1); then d (0.5·0.71 − 0) beats c (0 − 0.5·1, a drama like b)
    { name: 'item-kNN + MMR', recommender: itemKnnMmrRecommender({ lambda: 0.5, similarity: genreJaccardIndex }), user: 'me', expected: ['b', 'd', 'c'] },
  ])('$name recommends $expected', ({ recommender, user, expected }) => {
    expect(ids(recommender.fit(data).recommend(request(user)))).toEqual(expected);
  });

  it('MMR with λ 1 is plain item-kNN', () => {
    const plain = ids(itemKnnRecommender().fit(data).recommend(request('u3', 3)));
    expect(ids(itemKnnMmrRecommender({ lambda: 1, similarity: genreJaccardIndex }).fit(data).recommend(request('u3', 3)))).toEqual(plain);
  });

  it.each([popularityRecommender(), itemKnnRecommender(), itemKnnMmrRecommender({ similarity: genreJaccardIndex })])('$name keeps to the candidates and leaves out the excluded', (recommender) => {
    const list = recommender.fit(data).recommend(request('me', 10, { candidates: new Set(['a', 'c', 'd']) }));
    expect(ids(list).sort()).toEqual(['c', 'd']);
    expect(list.every((r) => r.slot === 'relevant' && r.text.de !== '' && r.text.en !== '')).toBe(true);
  });

  it('explains a kNN pick by the history item it resembles', () => {
    expect(itemKnnRecommender().fit(data).recommend(request('me', 1))[0]?.explanation).toEqual({ kind: 'because_you_saw', itemId: 'a' });
  });
});
