import { describe, expect, test } from 'vitest';
import { calibrationKL, comfortZone, findBridge, isOutside } from './discovery.ts';
import { foyerRecommender } from './foyer.ts';
import { fitModel } from './model.ts';
import { profileOf } from './scoring.ts';
import { createSimilarityIndex } from './similarity.ts';
import { catalogue, operaLover, trainingData } from './test-fixtures.ts';
import type { Recommendation, RecommendationRequest } from './types.ts';

const data = trainingData(operaLover);
const model = fitModel(data);
const byId = new Map(catalogue.map((i) => [i.id, i]));
const index = createSimilarityIndex(catalogue);
const request = (fields: Partial<RecommendationRequest> = {}): RecommendationRequest => ({
  subject: { kind: 'contact', userId: 'opera-lover' },
  k: 6,
  discoverySlots: 2,
  language: 'en',
  ...fields,
});
const profile = profileOf(model, { kind: 'contact', userId: 'opera-lover' });
const zone = comfortZone(model.items, profile);
const items = (list: readonly Recommendation[]) => list.map((r) => byId.get(r.itemId)!);
const intraListSimilarity = (list: readonly Recommendation[]) => {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++, pairs++) total += index.similarity(list[i]!.itemId, list[j]!.itemId);
  return total / pairs;
};

describe('comfort zone', () => {
  test('is the genre and form mix of the history', () => {
    expect(zone.genres.get('opera')).toBeGreaterThan(0.8);
    expect(zone.families.get('music_theatre')).toBeGreaterThan(0.8);
    expect(isOutside(zone, byId.get('opera-9')!)).toBe(false);
    expect(isOutside(zone, byId.get('drama-2')!)).toBe(false);
    expect(isOutside(zone, byId.get('jazz-1')!)).toBe(true);
  });

  test.each([
    { itemId: 'new-dance', bridge: { kind: 'same_person', person: 'lena wolf', itemId: 'carmen' } },
    { itemId: 'carmen-ballet', bridge: { kind: 'same_work', work: 'carmen', itemId: 'carmen' } },
    { itemId: 'jazz-1', bridge: { kind: 'similar_people_returned', count: 10 } },
    { itemId: 'concert-3', bridge: { kind: 'similar_people_returned', count: 5 } },
    { itemId: 'pop-1', bridge: { kind: 'adjacent_genre', from: 'opera', to: 'pop' } },
    { itemId: 'expo-1', bridge: undefined },
  ])('bridge to $itemId', ({ itemId, bridge }) => {
    expect(findBridge(model, profile, zone, model.similarity.position(itemId)!)).toEqual(bridge);
  });
});

describe('discovery slots', () => {
  const fitted = foyerRecommender().fit(data);

  test.each([0, 1, 2])('%i slots hold exactly that many bridged items outside the comfort zone', (slots) => {
    const list = fitted.recommend(request({ discoverySlots: slots }));
    const discoveries = list.filter((r) => r.slot === 'discovery');
    expect(list).toHaveLength(6);
    expect(discoveries).toHaveLength(slots);
    for (const d of discoveries) {
      expect(isOutside(zone, byId.get(d.itemId)!)).toBe(true);
      expect(d.explanation).toMatchObject({ kind: 'new_for_you' });
    }
    expect(list[0]?.slot).toBe('relevant');
  });

  test('only items with a real chance are discoveries: two of them for three slots', () => {
    const list = fitted.recommend(request({ discoverySlots: 3 }));
    expect(list.filter((r) => r.slot === 'discovery').map((r) => r.itemId).sort()).toEqual(['carmen-ballet', 'new-dance']);
    expect(list).toHaveLength(6);
  });

  test('no discovery without a bridge, even with slots to fill', () => {
    const candidates = new Set(['expo-1', 'expo-3', 'pop-1', 'circus-1', 'opera-9', 'opera-10']);
    const list = fitted.recommend(request({ candidates }));
    expect(list.filter((r) => r.slot === 'discovery')).toEqual([]);
    expect(list).toHaveLength(6);
  });

  test('the re-ranked list is closer to the comfort zone mix than pure relevance', () => {
    const pure = foyerRecommender({ rerank: { diversity: 0, calibration: 0 } }).fit(data);
    // The default calibration (0.1) leaves this small fixture's list as it is; the mechanism shows at 0.5.
    const reranked = foyerRecommender({ rerank: { calibration: 0.5 } }).fit(data).recommend(request({ k: 10, discoverySlots: 0 }));
    const relevance = pure.recommend(request({ k: 10, discoverySlots: 0 }));
    expect(calibrationKL(zone, items(reranked))).toBeLessThan(calibrationKL(zone, items(relevance)));
  });

  test('MMR lowers the intra-list similarity', () => {
    const pure = foyerRecommender({ rerank: { diversity: 0, calibration: 0 } }).fit(data);
    const diverse = foyerRecommender({ rerank: { diversity: 0.5, calibration: 0 } }).fit(data);
    const subject = { kind: 'anonymous' as const, genres: ['opera', 'drama'] };
    const [a, b] = [pure, diverse].map((f) => f.recommend(request({ subject, k: 6, discoverySlots: 0 })));
    expect(intraListSimilarity(b!)).toBeLessThan(intraListSimilarity(a!));
  });

  test('a person or work bridge puts its discovery first when there is one slot', () => {
    const bridged = foyerRecommender({ rerank: { bridgeBonus: 1, collaborativeBonus: 0 } }).fit(data).recommend(request({ discoverySlots: 1 }));
    const [discovery] = bridged.filter((r) => r.slot === 'discovery');
    expect(discovery?.itemId).toBe('carmen-ballet');
    expect(findBridge(model, profile, zone, model.similarity.position('carmen-ballet')!)?.kind).toMatch(/^same_(person|work)$/);
  });
});
