import { describe, expect, it } from 'vitest';
import { extractDates } from './dates.ts';

// Thursday 12 November 2026, 11:00 in Berlin (UTC+1).
const now = new Date('2026-11-12T10:00:00Z');
const zone = 'Europe/Berlin';
const spans = (text: string, language: 'de' | 'en', at: Date = now) => extractDates(text, language, zone, at).map((s) => [s.from, s.to, s.hasTime]);

describe('dates in the house zone', () => {
  it.each([
    { text: 'Was läuft nächsten Samstag?', language: 'de', from: '2026-11-20T23:00:00.000Z', to: '2026-11-21T23:00:00.000Z', hasTime: false },
    { text: 'am 3. Dezember', language: 'de', from: '2026-12-02T23:00:00.000Z', to: '2026-12-03T23:00:00.000Z', hasTime: false },
    { text: 'heute', language: 'de', from: '2026-11-11T23:00:00.000Z', to: '2026-11-12T23:00:00.000Z', hasTime: false },
    { text: 'morgen Abend', language: 'de', from: '2026-11-13T16:00:00.000Z', to: '2026-11-13T23:00:00.000Z', hasTime: true },
    { text: 'Sonntagnachmittag', language: 'de', from: '2026-11-15T11:00:00.000Z', to: '2026-11-15T17:00:00.000Z', hasTime: true },
    { text: 'am Wochenende', language: 'de', from: '2026-11-13T23:00:00.000Z', to: '2026-11-15T23:00:00.000Z', hasTime: false },
    { text: 'im Dezember', language: 'de', from: '2026-11-30T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z', hasTime: false },
    { text: 'am 24.12.', language: 'de', from: '2026-12-23T23:00:00.000Z', to: '2026-12-24T23:00:00.000Z', hasTime: false },
    { text: 'Samstag um 19:30', language: 'de', from: '2026-11-14T18:30:00.000Z', to: '2026-11-14T19:30:00.000Z', hasTime: true },
    { text: 'this weekend', language: 'en', from: '2026-11-13T23:00:00.000Z', to: '2026-11-15T23:00:00.000Z', hasTime: false },
    { text: 'tomorrow evening', language: 'en', from: '2026-11-13T16:00:00.000Z', to: '2026-11-13T23:00:00.000Z', hasTime: true },
    { text: 'next Friday', language: 'en', from: '2026-11-19T23:00:00.000Z', to: '2026-11-20T23:00:00.000Z', hasTime: false },
    { text: 'in November', language: 'en', from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z', hasTime: false },
    { text: 'next week', language: 'en', from: '2026-11-15T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z', hasTime: false },
  ] as const)('reads "$text"', ({ text, language, from, to, hasTime }) => {
    expect(spans(text, language)).toEqual([[from, to, hasTime]]);
  });

  it('keeps the wall clock across the change from summer time', () => {
    // Friday 23 October 2026; the clocks go back in the night to Sunday 25 October.
    const friday = new Date('2026-10-23T10:00:00Z');
    expect(spans('Sonntag', 'de', friday)).toEqual([['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', false]]);
    expect(spans('Sunday evening', 'en', friday)).toEqual([['2026-10-25T16:00:00.000Z', '2026-10-25T23:00:00.000Z', true]]);
    expect(spans('am Wochenende', 'de', friday)).toEqual([['2026-10-23T22:00:00.000Z', '2026-10-25T23:00:00.000Z', false]]);
  });

  it('takes the weekend after this one for "nächstes Wochenende" from Friday on', () => {
    const saturday = new Date('2026-11-14T10:00:00Z');
    expect(spans('dieses Wochenende', 'de', saturday)[0]?.[0]).toBe('2026-11-13T23:00:00.000Z');
    expect(spans('nächstes Wochenende', 'de', saturday)[0]?.[0]).toBe('2026-11-20T23:00:00.000Z');
    expect(spans('next weekend', 'en')[0]?.[0]).toBe('2026-11-13T23:00:00.000Z');
  });

  it.each([
    ['my 10 year old loves ballet', 'en'],
    ['Wie lange gilt so ein Gutschein?', 'de'],
    ['Wie viel früher sollten wir da sein?', 'de'],
    ['Do under 18s pay?', 'en'],
    ['Hast du einen Tipp für einen schönen Abend?', 'de'],
    ['Good morning!', 'en'],
    ['what is on right now', 'en'],
  ] as const)('finds no date in "%s"', (text, language) => {
    expect(spans(text, language)).toEqual([]);
  });
});
