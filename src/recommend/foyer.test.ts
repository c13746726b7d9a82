import { describe, expect, test } from 'vitest';
import { suits } from './constraints.ts';
import { contentRecommender, foyerRecommender } from './foyer.ts';
import { fitModel } from './model.ts';
import { catalogue, now, operaLover, trainingData, visits } from './test-fixtures.ts';
import type { Needs, RecommendationRequest, Subject } from './types.ts';

const request = (subject: Subject, fields: Partial<RecommendationRequest> = {}): RecommendationRequest => ({
  subject,
  k: 6,
  discoverySlots: 2,
  language: 'de',
  ...fields,
});
const byId = new Map(catalogue.map((i) => [i.id, i]));
const data = trainingData([...operaLover, ...visits('clicker', ['faust-play'], 'clicked')], { newbie: ['contemporary_dance'] });
const fitted = foyerRecommender().fit(data);

describe('cold start', () => {
  test('a new contact with declared interests gets them first, explained', () => {
    const [first] = fitted.recommend(request({ kind: 'contact', userId: 'newbie' }));
    expect(first).toMatchObject({ itemId: 'new-dance', explanation: { kind: 'matches_interest', genre: 'contemporary_dance' } });
    expect(first?.text.de).toBe('Passt zu Ihrem Interesse: Zeitgenössischer Tanz');
  });

  test('an anonymous visitor with interests gets them, one without gets what is popular', () => {
    const opera = fitted.recommend(request({ kind: 'anonymous', genres: ['opera'] }, { discoverySlots: 0 }));
    expect(opera.every((r) => byId.get(r.itemId)?.genres.includes('opera'))).toBe(true);
    const nothing = fitted.recommend(request({ kind: 'anonymous', genres: [] }));
    expect(nothing).toHaveLength(6);
    expect(nothing.map((r) => r.explanation.kind)).toEqual(Array(6).fill('popular'));
    expect(nothing.slice(0, 2).map((r) => r.itemId).sort()).toEqual(['carmen', 'faust']);
  });

  test('a brand-new production nobody has seen is reached through its choreographer', () => {
    // By relevance alone (borrowed co-attendance of Carmen) it makes the top ten …
    const relevance = foyerRecommender({ rerank: { calibration: 0, diversity: 0 } }).fit(data);
    const ranked = relevance.recommend(request({ kind: 'contact', userId: 'opera-lover' }, { k: 10, discoverySlots: 0 }));
    expect(ranked.map((r) => r.itemId)).toContain('new-dance');
    // … and with the house's discovery slots it is offered as a discovery, by its bridge.
    const list = fitted.recommend(request({ kind: 'contact', userId: 'opera-lover' }));
    expect(list.find((r) => r.itemId === 'new-dance')).toMatchObject({
      slot: 'discovery',
      explanation: { kind: 'new_for_you', genre: 'contemporary_dance', bridge: { kind: 'same_person', person: 'lena wolf', itemId: 'carmen' } },
      text: { de: 'Neu für Sie: Zeitgenössischer Tanz, mit Lena Wolf aus „Carmen“', en: 'New for you: contemporary dance, with Lena Wolf from Carmen' },
    });
  });
});

describe('constraints', () => {
  test.each<{ name: string; itemId: string; needs: Needs; suits: boolean }>([
    { name: 'a family offer from 6 for a 4-year-old', itemId: 'gruffalo', needs: { ages: [38, 4] }, suits: false },
    { name: 'a family offer from 6 for an 8-year-old', itemId: 'gruffalo', needs: { ages: [38, 8] }, suits: true },
    { name: 'English without surtitles for German only', itemId: 'english-play', needs: { languages: ['de'] }, suits: false },
    { name: 'English for someone who understands it', itemId: 'english-play', needs: { languages: ['de', 'en'] }, suits: true },
    { name: 'Italian with surtitles for German only', itemId: 'italian-opera', needs: { languages: ['de'] }, suits: true },
    { name: 'no wheelchair access for a wheelchair user', itemId: 'stairs-only', needs: { accessibility: ['wheelchair'] }, suits: false },
    { name: 'wheelchair access for a wheelchair user', itemId: 'drama-1', needs: { accessibility: ['wheelchair'] }, suits: true },
    { name: 'no needs at all', itemId: 'stairs-only', needs: {}, suits: true },
  ])('$name: $suits', ({ itemId, needs, suits: expected }) => {
    expect(suits(byId.get(itemId)!, needs)).toBe(expected);
    const candidates = new Set([itemId, 'faust']);
    const list = fitted.recommend(request({ kind: 'anonymous', genres: [] }, { candidates, needs }));
    expect(list.some((r) => r.itemId === itemId)).toBe(expected);
  });
});

