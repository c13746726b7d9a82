import { describe, expect, it } from 'vitest';
import { demoEvaluationData } from './demo.ts';
import { temporalSplit } from './split.ts';

describe('the demo house as evaluation data', () => {
  it('reads the productions, the bookings and visits, and the productions still bookable after the cut', async () => {
    const source = await demoEvaluationData();
    expect(source.data.items).toHaveLength(43);
    expect(source.data.items.every((item) => item.genres.length > 0 && item.title.de !== '')).toBe(true);
    expect(source.data.interactions.length).toBeGreaterThan(1000);
    expect(new Set(source.data.interactions.map((i) => i.kind))).toEqual(new Set(['booked', 'attended']));
    expect(source.candidates?.size).toBeGreaterThan(0);
    const split = temporalSplit(source);
    expect(split.relevant.size).toBeGreaterThan(0);
  });
});
