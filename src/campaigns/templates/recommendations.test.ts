import { describe, expect, it } from 'vitest';
import { recommendByInterests, type UpcomingProduction } from './recommendations.ts';

const production = (id: string, genres: string[], day: number): UpcomingProduction => ({
  productionId: id,
  title: { de: `Titel ${id}`, en: id === 'krug' ? null : `Title ${id}` },
  genres,
  imageUrl: null,
  url: `https://theater.example/${id}`,
  nextStartsAt: `2026-09-${String(day).padStart(2, '0')}T18:00:00.000Z`,
});

const programme = [production('krug', ['comedy'], 5), production('carmen', ['opera'], 3), production('tosca', ['opera'], 9), production('schwanensee', ['ballet'], 7)];

describe('recommendByInterests', () => {
  it('offers the matching productions soonest first and one discovery from outside the interests', () => {
    const picked = recommendByInterests(programme, ['opera'], 'de', 3);
    expect(picked.map((p) => [p.productionId, p.reason])).toEqual([
      ['carmen', 'interest'],
      ['tosca', 'interest'],
      ['krug', 'discovery'],
    ]);
    expect(picked[0]?.explanation).toBe('Weil Sie sich für Oper interessieren');
    expect(picked[2]?.explanation).toMatch(/^Neu für Sie: Komödie/);
  });

  it('keeps a place for the discovery when the matches would fill the list', () => {
    const picked = recommendByInterests(programme, ['opera'], 'en', 2);
    expect(picked.map((p) => p.reason)).toEqual(['interest', 'discovery']);
    expect(picked[1]?.explanation).toMatch(/^New for you: comedy/);
    expect(picked[1]?.title).toBe('Titel krug'); // no English title: the German one
  });

  it('offers no discovery when nothing outside the interests is coming', () => {
    const picked = recommendByInterests(programme, ['opera', 'comedy', 'ballet'], 'de', 5);
    expect(picked.every((p) => p.reason === 'interest')).toBe(true);
    expect(picked).toHaveLength(4);
  });

  it('without interests offers what comes next, as to anybody', () => {
    const picked = recommendByInterests(programme, [], 'de', 2);
    expect(picked.map((p) => [p.productionId, p.reason])).toEqual([
      ['carmen', 'upcoming'],
      ['krug', 'upcoming'],
    ]);
  });
});