describe('candidates and exclusions', () => {
  test.each([
    { name: 'only candidates are offered', fields: { candidates: new Set(['opera-9', 'drama-2', 'jazz-1']) }, expected: ['drama-2', 'jazz-1', 'opera-9'] },
    { name: 'excluded items are not offered', fields: { candidates: new Set(['opera-9', 'drama-2', 'jazz-1']), exclude: new Set(['opera-9']) }, expected: ['drama-2', 'jazz-1'] },
    { name: 'what the person saw is not offered again', fields: { candidates: new Set(['faust', 'carmen', 'opera-9']) }, expected: ['opera-9'] },
  ])('$name', ({ fields, expected }) => {
    const list = fitted.recommend(request({ kind: 'contact', userId: 'opera-lover' }, fields));
    expect(list.map((r) => r.itemId).sort()).toEqual(expected);
  });

  test('an item only clicked may still be offered', () => {
    const list = fitted.recommend(request({ kind: 'contact', userId: 'clicker' }, { candidates: new Set(['faust-play', 'jazz-2']) }));
    expect(list.map((r) => r.itemId)).toContain('faust-play');
  });
});

describe('similar_to', () => {
  test('"people who liked Faust" never offers Faust itself and explains by it', () => {
    const list = fitted.recommend(request({ kind: 'similar_to', itemId: 'faust' }, { discoverySlots: 0 }));
    expect(list).toHaveLength(6);
    expect(list.map((r) => r.itemId)).not.toContain('faust');
    expect(list[0]).toMatchObject({ explanation: { kind: 'similar_to', itemId: 'faust' }, text: { de: 'Ähnlich wie „Faust“', en: 'Similar to Faust' } });
  });
});

describe('content recommender', () => {
  test('ranks by the content profile and never reserves discovery slots', () => {
    const content = contentRecommender().fit(trainingData(operaLover));
    const list = content.recommend(request({ kind: 'contact', userId: 'opera-lover' }));
    expect(list).toHaveLength(6);
    expect(list.every((r) => r.slot === 'relevant')).toBe(true);
    expect(byId.get(list[0]!.itemId)?.genres).toContain('opera');
  });
});

describe('the run still ahead', () => {
  const day = 86_400_000;
  // Faust was first booked 100 days ago over a 60-day span, Carmen 30 days ago over 20; nobody has booked the new dance piece.
  const bookings = (itemId: string, first: number, span: number) =>
    Array.from({ length: 6 }, (_, u) => ({ userId: `${itemId}-${u}`, itemId, kind: 'booked' as const, at: now - first * day + (u * span * day) / 5, weight: 1 }));
  const model = fitModel({ items: catalogue, interactions: [...bookings('faust', 100, 60), ...bookings('carmen', 30, 20)], declared: new Map(), now });
  const remaining = (id: string) => model.remaining[model.similarity.position(id)!];

  test('is whole for a production nobody has booked, half way through the typical run for one on sale for half of it, a floor past it', () => {
    // The typical run is the median span of the booked productions: 60 days.
    expect(remaining('new-dance')).toBe(1);
    expect(remaining('carmen')).toBeCloseTo(0.5, 10);
    expect(remaining('faust')).toBeCloseTo(0.2, 10);
  });

  test('weighs the score: of two productions alike for the person, the one with its run ahead comes first', () => {
    const fitted = contentRecommender().fit({ items: catalogue, interactions: [...bookings('opera-1', 100, 60), ...bookings('opera-3', 100, 60), ...visits('fan', ['opera-5'])], declared: new Map(), now });
    const list = fitted.recommend(request({ kind: 'contact', userId: 'fan' }, { candidates: new Set(['opera-1', 'opera-2']) }));
    expect(list.map((r) => r.itemId)).toEqual(['opera-2', 'opera-1']);
  });
});
