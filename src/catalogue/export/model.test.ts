import { describe, expect, it } from 'vitest';
import { createRenderCache } from './cache.ts';
import { eventType } from './jsonld.ts';
import { localIso, majorUnits, priceSummary, type PublicPrice, resolveWindow, windowDays } from './model.ts';

describe('schema.org event type from the genre', () => {
  it.each([
    [['drama'], 'TheaterEvent'],
    [['opera'], 'TheaterEvent'],
    [['comedy'], 'ComedyEvent'],
    [['ballet'], 'DanceEvent'],
    [['contemporary_dance', 'drama'], 'DanceEvent'],
    [['orchestral'], 'MusicEvent'],
    [['jazz'], 'MusicEvent'],
    [['children_theatre'], 'ChildrensEvent'],
    [['reading'], 'LiteraryEvent'],
    [['lecture'], 'EducationEvent'],
    [['exhibition'], 'ExhibitionEvent'],
    [['film'], 'ScreeningEvent'],
    [['festival'], 'Festival'],
    [['circus'], 'Event'],
    [[], 'Event'],
  ] as const)('%j is a %s', (genres, type) => {
    expect(eventType({ genres: [...genres], kind: 'staged' })).toBe(type);
  });

  it('makes an exhibition without a genre an ExhibitionEvent', () => {
    expect(eventType({ genres: [], kind: 'exhibition' })).toBe('ExhibitionEvent');
  });
});

describe('programme window', () => {
  const now = new Date('2026-10-24T17:31:42.123Z');

  it('starts at the current minute when no from is given', () => {
    expect(resolveWindow({}, 'Europe/Berlin', now)).toEqual({ from: '2026-10-24T17:31:00.000Z', to: null });
  });

  it.each([
    // A date is a whole day in the house's zone; the DST change makes 25 October 25 hours long.
    [{ from: '2026-10-25', to: '2026-10-25' }, { from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' }],
    [{ from: '2026-03-29', to: '2026-03-29' }, { from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' }],
    [{ from: '2026-10-24T19:30:00+02:00' }, { from: '2026-10-24T17:30:00.000Z', to: null }],
  ] as const)('reads %j in Europe/Berlin', (input, expected) => {
    expect(resolveWindow(input, 'Europe/Berlin', now)).toEqual(expected);
  });

  it('gives the first and last local day of a window, for exhibitions', () => {
    expect(windowDays({ from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' }, 'Europe/Berlin')).toEqual({ from: '2026-10-25', until: '2026-10-25' });
    expect(windowDays({ from: '2026-10-24T17:30:00.000Z', to: null }, 'Europe/Berlin')).toEqual({ from: '2026-10-24', until: null });
  });

  it('writes local times with the offset of the day', () => {
    expect(localIso('2026-10-24T17:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-24T19:30:00+02:00');
    expect(localIso('2026-10-25T18:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T19:30:00+01:00');
    expect(localIso('2026-10-25T18:30:00.000Z', 'America/New_York')).toBe('2026-10-25T14:30:00-04:00');
  });
});

describe('prices', () => {
  const price = (amountMinor: number, currency = 'EUR'): PublicPrice => ({
    productionId: 'p',
    performanceId: null,
    code: String(amountMinor),
    name: { de: 'Preis', en: null },
    amountMinor,
    currency,
  });

  it('gives the lowest and highest price, and free only when every price is zero', () => {
    expect(priceSummary([price(4500), price(1800), price(3200)])).toEqual({ fromMinor: 1800, toMinor: 4500, currency: 'EUR', free: false });
    expect(priceSummary([price(0), price(500)])?.free).toBe(false);
    expect(priceSummary([price(0)])?.free).toBe(true);
    expect(priceSummary([])).toBeNull();
  });

  it.each([
    [2450, 'EUR', 24.5],
    [1200, 'JPY', 1200],
    [12345, 'KWD', 12.345],
  ] as const)('%i minor units of %s are %d', (minor, currency, major) => {
    expect(majorUnits(minor, currency)).toBe(major);
  });
});

describe('render cache', () => {
  const entry = (size: number) => ({ body: Buffer.alloc(size) });

  it('forgets the least recently used page when full', () => {
    const cache = createRenderCache({ entries: 2, bytes: 1000 });
    cache.set('a', entry(10));
    cache.set('b', entry(10));
    cache.get('a');
    cache.set('c', entry(10));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('keeps within its byte limit and never holds a page larger than it', () => {
    const cache = createRenderCache({ entries: 10, bytes: 100 });
    cache.set('a', entry(60));
    cache.set('b', entry(60));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(60);
    cache.set('huge', entry(101));
    expect(cache.get('huge')).toBeUndefined();
    cache.set('b', entry(30));
    expect(cache.bytes).toBe(30);
  });
});
